import Testing
import TandemAMM

@testable import TandemEngine

/// The combined book as market data: book levels merged with what the pool offers between prices.
@Suite struct MarketDepthTests {
    @Test func askDepthMergesPoolLotsBetweenBookLevels() throws {
        let fixture = try HybridFixture()
        fixture.order(1, .sell, 103, 5, id: 1)
        let depth = fixture.engine.depth(market: 0, side: .sell, limit: 4)
        // Pool lot k costs 100000*1000/((1000-k)(1001-k)): lots 1...5 by 101, 6...10 by 102, 11...15 by 103.
        #expect(depth.map(\.price) == [101, 102, 103, 104])
        #expect(depth.map(\.poolQuantity) == [5, 5, 5, 4])
        #expect(depth.map(\.bookQuantity) == [0, 0, 5, 0])
        #expect(depth[2].orderCount == 1)
    }

    @Test func whatTheDepthShowsIsWhatATakerGets() throws {
        let fixture = try HybridFixture(poolFeePPM: 2_000)
        fixture.order(1, .sell, 102, 7, id: 1)
        fixture.order(1, .sell, 104, 3, id: 2)
        let depth = fixture.engine.depth(market: 0, side: .sell, limit: 3)
        let shown = depth.reduce(Int64(0)) { $0 + $1.poolQuantity + $1.bookQuantity }
        let events = fixture.order(2, .buy, depth.last!.price, 10_000, id: 1, timeInForce: .ioc)
        let got = events.reduce(Int64(0)) { total, event in
            if let fill = event.poolFill { return total + fill.quantity }
            if let fill = event.bookFill, fill.liquidity == .taker { return total + fill.quantity }
            return total
        }
        #expect(got == shown)
    }

    @Test func bidDepthListsWhatThePoolBuysBelowTheBestBid() throws {
        let fixture = try HybridFixture()
        fixture.order(1, .buy, 97, 4, id: 1)
        let depth = fixture.engine.depth(market: 0, side: .buy, limit: 3)
        // A seller's lot k into (1000, 100000) yields 1e8/((1000+k-1)(1000+k)): above 99 for k <= 5.
        #expect(depth.first?.price == 99)
        #expect(depth.contains { $0.price == 97 && $0.bookQuantity == 4 })
        #expect(depth.map(\.price) == depth.map(\.price).sorted(by: >))
    }

    @Test func aMarketWithoutAPoolShowsOnlyItsBook() throws {
        let fixture = try HybridFixture(poolBase: 0, poolQuote: 0)
        fixture.order(1, .sell, 103, 5, id: 1)
        fixture.order(1, .sell, 101, 2, id: 2)
        let depth = fixture.engine.depth(market: 0, side: .sell, limit: 5)
        #expect(depth == [
            DepthLevel(price: 101, bookQuantity: 2, orderCount: 1, poolQuantity: 0),
            DepthLevel(price: 103, bookQuantity: 5, orderCount: 1, poolQuantity: 0),
        ])
    }
}
