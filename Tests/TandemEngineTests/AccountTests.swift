import Testing

@testable import TandemEngine

/// Accounts: opening by deposit, deposits, withdrawals and the deposit ceiling.
@Suite struct AccountTests {
    @Test func configuredAccountsAreOpenAndEmpty() throws {
        let harness = try Harness()
        #expect(harness.engine.openAccounts == [0, 1, 2, 3, 4])
        #expect(harness.balance(1, Asset.base) == Balance(available: 0, reserved: 0))
        #expect(harness.balance(50, Asset.base) == nil)
    }

    @Test func depositOpensAnAccount() throws {
        let harness = try Harness()
        #expect(harness.deposit(50, Asset.coin, 123) == [balance(50, Asset.coin, available: 123)])
        #expect(harness.deposit(7, Asset.base, 5) == [balance(7, Asset.base, available: 5)])
        #expect(harness.engine.openAccounts == [0, 1, 2, 3, 4, 7, 50])
        #expect(harness.balance(50, Asset.coin) == Balance(available: 123, reserved: 0))
        #expect(harness.balance(50, Asset.quote) == Balance(available: 0, reserved: 0))
        #expect(harness.deposit(50, Asset.coin, 7) == [balance(50, Asset.coin, available: 130)])
    }

    @Test func withdrawalTakesFromAvailable() throws {
        let harness = try Harness()
        harness.deposit(1, Asset.base, 100)
        #expect(harness.withdraw(1, Asset.base, 40) == [balance(1, Asset.base, available: 60)])
        #expect(harness.withdraw(1, Asset.base, 60) == [balance(1, Asset.base, available: 0)])
        #expect(harness.withdraw(1, Asset.base, 1) == [rejected(1, .withdraw, .insufficientBalance)])
        // The account stays open with nothing in it.
        #expect(harness.engine.openAccounts.contains(1))
    }

    @Test func withdrawalCannotTouchReservedFunds() throws {
        let harness = try Harness()
        harness.deposit(1, Asset.quote, 1_000)
        harness.order(1, .buy, price: 1_000, quantity: 50)
        #expect(harness.withdraw(1, Asset.quote, 496) == [rejected(1, .withdraw, .insufficientBalance)])
        #expect(harness.withdraw(1, Asset.quote, 495) == [balance(1, Asset.quote, available: 0, reserved: 505)])
    }

    @Test func depositsOfAnAssetStayBelowTwoToTheSixtySecond() throws {
        let harness = try Harness()
        let ceiling: Int64 = 1 << 62
        #expect(harness.deposit(1, Asset.base, ceiling - 1) == [balance(1, Asset.base, available: ceiling - 1)])
        // The limit is per asset over all accounts.
        #expect(harness.deposit(2, Asset.base, 2) == [rejected(2, .deposit, .amountTooLarge)])
        #expect(harness.deposit(2, Asset.quote, 2) == [balance(2, Asset.quote, available: 2)])
        // Withdrawals make room again.
        harness.withdraw(1, Asset.base, 10)
        #expect(harness.deposit(2, Asset.base, 2) == [balance(2, Asset.base, available: 2)])
        #expect(harness.deposit(2, Asset.base, .max) == [rejected(2, .deposit, .amountTooLarge)])
        #expect(harness.balance(2, Asset.base) == Balance(available: 2, reserved: 0))
    }

    @Test func tradesAndFeesKeepEveryAssetsTotal() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 70)
        harness.order(1, .buy, price: 1_010, quantity: 50)
        harness.order(3, .buy, price: 1_000, quantity: 30, timeInForce: .ioc)
        harness.order(4, .sell, price: 100, quantity: 6, market: 1)
        harness.order(1, .buy, price: 100, quantity: 4, market: 1)
        for (asset, total) in [(Asset.base, 40_000), (Asset.quote, 400_000), (Asset.coin, 4_000)] {
            let sum = harness.engine.openAccounts.reduce(Int64(0)) { sum, account in
                let balance = harness.balance(account, asset)!
                return sum + balance.available + balance.reserved
            }
            #expect(sum == Int64(total))
        }
        // Fees: 2 - 1 (notional 500) + 1 - 0 (notional 200) in market 0, 1 + 1 (notional 400) in market 1.
        #expect(harness.balance(0, Asset.quote) == Balance(available: 4, reserved: 0))
    }
}
