import Testing

@testable import TandemEngine

/// Mass cancel: the market and side filters, ascending order id, the count, other accounts untouched.
@Suite struct MassCancelTests {
    /// Account 1: order 1 buy 990 and order 5 buy 1000 in market 0 (so book order differs from id order),
    /// order 2 sell 1100 in market 0, order 3 buy and order 4 sell in market 1. Account 2: order 6, buy 1000.
    private func ordersInBothMarkets() throws -> Harness {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 990, quantity: 10)
        harness.order(1, .sell, price: 1_100, quantity: 10)
        harness.order(1, .buy, price: 100, quantity: 4, market: 1)
        harness.order(1, .sell, price: 200, quantity: 4, market: 1)
        harness.order(1, .buy, price: 1_000, quantity: 10)
        harness.order(2, .buy, price: 1_000, quantity: 10)
        return harness
    }

    @Test func marketAndSideFilter() throws {
        let harness = try ordersInBothMarkets()
        #expect(harness.book(.buy) == [BookEntry(5, 1_000, 10), BookEntry(6, 1_000, 10), BookEntry(1, 990, 10)])
        // Quote reserved before: 100 (order 1) + 402 (order 3: 2 lots * (200 + 1)) + 101 (order 5) = 603.
        #expect(
            harness.massCancel(1, market: 0, side: .buy) == [
                canceled(1, account: 1, .buy, quantity: 10, .massCancel),
                canceled(5, account: 1, .buy, quantity: 10, .massCancel),
                massCancelDone(1, market: 0, side: .buy, count: 2),
                balance(1, Asset.quote, available: 99_598, reserved: 402),
            ])
        #expect(harness.book(.buy) == [BookEntry(6, 1_000, 10)])
        #expect(harness.book(.sell) == [BookEntry(2, 1_100, 10)])
    }

    @Test func sideFilterAcrossMarkets() throws {
        let harness = try ordersInBothMarkets()
        #expect(
            harness.massCancel(1, side: .sell) == [
                canceled(2, account: 1, .sell, quantity: 10, .massCancel),
                canceled(4, account: 1, .sell, quantity: 4, .massCancel, market: 1),
                massCancelDone(1, side: .sell, count: 2),
                balance(1, Asset.base, available: 10_000),
                balance(1, Asset.coin, available: 1_000),
            ])
    }

    @Test func marketFilterBothSides() throws {
        let harness = try ordersInBothMarkets()
        #expect(
            harness.massCancel(1, market: 1) == [
                canceled(3, account: 1, .buy, quantity: 4, .massCancel, market: 1),
                canceled(4, account: 1, .sell, quantity: 4, .massCancel, market: 1),
                massCancelDone(1, market: 1, count: 2),
                balance(1, Asset.quote, available: 99_799, reserved: 201),
                balance(1, Asset.coin, available: 1_000),
            ])
        #expect(harness.engine.restingOrderCount(market: 1) == 0)
    }

    @Test func everythingOfTheAccountThenNothingLeft() throws {
        let harness = try ordersInBothMarkets()
        #expect(
            harness.massCancel(1) == [
                canceled(1, account: 1, .buy, quantity: 10, .massCancel),
                canceled(2, account: 1, .sell, quantity: 10, .massCancel),
                canceled(3, account: 1, .buy, quantity: 4, .massCancel, market: 1),
                canceled(4, account: 1, .sell, quantity: 4, .massCancel, market: 1),
                canceled(5, account: 1, .buy, quantity: 10, .massCancel),
                massCancelDone(1, count: 5),
                balance(1, Asset.base, available: 10_000),
                balance(1, Asset.quote, available: 100_000),
                balance(1, Asset.coin, available: 1_000),
            ])
        #expect(harness.massCancel(1) == [massCancelDone(1, count: 0)])
        #expect(harness.massCancel(3, market: 1, side: .buy) == [massCancelDone(3, market: 1, side: .buy, count: 0)])
        #expect(harness.book(.buy) == [BookEntry(6, 1_000, 10)])
    }
}
