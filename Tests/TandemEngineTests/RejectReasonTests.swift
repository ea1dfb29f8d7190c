import Testing

@testable import TandemEngine

/// Every reject reason, the order in which checks run, and that a rejection changes nothing.
@Suite struct RejectReasonTests {
    struct Case: Sendable, CustomStringConvertible {
        var command: Command
        var reason: RejectReason
        var reference: UInt64 = 0
        var description: String { "\(reason.name): \(command)" }
    }

    private static func newOrder(
        _ account: UInt32 = 1, _ side: Side = .buy, price: Int64 = 1_000, quantity: Int64 = 10,
        clientOrderId: UInt64 = 9, market: Int = 0, type: OrderType = .limit, timeInForce: TimeInForce = .gtc,
        postOnly: Bool = false
    ) -> Command {
        .newOrder(
            NewOrder(
                account: account, market: market, clientOrderId: clientOrderId, side: side, type: type,
                timeInForce: timeInForce, postOnly: postOnly, price: price, quantity: quantity))
    }

    private static func deposit(_ account: UInt32, _ asset: Int, _ amount: Int64) -> Command {
        .deposit(Transfer(account: account, asset: asset, amount: amount))
    }

    private static func withdraw(_ account: UInt32, _ asset: Int, _ amount: Int64) -> Command {
        .withdraw(Transfer(account: account, asset: asset, amount: amount))
    }

    private static func replace(_ account: UInt32, _ order: OrderReference, price: Int64? = nil, quantity: Int64? = nil)
        -> Command
    {
        .replace(ReplaceOrder(account: account, order: order, price: price, quantity: quantity))
    }

    /// Single faults: each reason, from every command that can produce it.
    static let singleFaults: [Case] = [
        Case(command: deposit(100, Asset.base, 1), reason: .unknownAccount),
        Case(command: withdraw(50, Asset.base, 1), reason: .unknownAccount),
        Case(command: newOrder(50), reason: .unknownAccount, reference: 9),
        Case(command: .cancel(CancelOrder(account: 50, order: .orderId(1))), reason: .unknownAccount, reference: 1),
        Case(command: replace(50, .clientOrderId(5), quantity: 10), reason: .unknownAccount, reference: 5),
        Case(command: .massCancel(MassCancel(account: 50)), reason: .unknownAccount),
        Case(command: newOrder(market: 2), reason: .unknownMarket, reference: 9),
        Case(command: newOrder(market: -1), reason: .unknownMarket, reference: 9),
        Case(command: .massCancel(MassCancel(account: 1, market: 2, side: .buy)), reason: .unknownMarket),
        Case(command: deposit(1, 3, 1), reason: .unknownAsset),
        Case(command: withdraw(1, -1, 1), reason: .unknownAsset),
        Case(command: .cancel(CancelOrder(account: 1, order: .orderId(99))), reason: .unknownOrder, reference: 99),
        Case(command: .cancel(CancelOrder(account: 2, order: .orderId(1))), reason: .unknownOrder, reference: 1),
        Case(command: .cancel(CancelOrder(account: 1, order: .clientOrderId(6))), reason: .unknownOrder, reference: 6),
        Case(command: replace(1, .orderId(2), quantity: 20), reason: .unknownOrder, reference: 2),
        Case(
            command: newOrder(type: .market, timeInForce: .ioc, postOnly: true), reason: .invalidOrderType,
            reference: 9),
        Case(command: newOrder(type: .market, timeInForce: .gtc), reason: .invalidTimeInForce, reference: 9),
        Case(command: newOrder(timeInForce: .ioc, postOnly: true), reason: .invalidTimeInForce, reference: 9),
        Case(command: newOrder(timeInForce: .fok, postOnly: true), reason: .invalidTimeInForce, reference: 9),
        Case(command: newOrder(price: 0), reason: .invalidPrice, reference: 9),
        Case(command: newOrder(price: -10), reason: .invalidPrice, reference: 9),
        Case(command: replace(1, .orderId(1), price: 0), reason: .invalidPrice, reference: 1),
        Case(command: newOrder(price: 1_005), reason: .priceNotOnTick, reference: 9),
        Case(command: newOrder(price: 102, quantity: 4, market: 1), reason: .priceNotOnTick, reference: 9),
        Case(command: replace(1, .orderId(1), price: 995), reason: .priceNotOnTick, reference: 1),
        Case(command: newOrder(price: 100_010), reason: .priceOutOfRange, reference: 9),
        Case(command: replace(1, .clientOrderId(5), price: 100_010), reason: .priceOutOfRange, reference: 5),
        Case(
            command: newOrder(quantity: 4, market: 1, type: .market, timeInForce: .ioc), reason: .noReferencePrice,
            reference: 9),
        Case(command: newOrder(quantity: 0), reason: .invalidQuantity, reference: 9),
        Case(command: newOrder(quantity: -10), reason: .invalidQuantity, reference: 9),
        Case(command: replace(1, .orderId(1), quantity: -10), reason: .invalidQuantity, reference: 1),
        Case(command: newOrder(quantity: 15), reason: .quantityNotOnLot, reference: 9),
        Case(command: replace(1, .orderId(1), quantity: 15), reason: .quantityNotOnLot, reference: 1),
        Case(command: newOrder(price: 100, quantity: 2, market: 1), reason: .quantityBelowMinimum, reference: 9),
        Case(command: replace(1, .orderId(3), quantity: 2), reason: .quantityBelowMinimum, reference: 3),
        Case(command: newOrder(quantity: 10_010), reason: .quantityAboveMaximum, reference: 9),
        Case(command: newOrder(price: 100, quantity: 102, market: 1), reason: .quantityAboveMaximum, reference: 9),
        Case(command: replace(1, .orderId(1), quantity: 10_010), reason: .quantityAboveMaximum, reference: 1),
        Case(command: deposit(1, Asset.base, 0), reason: .invalidAmount),
        Case(command: deposit(1, Asset.base, -5), reason: .invalidAmount),
        Case(command: withdraw(1, Asset.base, 0), reason: .invalidAmount),
        Case(command: withdraw(1, Asset.base, -1), reason: .invalidAmount),
        Case(command: deposit(1, Asset.base, .max), reason: .amountTooLarge),
        Case(command: deposit(60, Asset.base, 1 << 62), reason: .amountTooLarge),
        Case(command: newOrder(clientOrderId: 5), reason: .duplicateClientOrderId, reference: 5),
        Case(
            command: newOrder(1, .sell, price: 2_000, clientOrderId: 7), reason: .duplicateClientOrderId, reference: 7),
        Case(command: replace(1, .orderId(1), price: 1_010), reason: .postOnlyWouldTake, reference: 1),
        Case(command: replace(1, .orderId(1), price: 1_020, quantity: 20), reason: .postOnlyWouldTake, reference: 1),
        Case(command: withdraw(1, Asset.quote, 100_000), reason: .insufficientBalance),
        Case(command: newOrder(quantity: 10_000), reason: .insufficientBalance, reference: 9),
        Case(command: newOrder(60, .sell), reason: .insufficientBalance, reference: 9),
        Case(command: replace(1, .orderId(1), quantity: 10_000), reason: .insufficientBalance, reference: 1),
    ]

    /// Several faults at once: the first check in ENGINE.md's order decides.
    static let checkOrder: [Case] = [
        Case(command: newOrder(50, market: 9), reason: .unknownAccount, reference: 9),
        Case(
            command: newOrder(market: 9, type: .market, timeInForce: .gtc, postOnly: true), reason: .unknownMarket,
            reference: 9),
        Case(
            command: newOrder(type: .market, timeInForce: .gtc, postOnly: true), reason: .invalidOrderType,
            reference: 9),
        Case(
            command: newOrder(quantity: 0, type: .market, timeInForce: .gtc), reason: .invalidTimeInForce,
            reference: 9),
        Case(command: newOrder(price: -5), reason: .invalidPrice, reference: 9),
        Case(command: newOrder(price: 1_005, quantity: 0), reason: .priceNotOnTick, reference: 9),
        Case(command: newOrder(price: 100_010, quantity: 15), reason: .priceOutOfRange, reference: 9),
        Case(
            command: newOrder(quantity: 0, market: 1, type: .market, timeInForce: .fok), reason: .noReferencePrice,
            reference: 9),
        Case(command: newOrder(price: 100, quantity: 3, market: 1), reason: .quantityNotOnLot, reference: 9),
        Case(command: newOrder(quantity: 0, clientOrderId: 5), reason: .invalidQuantity, reference: 5),
        Case(command: newOrder(quantity: 10_010, clientOrderId: 5), reason: .quantityAboveMaximum, reference: 5),
        Case(command: newOrder(quantity: 10_000, clientOrderId: 5), reason: .duplicateClientOrderId, reference: 5),
        Case(command: deposit(100, 9, 0), reason: .unknownAccount),
        Case(command: deposit(1, 9, 0), reason: .unknownAsset),
        Case(command: withdraw(50, 9, 0), reason: .unknownAccount),
        Case(command: withdraw(1, 9, 0), reason: .unknownAsset),
        Case(command: withdraw(60, Asset.base, 0), reason: .invalidAmount),
        Case(command: .cancel(CancelOrder(account: 50, order: .orderId(99))), reason: .unknownAccount, reference: 99),
        Case(command: replace(1, .orderId(99), price: 1_005), reason: .unknownOrder, reference: 99),
        Case(command: replace(1, .orderId(1), price: 1_005, quantity: -10), reason: .priceNotOnTick, reference: 1),
        Case(command: replace(1, .orderId(1), price: 100_010, quantity: 0), reason: .priceOutOfRange, reference: 1),
        Case(command: replace(1, .orderId(1), price: 1_010, quantity: 15), reason: .quantityNotOnLot, reference: 1),
        Case(
            command: replace(1, .orderId(1), price: 1_010, quantity: 10_000), reason: .postOnlyWouldTake,
            reference: 1),
        Case(command: .massCancel(MassCancel(account: 50, market: 9)), reason: .unknownAccount),
    ]

    /// Account 1: order 1, post-only buy 10 at 1000 (client id 5) and order 3, buy 4 at 100 in market 1 (client
    /// id 7). Account 2: order 2, sell 10 at 1010 (client id 6). Account 60 holds only 100 QUOTE.
    private func prepared() throws -> Harness {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 1_000, quantity: 10, clientOrderId: 5, postOnly: true)
        harness.order(2, .sell, price: 1_010, quantity: 10, clientOrderId: 6)
        harness.order(1, .buy, price: 100, quantity: 4, clientOrderId: 7, market: 1)
        harness.deposit(60, Asset.quote, 100)
        #expect(harness.engine.restingOrderCount(market: 0) + harness.engine.restingOrderCount(market: 1) == 3)
        return harness
    }

    @Test(arguments: singleFaults + checkOrder)
    func rejectionNamesTheFirstFailingCheckAndChangesNothing(_ rejection: Case) throws {
        let harness = try prepared()
        let before = harness.snapshot()
        #expect(
            harness.apply(rejection.command) == [
                rejected(
                    rejection.command.account, rejection.command.kind, rejection.reason, reference: rejection.reference)
            ])
        #expect(harness.snapshot() == before)
    }

    /// Every reason is exercised here or, for the pool's and perpetual markets' reasons, by
    /// `LiquidityCommandTests.rejections` and `PerpetualRejectionTests.rejections`.
    @Test func everyReasonIsCovered() {
        let covered = Set(
            Self.singleFaults.map(\.reason) + LiquidityCommandTests.rejections.map(\.reason)
                + PerpetualRejectionTests.reasons)
        #expect(RejectReason.allCases.filter { !covered.contains($0) } == [])
    }

    @Test func rejectedOrderTakesNoOrderId() throws {
        let harness = try prepared()
        harness.apply(Self.newOrder(quantity: 15))
        #expect(
            harness.order(1, .buy, price: 990, quantity: 10).first
                == accepted(4, account: 1, .buy, price: 990, quantity: 10))
    }

    @Test func sameClientOrderIdInAnotherAccountIsFine() throws {
        let harness = try prepared()
        #expect(
            harness.order(3, .buy, price: 990, quantity: 10, clientOrderId: 5).first
                == accepted(4, account: 3, .buy, price: 990, quantity: 10, clientOrderId: 5))
    }
}
