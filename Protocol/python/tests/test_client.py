"""The asyncio client against the in-process fake server: login, orders, resume, rejects, heartbeats."""

import asyncio
import struct
import unittest

from tandem_wire import (
    Framer, Heartbeat, LoginRejectedError, LogoutReason, LoginRejectReason, MessageRejected, OrderAccepted,
    OrderCanceled, OrderRejected, Session, SessionClosed, SessionRejectReason, Side, encode, login_signature,
)
from tandem_wire import messages as m

from .fake_server import FakeServer

KEY = "key-of-account-1"


class ClientTests(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.server = FakeServer({1: KEY, 2: "other"})
        self.port = await self.server.start()

    async def asyncTearDown(self):
        await self.server.stop()

    async def connect(self, **options):
        options.setdefault("last_client_id", 100)
        return await Session.connect("127.0.0.1", self.port, account=1, api_key=KEY, **options)

    async def test_login_and_an_order(self):
        session = await self.connect()
        self.assertEqual((session.session_id, session.next_sequence, session.heartbeat_interval), (77, 1, 1.0))
        client_order_id = await session.new_order(0, Side.BUY, quantity=5, price=100)
        self.assertEqual(client_order_id, 101)
        accepted = await session.receive()
        self.assertIsInstance(accepted, OrderAccepted)
        self.assertEqual((accepted.sequence, accepted.client_order_id, accepted.side), (1, 101, Side.BUY))
        self.assertEqual(session.next_sequence, 2)
        await session.cancel(client_order_id=client_order_id)
        canceled = await session.receive()
        self.assertIsInstance(canceled, OrderCanceled)
        self.assertEqual(canceled.order_id, accepted.order_id)
        self.assertEqual(await session.logout(), [])
        self.assertIsInstance(self.server.received[-1], m.LogoutRequest)

    async def test_a_wrong_key_or_unknown_account_is_refused_alike(self):
        for account, key in ((1, "wrong"), (9, KEY)):
            with self.assertRaises(LoginRejectedError) as caught:
                await Session.connect("127.0.0.1", self.port, account=account, api_key=key)
            self.assertEqual(caught.exception.reason, LoginRejectReason.NOT_AUTHORIZED)

    async def test_resume_replays_from_the_requested_sequence(self):
        session = await self.connect()
        ids = [await session.new_order(0, Side.SELL, quantity=1, price=10 + n) for n in range(3)]
        first = await session.receive()
        self.assertEqual(first.sequence, 1)
        await session.close()  # drops the connection after reading only the first answer

        resumed = await session.resume()
        self.assertEqual(resumed.next_sequence, 2)
        replayed = [await resumed.receive() for _ in range(2)]
        self.assertEqual([(r.sequence, r.client_order_id) for r in replayed], [(2, ids[1]), (3, ids[2])])
        later = await resumed.new_order(0, Side.SELL, quantity=1, price=20)
        self.assertGreater(later, ids[-1])
        self.assertEqual((await resumed.receive()).sequence, 4)
        await resumed.logout()

        with self.assertRaises(LoginRejectedError) as caught:
            await self.connect(next_sequence=99)
        self.assertEqual(caught.exception.reason, LoginRejectReason.SEQUENCE_OUT_OF_RANGE)

    async def test_live_only_login_starts_after_the_stream(self):
        session = await self.connect()
        await session.new_order(0, Side.SELL, quantity=1, price=10)
        await session.receive()
        await session.logout()
        live = await self.connect(next_sequence=0, last_client_id=500)
        self.assertEqual(live.next_sequence, 2)
        await live.new_order(0, Side.SELL, quantity=1, price=10)
        self.assertEqual((await live.receive()).sequence, 2)
        await live.logout()

    async def test_a_resent_client_id_is_refused_and_not_executed(self):
        session = await self.connect()
        client_order_id = await session.new_order(0, Side.BUY, quantity=5, price=100)
        await session.receive()
        session.last_client_id = client_order_id - 1  # the resend reuses the id
        await session.new_order(0, Side.BUY, quantity=5, price=100)
        rejected = await session.receive()
        self.assertIsInstance(rejected, MessageRejected)
        self.assertEqual((rejected.client_id, rejected.reason),
                         (client_order_id, SessionRejectReason.CLIENT_ID_NOT_INCREASING))
        self.assertEqual(len(self.server.sessions[1].stream), 1)
        await session.cancel(order_id=12345)  # with a fresh id: the engine's answer
        self.assertIsInstance(await session.receive(), OrderRejected)
        await session.logout()

    async def test_unknown_or_malformed_messages_are_refused_and_the_session_goes_on(self):
        session = await self.connect()
        session._writer.write(struct.pack("<HB", 2, 0xC8) + b"\1\2")
        rejected = await session.receive()
        self.assertEqual((rejected.rejected_message_type, rejected.reason),
                         (0xC8, SessionRejectReason.UNKNOWN_MESSAGE_TYPE))
        bad_side = bytearray(encode(m.NewOrder(client_order_id=900, price=1, quantity=1, market=0, side=Side.BUY,
                                               order_type=m.OrderType.LIMIT, time_in_force=m.TimeInForce.GTC)))
        bad_side[3 + 28] = 7
        session._writer.write(bytes(bad_side))
        rejected = await session.receive()
        self.assertEqual((rejected.client_id, rejected.reason), (900, SessionRejectReason.INVALID_VALUE))
        await session.send(m.Fill(sequence=1, timestamp=0, trade_id=1, order_id=1, client_order_id=1, price=1,
                                  quantity=1, remaining=0, fee=0, quote_amount=0, lp_fee=0, market=0,
                                  side=Side.BUY, liquidity=m.LiquiditySource.POOL))
        self.assertEqual((await session.receive()).reason, SessionRejectReason.UNEXPECTED_MESSAGE)
        await session.new_order(0, Side.BUY, quantity=1, price=1)
        self.assertIsInstance(await session.receive(), OrderAccepted)
        await session.logout()

    async def test_an_oversize_frame_ends_the_connection(self):
        session = await self.connect()
        session._writer.write(b"\xff\xff\x10")
        with self.assertRaises(SessionClosed) as caught:
            await session.receive()
        self.assertEqual(caught.exception.reason, LogoutReason.PROTOCOL_ERROR)

    async def test_heartbeats_flow_both_ways_and_silence_times_out(self):
        self.server.heartbeat_interval = 0.05
        self.server.idle_timeout = 0.4
        session = await self.connect()
        receiving = asyncio.ensure_future(session.receive())
        await asyncio.sleep(0.5)
        self.assertFalse(receiving.done(), "heartbeats keep the session alive and are not returned")
        self.assertGreaterEqual(sum(isinstance(r, Heartbeat) for r in self.server.received), 3)
        receiving.cancel()
        await session.close()

        # A client that goes silent is logged out by the server.
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        framer = Framer()
        framer.feed(await reader.read(1024))
        challenge = framer.next_message()
        login = m.Login(account=2, protocol_version=1, session=0, next_sequence=0, signature=bytes(32))
        login.signature = login_signature(login, challenge.nonce, "other")
        writer.write(encode(login))
        messages = []
        while not messages or not isinstance(messages[-1], m.Logout):
            data = await asyncio.wait_for(reader.read(1024), 2)
            self.assertTrue(data)
            framer.feed(data)
            while (message := framer.next_message()) is not None:
                messages.append(message)
        self.assertIsInstance(messages[0], m.LoginAccepted)
        self.assertEqual(messages[-1].reason, LogoutReason.IDLE_TIMEOUT)
        writer.close()

    async def test_a_silent_server_times_the_client_out(self):
        self.server.heartbeat_interval = 0.05
        self.server.idle_timeout = 0.3
        self.server.send_heartbeats = False
        session = await self.connect()
        with self.assertRaises(SessionClosed) as caught:
            await session.receive()
        self.assertTrue(caught.exception.idle)

    async def test_requests_before_login_are_refused_and_other_sessions_unavailable(self):
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        framer = Framer()
        order = m.NewOrder(client_order_id=5, price=1, quantity=1, market=0, side=Side.BUY,
                           order_type=m.OrderType.LIMIT, time_in_force=m.TimeInForce.GTC)
        writer.write(encode(order))
        messages = []
        while len(messages) < 2:
            framer.feed(await asyncio.wait_for(reader.read(1024), 2))
            while (message := framer.next_message()) is not None:
                messages.append(message)
        self.assertIsInstance(messages[0], m.Challenge)
        self.assertEqual((messages[1].client_id, messages[1].reason), (5, SessionRejectReason.NOT_LOGGED_IN))
        writer.close()
        self.assertEqual(len(self.server.sessions[1].stream), 0)

        with self.assertRaises(LoginRejectedError) as caught:
            await self.connect(session=5)
        self.assertEqual(caught.exception.reason, LoginRejectReason.SESSION_UNAVAILABLE)

    async def test_a_second_connection_to_a_logged_in_session_is_refused(self):
        session = await self.connect()
        with self.assertRaises(LoginRejectedError) as caught:
            await self.connect()
        self.assertEqual(caught.exception.reason, LoginRejectReason.ALREADY_LOGGED_IN)
        await session.logout()


if __name__ == "__main__":
    unittest.main()
