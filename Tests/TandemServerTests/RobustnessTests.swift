import Glibc
import TandemClient
import TandemServer
import TandemWire
import Testing

/// Bad input and slow readers cost their own connection at most; other sessions keep trading.
@Suite(.serialized) struct RobustnessTests {
    @Test func badInputIsRefusedWhileAnotherSessionKeepsTrading() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let trader = try fixture.orderEntry(account: 2)

        let beforeLogin = try fixture.rawConnection()
        _ = try beforeLogin.receive(timeout: .seconds(5))  // the challenge
        try beforeLogin.send(.heartbeat(Wire.Heartbeat()))
        #expect(try refusal(on: beforeLogin) == .notLoggedIn)

        let unknownType = try fixture.rawConnection()
        _ = try unknownType.logIn(account: 1, apiKey: "key-1")
        [UInt8]([0, 0, 0x7f]).withUnsafeBytes { unknownType.enqueue(rawBytes: $0) }
        _ = try unknownType.flush()
        #expect(try refusal(on: unknownType) == .unknownMessageType)
        // A new order cut short: three bytes of block.
        [UInt8]([3, 0, 0x10, 1, 2, 3]).withUnsafeBytes { unknownType.enqueue(rawBytes: $0) }
        _ = try unknownType.flush()
        #expect(try refusal(on: unknownType) == .truncatedMessage)

        let oversize = try fixture.rawConnection()
        _ = try oversize.receive(timeout: .seconds(5))
        [UInt8]([0xff, 0xff, 0x10] + [UInt8](repeating: 0xAB, count: 64)).withUnsafeBytes {
            oversize.enqueue(rawBytes: $0)
        }
        _ = try oversize.flush()
        let logout = try oversize.first { message -> Wire.Logout? in
            if case .logout(let logout) = message { return logout }
            return nil
        }
        #expect(logout.reason == .protocolError)

        let garbage = try fixture.rawConnection()
        [UInt8](repeating: 0x5A, count: 4_000).withUnsafeBytes { garbage.enqueue(rawBytes: $0) }
        _ = try garbage.flush()

        try trader.newOrder(market: 0, side: .buy, price: ServerFixture.dollars(990), quantity: ServerFixture.lot)
        try trader.flush(timeout: .seconds(5))
        _ = try trader.first { $0.messageType == .orderAccepted ? true : nil }
    }

    @Test func aSlowConsumerIsDisconnectedAndOthersAreNot() throws {
        var options = ServerOptions()
        options.maxOutboundBytes = 64 * 1024
        options.socketSendBufferBytes = 16 * 1024
        let fixture = try ServerFixture(options: options)
        defer { fixture.stop() }
        // A maker that rests a large order and then never reads its reports.
        let sleeper = try fixture.rawConnection()
        var size: Int32 = 4_096
        setsockopt(sleeper.fileDescriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        _ = try sleeper.logIn(account: 3, apiKey: "key-3")
        let order = Wire.NewOrder(
            clientOrderId: 1, price: ServerFixture.dollars(1_010), quantity: 50 * 100_000_000, market: 0, side: .sell,
            orderType: .limit, timeInForce: .gtc, postOnly: false, reduceOnly: false, selfTrade: nil)
        try sleeper.send(.newOrder(order))
        let trader = try fixture.orderEntry(account: 1)
        var fills = 0
        var rounds = 0
        while try fixture.metric("tandem_slow_consumers_total") == 0 && rounds < 400 {
            rounds += 1
            for _ in 0..<100 {
                try trader.newOrder(
                    market: 0, side: .buy, price: ServerFixture.dollars(1_010), quantity: ServerFixture.lot,
                    timeInForce: .ioc)
            }
            try trader.flush(timeout: .seconds(5))
            _ = try trader.waitUntil { message in
                if message.messageType == .fill { fills += 1 }
                return fills == rounds * 100
            }
        }
        #expect(try fixture.metric("tandem_slow_consumers_total") == 1)
        #expect(throws: ClientError.self) {
            while true { _ = try sleeper.receive(timeout: .seconds(5)) }
        }
        // The trader goes on.
        try trader.newOrder(market: 0, side: .buy, price: ServerFixture.dollars(990), quantity: ServerFixture.lot)
        try trader.flush(timeout: .seconds(5))
        _ = try trader.first { $0.messageType == .orderAccepted ? true : nil }
    }

    @Test func aGracefulShutdownSaysGoodbye() throws {
        let fixture = try ServerFixture()
        let session = try fixture.orderEntry(account: 1)
        fixture.stop()
        #expect(throws: ClientError.loggedOut(.serverShutdown)) {
            while true { _ = try session.receive(timeout: .seconds(5)) }
        }
    }

    private func refusal(on connection: WireConnection) throws -> Wire.SessionRejectReason {
        try connection.first { message -> Wire.SessionRejectReason? in
            if case .messageRejected(let refused) = message { return refused.reason }
            return nil
        }
    }
}
