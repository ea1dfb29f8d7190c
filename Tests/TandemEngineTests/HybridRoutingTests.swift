import Testing
import TandemAMM
@testable import TandemEngine

/// The router: the pool and the book trade as one book, price by price.
@Suite struct HybridRoutingTests {
    @Test func aTakerBuyInterleavesPoolChunksAndBookLevels() throws {
        // Pool at 100 (1,000 base, 100,000 quote, no fee); asks rest at 101 and 103.
        let fixture = try HybridFixture()
        fixture.order(1, .sell, 101, 5, id: 1)
        fixture.order(1, .sell, 103, 5, id: 2)
        let events = fixture.order(2, .buy, 104, 40, id: 1)
        let kinds = events.compactMap { event -> String? in
            if let fill = event.poolFill { return "pool \(fill.quantity)" }
            if let fill = event.bookFill, fill.liquidity == .maker { return "book \(fill.price)x\(fill.quantity)" }
            return nil
        }
        // Lot k of the pool costs 100000*1000/((1000-k)(1001-k)): below 101 for k <= 5, below 103 for
        // k <= 15, within 104 for k <= 19 (checked with exact fractions).
        #expect(kinds == ["pool 5", "book 101x5", "pool 10", "book 103x5", "pool 4"])
        let poolFills = events.compactMap(\.poolFill)
        #expect(poolFills.map(\.quoteAmount) == [503, 1_021, 414])
        #expect(poolFills.last!.remaining == 11)
        #expect(!fixture.isCrossed)
        #expect(fixture.engine.bookLevels(market: 0, side: .buy).first?.price == 104)
    }

    @Test func noPoolChunkIsPricedPastTheNextLevelOrTheLimit() throws {
        let fixture = try HybridFixture(poolFeePPM: 3_000)
        fixture.order(1, .sell, 102, 3, id: 1)
        let events = fixture.order(2, .buy, 103, 100, id: 1, timeInForce: .ioc)
        var boundary: Int64 = 102
        for event in events {
            if let fill = event.poolFill {
                #expect(fill.quoteAmount <= boundary * fill.quantity)
            } else if event.bookFill != nil {
                boundary = 103
            }
        }
        #expect(events.last?.cancelReason == .iocRemainder || events.contains { $0.cancelReason == .iocRemainder })
    }

    @Test func atAnEqualPriceTheBookGoesFirst() throws {
        // No fee, X = Y = 2,000: lot k costs 4e6 / ((2000 - k)(2001 - k)), below 2 up to k = 586.
        let fixture = try HybridFixture(poolBase: 2_000, poolQuote: 2_000)
        fixture.order(1, .sell, 2, 3, id: 1)
        let events = fixture.order(2, .buy, 2, 700, id: 1, timeInForce: .ioc)
        let firstBookFill = events.firstIndex { $0.bookFill != nil }!
        let poolFillsBefore = events[..<firstBookFill].compactMap(\.poolFill)
        // The pool fills below 2 first, then the book at 2, and only then the pool again up to 2.
        #expect(poolFillsBefore.allSatisfy { $0.quoteAmount < 2 * $0.quantity })
        #expect(poolFillsBefore.reduce(0) { $0 + $1.quantity } == 586)
        #expect(events.filter { $0.bookFill != nil }.count == 2)
    }

    @Test func aMarketOrderFillsFromThePoolWithinTheBandWhenTheBookIsEmpty() throws {
        let fixture = try HybridFixture(bandPPM: 50_000)
        let events = fixture.order(2, .buy, 0, 1_000, id: 1, type: .market, timeInForce: .ioc)
        let filled = events.compactMap(\.poolFill).reduce(Int64(0)) { $0 + $1.quantity }
        // Band edge 105: lots cost up to 100000*1000/((1000-k)(1001-k)) <= 105 for k <= 24.
        #expect(filled == 24)
        #expect(events.contains { $0.cancelReason == .iocRemainder })
        for fill in events.compactMap(\.poolFill) { #expect(fill.quoteAmount <= 105 * fill.quantity) }
    }

    @Test func fillOrKillCountsPoolLiquidity() throws {
        let fixture = try HybridFixture()
        fixture.order(1, .sell, 101, 5, id: 1)
        // 5 pool lots below 101, 5 on the book, then 5 pool lots up to 102: 15 fill, 30 do not.
        let killed = fixture.order(2, .buy, 102, 30, id: 1, timeInForce: .fok)
        #expect(killed.contains { $0.cancelReason == .fillOrKill })
        #expect(!killed.contains { $0.poolFill != nil || $0.bookFill != nil })
        let filled = fixture.order(2, .buy, 102, 12, id: 2, timeInForce: .fok)
        #expect(!filled.contains { $0.cancelReason != nil })
        #expect(filled.compactMap(\.poolFill).count == 2)
    }

    @Test func postOnlyThatWouldTakeFromThePoolIsCanceled() throws {
        let fixture = try HybridFixture()
        let events = fixture.order(2, .buy, 101, 5, id: 1, postOnly: true)
        #expect(events.contains { $0.cancelReason == .postOnly })
        let resting = fixture.order(2, .buy, 100, 5, id: 2, postOnly: true)
        #expect(!resting.contains { $0.cancelReason != nil })
        // Moving it up to where the pool sells is refused and leaves it as it was.
        let replace = fixture.apply(.replace(ReplaceOrder(account: 2, order: .clientOrderId(2), price: 101)))
        #expect(replace.first?.rejection == .postOnlyWouldTake)
    }

    @Test func aSellerMeetsThePoolBidAndTheBookBids() throws {
        // Lots of 100 base units: the base fee rounds up on whole units, so pools want large lots.
        let fixture = try HybridFixture(
            poolBase: 100_000, poolQuote: 10_000_000, poolFeePPM: 1_000, takerFeePPM: 500, lotSize: 100)
        fixture.order(1, .buy, 99, 1_000, id: 1)
        let before = (fixture.heldTotal(HybridFixture.base), fixture.heldTotal(HybridFixture.quote))
        let events = fixture.order(2, .sell, 97, 3_000, id: 1, timeInForce: .ioc)
        let poolFills = events.compactMap(\.poolFill)
        #expect(poolFills.count == 2)
        for fill in poolFills {
            #expect(fill.quoteAmount >= 97 * fill.quantity)
            #expect(fill.fee == (fill.quoteAmount * 500 + 999_999) / 1_000_000)
        }
        #expect(events.contains { $0.bookFill?.price == 99 })
        #expect((fixture.heldTotal(HybridFixture.base), fixture.heldTotal(HybridFixture.quote)) == before)
        #expect(!fixture.isCrossed)
    }
}

/// A post-only order is judged by the chunk its whole size would get, not one lot's.
@Suite struct PostOnlyAgainstThePoolTests {
    @Test func aSellThatOneLotCouldNotButTenLotsCouldTradeIsCanceled() throws {
        // One lot of 5 base units pays a 1-unit LP fee and gets 399 < 475; ten lots get 4,897 >= 4,750.
        let fixture = try HybridFixture(poolBase: 100_000, poolQuote: 10_000_000, poolFeePPM: 3_000, lotSize: 5)
        let events = fixture.order(1, .sell, 95, 50, id: 1, postOnly: true)
        #expect(events.contains { $0.cancelReason == .postOnly })
        #expect(!events.contains { $0.poolFill != nil })
    }
}
