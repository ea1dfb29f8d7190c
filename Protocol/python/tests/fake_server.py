"""A small in-process server that speaks the session layer of PROTOCOL.md, for testing the client.

It keeps one logical session per account (its sequenced stream and its highest client id) across
connections. Orders are not matched: a new order is accepted, a cancel of a known order is answered with
`order_canceled`, anything else the engine would do is answered with `order_rejected`.
"""

import asyncio
import os
import time

from tandem_wire import messages as m
from tandem_wire.auth import is_valid_login
from tandem_wire.codec import Framer, WireError, encode, is_order_entry_request

SESSION_ID = 77


class AccountSession:
    def __init__(self):
        self.stream = []  # the sequenced messages, stream[i].sequence == i + 1
        self.highest_client_id = 0
        self.orders = {}  # client order id -> order id
        self.connected = False


class FakeServer:
    def __init__(self, keys, heartbeat_interval=1.0, idle_timeout=15.0, send_heartbeats=True):
        self.keys = keys
        self.heartbeat_interval = heartbeat_interval
        self.idle_timeout = idle_timeout
        self.send_heartbeats = send_heartbeats
        self.sessions = {account: AccountSession() for account in keys}
        self.received = []  # every message the server decoded, in order
        self.next_order_id = 1
        self._server = None
        self._connections = set()

    async def start(self):
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self._server.sockets[0].getsockname()[1]

    async def stop(self):
        self._server.close()
        for writer in list(self._connections):
            writer.close()
        await self._server.wait_closed()

    async def _serve(self, reader, writer):
        self._connections.add(writer)
        connection = Connection(self, reader, writer)
        try:
            await connection.run()
        except (ConnectionError, OSError):
            pass
        finally:
            if connection.session is not None:
                connection.session.connected = False
            self._connections.discard(writer)
            writer.close()

    def publish(self, session, message):
        """Appends a sequenced message to the session's stream and returns it."""
        message.sequence = len(session.stream) + 1
        message.timestamp = time.time_ns()
        session.stream.append(message)
        return message


class Connection:
    def __init__(self, server, reader, writer):
        self.server = server
        self.reader = reader
        self.writer = writer
        self.framer = Framer()
        self.session = None
        self.last_sent = time.monotonic()
        self.last_heard = time.monotonic()

    def send(self, message):
        self.writer.write(encode(message))
        self.last_sent = time.monotonic()

    async def run(self):
        nonce = os.urandom(32)
        self.send(m.Challenge(nonce=nonce))
        if not await self.login(nonce):
            return
        heartbeats = asyncio.get_running_loop().create_task(self.heartbeat())
        try:
            await self.serve()
        finally:
            heartbeats.cancel()

    async def next_frame(self, timeout):
        while True:
            frame = self.framer.next_frame()
            if frame is not None:
                self.last_heard = time.monotonic()
                return frame
            data = await asyncio.wait_for(self.reader.read(65536), timeout)
            if not data:
                return None
            self.framer.feed(data)

    async def login(self, nonce):
        """Waits for a valid login (refusing anything else with not_logged_in) and answers it."""
        deadline = time.monotonic() + self.server.idle_timeout
        while True:
            try:
                frame = await self.next_frame(max(0.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                self.send(m.Logout(reason=m.LogoutReason.LOGIN_TIMEOUT))
                return False
            except WireError:
                self.send(m.Logout(reason=m.LogoutReason.PROTOCOL_ERROR))
                return False
            if frame is None:
                return False
            try:
                login = frame.decode()
            except WireError as error:
                self.reject(frame, error)
                continue
            if isinstance(login, m.Login):
                break
            self.send(m.MessageRejected(client_id=frame.client_id or 0, rejected_message_type=frame.message_type,
                                        reason=m.SessionRejectReason.NOT_LOGGED_IN))
        whole = encode_frame_bytes(frame)
        key = self.server.keys.get(login.account)
        session = self.server.sessions.get(login.account)
        reason = None
        if key is None or not is_valid_login(whole, nonce, key):
            reason = m.LoginRejectReason.NOT_AUTHORIZED
        elif login.protocol_version == 0:
            reason = m.LoginRejectReason.UNSUPPORTED_VERSION
        elif login.session not in (0, SESSION_ID):
            reason = m.LoginRejectReason.SESSION_UNAVAILABLE
        elif login.next_sequence > len(session.stream) + 1:
            reason = m.LoginRejectReason.SEQUENCE_OUT_OF_RANGE
        elif session.connected:
            reason = m.LoginRejectReason.ALREADY_LOGGED_IN
        if reason is not None:
            self.send(m.LoginRejected(reason=reason))
            return False
        self.server.received.append(login)
        self.session = session
        session.connected = True
        first = login.next_sequence if login.next_sequence > 0 else len(session.stream) + 1
        self.send(m.LoginAccepted(session=SESSION_ID, next_sequence=first,
                                  heartbeat_interval_millis=int(self.server.heartbeat_interval * 1000),
                                  idle_timeout_millis=int(self.server.idle_timeout * 1000),
                                  protocol_version=m.SCHEMA_VERSION))
        for message in session.stream[first - 1:]:
            self.send(message)
        return True

    async def heartbeat(self):
        while True:
            await asyncio.sleep(self.server.heartbeat_interval / 4)
            now = time.monotonic()
            if now - self.last_heard > self.server.idle_timeout:
                self.send(m.Logout(reason=m.LogoutReason.IDLE_TIMEOUT))
                self.writer.close()
                return
            if self.server.send_heartbeats and now - self.last_sent >= self.server.heartbeat_interval:
                self.send(m.Heartbeat())

    async def serve(self):
        while True:
            try:
                frame = await self.next_frame(None)
            except WireError:
                self.send(m.Logout(reason=m.LogoutReason.PROTOCOL_ERROR))
                return
            if frame is None:
                return
            try:
                message = frame.decode()
            except WireError as error:
                self.reject(frame, error)
                continue
            self.server.received.append(message)
            if isinstance(message, m.Heartbeat):
                continue
            if isinstance(message, m.LogoutRequest):
                self.send(m.Logout(reason=m.LogoutReason.REQUESTED))
                return
            if not is_order_entry_request(type(message)):
                self.send(m.MessageRejected(client_id=0, rejected_message_type=frame.message_type,
                                            reason=m.SessionRejectReason.UNEXPECTED_MESSAGE))
                continue
            client_id = frame.client_id
            if client_id <= self.session.highest_client_id:
                self.send(m.MessageRejected(client_id=client_id, rejected_message_type=frame.message_type,
                                            reason=m.SessionRejectReason.CLIENT_ID_NOT_INCREASING))
                continue
            self.session.highest_client_id = client_id
            self.send(self.execute(message, client_id))
            await self.writer.drain()

    def reject(self, frame, error):
        reason = {
            WireError.UNKNOWN_MESSAGE_TYPE: m.SessionRejectReason.UNKNOWN_MESSAGE_TYPE,
            WireError.TRUNCATED_MESSAGE: m.SessionRejectReason.TRUNCATED_MESSAGE,
            WireError.INVALID_VALUE: m.SessionRejectReason.INVALID_VALUE,
        }[error.kind]
        self.send(m.MessageRejected(client_id=frame.client_id or 0, rejected_message_type=frame.message_type,
                                    reason=reason))

    def execute(self, message, client_id):
        """The one sequenced answer of this fake engine."""
        session = self.session
        if isinstance(message, m.NewOrder):
            order_id = self.server.next_order_id
            self.server.next_order_id += 1
            session.orders[message.client_order_id] = order_id
            return self.server.publish(session, m.OrderAccepted(
                sequence=0, timestamp=0, order_id=order_id, client_order_id=message.client_order_id,
                price=message.price, quantity=message.quantity, market=message.market, side=message.side,
                order_type=message.order_type, time_in_force=message.time_in_force, post_only=message.post_only))
        if isinstance(message, m.CancelOrder) and message.client_order_id in session.orders:
            order_id = session.orders.pop(message.client_order_id)
            return self.server.publish(session, m.OrderCanceled(
                sequence=0, timestamp=0, order_id=order_id, client_order_id=message.client_order_id,
                canceled_quantity=1, remaining=0, market=0, side=m.Side.BUY, reason=m.CancelReason.USER))
        return self.server.publish(session, m.OrderRejected(
            sequence=0, timestamp=0, client_id=client_id,
            reason=m.RejectReason.UNKNOWN_ORDER, rejected_message_type=message.TYPE))


def encode_frame_bytes(frame):
    """The frame's bytes as received: header and block."""
    return len(frame.block).to_bytes(2, "little") + bytes([frame.message_type]) + frame.block
