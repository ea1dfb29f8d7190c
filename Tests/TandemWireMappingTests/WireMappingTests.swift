import TandemEngine
import TandemWire
import TandemWireMapping
import XCTest

/// Wire requests run through a real engine as commands, and every event comes back as a wire report that
/// survives encoding.
final class WireMappingTests: XCTestCase {
    private var engine: Engine!
    private var reports: [Wire.Message] = []
    private var sequence: UInt64 = 0

    override func setUpWithError() throws {
        // Tick 1 and lot 1 with no decimals; a pool of 1,000 base and 100,000 quote (price 100) owned by 9.
        let market = MarketConfiguration(
            symbol: "B-Q", baseAsset: 0, quoteAsset: 1, tickSize: 1, lotSize: 1, minQuantity: 1, maxQuantity: 1_000_000,
            priceBandPPM: 500_000, referencePrice: 100, makerFeePPM: 0, takerFeePPM: 1_000,
            pool: PoolConfiguration(feePPM: 3_000, initialBase: 1_000, initialQuote: 100_000, owner: 9))
        engine = try Engine(
            configuration: EngineConfiguration(
                assets: [AssetConfiguration(symbol: "B", decimals: 0), AssetConfiguration(symbol: "Q", decimals: 0)],
                markets: [market]))
        for account: UInt32 in 1...2 {
            for asset in 0...1 {
                engine.apply(.deposit(Transfer(account: account, asset: asset, amount: 1_000_000)), timestamp: 0)
            }
        }
    }

    /// Maps `request` of `account` to a command, applies it, and maps its events back to reports.
    @discardableResult
    private func send(_ request: Wire.Message, account: UInt32 = 1) throws -> [Wire.Message] {
        let command = try XCTUnwrap(Command.from(request, account: account))
        engine.apply(command, timestamp: 1_000)
        let clientId = try XCTUnwrap(clientId(of: request))
        let mapped = engine.events.map { event in
            sequence += 1
            return Wire.Message(event: event, sequence: sequence, request: (clientId, request.messageType))
        }
        for report in mapped {
            let buffer = WireOutputBuffer()
            XCTAssertTrue(report.isValid)
            buffer.append(report)
            let decoded = try Wire.Message(
                type: buffer.bytes[2], block: buffer.bytes.baseAddress! + Wire.headerLength,
                blockLength: buffer.count - Wire.headerLength)
            XCTAssertEqual(decoded, report)
        }
        reports += mapped
        return mapped
    }

    private func clientId(of request: Wire.Message) -> UInt64? {
        switch request {
        case .newOrder(let order): order.clientOrderId
        case .cancelOrder(let cancel): cancel.requestId
        case .replaceOrder(let replace): replace.requestId
        case .massCancel(let massCancel): massCancel.requestId
        case .addLiquidity(let add): add.requestId
        case .removeLiquidity(let remove): remove.requestId
        default: nil
        }
    }

    private func order(_ id: UInt64, _ side: Wire.Side, price: Int64, quantity: Int64, tif: Wire.TimeInForce = .gtc)
        -> Wire.Message
    {
        .newOrder(
            Wire.NewOrder(
                clientOrderId: id, price: price, quantity: quantity, market: 0, side: side, orderType: .limit,
                timeInForce: tif, postOnly: false, reduceOnly: false))
    }

    func testEveryEngineEventBecomesItsWireReport() throws {
        let accepted = try send(order(10, .sell, price: 103, quantity: 5))
        guard case .orderAccepted(let acceptance) = accepted[0] else { return XCTFail("\(accepted)") }
        XCTAssertEqual([acceptance.clientOrderId, acceptance.sequence, acceptance.timestamp], [10, 1, 1_000])
        XCTAssertEqual(acceptance.side, .sell)

        // A buy through 103 takes the pool's lots below 103 first, then the resting order.
        let taken = try send(order(20, .buy, price: 103, quantity: 30, tif: .ioc), account: 2)
        let fills = taken.compactMap { report -> Wire.Fill? in
            if case .fill(let fill) = report { return fill }
            return nil
        }
        XCTAssertEqual(fills.first?.liquidity, .pool)
        XCTAssertGreaterThan(fills.first?.quoteAmount ?? 0, 0)
        XCTAssertGreaterThan(fills.first?.lpFee ?? 0, 0)
        XCTAssertTrue(fills.contains { $0.liquidity == .bookTaker && $0.clientOrderId == 20 })
        XCTAssertTrue(fills.contains { $0.liquidity == .bookMaker && $0.clientOrderId == 10 })

        try send(order(11, .sell, price: 120, quantity: 4))
        let replaced = try send(
            .replaceOrder(Wire.ReplaceOrder(requestId: 12, orderId: 0, clientOrderId: 11, price: 121, quantity: 3)))
        guard case .orderReplaced(let replacement) = replaced[0] else { return XCTFail("\(replaced)") }
        XCTAssertEqual([replacement.requestId, UInt64(replacement.price), UInt64(replacement.quantity)], [12, 121, 3])

        try send(order(13, .sell, price: 130, quantity: 1))
        let canceled = try send(.cancelOrder(Wire.CancelOrder(requestId: 14, orderId: 0, clientOrderId: 13)))
        guard case .orderCanceled(let cancellation) = canceled[0] else { return XCTFail("\(canceled)") }
        XCTAssertEqual(cancellation.reason, .user)

        let massCanceled = try send(.massCancel(Wire.MassCancel(requestId: 15, market: 0, side: nil)))
        guard case .massCancelAck(let ack) = massCanceled.first(where: { $0.messageType == .massCancelAck }) else {
            return XCTFail("\(massCanceled)")
        }
        XCTAssertEqual([ack.requestId, UInt64(ack.count)], [15, 1])
        XCTAssertEqual(ack.market, 0)
        XCTAssertNil(ack.side)

        let added = try send(
            .addLiquidity(Wire.AddLiquidity(requestId: 16, maxBase: 100, maxQuote: 20_000, minShares: 0, market: 0)))
        guard case .liquidityAdded(let addition) = added[0] else { return XCTFail("\(added)") }
        XCTAssertEqual(addition.requestId, 16)
        let removed = try send(
            .removeLiquidity(
                Wire.RemoveLiquidity(requestId: 17, shares: addition.shares, minBase: 0, minQuote: 0, market: 0)))
        guard case .liquidityRemoved(let removal) = removed[0] else { return XCTFail("\(removed)") }
        XCTAssertEqual([removal.requestId, UInt64(removal.shares)], [17, UInt64(addition.shares)])

        let rejected = try send(.cancelOrder(Wire.CancelOrder(requestId: 18, orderId: 999, clientOrderId: 0)))
        XCTAssertEqual(
            rejected,
            [
                .orderRejected(
                    Wire.OrderRejected(
                        sequence: sequence, timestamp: 1_000, clientId: 18, reason: .unknownOrder,
                        rejectedMessageType: .cancelOrder))
            ])

        let kinds = Set(reports.map(\.messageType))
        XCTAssertEqual(
            kinds,
            [
                .orderAccepted, .orderRejected, .fill, .orderCanceled, .orderReplaced, .massCancelAck,
                .liquidityAdded, .liquidityRemoved, .balanceUpdate,
            ])
        XCTAssertEqual(reports.map(\.sequence), Array(1...UInt64(reports.count)))
    }

    func testRequestsBecomeTheirCommands() throws {
        let newOrder = Wire.NewOrder(
            clientOrderId: 7, price: 0, quantity: 5, market: 1, side: .buy, orderType: .market, timeInForce: .fok,
            postOnly: false, reduceOnly: false, selfTrade: .decrementBoth)
        XCTAssertEqual(
            Command.from(.newOrder(newOrder), account: 3),
            .newOrder(
                NewOrder(
                    account: 3, market: 1, clientOrderId: 7, side: .buy, type: .market, timeInForce: .fok, price: 0,
                    quantity: 5, selfTradePrevention: .decrementBoth)))
        var reduceOnly = newOrder
        reduceOnly.reduceOnly = true
        guard case .newOrder(let mapped) = Command.from(.newOrder(reduceOnly), account: 3) else {
            return XCTFail("a new order maps to a new order")
        }
        XCTAssertTrue(mapped.reduceOnly)
        XCTAssertEqual(
            Command.from(
                .replaceOrder(Wire.ReplaceOrder(requestId: 8, orderId: 4, clientOrderId: 0, quantity: 0)), account: 3),
            .replace(ReplaceOrder(account: 3, order: .orderId(4), price: nil, quantity: 0)))
        XCTAssertEqual(
            Command.from(.massCancel(Wire.MassCancel(requestId: 9, market: nil, side: .sell)), account: 3),
            .massCancel(MassCancel(account: 3, market: nil, side: .sell)))
        XCTAssertNil(Command.from(.heartbeat(Wire.Heartbeat()), account: 3))
    }
}

extension Wire.Message {
    /// The sequence number of a sequenced execution report, else 0.
    fileprivate var sequence: UInt64 {
        switch self {
        case .orderAccepted(let report): report.sequence
        case .orderRejected(let report): report.sequence
        case .fill(let report): report.sequence
        case .orderCanceled(let report): report.sequence
        case .orderReplaced(let report): report.sequence
        case .massCancelAck(let report): report.sequence
        case .liquidityAdded(let report): report.sequence
        case .liquidityRemoved(let report): report.sequence
        case .balanceUpdate(let report): report.sequence
        default: 0
        }
    }
}
