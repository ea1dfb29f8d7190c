import Testing

@testable import TandemEngine

/// Fees (rounded up), rebates (rounded down) and reservations (fee rounded up per lot).
///
/// Market 0: taker 3000 ppm, maker -2000 ppm, `perLot(t) = t + ceil(3t / 1000)`.
/// Market 1: taker 500 ppm, maker 1000 ppm, `tickValue` 10, `perLot(t) = 10t + ceil(t / 100)`.
@Suite struct FeeAndReservationTests {
    @Test func buyReservationRoundsTheFeeUpPerLot() throws {
        let harness = try Harness.funded()
        // 10 lots at 100 ticks: 10 * (100 + ceil(0.3)) = 1,010, where the fee on the whole would be only 3.
        #expect(
            harness.order(1, .buy, price: 1_000, quantity: 100) == [
                accepted(1, account: 1, .buy, price: 1_000, quantity: 100),
                balance(1, Asset.quote, available: 98_990, reserved: 1_010),
            ])
    }

    @Test func sellReservesTheBaseQuantity() throws {
        let harness = try Harness.funded()
        #expect(
            harness.order(1, .sell, price: 50_000, quantity: 120) == [
                accepted(1, account: 1, .sell, price: 50_000, quantity: 120),
                balance(1, Asset.base, available: 9_880, reserved: 120),
            ])
    }

    @Test func feesPerFillAddUpToAtMostTheReservation() throws {
        let harness = try Harness.funded()
        for index in 0..<10 {
            harness.order(index.isMultiple(of: 2) ? 2 : 3, .sell, price: 1_010, quantity: 10)
        }
        // perLot(101) = 101 + ceil(0.303) = 102: 1,020 reserved. Each of the ten fills costs 101 + fee 1, so
        // the reservation is used up exactly (one fee on the whole would have been ceil(3.03) = 4).
        let events = harness.order(1, .buy, price: 1_010, quantity: 100)
        let takerFees = events.compactMap { body -> Int64? in
            guard case .fill(let fill) = body, fill.liquidity == .taker else { return nil }
            return fill.fee
        }
        #expect(takerFees == Array(repeating: 1, count: 10))
        #expect(harness.balance(1, Asset.quote) == Balance(available: 98_980, reserved: 0))
        #expect(harness.balance(0, Asset.quote) == Balance(available: 10, reserved: 0))
    }

    @Test func makerRebateOfABuyerIsPaidByTheFeeAccount() throws {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 1_000, quantity: 100)
        // Notional 1,000: taker fee 3, maker rebate 2. The buyer's 1,010 reservation pays 1,000 and gets 12 back.
        #expect(
            harness.order(2, .sell, price: 1_000, quantity: 100) == [
                accepted(2, account: 2, .sell, price: 1_000, quantity: 100),
                fill(trade: 1, order: 2, account: 2, .sell, .taker, price: 1_000, quantity: 100, remaining: 0, fee: 3),
                fill(trade: 1, order: 1, account: 1, .buy, .maker, price: 1_000, quantity: 100, remaining: 0, fee: -2),
                balance(0, Asset.quote, available: 1),
                balance(1, Asset.base, available: 10_100),
                balance(1, Asset.quote, available: 99_002),
                balance(2, Asset.base, available: 9_900),
                balance(2, Asset.quote, available: 100_997),
            ])
    }

    @Test func makerRebateOfASellerRoundsDownAndTakerFeeRoundsUp() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 150)
        // Notional 1,500: taker fee ceil(4.5) = 5, maker rebate floor(3.0) = 3.
        #expect(
            harness.order(1, .buy, price: 1_000, quantity: 150) == [
                accepted(2, account: 1, .buy, price: 1_000, quantity: 150),
                fill(trade: 1, order: 2, account: 1, .buy, .taker, price: 1_000, quantity: 150, remaining: 0, fee: 5),
                fill(trade: 1, order: 1, account: 2, .sell, .maker, price: 1_000, quantity: 150, remaining: 0, fee: -3),
                balance(0, Asset.quote, available: 2),
                balance(1, Asset.base, available: 10_150),
                balance(1, Asset.quote, available: 98_495),
                balance(2, Asset.base, available: 9_850),
                balance(2, Asset.quote, available: 101_503),
            ])
    }

    @Test func rebateBelowOneUnitRoundsToZero() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 10)
        // Notional 100: taker fee ceil(0.3) = 1, rebate floor(0.2) = 0.
        #expect(
            withoutBalances(harness.order(1, .buy, price: 1_000, quantity: 10)) == [
                accepted(2, account: 1, .buy, price: 1_000, quantity: 10),
                fill(trade: 1, order: 2, account: 1, .buy, .taker, price: 1_000, quantity: 10, remaining: 0, fee: 1),
                fill(trade: 1, order: 1, account: 2, .sell, .maker, price: 1_000, quantity: 10, remaining: 0, fee: 0),
            ])
    }

    @Test func makerFeeAboveTheTakerFeeSetsTheReservation() throws {
        let harness = try Harness.funded()
        // 2 lots at 150 ticks: perLot = 1,500 + ceil(1.5) = 1,502 with the maker fee (1,501 with the taker fee):
        // 3,004 reserved.
        #expect(
            harness.order(1, .buy, price: 750, quantity: 4, market: 1) == [
                accepted(1, account: 1, .buy, price: 750, quantity: 4, market: 1),
                balance(1, Asset.quote, available: 96_996, reserved: 3_004),
            ])
        // Notional 3,000: taker fee ceil(1.5) = 2, maker fee ceil(3.0) = 3; the resting buyer pays 3,003.
        #expect(
            harness.order(2, .sell, price: 750, quantity: 4, market: 1) == [
                accepted(2, account: 2, .sell, price: 750, quantity: 4, market: 1),
                fill(
                    trade: 1, order: 2, account: 2, .sell, .taker, price: 750, quantity: 4, remaining: 0, fee: 2,
                    market: 1),
                fill(
                    trade: 1, order: 1, account: 1, .buy, .maker, price: 750, quantity: 4, remaining: 0, fee: 3,
                    market: 1),
                balance(0, Asset.quote, available: 5),
                balance(1, Asset.quote, available: 96_997),
                balance(1, Asset.coin, available: 1_004),
                balance(2, Asset.quote, available: 102_998),
                balance(2, Asset.coin, available: 996),
            ])
    }

    @Test func priceImprovementReturnsTheUnusedReservation() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 20)
        // Reserved 2 * perLot(110) = 222; paid 200 + fee 1.
        harness.order(1, .buy, price: 1_100, quantity: 20)
        #expect(harness.balance(1, Asset.quote) == Balance(available: 99_799, reserved: 0))
    }

    @Test func marketBuyNeedsTheReservationAtTheBandEdge() throws {
        let harness = try Harness()
        harness.deposit(2, Asset.base, 100)
        harness.order(2, .sell, price: 1_000, quantity: 50)
        harness.deposit(50, Asset.quote, 554)
        // 5 lots at the band edge (110 ticks): 5 * 111 = 555, though the trade itself would cost 502.
        #expect(
            harness.order(50, .buy, price: 0, quantity: 50, type: .market, timeInForce: .ioc)
                == [rejected(50, .newOrder, .insufficientBalance, reference: 2)])
        harness.deposit(50, Asset.quote, 1)
        #expect(
            withoutBalances(harness.order(50, .buy, price: 0, quantity: 50, type: .market, timeInForce: .ioc)) == [
                accepted(2, account: 50, .buy, price: 1_100, quantity: 50, type: .market, timeInForce: .ioc),
                fill(trade: 1, order: 2, account: 50, .buy, .taker, price: 1_000, quantity: 50, remaining: 0, fee: 2),
                fill(trade: 1, order: 1, account: 2, .sell, .maker, price: 1_000, quantity: 50, remaining: 0, fee: -1),
            ])
        #expect(harness.balance(50, Asset.quote) == Balance(available: 53, reserved: 0))
        #expect(harness.balance(50, Asset.base) == Balance(available: 50, reserved: 0))
    }
}
