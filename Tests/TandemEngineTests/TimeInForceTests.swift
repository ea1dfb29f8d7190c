import Testing

@testable import TandemEngine

/// GTC, IOC, FOK and post-only.
@Suite struct TimeInForceTests {
    @Test func gtcRemainderRestsAndLaterOrdersQueueBehindIt() throws {
        let harness = try Harness.funded()
        harness.order(3, .buy, price: 990, quantity: 10)
        harness.order(2, .sell, price: 1_000, quantity: 10)
        harness.order(1, .buy, price: 1_000, quantity: 30)
        harness.order(4, .buy, price: 1_000, quantity: 10)
        #expect(harness.book(.buy) == [BookEntry(3, 1_000, 20), BookEntry(4, 1_000, 10), BookEntry(1, 990, 10)])
        #expect(harness.book(.sell).isEmpty)
    }

    @Test func iocFillsWhatItCanAndCancelsTheRest() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 20)
        // 2 lots at 100 ticks: notional 200, taker fee 1; the 3 canceled lots release their reservation.
        #expect(
            harness.order(1, .buy, price: 1_000, quantity: 50, timeInForce: .ioc) == [
                accepted(2, account: 1, .buy, price: 1_000, quantity: 50, timeInForce: .ioc),
                fill(trade: 1, order: 2, account: 1, .buy, .taker, price: 1_000, quantity: 20, remaining: 30, fee: 1),
                fill(trade: 1, order: 1, account: 2, .sell, .maker, price: 1_000, quantity: 20, remaining: 0, fee: 0),
                canceled(2, account: 1, .buy, quantity: 30, .iocRemainder),
                balance(0, Asset.quote, available: 1),
                balance(1, Asset.base, available: 10_020),
                balance(1, Asset.quote, available: 99_799),
                balance(2, Asset.base, available: 9_980),
                balance(2, Asset.quote, available: 100_200),
            ])
        #expect(harness.book(.buy).isEmpty)
    }

    @Test func iocWithNothingToTakeIsCanceledWhole() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_010, quantity: 20)
        #expect(
            harness.order(1, .buy, price: 1_000, quantity: 50, timeInForce: .ioc) == [
                accepted(2, account: 1, .buy, price: 1_000, quantity: 50, timeInForce: .ioc),
                canceled(2, account: 1, .buy, quantity: 50, .iocRemainder),
            ])
        #expect(harness.book(.buy).isEmpty)
    }

    @Test func fokThatCanFillTradesAcrossLevels() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 20)
        harness.order(3, .sell, price: 1_010, quantity: 40)
        // Notional 200 (taker 1, rebate 0), then 303 (taker ceil(0.909) = 1, rebate floor(0.606) = 0).
        #expect(
            withoutBalances(harness.order(1, .buy, price: 1_010, quantity: 50, timeInForce: .fok)) == [
                accepted(3, account: 1, .buy, price: 1_010, quantity: 50, timeInForce: .fok),
                fill(trade: 1, order: 3, account: 1, .buy, .taker, price: 1_000, quantity: 20, remaining: 30, fee: 1),
                fill(trade: 1, order: 1, account: 2, .sell, .maker, price: 1_000, quantity: 20, remaining: 0, fee: 0),
                fill(trade: 2, order: 3, account: 1, .buy, .taker, price: 1_010, quantity: 30, remaining: 0, fee: 1),
                fill(trade: 2, order: 2, account: 3, .sell, .maker, price: 1_010, quantity: 30, remaining: 10, fee: 0),
            ])
        #expect(harness.book(.sell) == [BookEntry(2, 1_010, 10)])
    }

    @Test func fokThatCannotFillIsKilledWithoutTrading() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 20)
        harness.order(3, .sell, price: 1_010, quantity: 20)
        harness.order(4, .sell, price: 1_020, quantity: 30)
        // Only 40 crosses at 1010 or better; the 30 at 1020 does not count.
        #expect(
            harness.order(1, .buy, price: 1_010, quantity: 50, timeInForce: .fok) == [
                accepted(4, account: 1, .buy, price: 1_010, quantity: 50, timeInForce: .fok),
                canceled(4, account: 1, .buy, quantity: 50, .fillOrKill),
            ])
        #expect(harness.book(.sell) == [BookEntry(1, 1_000, 20), BookEntry(2, 1_010, 20), BookEntry(3, 1_020, 30)])
        #expect(harness.engine.lastTradePrice(market: 0) == 0)
    }

    @Test func fokCountStopsAtAnOwnOrderItWouldNotCancel() throws {
        for mode in [SelfTradePrevention.cancelTaker, .cancelBoth, .decrementBoth] {
            let harness = try Harness.funded()
            harness.order(2, .sell, price: 1_000, quantity: 20)
            harness.order(1, .sell, price: 1_000, quantity: 20)
            harness.order(3, .sell, price: 1_000, quantity: 20)
            // 20 before the own order; the 20 behind it is not counted.
            #expect(
                harness.order(
                    1, .buy, price: 1_000, quantity: 40, timeInForce: .fok, selfTradePrevention: mode) == [
                        accepted(4, account: 1, .buy, price: 1_000, quantity: 40, timeInForce: .fok),
                        canceled(4, account: 1, .buy, quantity: 40, .fillOrKill),
                    ], "\(mode)")
        }
    }

    @Test func fokCountSkipsAnOwnOrderUnderCancelMaker() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 20)
        harness.order(1, .sell, price: 1_000, quantity: 20)
        harness.order(3, .sell, price: 1_000, quantity: 20)
        #expect(
            withoutBalances(
                harness.order(1, .buy, price: 1_000, quantity: 40, timeInForce: .fok, selfTradePrevention: .cancelMaker)
            ) == [
                accepted(4, account: 1, .buy, price: 1_000, quantity: 40, timeInForce: .fok),
                fill(trade: 1, order: 4, account: 1, .buy, .taker, price: 1_000, quantity: 20, remaining: 20, fee: 1),
                fill(trade: 1, order: 1, account: 2, .sell, .maker, price: 1_000, quantity: 20, remaining: 0, fee: 0),
                canceled(2, account: 1, .sell, quantity: 20, .selfTrade),
                fill(trade: 2, order: 4, account: 1, .buy, .taker, price: 1_000, quantity: 20, remaining: 0, fee: 1),
                fill(trade: 2, order: 3, account: 3, .sell, .maker, price: 1_000, quantity: 20, remaining: 0, fee: 0),
            ])
        #expect(harness.book(.sell).isEmpty)
    }

    @Test func marketFokThatCannotFillIsKilled() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 20)
        #expect(
            harness.order(1, .buy, price: 0, quantity: 50, type: .market, timeInForce: .fok) == [
                accepted(2, account: 1, .buy, price: 1_100, quantity: 50, type: .market, timeInForce: .fok),
                canceled(2, account: 1, .buy, quantity: 50, .fillOrKill),
            ])
        #expect(harness.book(.sell) == [BookEntry(1, 1_000, 20)])
    }

    @Test func postOnlyThatWouldCrossIsCanceledWhole() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 20)
        harness.order(3, .buy, price: 990, quantity: 20)
        #expect(
            harness.order(1, .buy, price: 1_000, quantity: 10, postOnly: true) == [
                accepted(3, account: 1, .buy, price: 1_000, quantity: 10, postOnly: true),
                canceled(3, account: 1, .buy, quantity: 10, .postOnly),
            ])
        #expect(
            harness.order(1, .sell, price: 990, quantity: 10, postOnly: true) == [
                accepted(4, account: 1, .sell, price: 990, quantity: 10, postOnly: true),
                canceled(4, account: 1, .sell, quantity: 10, .postOnly),
            ])
        // An own order on the other side counts as crossing too: post-only looks at the book, not at owners.
        #expect(
            harness.order(2, .buy, price: 1_000, quantity: 10, postOnly: true) == [
                accepted(5, account: 2, .buy, price: 1_000, quantity: 10, postOnly: true),
                canceled(5, account: 2, .buy, quantity: 10, .postOnly),
            ])
        #expect(harness.book(.sell) == [BookEntry(1, 1_000, 20)])
        #expect(harness.book(.buy) == [BookEntry(2, 990, 20)])
    }
}
