import TandemAMM
import Testing

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
        #expect(
            depth == [
                DepthLevel(price: 101, bookQuantity: 2, orderCount: 1, poolQuantity: 0),
                DepthLevel(price: 103, bookQuantity: 5, orderCount: 1, poolQuantity: 0),
            ])
    }

    /// The depth search starts from a floating-point estimate; a plain binary search over every price is
    /// its oracle, on random pools, fees and lot sizes, over the first 40 prices of each side.
    @Test func theEstimatedSearchFindsWhatABinarySearchFinds() throws {
        var random = HybridPropertyTests.Random(state: 42)
        for _ in 0..<30 {
            let lotSize: Int64 = [1, 10, 1_000][Int(random.next(0...2))]
            let fixture = try HybridFixture(
                poolBase: random.next(1_000...5_000_000) * lotSize, poolQuote: random.next(10_000...900_000_000),
                poolFeePPM: random.next(0...30_000), lotSize: lotSize)
            let engine = fixture.engine
            let curve = try #require(engine.pool(market: 0)?.curve)
            for side in Side.allCases {
                var after: Int64 = 0
                var beyond: Int64 = 0
                for _ in 0..<40 {
                    let fast = engine.nextPoolTicks(curve, side: side, after: after, beyond: beyond, market: 0)
                    let plain = Self.binarySearchNextPoolTicks(engine, curve, side: side, after: after, beyond: beyond)
                    #expect(fast == plain)
                    guard let ticks = plain else { break }
                    after = ticks
                    beyond = engine.poolLotsWithin(curve, side: side, ticks: ticks, market: 0)
                }
            }
        }
    }

    /// The oracle: the first price past `after` where the pool offers more than `beyond` lots, by halving
    /// the whole price range.
    static func binarySearchNextPoolTicks(
        _ engine: Engine, _ curve: ConstantProductPool, side: Side, after: Int64, beyond: Int64
    ) -> Int64? {
        let maxTicks = engine.rules[0].maxTicks
        var good = side == .sell ? maxTicks : 1
        var bad = side == .sell ? after : (after == 0 ? maxTicks + 1 : after)
        let offers = { engine.poolLotsWithin(curve, side: side, ticks: $0, market: 0) > beyond }
        guard abs(good - bad) >= 1, offers(good) else { return nil }
        while abs(good - bad) > 1 {
            let middle = bad + (good - bad) / 2
            if offers(middle) { good = middle } else { bad = middle }
        }
        return good
    }
}
