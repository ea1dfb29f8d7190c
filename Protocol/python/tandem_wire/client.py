"""An asyncio client of a Tandem server: connect, log in, send orders, receive typed messages, resume."""

import asyncio
import time

from . import messages as m
from .auth import login_signature
from .codec import Framer, WireError, encode

_READ_SIZE = 64 * 1024


class SessionError(Exception):
    """The session cannot go on: the server refused the login, broke the protocol, or went away."""


class LoginRejectedError(SessionError):
    """The server refused the login; `reason` is a LoginRejectReason."""

    def __init__(self, reason):
        super().__init__(f"login rejected: {reason.wire_name}")
        self.reason = reason


class SessionClosed(SessionError):
    """The connection ended: `reason` is the server's LogoutReason, or None when it closed without one or went
    silent for the idle timeout (`idle` is then true)."""

    def __init__(self, reason=None, idle=False):
        what = reason.wire_name if reason is not None else ("idle timeout" if idle else "connection closed")
        super().__init__(f"session closed: {what}")
        self.reason = reason
        self.idle = idle


class Session:
    """One logged-in connection, to the order-entry or the market-data port.

    `receive()` returns the server's messages in order, except heartbeats, which are handled here in both
    directions. Sequenced messages are checked to arrive without gaps; `next_sequence` is the sequence number
    to resume from after the connection ends (`resume()`). Client ids of order-entry requests come from
    `next_client_id()`, strictly increasing across reconnections of the session.
    """

    def __init__(self, reader, writer, accepted, parameters, last_client_id):
        self._reader = reader
        self._writer = writer
        self._framer = Framer()
        self._parameters = parameters
        self.session_id = accepted.session
        self.next_sequence = accepted.next_sequence
        self.protocol_version = accepted.protocol_version
        self.heartbeat_interval = accepted.heartbeat_interval_millis / 1000
        self.idle_timeout = accepted.idle_timeout_millis / 1000
        self.last_client_id = last_client_id
        self._last_sent = time.monotonic()
        self._heartbeats = asyncio.get_running_loop().create_task(self._send_heartbeats())

    @classmethod
    async def connect(cls, host, port, *, account, api_key, next_sequence=0, session=0, last_client_id=None,
                      timeout=5.0, cancel_on_disconnect=True):
        """Connects and logs in. `next_sequence`: 0 for live messages only, n to replay from n. `session`: 0 for
        the server's current one. `last_client_id`: the highest client id the session has used (default: the
        wall clock in nanoseconds, so that ids keep increasing across restarts of the client).
        `cancel_on_disconnect`: the server cancels the account's orders if the connection drops without a logout."""
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        try:
            accepted, framer = await asyncio.wait_for(
                cls._login(reader, writer, account, api_key, session, next_sequence, cancel_on_disconnect), timeout)
        except BaseException:
            writer.close()
            raise
        parameters = dict(host=host, port=port, account=account, api_key=api_key, timeout=timeout,
                          cancel_on_disconnect=cancel_on_disconnect)
        client = cls(reader, writer, accepted, parameters,
                     time.time_ns() if last_client_id is None else last_client_id)
        client._framer = framer
        return client

    @staticmethod
    async def _login(reader, writer, account, api_key, session, next_sequence, cancel_on_disconnect):
        framer = Framer()
        challenge = await Session._read_one(reader, framer)
        if not isinstance(challenge, m.Challenge):
            raise SessionError(f"expected a challenge, got {type(challenge).__name__}")
        login = m.Login(account=account, protocol_version=m.SCHEMA_VERSION, session=session,
                        next_sequence=next_sequence, signature=bytes(32), cancel_on_disconnect=cancel_on_disconnect)
        login.signature = login_signature(login, challenge.nonce, api_key)
        writer.write(encode(login))
        await writer.drain()
        answer = await Session._read_one(reader, framer)
        if isinstance(answer, m.LoginRejected):
            raise LoginRejectedError(answer.reason)
        if not isinstance(answer, m.LoginAccepted):
            raise SessionError(f"expected a login answer, got {type(answer).__name__}")
        return answer, framer

    @staticmethod
    async def _read_one(reader, framer):
        while True:
            message = framer.next_message()
            if message is not None:
                return message
            data = await reader.read(_READ_SIZE)
            if not data:
                raise SessionClosed()
            framer.feed(data)

    async def resume(self):
        """A new connection to the same session, replaying everything from `next_sequence`."""
        await self.close()
        return await Session.connect(
            self._parameters["host"], self._parameters["port"], account=self._parameters["account"],
            api_key=self._parameters["api_key"], next_sequence=self.next_sequence, session=self.session_id,
            last_client_id=self.last_client_id, timeout=self._parameters["timeout"],
            cancel_on_disconnect=self._parameters["cancel_on_disconnect"])

    def next_client_id(self):
        """A client id above every one this session has used."""
        self.last_client_id += 1
        return self.last_client_id

    async def send(self, message):
        """Sends one message."""
        self._writer.write(encode(message))
        self._last_sent = time.monotonic()
        await self._writer.drain()

    async def receive(self):
        """The server's next message, heartbeats excepted. Raises SessionClosed when the connection ends."""
        while True:
            try:
                message = self._framer.next_message()
            except WireError as error:
                await self.close()
                raise SessionError(f"undecodable message from the server: {error}") from error
            if message is None:
                await self._fill()
                continue
            if isinstance(message, m.Heartbeat):
                continue
            if isinstance(message, m.Logout):
                await self.close()
                raise SessionClosed(message.reason)
            self._track_sequence(message)
            return message

    def __aiter__(self):
        return self

    async def __anext__(self):
        try:
            return await self.receive()
        except SessionClosed:
            raise StopAsyncIteration from None

    async def _fill(self):
        try:
            data = await asyncio.wait_for(self._reader.read(_READ_SIZE), self.idle_timeout)
        except asyncio.TimeoutError:
            await self.close()
            raise SessionClosed(idle=True) from None
        if not data:
            await self.close()
            raise SessionClosed()
        self._framer.feed(data)

    def _track_sequence(self, message):
        if isinstance(message, m.SnapshotEnd):
            self.next_sequence = message.next_sequence
        if not message.SEQUENCED or message.sequence == 0:
            return
        if self.next_sequence != 0 and message.sequence != self.next_sequence:
            raise SessionError(f"sequence gap: expected {self.next_sequence}, got {message.sequence}")
        self.next_sequence = message.sequence + 1

    async def logout(self):
        """Asks the server to end the connection; returns the messages that arrived before its logout."""
        await self.send(m.LogoutRequest())
        received = []
        try:
            while True:
                received.append(await self.receive())
        except SessionClosed:
            return received

    async def close(self):
        """Closes the connection without a logout; the session stays resumable."""
        self._heartbeats.cancel()
        if not self._writer.is_closing():
            self._writer.close()
        try:
            await self._writer.wait_closed()
        except (ConnectionError, OSError):
            pass

    async def _send_heartbeats(self):
        while True:
            await asyncio.sleep(max(0.0, self._last_sent + self.heartbeat_interval - time.monotonic()))
            if time.monotonic() - self._last_sent >= self.heartbeat_interval:
                try:
                    await self.send(m.Heartbeat())
                except (ConnectionError, OSError):
                    return

    # Order entry: each returns the client id it used.

    async def new_order(self, market, side, quantity, price=0, *, order_type=m.OrderType.LIMIT,
                        time_in_force=m.TimeInForce.GTC, post_only=False, reduce_only=False, self_trade=None):
        client_order_id = self.next_client_id()
        await self.send(m.NewOrder(client_order_id=client_order_id, price=price, quantity=quantity, market=market,
                                   side=side, order_type=order_type, time_in_force=time_in_force,
                                   post_only=post_only, reduce_only=reduce_only, self_trade=self_trade))
        return client_order_id

    async def cancel(self, *, order_id=0, client_order_id=0):
        request_id = self.next_client_id()
        await self.send(m.CancelOrder(request_id=request_id, order_id=order_id, client_order_id=client_order_id))
        return request_id

    async def replace(self, *, order_id=0, client_order_id=0, price=None, quantity=None):
        request_id = self.next_client_id()
        await self.send(m.ReplaceOrder(request_id=request_id, order_id=order_id, client_order_id=client_order_id,
                                       price=price, quantity=quantity))
        return request_id

    async def mass_cancel(self, market=None, side=None):
        request_id = self.next_client_id()
        await self.send(m.MassCancel(request_id=request_id, market=market, side=side))
        return request_id

    async def add_liquidity(self, market, max_base, max_quote, min_shares=0):
        request_id = self.next_client_id()
        await self.send(m.AddLiquidity(request_id=request_id, max_base=max_base, max_quote=max_quote,
                                       min_shares=min_shares, market=market))
        return request_id

    async def remove_liquidity(self, market, shares, min_base=0, min_quote=0):
        request_id = self.next_client_id()
        await self.send(m.RemoveLiquidity(request_id=request_id, shares=shares, min_base=min_base,
                                          min_quote=min_quote, market=market))
        return request_id

    async def adjust_margin(self, market, amount):
        """Moves collateral into the account's perpetual position (negative: back out of it)."""
        request_id = self.next_client_id()
        await self.send(m.AdjustMargin(request_id=request_id, amount=amount, market=market))
        return request_id

    async def set_index_price(self, market, price):
        """Sets a perpetual market's index price; only the server's administrator account may."""
        request_id = self.next_client_id()
        await self.send(m.IndexPrice(request_id=request_id, price=price, market=market))
        return request_id
