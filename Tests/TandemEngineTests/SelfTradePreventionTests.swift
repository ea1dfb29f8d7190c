import Testing

@testable import TandemEngine

/// The four self-trade prevention modes, taken from the order or from its account's default.
///
/// Account defaults in the unit configuration: 1 cancel taker, 2 cancel maker, 3 cancel both, 4 decrement both.
@Suite struct SelfTradePreventionTests {
    @Test func cancelTakerCancelsTheIncomingRemainder() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 10)
        harness.order(1, .sell, price: 1_000, quantity: 20)
        harness.order(3, .sell, price: 1_000, quantity: 10)
        // One lot trades with account 2 (notional 100, taker fee 1), then the own order stops the taker.
        #expect(
            harness.order(1, .buy, price: 1_000, quantity: 40) == [
                accepted(4, account: 1, .buy, price: 1_000, quantity: 40),
                fill(trade: 1, order: 4, account: 1, .buy, .taker, price: 1_000, quantity: 10, remaining: 30, fee: 1),
                fill(trade: 1, order: 1, account: 2, .sell, .maker, price: 1_000, quantity: 10, remaining: 0, fee: 0),
                canceled(4, account: 1, .buy, quantity: 30, .selfTrade),
                balance(0, Asset.quote, available: 1),
                balance(1, Asset.base, available: 9_990, reserved: 20),
                balance(1, Asset.quote, available: 99_899),
                balance(2, Asset.base, available: 9_990),
                balance(2, Asset.quote, available: 100_100),
            ])
        #expect(harness.book(.sell) == [BookEntry(2, 1_000, 20), BookEntry(3, 1_000, 10)])
        #expect(harness.book(.buy).isEmpty)
    }

    @Test func cancelMakerCancelsTheRestingOrderAndMatchingGoesOn() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 10)
        harness.order(1, .sell, price: 1_010, quantity: 10)
        #expect(
            withoutBalances(harness.order(2, .buy, price: 1_010, quantity: 20)) == [
                accepted(3, account: 2, .buy, price: 1_010, quantity: 20),
                canceled(1, account: 2, .sell, quantity: 10, .selfTrade),
                fill(trade: 1, order: 3, account: 2, .buy, .taker, price: 1_010, quantity: 10, remaining: 10, fee: 1),
                fill(trade: 1, order: 2, account: 1, .sell, .maker, price: 1_010, quantity: 10, remaining: 0, fee: 0),
            ])
        #expect(harness.book(.buy) == [BookEntry(3, 1_010, 10)])
        #expect(harness.book(.sell).isEmpty)
    }

    @Test func cancelBothCancelsTheMakerThenTheTaker() throws {
        let harness = try Harness.funded()
        harness.order(3, .sell, price: 1_000, quantity: 20)
        harness.order(3, .sell, price: 1_000, quantity: 10)
        // The quote reservation of the taker comes and goes: only the base balance changes.
        #expect(
            harness.order(3, .buy, price: 1_000, quantity: 10) == [
                accepted(3, account: 3, .buy, price: 1_000, quantity: 10),
                canceled(1, account: 3, .sell, quantity: 20, .selfTrade),
                canceled(3, account: 3, .buy, quantity: 10, .selfTrade),
                balance(3, Asset.base, available: 9_990, reserved: 10),
            ])
        #expect(harness.book(.sell) == [BookEntry(2, 1_000, 10)])
        #expect(harness.book(.buy).isEmpty)
    }

    @Test func decrementBothWithTheLargerTakerGoesOnMatching() throws {
        let harness = try Harness.funded()
        harness.order(4, .sell, price: 1_000, quantity: 20)
        harness.order(2, .sell, price: 1_000, quantity: 10)
        // 5 lots reserve 505; 2 lots are decremented (202 back); 1 lot trades (101 used: 100 + fee 1);
        // 2 lots rest (202 reserved). Available: 100,000 - 100 - 1 - 202 = 99,697.
        #expect(
            harness.order(4, .buy, price: 1_000, quantity: 50) == [
                accepted(3, account: 4, .buy, price: 1_000, quantity: 50),
                canceled(1, account: 4, .sell, quantity: 20, remaining: 0, .selfTrade),
                canceled(3, account: 4, .buy, quantity: 20, remaining: 30, .selfTrade),
                fill(trade: 1, order: 3, account: 4, .buy, .taker, price: 1_000, quantity: 10, remaining: 20, fee: 1),
                fill(trade: 1, order: 2, account: 2, .sell, .maker, price: 1_000, quantity: 10, remaining: 0, fee: 0),
                balance(0, Asset.quote, available: 1),
                balance(2, Asset.base, available: 9_990),
                balance(2, Asset.quote, available: 100_100),
                balance(4, Asset.base, available: 10_010),
                balance(4, Asset.quote, available: 99_697, reserved: 202),
            ])
        #expect(harness.book(.buy) == [BookEntry(3, 1_000, 20)])
        #expect(harness.book(.sell).isEmpty)
    }

    @Test func decrementBothWithTheLargerMakerLeavesItsRestOnTheBook() throws {
        let harness = try Harness.funded()
        harness.order(4, .sell, price: 1_000, quantity: 50)
        // The taker reaches zero: no ioc_remainder, and its quote reservation nets to nothing.
        #expect(
            harness.order(4, .buy, price: 1_000, quantity: 20, timeInForce: .ioc) == [
                accepted(2, account: 4, .buy, price: 1_000, quantity: 20, timeInForce: .ioc),
                canceled(1, account: 4, .sell, quantity: 20, remaining: 30, .selfTrade),
                canceled(2, account: 4, .buy, quantity: 20, remaining: 0, .selfTrade),
                balance(4, Asset.base, available: 9_970, reserved: 30),
            ])
        #expect(harness.book(.sell) == [BookEntry(1, 1_000, 30)])
    }

    @Test func decrementBothWithEqualQuantitiesRemovesBoth() throws {
        let harness = try Harness.funded()
        harness.order(4, .sell, price: 1_000, quantity: 20)
        #expect(
            harness.order(4, .buy, price: 1_000, quantity: 20) == [
                accepted(2, account: 4, .buy, price: 1_000, quantity: 20),
                canceled(1, account: 4, .sell, quantity: 20, remaining: 0, .selfTrade),
                canceled(2, account: 4, .buy, quantity: 20, remaining: 0, .selfTrade),
                balance(4, Asset.base, available: 10_000),
            ])
        #expect(harness.engine.restingOrderCount(market: 0) == 0)
    }

    /// A taker only decremented, not canceled, by self-trade prevention still gets its IOC remainder canceled.
    @Test func decrementedIocTakerStillCancelsItsRemainder() throws {
        let harness = try Harness.funded()
        harness.order(4, .sell, price: 1_000, quantity: 10)
        #expect(
            withoutBalances(harness.order(4, .buy, price: 1_000, quantity: 30, timeInForce: .ioc)) == [
                accepted(2, account: 4, .buy, price: 1_000, quantity: 30, timeInForce: .ioc),
                canceled(1, account: 4, .sell, quantity: 10, remaining: 0, .selfTrade),
                canceled(2, account: 4, .buy, quantity: 10, remaining: 20, .selfTrade),
                canceled(2, account: 4, .buy, quantity: 20, remaining: 0, .iocRemainder),
            ])
    }

    @Test func canceledIocTakerGetsNoRemainderEvent() throws {
        let harness = try Harness.funded()
        harness.order(1, .sell, price: 1_000, quantity: 10)
        #expect(
            harness.order(1, .buy, price: 1_000, quantity: 20, timeInForce: .ioc) == [
                accepted(2, account: 1, .buy, price: 1_000, quantity: 20, timeInForce: .ioc),
                canceled(2, account: 1, .buy, quantity: 20, .selfTrade),
            ])
        #expect(harness.book(.sell) == [BookEntry(1, 1_000, 10)])
    }

    @Test func orderModeOverridesTheAccountDefault() throws {
        let harness = try Harness.funded()
        harness.order(1, .sell, price: 1_000, quantity: 10)
        #expect(
            withoutBalances(harness.order(1, .buy, price: 1_000, quantity: 10, selfTradePrevention: .cancelMaker)) == [
                accepted(2, account: 1, .buy, price: 1_000, quantity: 10),
                canceled(1, account: 1, .sell, quantity: 10, .selfTrade),
            ])
        #expect(harness.book(.buy) == [BookEntry(2, 1_000, 10)])
        #expect(harness.book(.sell).isEmpty)
    }

    @Test func accountOpenedByDepositTakesTheEngineDefault() throws {
        let harness = try Harness()
        harness.deposit(50, Asset.base, 100)
        harness.deposit(50, Asset.quote, 1_000)
        harness.order(50, .sell, price: 1_000, quantity: 10)
        // The engine default in the unit configuration is cancel both.
        #expect(
            withoutBalances(harness.order(50, .buy, price: 1_000, quantity: 10)) == [
                accepted(2, account: 50, .buy, price: 1_000, quantity: 10),
                canceled(1, account: 50, .sell, quantity: 10, .selfTrade),
                canceled(2, account: 50, .buy, quantity: 10, .selfTrade),
            ])
    }

    @Test func otherAccountsOrdersAheadOfTheOwnOrderStillTrade() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 10)
        harness.order(3, .sell, price: 1_010, quantity: 10)
        harness.order(3, .sell, price: 1_010, quantity: 10)
        // Account 3's default (cancel both): the trade at 1000 happens, then order 2 and the taker go.
        #expect(
            withoutBalances(harness.order(3, .buy, price: 1_010, quantity: 30)) == [
                accepted(4, account: 3, .buy, price: 1_010, quantity: 30),
                fill(trade: 1, order: 4, account: 3, .buy, .taker, price: 1_000, quantity: 10, remaining: 20, fee: 1),
                fill(trade: 1, order: 1, account: 2, .sell, .maker, price: 1_000, quantity: 10, remaining: 0, fee: 0),
                canceled(2, account: 3, .sell, quantity: 10, .selfTrade),
                canceled(4, account: 3, .buy, quantity: 20, .selfTrade),
            ])
        #expect(harness.book(.sell) == [BookEntry(3, 1_010, 10)])
    }
}
