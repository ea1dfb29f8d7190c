import Testing

@testable import TandemEngine

/// Replace: priority rules, reservation moves, matching after a price change, zero quantity, post-only.
@Suite struct ReplaceTests {
    /// Account 1 buys 30 at 1000 (order 1, client id 11, reserving 303), then account 3 buys 10 at 1000 (order 2).
    private func twoBidsAtOneLevel() throws -> Harness {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 1_000, quantity: 30, clientOrderId: 11)
        harness.order(3, .buy, price: 1_000, quantity: 10)
        return harness
    }

    @Test func smallerQuantityKeepsPriority() throws {
        let harness = try twoBidsAtOneLevel()
        #expect(
            harness.replace(1, .orderId(1), quantity: 20) == [
                replaced(1, account: 1, .buy, price: 1_000, quantity: 20, keptPriority: true, clientOrderId: 11),
                balance(1, Asset.quote, available: 99_798, reserved: 202),
            ])
        #expect(harness.book(.buy) == [BookEntry(1, 1_000, 20), BookEntry(2, 1_000, 10)])
    }

    @Test func sameValuesChangeNothing() throws {
        let harness = try twoBidsAtOneLevel()
        #expect(
            harness.replace(1, .orderId(1), price: 1_000, quantity: 30) == [
                replaced(1, account: 1, .buy, price: 1_000, quantity: 30, keptPriority: true, clientOrderId: 11)
            ])
        #expect(
            harness.replace(1, .clientOrderId(11)) == [
                replaced(1, account: 1, .buy, price: 1_000, quantity: 30, keptPriority: true, clientOrderId: 11)
            ])
        #expect(harness.book(.buy) == [BookEntry(1, 1_000, 30), BookEntry(2, 1_000, 10)])
    }

    @Test func largerQuantityLosesPriority() throws {
        let harness = try twoBidsAtOneLevel()
        #expect(
            harness.replace(1, .clientOrderId(11), quantity: 40) == [
                replaced(1, account: 1, .buy, price: 1_000, quantity: 40, keptPriority: false, clientOrderId: 11),
                balance(1, Asset.quote, available: 99_596, reserved: 404),
            ])
        #expect(harness.book(.buy) == [BookEntry(2, 1_000, 10), BookEntry(1, 1_000, 40)])
    }

    @Test func priceChangeLosesPriorityAndMovesTheReservation() throws {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 1_000, quantity: 10)
        harness.order(3, .buy, price: 990, quantity: 10)
        // 1 lot at 100 ticks reserves 101; at 99 ticks perLot(99) = 99 + ceil(0.297) = 100.
        #expect(
            harness.replace(1, .orderId(1), price: 990) == [
                replaced(1, account: 1, .buy, price: 990, quantity: 10, keptPriority: false),
                balance(1, Asset.quote, available: 99_900, reserved: 100),
            ])
        #expect(harness.book(.buy) == [BookEntry(2, 990, 10), BookEntry(1, 990, 10)])
    }

    @Test func smallerQuantityAtANewPriceLosesPriority() throws {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 990, quantity: 30)
        harness.order(3, .buy, price: 1_000, quantity: 10)
        #expect(
            withoutBalances(harness.replace(1, .orderId(1), price: 1_000, quantity: 10)) == [
                replaced(1, account: 1, .buy, price: 1_000, quantity: 10, keptPriority: false)
            ])
        #expect(harness.book(.buy) == [BookEntry(2, 1_000, 10), BookEntry(1, 1_000, 10)])
    }

    @Test func priceChangeThatCrossesTradesAsTaker() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_010, quantity: 10)
        harness.order(1, .buy, price: 1_000, quantity: 30)
        // 3 lots now reserve 3 * perLot(101) = 3 * 102 = 306. One lot trades at 101 ticks: taker fee
        // ceil(0.303) = 1, maker rebate floor(0.202) = 0; 102 reserved is used exactly. 204 stays reserved.
        #expect(
            harness.replace(1, .orderId(2), price: 1_010) == [
                replaced(2, account: 1, .buy, price: 1_010, quantity: 30, keptPriority: false),
                fill(trade: 1, order: 2, account: 1, .buy, .taker, price: 1_010, quantity: 10, remaining: 20, fee: 1),
                fill(trade: 1, order: 1, account: 2, .sell, .maker, price: 1_010, quantity: 10, remaining: 0, fee: 0),
                balance(0, Asset.quote, available: 1),
                balance(1, Asset.base, available: 10_010),
                balance(1, Asset.quote, available: 99_694, reserved: 204),
                balance(2, Asset.base, available: 9_990),
                balance(2, Asset.quote, available: 100_101),
            ])
        #expect(harness.book(.buy) == [BookEntry(2, 1_010, 20)])
        #expect(harness.book(.sell).isEmpty)
    }

    @Test func priceChangeIntoAnOwnOrderAppliesSelfTradePrevention() throws {
        let harness = try Harness.funded()
        harness.order(1, .sell, price: 1_010, quantity: 10)
        harness.order(1, .buy, price: 1_000, quantity: 10)
        // Account 1 cancels the taker: the replaced order leaves the book, its reservation returns.
        #expect(
            harness.replace(1, .orderId(2), price: 1_010) == [
                replaced(2, account: 1, .buy, price: 1_010, quantity: 10, keptPriority: false),
                canceled(2, account: 1, .buy, quantity: 10, .selfTrade),
                balance(1, Asset.quote, available: 100_000),
            ])
        #expect(harness.book(.buy).isEmpty)
        #expect(harness.book(.sell) == [BookEntry(1, 1_010, 10)])
    }

    @Test func zeroQuantityCancels() throws {
        let harness = try twoBidsAtOneLevel()
        #expect(
            harness.replace(1, .clientOrderId(11), price: 990, quantity: 0) == [
                canceled(1, account: 1, .buy, quantity: 30, .user, clientOrderId: 11),
                balance(1, Asset.quote, available: 100_000),
            ])
        #expect(harness.book(.buy) == [BookEntry(2, 1_000, 10)])
    }

    @Test func zeroQuantityCancelsBeforeThePostOnlyCheck() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_010, quantity: 10)
        harness.order(1, .buy, price: 1_000, quantity: 10, postOnly: true)
        #expect(
            harness.replace(1, .orderId(2), price: 1_010, quantity: 0) == [
                canceled(2, account: 1, .buy, quantity: 10, .user),
                balance(1, Asset.quote, available: 100_000),
            ])
    }

    @Test func postOnlyReplaceThatWouldCrossIsRejected() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_010, quantity: 10)
        harness.order(1, .buy, price: 1_000, quantity: 10, postOnly: true)
        #expect(
            harness.replace(1, .orderId(2), price: 1_010)
                == [rejected(1, .replace, .postOnlyWouldTake, reference: 2)])
        #expect(harness.book(.buy) == [BookEntry(2, 1_000, 10)])
        // A post-only price change that does not cross is an ordinary replace.
        #expect(
            withoutBalances(harness.replace(1, .orderId(2), price: 990, quantity: 20)) == [
                replaced(2, account: 1, .buy, price: 990, quantity: 20, keptPriority: false)
            ])
    }

    @Test func replaceBeyondTheBalanceIsRejected() throws {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 1_000, quantity: 100)
        // 10 lots reserve 1,010. 1,000 lots would reserve 101,000: 99,990 more than the 98,990 available.
        #expect(
            harness.replace(1, .orderId(1), quantity: 10_000)
                == [rejected(1, .replace, .insufficientBalance, reference: 1)])
        // 980 lots reserve 98,980: 97,970 more, which fits.
        #expect(
            harness.replace(1, .orderId(1), quantity: 9_800) == [
                replaced(1, account: 1, .buy, price: 1_000, quantity: 9_800, keptPriority: false),
                balance(1, Asset.quote, available: 1_020, reserved: 98_980),
            ])
    }

    @Test func sellReplaceMovesTheBaseReservation() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_010, quantity: 50)
        #expect(
            harness.replace(2, .orderId(1), price: 1_020, quantity: 20) == [
                replaced(1, account: 2, .sell, price: 1_020, quantity: 20, keptPriority: false),
                balance(2, Asset.base, available: 9_980, reserved: 20),
            ])
    }

    @Test func replaceOfAnotherAccountsOrderIsUnknown() throws {
        let harness = try twoBidsAtOneLevel()
        #expect(harness.replace(2, .orderId(1), quantity: 10) == [rejected(2, .replace, .unknownOrder, reference: 1)])
        #expect(
            harness.replace(2, .clientOrderId(11), quantity: 10)
                == [rejected(2, .replace, .unknownOrder, reference: 11)])
    }
}
