import TandemWire
import Testing

@testable import loadtest

/// Builds the server's reports for one connection whose client ids start after `first`.
private struct Reports {
    var first: UInt64 = 1_000
    var sequence: UInt64 = 0

    mutating func accepted(_ request: Int, quantity: Int64 = 10) -> Wire.Message {
        sequence += 1
        return .orderAccepted(
            Wire.OrderAccepted(
                sequence: sequence, timestamp: 0, orderId: UInt64(request), clientOrderId: first + UInt64(request),
                price: 100, quantity: quantity, market: 0, side: .buy, orderType: .limit, timeInForce: .gtc,
                postOnly: false))
    }

    mutating func rejected(_ request: Int, _ reason: Wire.RejectReason, type: Wire.MessageType = .newOrder)
        -> Wire.Message
    {
        sequence += 1
        return .orderRejected(
            Wire.OrderRejected(
                sequence: sequence, timestamp: 0, clientId: first + UInt64(request), reason: reason,
                rejectedMessageType: type))
    }

    mutating func fill(
        _ request: Int, quantity: Int64, remaining: Int64, trade: UInt64, liquidity: Wire.LiquiditySource
    ) -> Wire.Message {
        sequence += 1
        return .fill(
            Wire.Fill(
                sequence: sequence, timestamp: 0, tradeId: trade, orderId: UInt64(request),
                clientOrderId: first + UInt64(request), price: 100_010, quantity: quantity, remaining: remaining,
                fee: 0, quoteAmount: 0, lpFee: 0, market: 0, side: .buy, liquidity: liquidity))
    }

    mutating func canceled(_ request: Int, quantity: Int64, remaining: Int64 = 0, reason: Wire.CancelReason)
        -> Wire.Message
    {
        sequence += 1
        return .orderCanceled(
            Wire.OrderCanceled(
                sequence: sequence, timestamp: 0, orderId: UInt64(request), clientOrderId: first + UInt64(request),
                canceledQuantity: quantity, remaining: remaining, market: 0, side: .buy, reason: reason))
    }

    mutating func replaced(_ request: Int, order: Int, quantity: Int64) -> Wire.Message {
        sequence += 1
        return .orderReplaced(
            Wire.OrderReplaced(
                sequence: sequence, timestamp: 0, requestId: first + UInt64(request), orderId: UInt64(order),
                clientOrderId: first + UInt64(order), price: 101, quantity: quantity, market: 0, side: .buy,
                keptPriority: false))
    }

    mutating func massCancelAck(_ request: Int) -> Wire.Message {
        sequence += 1
        return .massCancelAck(
            Wire.MassCancelAck(
                sequence: sequence, timestamp: 0, requestId: first + UInt64(request), count: 0, market: nil,
                side: nil))
    }
}

private func buy(_ quantity: Int64 = 10, connection: Int = 0) -> TcpRequest {
    TcpRequest(connection: connection, body: .newOrder(.init(side: .buy, price: 100, quantity: quantity)))
}

@Suite struct TcpLedgerTests {
    @Test func anAcceptedOrderAnswersItsRequestAndAFillToZeroEndsIt() {
        var ledger = TcpLedger(firstClientIds: [1_000], startPrice: 100_000)
        var reports = Reports()
        #expect(ledger.nextRequestNumber(connection: 0) == 1)
        #expect(ledger.recordSent(buy(), due: 500, measurement: 1) == 1)
        #expect(ledger.inFlight == 1)
        #expect(ledger.isLive(connection: 0, request: 1))
        let answer = ledger.handle(reports.accepted(1), connection: 0)
        #expect(answer?.due == 500 && answer?.kind == .newOrder && answer?.measurement == 1)
        #expect(ledger.inFlight == 0)
        #expect(
            ledger.handle(reports.fill(1, quantity: 4, remaining: 6, trade: 1, liquidity: .bookMaker), connection: 0)
                == nil)
        #expect(ledger.lastTradePrice == 100_010)
        #expect(ledger.isLive(connection: 0, request: 1))
        _ = ledger.handle(reports.fill(1, quantity: 6, remaining: 0, trade: 2, liquidity: .pool), connection: 0)
        #expect(!ledger.isLive(connection: 0, request: 1))
        #expect(ledger.errors.count == 0)
        #expect(ledger.finish().ordersNotEndedOnce == 0)
    }

    @Test func aReportForAnOrderThatEndedIsAnError() {
        var ledger = TcpLedger(firstClientIds: [1_000], startPrice: 1)
        var reports = Reports()
        ledger.recordSent(buy(), due: 0, measurement: 0)
        _ = ledger.handle(reports.accepted(1), connection: 0)
        _ = ledger.handle(reports.canceled(1, quantity: 10, reason: .massCancel), connection: 0)
        _ = ledger.handle(reports.canceled(1, quantity: 10, reason: .massCancel), connection: 0)
        #expect(ledger.errors.count == 1)
        #expect(ledger.errors.descriptions.first?.contains("canceled") == true)
    }

    @Test func aFillWhoseRemainingDoesNotAddUpIsAnError() {
        var ledger = TcpLedger(firstClientIds: [1_000], startPrice: 1)
        var reports = Reports()
        ledger.recordSent(buy(), due: 0, measurement: 0)
        _ = ledger.handle(reports.accepted(1), connection: 0)
        _ = ledger.handle(reports.fill(1, quantity: 3, remaining: 5, trade: 1, liquidity: .bookTaker), connection: 0)
        #expect(ledger.errors.count == 1)
    }

    @Test func answersMustComeInTheOrderTheRequestsWereSent() {
        var ledger = TcpLedger(firstClientIds: [1_000], startPrice: 1)
        var reports = Reports()
        ledger.recordSent(buy(), due: 0, measurement: 0)
        ledger.recordSent(buy(), due: 0, measurement: 0)
        #expect(ledger.handle(reports.accepted(2), connection: 0) == nil)
        #expect(ledger.errors.count == 1)
        #expect(ledger.inFlight == 2)
    }

    @Test func aCancelIsAnsweredByItsOrdersUserCancelAndAReplaceByItsReplaced() {
        var ledger = TcpLedger(firstClientIds: [1_000], startPrice: 1)
        var reports = Reports()
        ledger.recordSent(buy(), due: 0, measurement: 0)
        ledger.recordSent(
            TcpRequest(connection: 0, body: .replace(target: 1, price: 101, quantity: 7)), due: 10, measurement: 1)
        ledger.recordSent(TcpRequest(connection: 0, body: .cancel(target: 1)), due: 20, measurement: 1)
        _ = ledger.handle(reports.accepted(1), connection: 0)
        let replace = ledger.handle(reports.replaced(2, order: 1, quantity: 7), connection: 0)
        #expect(replace?.kind == .replace && replace?.due == 10)
        // The cancel takes off the replaced quantity, 7, not the original 10.
        let cancel = ledger.handle(reports.canceled(1, quantity: 7, reason: .user), connection: 0)
        #expect(cancel?.kind == .cancel && cancel?.due == 20)
        #expect(ledger.errors.count == 0)
        #expect(ledger.finish().orders == 1)
        #expect(ledger.errors.count == 0)
    }

    @Test func unknownOrderOnACancelOrMoveIsARaceButOtherRejectsAreErrors() {
        var ledger = TcpLedger(firstClientIds: [1_000], startPrice: 1)
        var reports = Reports()
        ledger.recordSent(buy(), due: 0, measurement: 0)
        ledger.recordSent(TcpRequest(connection: 0, body: .cancel(target: 1)), due: 0, measurement: 0)
        ledger.recordSent(buy(), due: 0, measurement: 0)
        _ = ledger.handle(reports.accepted(1), connection: 0)
        _ = ledger.handle(reports.fill(1, quantity: 10, remaining: 0, trade: 1, liquidity: .pool), connection: 0)
        #expect(ledger.handle(reports.rejected(2, .unknownOrder, type: .cancelOrder), connection: 0)?.kind == .cancel)
        #expect(ledger.errors.count == 0)
        #expect(ledger.handle(reports.rejected(3, .insufficientBalance), connection: 0)?.kind == .newOrder)
        #expect(ledger.errors.count == 1)
        #expect(ledger.rejectsByReason == [.unknownOrder: 1, .insufficientBalance: 1])
        #expect(ledger.finish().ordersNotEndedOnce == 0)
    }

    @Test func injectedRequestsAreExpectedToBeRejected() {
        var ledger = TcpLedger(firstClientIds: [1_000], startPrice: 1)
        var reports = Reports()
        ledger.recordSent(buy(), due: 0, measurement: 0, injected: true)
        ledger.recordSent(buy(), due: 0, measurement: 0, injected: true)
        _ = ledger.handle(reports.rejected(1, .invalidPrice), connection: 0)
        #expect(ledger.injectedRejects == 1 && ledger.errors.count == 0)
        _ = ledger.handle(reports.accepted(2), connection: 0)
        #expect(ledger.errors.count == 1)
    }

    @Test func theEndOfRunChecksFindUnansweredRequestsAndOrdersThatNeverEnded() {
        var ledger = TcpLedger(firstClientIds: [1_000, 5_000], startPrice: 1)
        var reports = Reports()
        ledger.recordSent(buy(), due: 0, measurement: 0)
        ledger.recordSent(buy(connection: 1), due: 0, measurement: 0)
        _ = ledger.handle(reports.accepted(1), connection: 0)
        let checks = ledger.finish()
        #expect(checks.requests == 2 && checks.unanswered == 1)
        #expect(checks.orders == 2 && checks.ordersNotEndedOnce == 2)
        #expect(ledger.errors.count == 2)
    }

    @Test func aMassCancelEndsEveryLiveOrderAndIsAnsweredByItsAck() {
        var ledger = TcpLedger(firstClientIds: [1_000], startPrice: 1)
        var reports = Reports()
        ledger.recordSent(buy(), due: 0, measurement: 0)
        ledger.recordSent(TcpRequest(connection: 0, body: .massCancel), due: 0, measurement: 0)
        _ = ledger.handle(reports.accepted(1), connection: 0)
        #expect(ledger.handle(reports.canceled(1, quantity: 10, reason: .massCancel), connection: 0) == nil)
        #expect(ledger.handle(reports.massCancelAck(2), connection: 0)?.kind == .massCancel)
        let checks = ledger.finish()
        #expect(checks.unanswered == 0 && checks.ordersNotEndedOnce == 0 && ledger.errors.count == 0)
    }

    @Test func makerAndTakerFillsMustAgree() {
        var ledger = TcpLedger(firstClientIds: [1_000, 5_000], startPrice: 1)
        var maker = Reports()
        var taker = Reports(first: 5_000)
        ledger.recordSent(buy(), due: 0, measurement: 0)
        ledger.recordSent(buy(connection: 1), due: 0, measurement: 0)
        _ = ledger.handle(maker.accepted(1), connection: 0)
        _ = ledger.handle(taker.accepted(1), connection: 1)
        _ = ledger.handle(maker.fill(1, quantity: 10, remaining: 0, trade: 7, liquidity: .bookMaker), connection: 0)
        _ = ledger.handle(taker.fill(1, quantity: 10, remaining: 0, trade: 7, liquidity: .bookTaker), connection: 1)
        #expect(ledger.finish().fillsAgree)

        var mismatched = TcpLedger(firstClientIds: [1_000, 5_000], startPrice: 1)
        maker = Reports()
        taker = Reports(first: 5_000)
        mismatched.recordSent(buy(), due: 0, measurement: 0)
        mismatched.recordSent(buy(connection: 1), due: 0, measurement: 0)
        _ = mismatched.handle(maker.accepted(1), connection: 0)
        _ = mismatched.handle(taker.accepted(1), connection: 1)
        _ = mismatched.handle(maker.fill(1, quantity: 10, remaining: 0, trade: 7, liquidity: .bookMaker), connection: 0)
        _ = mismatched.handle(taker.fill(1, quantity: 10, remaining: 0, trade: 8, liquidity: .bookTaker), connection: 1)
        #expect(!mismatched.finish().fillsAgree)
        #expect(mismatched.errors.count == 1)
    }

    @Test func aSessionRejectionAnswersTheRequestAndIsAnError() {
        var ledger = TcpLedger(firstClientIds: [1_000], startPrice: 1)
        ledger.recordSent(buy(), due: 0, measurement: 0)
        let rejected = Wire.Message.messageRejected(
            Wire.MessageRejected(clientId: 1_001, rejectedMessageType: 16, reason: .rateLimited))
        #expect(ledger.handle(rejected, connection: 0)?.kind == .newOrder)
        #expect(ledger.sessionRejectsByReason == [.rateLimited: 1])
        #expect(ledger.errors.count == 1)
        #expect(ledger.finish().ordersNotEndedOnce == 0)
    }
}
