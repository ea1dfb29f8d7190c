import Testing

@testable import TandemEngine

/// Every perpetual reject reason from every command that can produce it, in `PerpetualFixture` units, and that
/// a rejection changes nothing.
@Suite struct PerpetualRejectionTests {
    struct Case: Sendable, CustomStringConvertible {
        var command: Command
        var reason: RejectReason
        var reference: UInt64 = 0
        /// A market without a reference price and before any index: no mark.
        var withoutMark = false
        var description: String { "\(reason.name): \(command)" }
    }

    private static func order(
        _ account: UInt32, _ side: Side, _ price: Int64, _ quantity: Int64, timeInForce: TimeInForce = .gtc,
        reduceOnly: Bool = false
    ) -> Command {
        .newOrder(
            NewOrder(
                account: account, market: 0, clientOrderId: 9, side: side, timeInForce: timeInForce, price: price,
                quantity: quantity, reduceOnly: reduceOnly))
    }

    private static func adjust(_ account: UInt32, _ amount: Int64, market: Int = 0) -> Command {
        .adjustMargin(AdjustMargin(account: account, market: market, amount: amount))
    }

    static let rejections: [Case] = [
        Case(command: .indexPrice(IndexPrice(market: 1, price: 100)), reason: .unknownMarket),
        Case(command: .indexPrice(IndexPrice(market: 0, price: 0)), reason: .invalidPrice),
        Case(command: order(3, .buy, 100, 1), reason: .noMarkPrice, reference: 9, withoutMark: true),
        // Account 3 has 1,000: 10 lots at 100 need 100, 101 lots 1,010.
        Case(command: order(3, .buy, 100, 101), reason: .insufficientMargin, reference: 9),
        // Account 1 is long 10.
        Case(
            command: order(1, .sell, 90, 11, timeInForce: .ioc, reduceOnly: true), reason: .reduceOnlyWouldIncrease,
            reference: 9),
        Case(
            command: order(1, .buy, 110, 1, timeInForce: .ioc, reduceOnly: true), reason: .reduceOnlyWouldIncrease,
            reference: 9),
        Case(command: order(1, .sell, 90, 1, reduceOnly: true), reason: .invalidTimeInForce, reference: 9),
        Case(command: adjust(40, 10), reason: .unknownAccount),
        Case(command: adjust(1, 10, market: 1), reason: .unknownMarket),
        Case(command: adjust(1, 0), reason: .invalidAmount),
        Case(command: adjust(1, 100_000), reason: .insufficientBalance),
        // Its collateral of 100 is exactly its initial requirement.
        Case(command: adjust(1, -1), reason: .insufficientMargin),
        Case(command: .addLiquidity(AddLiquidity(account: 3, market: 0, maxBase: 0, maxQuote: 10)), reason: .noPool),
    ]

    /// The spot reasons perpetual commands give on a spot market.
    static let onSpot: [Command] = [
        .indexPrice(IndexPrice(market: 0, price: 100)), .adjustMargin(AdjustMargin(account: 1, market: 0, amount: 1)),
    ]

    private func prepared(withoutMark: Bool) throws -> PerpetualFixture {
        let fixture = try PerpetualFixture(referencePrice: withoutMark ? 0 : 100)
        if withoutMark {
            fixture.deposit(3, 1_000)
        } else {
            fixture.openLongAndShort()
            fixture.deposit(3, 1_000)
        }
        return fixture
    }

    @Test(arguments: rejections)
    func rejectionNamesTheReasonAndChangesNothing(_ rejection: Case) throws {
        let fixture = try prepared(withoutMark: rejection.withoutMark)
        let before = state(fixture.engine)
        #expect(
            fixture.apply(rejection.command) == [
                .rejected(
                    CommandRejected(
                        account: rejection.command.account, command: rejection.command.kind,
                        reference: rejection.reference, reason: rejection.reason))
            ])
        #expect(state(fixture.engine) == before)
    }

    /// Positions, balances and resting orders: what a rejection must leave as it was.
    private func state(_ engine: Engine) -> [String] {
        engine.positions(market: 0).map { "\($0)" }
            + engine.openAccounts.map { "\($0): \(String(describing: engine.balance(account: $0, asset: 1)))" }
            + (engine.restingOrders(market: 0, side: .buy) + engine.restingOrders(market: 0, side: .sell)).map {
                "\($0)"
            }
    }

    @Test(arguments: onSpot)
    func perpetualCommandsOnASpotMarketAreRefused(_ command: Command) throws {
        let harness = try Harness.funded()
        #expect(
            harness.apply(command) == [
                .rejected(
                    CommandRejected(
                        account: command.account, command: command.kind, reference: 0, reason: .notPerpetual))
            ])
    }
}

extension PerpetualRejectionTests {
    static var reasons: [RejectReason] { rejections.map(\.reason) + [.notPerpetual] }
}
