"""The asyncio client against the real server: `tandem serve` started on free ports with its demo configuration.

Runs when TANDEM_BIN names the built `tandem` executable (`make test` sets it); skipped otherwise.
"""

import asyncio
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unittest

from tandem_wire import (
    Fill, LoginRejectedError, LoginRejectReason, OrderAccepted, Session, SessionClosed, Side, TimeInForce,
)
from tandem_wire import messages as m

BINARY = os.environ.get("TANDEM_BIN")
PRICE = 64_950 * 1_000_000          # above the pool's bid (64,934.93), below its ask: the book trades first
LOT = 10_000                        # 0.0001 BTC


def start_server(*options):
    """`tandem serve` on free ports with `options`; returns the process and its order-entry and market-data ports."""
    process = subprocess.Popen(
        [BINARY, "serve", "--port", "0", "--market-data-port", "0", "--metrics-port", "0", *options],
        stdout=subprocess.PIPE, text=True)
    ports = dict(re.findall(r"(\w+)=[\d.]+:(\d+)", process.stdout.readline()))
    return process, int(ports["order_entry"]), int(ports["market_data"])


def stop_server(process):
    """SIGTERM, then the exit status of a graceful stop."""
    process.send_signal(signal.SIGTERM)
    status = process.wait(timeout=10)
    process.stdout.close()
    return status


@unittest.skipUnless(BINARY, "set TANDEM_BIN to the tandem executable to run the server tests")
class ServerTests(unittest.IsolatedAsyncioTestCase):
    def setUp(self):
        self.process, self.order_entry, self.market_data = start_server()

    def tearDown(self):
        self.assertEqual(stop_server(self.process), 0)

    async def connect(self, account, **options):
        return await Session.connect("127.0.0.1", self.order_entry, account=account,
                                     api_key=f"tandem-demo-key-{account}", **options)

    async def next_of(self, session, kind):
        while True:
            message = await asyncio.wait_for(session.receive(), 5)
            if isinstance(message, kind):
                return message

    async def test_a_trade_reaches_both_sides_and_a_resume_misses_nothing(self):
        maker = await self.connect(1, cancel_on_disconnect=False)
        await maker.new_order(0, Side.BUY, quantity=2 * LOT, price=PRICE)
        accepted = await self.next_of(maker, OrderAccepted)
        self.assertEqual((accepted.sequence, accepted.price), (1, PRICE))
        await self.next_of(maker, m.BalanceUpdate)
        session_id, resume_from = maker.session_id, maker.next_sequence
        await maker.close()

        taker = await self.connect(2)
        await taker.new_order(0, Side.SELL, quantity=LOT, price=PRICE, time_in_force=TimeInForce.IOC)
        taker_fill = await self.next_of(taker, Fill)
        self.assertEqual(taker_fill.liquidity, m.LiquiditySource.BOOK_TAKER)

        for _ in range(50):  # the server may not have seen the first connection's end yet
            try:
                back = await self.connect(1, session=session_id, next_sequence=resume_from)
                break
            except LoginRejectedError as error:
                self.assertEqual(error.reason, LoginRejectReason.ALREADY_LOGGED_IN)
                await asyncio.sleep(0.02)
        maker_fill = await self.next_of(back, Fill)
        self.assertEqual((maker_fill.trade_id, maker_fill.sequence), (taker_fill.trade_id, resume_from))
        self.assertEqual(maker_fill.liquidity, m.LiquiditySource.BOOK_MAKER)
        await back.logout()
        await taker.logout()

    async def test_market_data_starts_with_a_snapshot(self):
        watcher = await Session.connect("127.0.0.1", self.market_data, account=3, api_key="tandem-demo-key-3")
        first = await asyncio.wait_for(watcher.receive(), 5)
        self.assertIsInstance(first, m.SnapshotBegin)
        kinds = {}
        while True:
            message = await asyncio.wait_for(watcher.receive(), 5)
            if isinstance(message, m.InstrumentDefinition):
                kinds[message.symbol] = (message.kind, message.initial_margin_ppm, message.maintenance_margin_ppm)
            if isinstance(message, m.SnapshotEnd):
                break
        self.assertEqual(list(kinds), ["BTC-USD", "ETH-USD", "BTC-PERP"])
        self.assertEqual(kinds["BTC-USD"], (m.MarketKind.SPOT, 0, 0))
        self.assertEqual(kinds["BTC-PERP"], (m.MarketKind.PERPETUAL, 100_000, 50_000))
        await watcher.logout()

    async def test_only_the_administrator_sets_an_index_price(self):
        watcher = await Session.connect("127.0.0.1", self.market_data, account=3, api_key="tandem-demo-key-3")
        await self.next_of(watcher, m.SnapshotEnd)
        trader = await self.connect(1)
        refused_id = await trader.set_index_price(2, 64_000 * 1_000_000)
        refused = await self.next_of(trader, m.MessageRejected)
        self.assertEqual((refused.client_id, refused.reason), (refused_id, m.SessionRejectReason.NOT_PERMITTED))
        admin = await Session.connect("127.0.0.1", self.order_entry, account=10, api_key="tandem-demo-admin-key")
        request_id = await admin.set_index_price(2, 64_000 * 1_000_000)
        answer = await self.next_of(admin, m.IndexPriceSet)
        self.assertEqual((answer.request_id, answer.market, answer.index_price), (request_id, 2, 64_000 * 1_000_000))
        published = await self.next_of(watcher, m.MarkPrice)
        self.assertEqual((published.market, published.mark_price), (2, answer.mark_price))
        await admin.logout()
        await trader.logout()
        await watcher.logout()

    async def test_a_wrong_key_is_refused(self):
        with self.assertRaises(LoginRejectedError) as refused:
            await Session.connect("127.0.0.1", self.order_entry, account=1, api_key="not-the-key")
        self.assertEqual(refused.exception.reason, LoginRejectReason.NOT_AUTHORIZED)


@unittest.skipUnless(BINARY, "set TANDEM_BIN to the tandem executable to run the server tests")
class RestartTests(unittest.IsolatedAsyncioTestCase):
    """A server with a data directory: its sessions outlive it."""

    def setUp(self):
        self.data = tempfile.mkdtemp(prefix="tandem-python-test-")

    def tearDown(self):
        shutil.rmtree(self.data, ignore_errors=True)

    async def test_a_session_resumes_after_a_restart_with_the_same_reports(self):
        process, port, _ = start_server("--data", self.data)
        trader = await Session.connect("127.0.0.1", port, account=1, api_key="tandem-demo-key-1",
                                       cancel_on_disconnect=False)
        await trader.new_order(0, Side.BUY, quantity=LOT, price=PRICE)
        await trader.cancel(order_id=10 ** 9)  # refused: the report names the request's client id
        before = []
        while not before or not isinstance(before[-1], m.OrderRejected):
            before.append(await asyncio.wait_for(trader.receive(), 5))
        await trader.logout()
        self.assertEqual(stop_server(process), 0)

        process, port, _ = start_server("--data", self.data)
        try:
            back = await Session.connect("127.0.0.1", port, account=1, api_key="tandem-demo-key-1",
                                         session=trader.session_id, next_sequence=1,
                                         last_client_id=trader.last_client_id)
            self.assertEqual(back.session_id, trader.session_id)
            after = [await asyncio.wait_for(back.receive(), 5) for _ in before]
            self.assertEqual(after, before)
            self.assertEqual(after[-1].client_id, trader.last_client_id)
            await back.logout()
        finally:
            self.assertEqual(stop_server(process), 0)


if __name__ == "__main__":
    unittest.main()
