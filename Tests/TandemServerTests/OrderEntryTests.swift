import TandemClient
import TandemServer
import TandemWire
import Testing

/// Orders over TCP through the rings and the engine thread, and their reports back.
@Suite(.serialized) struct OrderEntryTests {
    @Test func anOrderIsAcceptedReportedAndCanceled() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let session = try fixture.orderEntry(account: 1)
        let clientOrderId = try session.newOrder(
            market: 0, side: .buy, price: ServerFixture.dollars(990), quantity: 2 * ServerFixture.lot)
        try session.flush(timeout: .seconds(5))
        let accepted = try session.first { message -> Wire.OrderAccepted? in
            if case .orderAccepted(let accepted) = message { return accepted }
            return nil
        }
        #expect(accepted.clientOrderId == clientOrderId)
        #expect(accepted.sequence == 1)
        let balance = try session.first { message -> Wire.BalanceUpdate? in
            if case .balanceUpdate(let update) = message { return update }
            return nil
        }
        #expect(balance.reserved == 2 * 990_000)
        try session.cancel(orderId: accepted.orderId)
        try session.flush(timeout: .seconds(5))
        let canceled = try session.first { message -> Wire.OrderCanceled? in
            if case .orderCanceled(let canceled) = message { return canceled }
            return nil
        }
        #expect(canceled.orderId == accepted.orderId && canceled.reason == .user)
        try session.logout()
    }

    @Test func aTradeIsReportedToTheMakerAndTheTaker() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let maker = try fixture.orderEntry(account: 1)
        let taker = try fixture.orderEntry(account: 2)
        try maker.newOrder(market: 0, side: .sell, price: ServerFixture.dollars(1_010), quantity: 3 * ServerFixture.lot)
        try maker.flush(timeout: .seconds(5))
        _ = try maker.first { message -> Bool? in message.messageType == .orderAccepted ? true : nil }
        try taker.newOrder(
            market: 0, side: .buy, price: ServerFixture.dollars(1_010), quantity: ServerFixture.lot, timeInForce: .ioc)
        try taker.flush(timeout: .seconds(5))
        let takerFill = try taker.first(fill)
        let makerFill = try maker.first(fill)
        #expect(takerFill.liquidity == .bookTaker && makerFill.liquidity == .bookMaker)
        #expect(takerFill.tradeId == makerFill.tradeId)
        #expect(takerFill.quantity == ServerFixture.lot && makerFill.remaining == 2 * ServerFixture.lot)
    }

    @Test func aRequestTheEngineRefusesIsRejectedWithItsReason() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let session = try fixture.orderEntry(account: 1)
        let clientId = try session.newOrder(market: 0, side: .buy, price: 990_500_000, quantity: ServerFixture.lot)
        try session.newOrder(market: 0, side: .buy, price: ServerFixture.dollars(990), quantity: 1, reduceOnly: false)
        try session.flush(timeout: .seconds(5))
        let rejected = try session.first { message -> Wire.OrderRejected? in
            if case .orderRejected(let rejected) = message { return rejected }
            return nil
        }
        #expect(rejected.clientId == clientId && rejected.reason == .priceNotOnTick)
        #expect(rejected.rejectedMessageType == .newOrder)
        let second = try session.first { message -> Wire.OrderRejected? in
            if case .orderRejected(let rejected) = message { return rejected }
            return nil
        }
        #expect(second.reason == .quantityNotOnLot)
    }

    @Test func aClientIdThatDoesNotIncreaseIsRefusedAndNotExecuted() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let connection = try fixture.rawConnection()
        _ = try connection.logIn(account: 1, apiKey: "key-1")
        let order = Wire.NewOrder(
            clientOrderId: 50, price: ServerFixture.dollars(990), quantity: ServerFixture.lot, market: 0, side: .buy,
            orderType: .limit, timeInForce: .gtc, postOnly: false, reduceOnly: false, selfTrade: nil)
        try connection.send(.newOrder(order))
        try connection.send(.newOrder(order))
        let refused = try connection.first { message -> Wire.MessageRejected? in
            if case .messageRejected(let refused) = message { return refused }
            return nil
        }
        #expect(refused.reason == .clientIdNotIncreasing && refused.clientId == 50)
    }
}

/// The fill in a message, if it is one.
func fill(_ message: Wire.Message) -> Wire.Fill? {
    if case .fill(let fill) = message { return fill }
    return nil
}
