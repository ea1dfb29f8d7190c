import Testing

@testable import TandemEngine

/// Price-time priority: trades at the maker's price, best level first, oldest order first within a level.
///
/// Market 0 numbers: notional = ticks * lots; taker fee ceil(3n / 1000); maker rebate floor(2n / 1000).
@Suite struct MatchingTests {
    @Test func crossingOrdersTradeAtTheMakersPrice() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 50)
        // The buy at 102 ticks reserves 5 * perLot(102) = 5 * 103 = 515 and trades 5 lots at 100 ticks:
        // notional 500, taker fee ceil(1.5) = 2, maker rebate floor(1.0) = 1. The fee account keeps 2 - 1.
        #expect(
            harness.order(1, .buy, price: 1_020, quantity: 50) == [
                accepted(2, account: 1, .buy, price: 1_020, quantity: 50),
                fill(trade: 1, order: 2, account: 1, .buy, .taker, price: 1_000, quantity: 50, remaining: 0, fee: 2),
                fill(trade: 1, order: 1, account: 2, .sell, .maker, price: 1_000, quantity: 50, remaining: 0, fee: -1),
                balance(0, Asset.quote, available: 1),
                balance(1, Asset.base, available: 10_050),
                balance(1, Asset.quote, available: 99_498),
                balance(2, Asset.base, available: 9_950),
                balance(2, Asset.quote, available: 100_501),
            ])
        #expect(harness.book(.buy).isEmpty)
        #expect(harness.book(.sell).isEmpty)
        #expect(harness.engine.lastTradePrice(market: 0) == 1_000)
    }

    @Test func unfilledRemainderOfALimitOrderRests() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 20)
        // 5 lots reserve 505; 2 lots trade (notional 200, taker fee ceil(0.6) = 1, rebate floor(0.4) = 0):
        // 202 of the reservation is used, 200 + 1 paid, 1 returned; 303 stays reserved for 3 lots.
        #expect(
            harness.order(1, .buy, price: 1_000, quantity: 50) == [
                accepted(2, account: 1, .buy, price: 1_000, quantity: 50),
                fill(trade: 1, order: 2, account: 1, .buy, .taker, price: 1_000, quantity: 20, remaining: 30, fee: 1),
                fill(trade: 1, order: 1, account: 2, .sell, .maker, price: 1_000, quantity: 20, remaining: 0, fee: 0),
                balance(0, Asset.quote, available: 1),
                balance(1, Asset.base, available: 10_020),
                balance(1, Asset.quote, available: 99_496, reserved: 303),
                balance(2, Asset.base, available: 9_980),
                balance(2, Asset.quote, available: 100_200),
            ])
        #expect(harness.book(.buy) == [BookEntry(2, 1_000, 30)])
        #expect(harness.book(.sell).isEmpty)
    }

    @Test func takerWalksLevelsBestPriceFirst() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_010, quantity: 10)
        harness.order(2, .sell, price: 1_000, quantity: 10)
        harness.order(2, .sell, price: 1_020, quantity: 10)
        // Fees: 100 -> taker 1, rebate 0; 101 -> taker 1, rebate 0. Trade ids count per trade, from 1.
        #expect(
            withoutBalances(harness.order(1, .buy, price: 1_010, quantity: 30)) == [
                accepted(4, account: 1, .buy, price: 1_010, quantity: 30),
                fill(trade: 1, order: 4, account: 1, .buy, .taker, price: 1_000, quantity: 10, remaining: 20, fee: 1),
                fill(trade: 1, order: 2, account: 2, .sell, .maker, price: 1_000, quantity: 10, remaining: 0, fee: 0),
                fill(trade: 2, order: 4, account: 1, .buy, .taker, price: 1_010, quantity: 10, remaining: 10, fee: 1),
                fill(trade: 2, order: 1, account: 2, .sell, .maker, price: 1_010, quantity: 10, remaining: 0, fee: 0),
            ])
        #expect(harness.book(.buy) == [BookEntry(4, 1_010, 10)])
        #expect(harness.book(.sell) == [BookEntry(3, 1_020, 10)])
        #expect(harness.engine.lastTradePrice(market: 0) == 1_010)
    }

    @Test func oldestOrderOfALevelTradesFirst() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 10)
        harness.order(3, .sell, price: 1_000, quantity: 10)
        harness.order(4, .sell, price: 1_000, quantity: 10)
        #expect(
            withoutBalances(harness.order(1, .buy, price: 1_000, quantity: 20)) == [
                accepted(4, account: 1, .buy, price: 1_000, quantity: 20),
                fill(trade: 1, order: 4, account: 1, .buy, .taker, price: 1_000, quantity: 10, remaining: 10, fee: 1),
                fill(trade: 1, order: 1, account: 2, .sell, .maker, price: 1_000, quantity: 10, remaining: 0, fee: 0),
                fill(trade: 2, order: 4, account: 1, .buy, .taker, price: 1_000, quantity: 10, remaining: 0, fee: 1),
                fill(trade: 2, order: 2, account: 3, .sell, .maker, price: 1_000, quantity: 10, remaining: 0, fee: 0),
            ])
        #expect(harness.book(.sell) == [BookEntry(3, 1_000, 10)])
        #expect(harness.book(.buy).isEmpty)
    }

    @Test func partiallyFilledMakerKeepsItsPlace() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 30)
        harness.order(3, .sell, price: 1_000, quantity: 10)
        harness.order(1, .buy, price: 1_000, quantity: 10, timeInForce: .ioc)
        #expect(harness.book(.sell) == [BookEntry(1, 1_000, 20), BookEntry(2, 1_000, 10)])
        #expect(
            withoutBalances(harness.order(4, .buy, price: 1_000, quantity: 20)) == [
                accepted(4, account: 4, .buy, price: 1_000, quantity: 20),
                fill(trade: 2, order: 4, account: 4, .buy, .taker, price: 1_000, quantity: 20, remaining: 0, fee: 1),
                fill(trade: 2, order: 1, account: 2, .sell, .maker, price: 1_000, quantity: 20, remaining: 0, fee: 0),
            ])
    }

    @Test func ordersThatDoNotMeetBothRest() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_010, quantity: 10)
        #expect(
            withoutBalances(harness.order(1, .buy, price: 1_000, quantity: 10)) == [
                accepted(2, account: 1, .buy, price: 1_000, quantity: 10)
            ])
        #expect(harness.book(.buy) == [BookEntry(2, 1_000, 10)])
        #expect(harness.book(.sell) == [BookEntry(1, 1_010, 10)])
        #expect(harness.engine.lastTradePrice(market: 0) == 0)
    }

    @Test func takerSellAgainstBids() throws {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 1_000, quantity: 20)
        harness.order(1, .buy, price: 990, quantity: 20)
        // Bids reserve 2 * 101 + 2 * 100 = 402. Trade 1: 2 lots at 100 ticks, notional 200 (taker 1, rebate 0);
        // trade 2: 1 lot at 99 ticks, notional 99 (taker 1, rebate 0). The buyer keeps 1 lot at 99 reserved (100).
        #expect(
            harness.order(2, .sell, price: 990, quantity: 30) == [
                accepted(3, account: 2, .sell, price: 990, quantity: 30),
                fill(trade: 1, order: 3, account: 2, .sell, .taker, price: 1_000, quantity: 20, remaining: 10, fee: 1),
                fill(trade: 1, order: 1, account: 1, .buy, .maker, price: 1_000, quantity: 20, remaining: 0, fee: 0),
                fill(trade: 2, order: 3, account: 2, .sell, .taker, price: 990, quantity: 10, remaining: 0, fee: 1),
                fill(trade: 2, order: 2, account: 1, .buy, .maker, price: 990, quantity: 10, remaining: 10, fee: 0),
                balance(0, Asset.quote, available: 2),
                balance(1, Asset.base, available: 10_030),
                balance(1, Asset.quote, available: 99_601, reserved: 100),
                balance(2, Asset.base, available: 9_970),
                balance(2, Asset.quote, available: 100_297),
            ])
        #expect(harness.book(.buy) == [BookEntry(2, 990, 10)])
        #expect(harness.engine.lastTradePrice(market: 0) == 990)
    }

    @Test func marketsHaveSeparateBooks() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 100, quantity: 4, market: 1)
        #expect(
            withoutBalances(harness.order(1, .buy, price: 1_000, quantity: 10)) == [
                accepted(2, account: 1, .buy, price: 1_000, quantity: 10)
            ])
        #expect(harness.engine.lastTradePrice(market: 1) == 0)
        #expect(harness.book(.sell, market: 1) == [BookEntry(1, 100, 4)])
    }
}
