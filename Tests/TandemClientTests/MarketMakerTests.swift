import Foundation
import Synchronization
import TandemClient
import TandemWire
import XCTest

/// The example market maker, run as a subprocess against fake order-entry and market-data servers.
final class MarketMakerTests: XCTestCase {
    private static let key = "tandem-demo-key-1"
    private static let price: Int64 = 65_000_000_000

    /// The built `market-maker` next to this test bundle.
    private func executable() throws -> URL {
        let testBinary = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var folder = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("market-maker")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        throw TestFailure("no market-maker executable near \(testBinary.path); build the package first")
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outputData, as: UTF8.self),
            String(decoding: errorData, as: UTF8.self)
        )
    }

    func testItExitsWithAClearMessageWhenItCannotConnect() throws {
        let server = try FakeServer { _, _, _ in }
        let port = server.port
        XCTAssertEqual(server.stop(), [])
        let result = try run(["--port", "\(port)", "--market-data-port", "\(port)"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(
            result.error.hasPrefix("market-maker: cannot log in to market data at 127.0.0.1:\(port): cannot connect"),
            result.error)
    }

    func testItExitsWithAClearMessageWhenTheLoginIsRejected() throws {
        let marketData = try FakeServer { _, peer, _ in _ = try peer.acceptLogin(apiKey: Self.key) }
        let result = try run(["--market-data-port", "\(marketData.port)", "--key", "wrong"])
        XCTAssertEqual(marketData.stop(), [])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(
            result.error,
            "market-maker: cannot log in to market data at 127.0.0.1:\(marketData.port): login rejected: "
                + "not_authorized\n")
    }

    func testItQuotesAroundThePoolReplacesOnAMoveRequotesAFillAndCancelsAtTheEnd() throws {
        let requests = Mutex<[Wire.Message]>([])
        let marketData = try FakeServer { server, peer, _ in
            guard try peer.acceptLogin(apiKey: Self.key, session: 3, nextSequence: 50) != nil else {
                return server.fail("market data login rejected")
            }
            try peer.write(FakePeer.bytes(Self.snapshot(next: 50)))
            usleep(300_000)
            // The pool moves to 65,010 USD.
            try peer.send(TestMessages.pool(50, base: 10_000_000_000, quote: 6_501_000_000_000))
            guard case .logoutRequest = try Self.skippingHeartbeats(peer) else {
                return server.fail("no market data logout")
            }
            try peer.send(.logout(Wire.Logout(reason: .requested)))
        }
        let orderEntry = try FakeServer { server, peer, _ in
            guard try peer.acceptLogin(apiKey: Self.key) != nil else { return server.fail("order login rejected") }
            var exchange = FakeExchange()
            while true {
                let request = try Self.skippingHeartbeats(peer)
                requests.withLock { $0.append(request) }
                if case .logoutRequest = request {
                    try peer.send(.logout(Wire.Logout(reason: .requested)))
                    return
                }
                try peer.write(FakePeer.bytes(exchange.answer(request)))
            }
        }
        let result = try run([
            "--port", "\(orderEntry.port)", "--market-data-port", "\(marketData.port)", "--duration", "2",
        ])
        XCTAssertEqual(marketData.stop(), [])
        XCTAssertEqual(orderEntry.stop(), [])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertEqual(result.error, "")
        let lines = result.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(
            lines.first,
            "quoting BTC-USD: 1 level(s) of 0.0100 BTC a side, spread 10 ticks, pool price 65000.000000 USD")
        XCTAssertTrue(
            lines.contains(
                "fill buy  0.0100 BTC @ 64999.95 USD (maker, fee -0.065000 USD, order 1, remaining 0.0000)"),
            result.output)
        XCTAssertTrue(
            lines.contains(
                "summary: 1 fill(s); bought 0.0100 BTC at 64999.950000 USD on average, sold 0.0000 BTC; "
                    + "fees -0.065000 USD"),
            result.output)
        XCTAssertEqual(lines.last, "net: +0.0100 BTC, -649.934500 USD (fees included)")

        let sent = requests.withLock { $0 }
        let orders = sent.compactMap { message -> Wire.NewOrder? in
            guard case .newOrder(let order) = message else { return nil }
            return order
        }
        // The bid and the ask, then a new bid after the first one filled.
        XCTAssertEqual(orders.map(\.price), [64_999_950_000, 65_000_050_000, 64_999_950_000])
        XCTAssertTrue(
            orders.allSatisfy {
                $0.quantity == 1_000_000 && $0.postOnly && $0.orderType == .limit && $0.timeInForce == .gtc
                    && $0.market == 0
            })
        let replaced = sent.compactMap { message -> Int64? in
            guard case .replaceOrder(let replace) = message else { return nil }
            return replace.price
        }
        XCTAssertEqual(replaced.sorted(), [65_009_950_000, 65_010_050_000])
        guard sent.count >= 2, case .massCancel(let massCancel) = sent[sent.count - 2], case .logoutRequest = sent.last
        else { return XCTFail("no mass cancel before the logout: \(sent)") }
        XCTAssertEqual(massCancel.market, 0)
        let ids = sent.compactMap(\.clientId)
        XCTAssertEqual(ids, ids.sorted())
        XCTAssertEqual(Set(ids).count, ids.count)
    }

    /// The snapshot of the demo's BTC-USD, with the pool at 65,000 USD and an empty book.
    private static func snapshot(next: UInt64) -> [Wire.Message] {
        [
            .snapshotBegin(Wire.SnapshotBegin(timestamp: 1, nextSequence: next)),
            TestMessages.asset(0, "BTC", decimals: 8),
            TestMessages.asset(2, "USD", decimals: 6),
            TestMessages.btcUSD(),
            TestMessages.pool(0, base: 10_000_000_000, quote: 6_500_000_000_000),
            TestMessages.top(0, bid: 0, ask: 0),
            .snapshotEnd(Wire.SnapshotEnd(timestamp: 1, nextSequence: next)),
        ]
    }

    private static func skippingHeartbeats(_ peer: FakePeer) throws -> Wire.Message {
        while true {
            let message = try peer.expectMessage()
            if case .heartbeat = message { continue }
            return message
        }
    }
}

/// The order-entry side of the market maker test: accepts orders, fills the first bid in full at once, and
/// answers replaces, cancels and mass cancels.
private struct FakeExchange {
    private var sequence: UInt64 = 0
    private var nextOrderId: UInt64 = 1
    /// Live orders by client order id: (order id, price, quantity, side).
    private var live: [(clientOrderId: UInt64, orderId: UInt64, price: Int64, quantity: Int64, side: Wire.Side)] = []
    private var filledOne = false

    mutating func answer(_ request: Wire.Message) -> [Wire.Message] {
        switch request {
        case .newOrder(let order):
            let orderId = nextOrderId
            nextOrderId += 1
            var answers: [Wire.Message] = [
                .orderAccepted(
                    Wire.OrderAccepted(
                        sequence: next(), timestamp: 1, orderId: orderId, clientOrderId: order.clientOrderId,
                        price: order.price, quantity: order.quantity, market: order.market, side: order.side,
                        orderType: order.orderType, timeInForce: order.timeInForce, postOnly: order.postOnly))
            ]
            if order.side == .buy && !filledOne {
                filledOne = true
                answers.append(
                    .fill(
                        Wire.Fill(
                            sequence: next(), timestamp: 1, tradeId: 1, orderId: orderId,
                            clientOrderId: order.clientOrderId, price: order.price, quantity: order.quantity,
                            remaining: 0, fee: -65_000, quoteAmount: 0, lpFee: 0, market: order.market, side: .buy,
                            liquidity: .bookMaker)))
            } else {
                live.append((order.clientOrderId, orderId, order.price, order.quantity, order.side))
            }
            return answers
        case .replaceOrder(let replace):
            guard let index = live.firstIndex(where: { $0.clientOrderId == replace.clientOrderId }) else {
                return [rejected(replace.requestId, .replaceOrder)]
            }
            live[index].price = replace.price ?? live[index].price
            live[index].quantity = replace.quantity ?? live[index].quantity
            let order = live[index]
            return [
                .orderReplaced(
                    Wire.OrderReplaced(
                        sequence: next(), timestamp: 1, requestId: replace.requestId, orderId: order.orderId,
                        clientOrderId: order.clientOrderId, price: order.price, quantity: order.quantity, market: 0,
                        side: order.side, keptPriority: false))
            ]
        case .massCancel(let massCancel):
            var answers = live.map { order -> Wire.Message in
                .orderCanceled(
                    Wire.OrderCanceled(
                        sequence: next(), timestamp: 1, orderId: order.orderId, clientOrderId: order.clientOrderId,
                        canceledQuantity: order.quantity, remaining: 0, market: 0, side: order.side,
                        reason: .massCancel))
            }
            answers.append(
                .massCancelAck(
                    Wire.MassCancelAck(
                        sequence: next(), timestamp: 1, requestId: massCancel.requestId, count: UInt32(live.count),
                        market: massCancel.market, side: massCancel.side)))
            live = []
            return answers
        default:
            return [rejected(request.clientId ?? 0, request.messageType)]
        }
    }

    private mutating func next() -> UInt64 {
        sequence += 1
        return sequence
    }

    private mutating func rejected(_ clientId: UInt64, _ type: Wire.MessageType) -> Wire.Message {
        .orderRejected(
            Wire.OrderRejected(
                sequence: next(), timestamp: 1, clientId: clientId, reason: .unknownOrder, rejectedMessageType: type))
    }
}

extension Wire.Message {
    /// An order-entry request's client id.
    fileprivate var clientId: UInt64? {
        switch self {
        case .newOrder(let message): message.clientOrderId
        case .cancelOrder(let message): message.requestId
        case .replaceOrder(let message): message.requestId
        case .massCancel(let message): message.requestId
        case .addLiquidity(let message): message.requestId
        case .removeLiquidity(let message): message.requestId
        default: nil
        }
    }
}
