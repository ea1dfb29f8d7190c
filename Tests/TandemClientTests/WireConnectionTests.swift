import TandemClient
import TandemWire
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// The low-level connection: connecting, the growable output buffer, raw delivery, errors.
final class WireConnectionTests: XCTestCase {
    func testManyEnqueuedMessagesGrowTheBufferAndAllArriveInOrder() throws {
        let count = 20_000
        try withServer { server, peer, _ in
            let received = try peer.drain()
            let ids = received.compactMap { message -> UInt64? in
                guard case .cancelOrder(let cancel) = message else { return nil }
                return cancel.requestId
            }
            if ids != Array(1...UInt64(count)) {
                server.fail("received \(ids.count) cancels, not 1...\(count) in order")
            }
        } _: { port in
            let connection = try WireConnection.connect(host: "127.0.0.1", port: port)
            for id in 1...UInt64(count) {
                try connection.enqueue(Wire.CancelOrder(requestId: id, orderId: id, clientOrderId: 0))
            }
            // 27 bytes a frame: far more than the initial 64 KiB.
            XCTAssertEqual(connection.pendingOutputBytes, count * 27)
            try connection.flush(timeout: .seconds(10))
            XCTAssertEqual(connection.pendingOutputBytes, 0)
            connection.close()
        }
    }

    func testTheRawConnectionDeliversEveryMessageAsItIs() throws {
        try withServer { _, peer, _ in
            try peer.send(
                .heartbeat(Wire.Heartbeat()), TestMessages.balance(7), .logout(Wire.Logout(reason: .requested)))
        } _: { port in
            let connection = try WireConnection.connect(host: "localhost", port: port)
            let messages = try connection.waitUntil { $0.messageType == .logout }
            XCTAssertEqual(
                messages,
                [.heartbeat(Wire.Heartbeat()), TestMessages.balance(7), .logout(Wire.Logout(reason: .requested))])
            XCTAssertEqual(messages.map(\.sequence), [nil, 7, nil])
            XCTAssertThrowsError(try connection.receive(timeout: .seconds(5))) { error in
                XCTAssertEqual(error as? ClientError, .connectionClosed)
            }
            connection.close()
            XCTAssertThrowsError(try connection.flush()) { error in
                XCTAssertEqual(error as? ClientError, .notConnected)
            }
        }
    }

    func testAnUndecodableFrameIsAnErrorAndTheNextOneStillArrives() throws {
        try withServer { _, peer, _ in
            // A logout with reason 0 (not a code), then a valid heartbeat.
            try peer.write([1, 0, 7, 0] + FakePeer.bytes([.heartbeat(Wire.Heartbeat())]))
            _ = try peer.drain()
        } _: { port in
            let connection = try WireConnection.connect(host: "127.0.0.1", port: port)
            XCTAssertThrowsError(try connection.receive(timeout: .seconds(5))) { error in
                XCTAssertEqual(error as? ClientError, .undecodable(.invalidValue(.logout, offset: 0)))
            }
            XCTAssertEqual(try connection.receive(timeout: .seconds(5)), .heartbeat(Wire.Heartbeat()))
            connection.close()
        }
    }

    func testReceiveTimesOutWhenNothingArrives() throws {
        try withServer { _, peer, _ in
            _ = try peer.drain()
        } _: { port in
            let connection = try WireConnection.connect(host: "127.0.0.1", port: port)
            let start = ContinuousClock.now
            XCTAssertThrowsError(try connection.receive(timeout: .milliseconds(100))) { error in
                XCTAssertEqual(error as? ClientError, .timedOut(waitingFor: "a message"))
            }
            XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(100))
            XCTAssertEqual(try connection.readAvailable { _ in }, 0)
            connection.close()
        }
    }

    func testConnectingWhereNothingListensFails() throws {
        // Bind a port, then close it: nothing listens there any more.
        let server = try FakeServer { _, _, _ in }
        let port = server.port
        XCTAssertEqual(server.stop(), [])
        XCTAssertThrowsError(try WireConnection.connect(host: "127.0.0.1", port: port)) { error in
            XCTAssertEqual(error as? ClientError, .connectFailed(host: "127.0.0.1", port: port, errno: ECONNREFUSED))
        }
        XCTAssertThrowsError(try WireConnection.connect(host: "no such host.invalid", port: 1)) { error in
            XCTAssertEqual(error as? ClientError, .invalidAddress(host: "no such host.invalid", port: 1))
        }
        XCTAssertThrowsError(try WireConnection.connect(host: "127.0.0.1", port: 70_000)) { error in
            XCTAssertEqual(error as? ClientError, .invalidAddress(host: "127.0.0.1", port: 70_000))
        }
    }

    func testAConnectionLimitLogoutBeforeTheChallengeFailsTheLogin() throws {
        try withServer { _, peer, _ in
            try peer.send(.logout(Wire.Logout(reason: .connectionLimit)))
        } _: { port in
            XCTAssertThrowsError(
                try OrderEntrySession.connect(port: port, account: 1, apiKey: "tandem-demo-key-1")
            ) { error in
                XCTAssertEqual(error as? ClientError, .loggedOut(.connectionLimit))
            }
        }
    }

    func testErrorsDescribeThemselves() {
        XCTAssertEqual(ClientError.loginRejected(.notAuthorized).description, "login rejected: not_authorized")
        XCTAssertEqual(
            ClientError.sequenceGap(expected: 2, received: 5).description, "sequence gap: expected 2, received 5")
        XCTAssertTrue(
            ClientError.connectFailed(host: "h", port: 1, errno: ECONNREFUSED).description
                .hasPrefix("cannot connect to h:1: "))
    }
}
