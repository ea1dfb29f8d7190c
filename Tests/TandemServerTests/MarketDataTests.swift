import TandemClient
import TandemServer
import TandemWire
import Testing

/// The market-data stream: a snapshot for a late joiner, then changes that keep its copy equal to the book.
@Suite(.serialized) struct MarketDataTests {
    @Test func theStreamFollowsTheBookAndALateJoinerGetsTheSameBook() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let early = try fixture.marketData(account: 3)
        let trader = try fixture.orderEntry(account: 1)
        for (price, lots) in [(990, 2), (995, 1), (990, 3)] as [(Int64, Int64)] {
            try trader.newOrder(
                market: 0, side: .buy, price: ServerFixture.dollars(price), quantity: lots * ServerFixture.lot)
        }
        try trader.newOrder(market: 0, side: .sell, price: ServerFixture.dollars(1_020), quantity: ServerFixture.lot)
        try trader.flush(timeout: .seconds(5))
        let expectedBids = [
            BookLevel(
                price: ServerFixture.dollars(995), bookQuantity: ServerFixture.lot, poolQuantity: 0, orderCount: 1),
            BookLevel(
                price: ServerFixture.dollars(990), bookQuantity: 5 * ServerFixture.lot, poolQuantity: 0, orderCount: 2),
        ]
        _ = try early.waitUntil { _ in early.book(market: 0)?.bids == expectedBids }
        let late = try fixture.marketData(account: 4)
        #expect(late.book(market: 0)?.bids == expectedBids)
        #expect(late.book(market: 0)?.asks.map(\.price) == [ServerFixture.dollars(1_020)])
        #expect(late.book(market: 0)?.topOfBook?.bidPrice == ServerFixture.dollars(995))
        let poolBase: Int64? = late.book(market: 1)?.pool?.baseReserve
        #expect(poolBase == 10_000_000_000)
    }

    @Test func tradesArePublishedOnceWithTheirSource() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let watcher = try fixture.marketData()
        let maker = try fixture.orderEntry(account: 1)
        let taker = try fixture.orderEntry(account: 2)
        try maker.newOrder(market: 0, side: .sell, price: ServerFixture.dollars(1_010), quantity: ServerFixture.lot)
        try maker.flush(timeout: .seconds(5))
        _ = try maker.first { $0.messageType == .orderAccepted ? true : nil }
        try taker.newOrder(
            market: 0, side: .buy, price: ServerFixture.dollars(1_010), quantity: ServerFixture.lot, timeInForce: .ioc)
        try taker.newOrder(
            market: 1, side: .buy, price: ServerFixture.dollars(1_100), quantity: ServerFixture.lot, timeInForce: .ioc)
        try taker.flush(timeout: .seconds(5))
        var trades: [Wire.Trade] = []
        _ = try watcher.waitUntil { message in
            if case .trade(let trade) = message { trades.append(trade) }
            return trades.count == 2
        }
        #expect(trades.map(\.source) == [.book, .pool])
        #expect(trades.map(\.aggressorSide) == [.buy, .buy])
        #expect(trades[0].price == ServerFixture.dollars(1_010) && trades[0].quantity == ServerFixture.lot)
        _ = try watcher.waitUntil { _ in
            watcher.book(market: 1)?.pool?.baseReserve == 100 * 100_000_000 - ServerFixture.lot
        }
    }
}
