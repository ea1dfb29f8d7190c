import TandemClient
import TandemWire
import XCTest

/// The market-data session: the book from a snapshot plus incrementals, gaps, resume.
final class MarketDataSessionTests: XCTestCase {
    private static let price = 65_000_000_000 as Int64
    private static let tick = 10_000 as Int64

    /// The snapshot of BTC-USD: the pool at 65,000 USD, two bids and one ask.
    private static func snapshot(next: UInt64) -> [Wire.Message] {
        [
            .snapshotBegin(Wire.SnapshotBegin(timestamp: 1, nextSequence: next)),
            TestMessages.asset(0, "BTC", decimals: 8),
            TestMessages.asset(2, "USD", decimals: 6),
            TestMessages.btcUSD(),
            TestMessages.pool(0, base: 10_000_000_000, quote: 6_500_000_000_000),
            TestMessages.depth(0, .buy, price: price - tick, book: 20_000),
            TestMessages.depth(0, .buy, price: price - 3 * tick, book: 30_000, orders: 2),
            TestMessages.depth(0, .sell, price: price + tick, book: 0, pool: 50_000),
            TestMessages.top(0, bid: price - tick, ask: price + tick),
            .snapshotEnd(Wire.SnapshotEnd(timestamp: 1, nextSequence: next)),
        ]
    }

    func testTheBookIsBuiltFromASnapshotAndIncrementals() throws {
        let price = Self.price
        let tick = Self.tick
        try withServer { server, peer, _ in
            guard let login = try peer.acceptLogin(apiKey: "tandem-demo-key-1", session: 5, nextSequence: 40) else {
                return server.fail("rejected")
            }
            if login.nextSequence != 0 || login.cancelOnDisconnect { server.fail("login \(login)") }
            try peer.write(FakePeer.bytes(Self.snapshot(next: 40)))
            try peer.send(
                TestMessages.trade(40, price: price - tick, quantity: 20_000),
                TestMessages.depth(41, .buy, price: price - tick, book: 0),
                TestMessages.depth(42, .buy, price: price - 2 * tick, book: 10_000),
                TestMessages.depth(43, .sell, price: price + tick, book: 10_000, pool: 50_000),
                TestMessages.pool(44, base: 10_000_020_000, quote: 6_499_000_000_000),
                TestMessages.top(45, bid: price - 2 * tick, ask: price + tick))
            _ = try peer.drain()
        } _: { port in
            let session = try MarketDataSession.connect(port: port, account: 1, apiKey: "tandem-demo-key-1")
            XCTAssertTrue(session.isSnapshotComplete)
            XCTAssertEqual(session.nextSequence, 40)
            XCTAssertEqual(session.markets, [0])
            XCTAssertEqual(session.asset(2)?.symbol.text, "USD")
            XCTAssertEqual(session.poolPrice(market: 0), price)
            var book = try XCTUnwrap(session.book(market: 0))
            XCTAssertEqual(book.instrument?.tickSize, tick)
            XCTAssertEqual(book.bids.map(\.price), [price - tick, price - 3 * tick])
            XCTAssertEqual(
                book.asks, [BookLevel(price: price + tick, bookQuantity: 0, poolQuantity: 50_000, orderCount: 1)])

            _ = try session.waitUntil { $0.sequence == 45 }
            book = try XCTUnwrap(session.book(market: 0))
            XCTAssertEqual(book.bids.map(\.price), [price - 2 * tick, price - 3 * tick])
            XCTAssertEqual(book.level(side: .buy, price: price - 3 * tick)?.orderCount, 2)
            XCTAssertNil(book.level(side: .buy, price: price - tick))
            XCTAssertEqual(book.level(side: .sell, price: price + tick)?.bookQuantity, 10_000)
            XCTAssertEqual(book.lastTrade?.quantity, 20_000)
            XCTAssertEqual(book.topOfBook?.bidPrice, price - 2 * tick)
            // 6,499,000 USD / 100.0002 BTC = 64,989.87 USD, rounded down to the minor unit.
            XCTAssertEqual(session.poolPrice(market: 0), 64_989_870_020)
            XCTAssertEqual(session.lastSequence, 45)
            session.close()
        }
    }

    func testAGapIsReportedAndTheResumeRefillsIt() throws {
        try withServer { server, peer, index in
            switch index {
            case 0:
                _ = try peer.acceptLogin(apiKey: "tandem-demo-key-1", session: 5, nextSequence: 10)
                try peer.write(FakePeer.bytes(Self.snapshot(next: 10)))
                try peer.send(
                    TestMessages.trade(10, price: Self.price, quantity: 1),
                    TestMessages.trade(12, price: 1, quantity: 1))
            case 1:
                // The server no longer holds 11: the client must come back for a snapshot.
                let login = try peer.rejectLogin(.sequenceOutOfRange)
                if login.nextSequence != 11 || login.session != 5 { server.fail("resumed with \(login)") }
            default:
                let login = try peer.acceptLogin(apiKey: "tandem-demo-key-1", session: 5, nextSequence: 20)
                if login?.nextSequence != 0 || login?.session != 0 {
                    server.fail("snapshot login with \(String(describing: login))")
                }
                try peer.write(FakePeer.bytes(Self.snapshot(next: 20)))
                _ = try peer.drain()
            }
        } _: { port in
            let session = try MarketDataSession.connect(port: port, account: 1, apiKey: "tandem-demo-key-1")
            XCTAssertThrowsError(try session.waitUntil { _ in false }) { error in
                XCTAssertEqual(error as? ClientError, .sequenceGap(expected: 11, received: 12))
            }
            XCTAssertEqual(session.book(market: 0)?.lastTrade?.sequence, 10)
            try session.resume()
            XCTAssertTrue(session.isSnapshotComplete)
            XCTAssertEqual(session.nextSequence, 20)
            XCTAssertNil(session.book(market: 0)?.lastTrade)
            XCTAssertEqual(session.book(market: 0)?.bids.count, 2)
            session.close()
        }
    }
}
