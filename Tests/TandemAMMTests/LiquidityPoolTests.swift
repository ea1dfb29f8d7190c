import Testing

@testable import TandemAMM

@Suite struct LiquidityPoolTests {
    @Test func theFirstDepositMintsTheRootLessTheLockedShares() throws {
        var pool = LiquidityPool(feePPM: 3_000, lotSize: 10)
        let deposit = try pool.quoteDeposit(maxBase: 1_000, maxQuote: 100_000, minShares: 0)
        #expect(deposit == LiquidityPool.Deposit(base: 1_000, quote: 100_000, shares: 9_000))
        pool.apply(deposit, account: 7)
        #expect(pool.totalShares == 10_000)
        #expect(pool.shares(of: 7) == 9_000)
        #expect(throws: LiquidityError.liquidityTooSmall) {
            try LiquidityPool(feePPM: 0, lotSize: 1).quoteDeposit(maxBase: 10, maxQuote: 10, minShares: 0)
        }
    }

    @Test func laterDepositsTakeTheCurrentRatioRoundedUp() throws {
        var pool = LiquidityPool(feePPM: 0, lotSize: 1)
        pool.apply(try pool.quoteDeposit(maxBase: 1_000, maxQuote: 100_000, minShares: 0), account: 1)
        // Quote is the scarce side: 30,000 quote buys 3,000 shares, which need 300 base.
        let deposit = try pool.quoteDeposit(maxBase: 500, maxQuote: 30_000, minShares: 0)
        #expect(deposit == LiquidityPool.Deposit(base: 300, quote: 30_000, shares: 3_000))
        #expect(throws: LiquidityError.slippage) { try pool.quoteDeposit(maxBase: 500, maxQuote: 30_000, minShares: 3_001) }
    }

    @Test func removingPaysTheShareOfReservesAndEarnedFees() throws {
        var pool = LiquidityPool(feePPM: 3_000, lotSize: 1)
        pool.apply(try pool.quoteDeposit(maxBase: 1_000, maxQuote: 100_000, minShares: 0), account: 1)
        pool.accrueQuoteFee(1_000)
        let withdrawal = try pool.quoteWithdrawal(account: 1, shares: 9_000, minBase: 0, minQuote: 0)
        // 9,000 of 10,000 shares: 900 base, 90,000 quote and 90 % of the fee (rounded down).
        #expect(withdrawal.base == 900 && withdrawal.quote == 90_000)
        #expect(withdrawal.feeBase == 0 && (899...900).contains(withdrawal.feeQuote))
        pool.apply(withdrawal, account: 1, shares: 9_000)
        #expect(pool.shares(of: 1) == 0 && pool.positions.isEmpty)
        #expect(pool.curve.base == 100 && pool.curve.quote == 10_000)
        #expect(throws: LiquidityError.insufficientShares) {
            try pool.quoteWithdrawal(account: 1, shares: 1, minBase: 0, minQuote: 0)
        }
    }

    @Test func aLateProviderEarnsNoEarlierFees() throws {
        var pool = LiquidityPool(feePPM: 3_000, lotSize: 1)
        pool.apply(try pool.quoteDeposit(maxBase: 10_000, maxQuote: 10_000, minShares: 0), account: 1)
        pool.accrueQuoteFee(5_000)
        pool.apply(try pool.quoteDeposit(maxBase: 10_000, maxQuote: 10_000, minShares: 0), account: 2)
        let late = try pool.quoteWithdrawal(account: 2, shares: pool.shares(of: 2), minBase: 0, minQuote: 0)
        #expect(late.feeQuote == 0)
        pool.accrueQuoteFee(2_000)
        let early = try pool.quoteWithdrawal(account: 1, shares: pool.shares(of: 1), minBase: 0, minQuote: 0)
        let lateAfter = try pool.quoteWithdrawal(account: 2, shares: pool.shares(of: 2), minBase: 0, minQuote: 0)
        // Account 1 holds 9,000 of 10,000 shares for the first fee and 9,000 of 20,000 for the second.
        #expect((5_399...5_400).contains(early.feeQuote))
        #expect((999...1_000).contains(lateAfter.feeQuote))
    }

    @Test func addingThenRemovingNeverReturnsMoreThanDeposited() throws {
        var random = SplitMix(seed: 21)
        for _ in 0..<2_000 {
            var pool = LiquidityPool(feePPM: 0, lotSize: 1)
            pool.apply(
                try pool.quoteDeposit(
                    maxBase: random.next(in: 2_000...1_000_000), maxQuote: random.next(in: 2_000...1_000_000),
                    minShares: 0), account: 1)
            guard
                let deposit = try? pool.quoteDeposit(
                    maxBase: random.next(in: 1...100_000), maxQuote: random.next(in: 1...100_000), minShares: 0)
            else { continue }
            pool.apply(deposit, account: 2)
            let withdrawal = try pool.quoteWithdrawal(account: 2, shares: deposit.shares, minBase: 0, minQuote: 0)
            #expect(withdrawal.base <= deposit.base && withdrawal.quote <= deposit.quote)
        }
    }

    @Test func squareRootIsTheFloor() {
        for value: UInt128 in [0, 1, 2, 3, 4, 15, 16, 17, 1 << 100, (1 << 100) - 1, UInt128.max] {
            let root = LiquidityPool.squareRoot(value)
            #expect(root * root <= value)
            #expect((root + 1).multipliedReportingOverflow(by: root + 1).overflow || (root + 1) * (root + 1) > value)
        }
    }
}
