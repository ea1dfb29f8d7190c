import Testing

@testable import TandemEngine

/// Cancel by order id and by client order id, and what counts as an unknown order.
@Suite struct CancelTests {
    @Test func cancelByOrderIdReleasesTheReservation() throws {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 1_000, quantity: 30, clientOrderId: 5)
        #expect(
            harness.cancel(1, .orderId(1)) == [
                canceled(1, account: 1, .buy, quantity: 30, .user, clientOrderId: 5),
                balance(1, Asset.quote, available: 100_000),
            ])
        #expect(harness.book(.buy).isEmpty)
        #expect(harness.cancel(1, .orderId(1)) == [rejected(1, .cancel, .unknownOrder, reference: 1)])
    }

    @Test func cancelByClientOrderIdFindsTheAccountsOwnOrder() throws {
        let harness = try Harness.funded()
        harness.order(1, .sell, price: 1_000, quantity: 20, clientOrderId: 9)
        harness.order(2, .sell, price: 1_000, quantity: 10, clientOrderId: 9)
        #expect(
            harness.cancel(2, .clientOrderId(9)) == [
                canceled(2, account: 2, .sell, quantity: 10, .user, clientOrderId: 9),
                balance(2, Asset.base, available: 10_000),
            ])
        #expect(harness.book(.sell) == [BookEntry(1, 1_000, 20)])
    }

    @Test func partiallyFilledOrderCancelsItsRemainder() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 50)
        harness.order(1, .buy, price: 1_000, quantity: 20)
        #expect(
            harness.cancel(2, .orderId(1)) == [
                canceled(1, account: 2, .sell, quantity: 30, .user),
                balance(2, Asset.base, available: 9_980),
            ])
    }

    @Test func ordersThatAreGoneOrNotOwnedAreUnknown() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_000, quantity: 10, clientOrderId: 3)
        harness.order(1, .buy, price: 1_000, quantity: 10, clientOrderId: 4)
        harness.order(2, .sell, price: 1_010, quantity: 10, clientOrderId: 5)
        // Filled, another account's, never existed.
        #expect(harness.cancel(2, .orderId(1)) == [rejected(2, .cancel, .unknownOrder, reference: 1)])
        #expect(harness.cancel(2, .clientOrderId(3)) == [rejected(2, .cancel, .unknownOrder, reference: 3)])
        #expect(harness.cancel(1, .orderId(3)) == [rejected(1, .cancel, .unknownOrder, reference: 3)])
        #expect(harness.cancel(1, .clientOrderId(5)) == [rejected(1, .cancel, .unknownOrder, reference: 5)])
        #expect(harness.cancel(2, .orderId(99)) == [rejected(2, .cancel, .unknownOrder, reference: 99)])
        #expect(harness.book(.sell) == [BookEntry(3, 1_010, 10)])
    }

    @Test func clientOrderIdIsFreeAgainOnceItsOrderIsGone() throws {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 1_000, quantity: 10, clientOrderId: 8)
        harness.cancel(1, .clientOrderId(8))
        #expect(
            withoutBalances(harness.order(1, .buy, price: 990, quantity: 10, clientOrderId: 8)) == [
                accepted(2, account: 1, .buy, price: 990, quantity: 10, clientOrderId: 8)
            ])
        #expect(
            harness.cancel(1, .clientOrderId(8)).first
                == canceled(2, account: 1, .buy, quantity: 10, .user, clientOrderId: 8))
    }
}
