import TandemClient
import TandemWire
import XCTest

/// The order-entry session against the in-process fake server: login, framing, sequences, resume, logout.
final class OrderEntrySessionTests: XCTestCase {
    private let key = "tandem-demo-key-1"

    private func connect(port: Int, key: String? = nil, lastClientId: UInt64? = 100) throws -> OrderEntrySession {
        try OrderEntrySession.connect(
            port: port, account: 1, apiKey: key ?? self.key, lastClientId: lastClientId, timeout: .seconds(5))
    }

    func testLoginSendsASignedLoginAndReportsTheSession() throws {
        try withServer { server, peer, _ in
            guard let login = try peer.acceptLogin(apiKey: "tandem-demo-key-1", session: 77, nextSequence: 5) else {
                return server.fail("the login was rejected")
            }
            let expected = Wire.Login(
                account: 1, protocolVersion: 1, session: 0, nextSequence: 0, signature: login.signature,
                cancelOnDisconnect: true)
            if login != expected { server.fail("login \(login)") }
            _ = try peer.drain()
        } _: { port in
            let session = try connect(port: port)
            XCTAssertEqual(session.sessionId, 77)
            XCTAssertEqual(session.nextSequence, 5)
            XCTAssertEqual(session.lastSequence, 4)
            XCTAssertEqual(session.loginAccepted.heartbeatIntervalMillis, 1000)
            session.close()
        }
    }

    func testAWrongKeyIsRejectedWithItsReason() throws {
        try withServer { server, peer, _ in
            if try peer.acceptLogin(apiKey: "tandem-demo-key-1") != nil { server.fail("a wrong key was accepted") }
        } _: { port in
            XCTAssertThrowsError(try connect(port: port, key: "wrong-key")) { error in
                XCTAssertEqual(error as? ClientError, .loginRejected(.notAuthorized))
            }
        }
    }

    func testAMessageSplitAcrossWritesArrivesWhole() throws {
        try withServer { _, peer, _ in
            _ = try peer.acceptLogin(apiKey: "tandem-demo-key-1")
            let bytes = FakePeer.bytes([TestMessages.fill(1), TestMessages.fill(2)])
            // The first frame in three writes, the second byte by byte.
            for range in [0..<2, 2..<40, 40..<97] {
                try peer.write(Array(bytes[range]))
                usleep(20_000)
            }
            for byte in bytes[97...] {
                try peer.write([byte])
            }
            _ = try peer.drain()
        } _: { port in
            let session = try connect(port: port)
            XCTAssertEqual(try session.receive(timeout: .seconds(5)), TestMessages.fill(1))
            XCTAssertEqual(try session.receive(timeout: .seconds(5)), TestMessages.fill(2))
            XCTAssertEqual(session.nextSequence, 3)
            session.close()
        }
    }

    func testSeveralMessagesInOneWriteAreAllDelivered() throws {
        try withServer { _, peer, _ in
            _ = try peer.acceptLogin(apiKey: "tandem-demo-key-1")
            try peer.send(
                TestMessages.balance(1), .heartbeat(Wire.Heartbeat()), TestMessages.fill(2), TestMessages.balance(3))
            _ = try peer.drain()
        } _: { port in
            let session = try connect(port: port)
            var received: [Wire.Message] = []
            let deadline = ContinuousClock.now + .seconds(5)
            while received.count < 3 && ContinuousClock.now < deadline {
                try session.readAvailable { received.append($0) }
                usleep(1_000)
            }
            // The heartbeat is consumed by the session layer.
            XCTAssertEqual(received, [TestMessages.balance(1), TestMessages.fill(2), TestMessages.balance(3)])
            XCTAssertEqual(session.lastSequence, 3)
            session.close()
        }
    }

    func testRequestsCarryStrictlyIncreasingClientIds() throws {
        try withServer { server, peer, _ in
            _ = try peer.acceptLogin(apiKey: "tandem-demo-key-1")
            let received = try peer.drain()
            let expected: [Wire.Message] = [
                .newOrder(
                    Wire.NewOrder(
                        clientOrderId: 101, price: 65_000_000_000, quantity: 10_000, market: 0, side: .buy,
                        orderType: .limit, timeInForce: .gtc, postOnly: true, reduceOnly: false)),
                .cancelOrder(Wire.CancelOrder(requestId: 102, orderId: 7, clientOrderId: 0)),
                .cancelOrder(Wire.CancelOrder(requestId: 103, orderId: 0, clientOrderId: 101)),
                .replaceOrder(Wire.ReplaceOrder(requestId: 104, orderId: 0, clientOrderId: 101, price: 64_990_000_000)),
                .replaceOrder(Wire.ReplaceOrder(requestId: 105, orderId: 7, clientOrderId: 0, quantity: 0)),
                .massCancel(Wire.MassCancel(requestId: 106, market: 0)),
                .addLiquidity(Wire.AddLiquidity(requestId: 107, maxBase: 1, maxQuote: 2, minShares: 3, market: 0)),
                .removeLiquidity(Wire.RemoveLiquidity(requestId: 108, shares: 4, minBase: 5, minQuote: 6, market: 1)),
            ]
            if received != expected { server.fail("received \(received)") }
        } _: { port in
            let session = try connect(port: port, lastClientId: 100)
            XCTAssertEqual(
                try session.newOrder(market: 0, side: .buy, price: 65_000_000_000, quantity: 10_000, postOnly: true),
                101)
            XCTAssertEqual(try session.cancel(orderId: 7), 102)
            XCTAssertEqual(try session.cancel(clientOrderId: 101), 103)
            XCTAssertEqual(try session.replace(clientOrderId: 101, price: 64_990_000_000), 104)
            // Naming neither order reference cannot be encoded: an error, and no id is used up.
            XCTAssertThrowsError(try session.replace(orderId: 0, quantity: 0)) { error in
                XCTAssertEqual(error as? ClientError, .invalidMessage(.replaceOrder))
            }
            XCTAssertEqual(try session.replace(orderId: 7, quantity: 0), 105)
            XCTAssertEqual(try session.massCancel(market: 0), 106)
            XCTAssertEqual(try session.addLiquidity(market: 0, maxBase: 1, maxQuote: 2, minShares: 3), 107)
            XCTAssertEqual(try session.removeLiquidity(market: 1, shares: 4, minBase: 5, minQuote: 6), 108)
            XCTAssertEqual(session.lastClientId, 108)
            try session.flush(timeout: .seconds(5))
            session.close()
        }
    }

    func testTheDefaultClientIdsStartFromTheWallClock() throws {
        try withServer { _, peer, _ in
            _ = try peer.acceptLogin(apiKey: "tandem-demo-key-1")
            _ = try peer.drain()
        } _: { port in
            let session = try connect(port: port, lastClientId: nil)
            // 2024-01-01 in nanoseconds since the epoch.
            XCTAssertGreaterThan(session.nextClientId(), 1_704_067_200_000_000_000)
            session.close()
        }
    }

    func testResumeAsksForTheStreamAfterTheLastMessageProcessed() throws {
        try withServer { server, peer, index in
            switch index {
            case 0:
                _ = try peer.acceptLogin(apiKey: "tandem-demo-key-1", session: 77, nextSequence: 1)
                try peer.send(TestMessages.balance(1), TestMessages.fill(2), TestMessages.balance(3))
                let before = try peer.drain()
                if before.count != 1 { server.fail("first connection received \(before)") }
            default:
                guard let login = try peer.acceptLogin(apiKey: "tandem-demo-key-1", session: 77) else {
                    return server.fail("the resume was rejected")
                }
                if login.session != 77 || login.nextSequence != 4 { server.fail("resumed with \(login)") }
                try peer.send(TestMessages.fill(4))
                let after = try peer.drain()
                guard case .newOrder(let order) = after.first, order.clientOrderId == 102 else {
                    return server.fail("second connection received \(after)")
                }
            }
        } _: { port in
            let session = try connect(port: port, lastClientId: 100)
            try session.newOrder(market: 0, side: .sell, price: 1, quantity: 1)
            try session.flush(timeout: .seconds(5))
            let first = try session.waitUntil { $0.sequence == 3 }
            XCTAssertEqual(first.count, 3)
            try session.resume()
            XCTAssertEqual(try session.receive(timeout: .seconds(5)), TestMessages.fill(4))
            try session.newOrder(market: 0, side: .sell, price: 1, quantity: 1)
            try session.flush(timeout: .seconds(5))
            XCTAssertEqual(session.lastSequence, 4)
            session.close()
        }
    }

    func testASequenceGapIsAnErrorAndResumeStartsAtTheMissingNumber() throws {
        try withServer { server, peer, index in
            switch index {
            case 0:
                _ = try peer.acceptLogin(apiKey: "tandem-demo-key-1", nextSequence: 1)
                try peer.send(TestMessages.balance(1), TestMessages.balance(3))
                _ = try peer.drain()
            default:
                let login = try peer.acceptLogin(apiKey: "tandem-demo-key-1")
                if login?.nextSequence != 2 { server.fail("resumed with \(String(describing: login))") }
                try peer.send(TestMessages.balance(2))
                _ = try peer.drain()
            }
        } _: { port in
            let session = try connect(port: port)
            XCTAssertEqual(try session.receive(timeout: .seconds(5)), TestMessages.balance(1))
            XCTAssertThrowsError(try session.receive(timeout: .seconds(5))) { error in
                XCTAssertEqual(error as? ClientError, .sequenceGap(expected: 2, received: 3))
            }
            XCTAssertEqual(session.nextSequence, 2)
            try session.resume()
            XCTAssertEqual(try session.receive(timeout: .seconds(5)), TestMessages.balance(2))
            session.close()
        }
    }

    func testTheEndOfTheStreamIsAnErrorAfterTheLastMessage() throws {
        try withServer { _, peer, _ in
            _ = try peer.acceptLogin(apiKey: "tandem-demo-key-1")
            try peer.send(TestMessages.balance(1))
            // Half a frame, then the end of the stream.
            try peer.write(Array(FakePeer.bytes([TestMessages.balance(2)])[..<10]))
        } _: { port in
            let session = try connect(port: port)
            var received: [Wire.Message] = []
            var ending: ClientError?
            let deadline = ContinuousClock.now + .seconds(5)
            while ending == nil && ContinuousClock.now < deadline {
                do throws(ClientError) {
                    try session.readAvailable { received.append($0) }
                } catch {
                    ending = error
                }
            }
            XCTAssertEqual(received, [TestMessages.balance(1)])
            XCTAssertEqual(ending, .connectionClosed)
            XCTAssertThrowsError(try session.receive(timeout: .seconds(1))) { error in
                XCTAssertEqual(error as? ClientError, .connectionClosed)
            }
        }
    }

    func testAServerLogoutIsThrownWithItsReason() throws {
        try withServer { _, peer, _ in
            _ = try peer.acceptLogin(apiKey: "tandem-demo-key-1")
            try peer.send(TestMessages.balance(1), .logout(Wire.Logout(reason: .idleTimeout)))
        } _: { port in
            let session = try connect(port: port)
            XCTAssertEqual(try session.receive(timeout: .seconds(5)), TestMessages.balance(1))
            XCTAssertThrowsError(try session.receive(timeout: .seconds(5))) { error in
                XCTAssertEqual(error as? ClientError, .loggedOut(.idleTimeout))
            }
        }
    }

    func testLogoutSendsARequestAndReturnsWhatCameBeforeTheAnswer() throws {
        try withServer { server, peer, _ in
            _ = try peer.acceptLogin(apiKey: "tandem-demo-key-1")
            guard case .logoutRequest = try peer.expectMessage() else { return server.fail("no logout request") }
            try peer.send(TestMessages.balance(1), .logout(Wire.Logout(reason: .requested)))
            _ = try peer.drain()
        } _: { port in
            let session = try connect(port: port)
            XCTAssertEqual(try session.logout(), [TestMessages.balance(1)])
            XCTAssertFalse(session.connection.isOpen)
        }
    }

    func testAHeartbeatIsSentOnlyWhenIdle() throws {
        try withServer { server, peer, _ in
            _ = try peer.acceptLogin(apiKey: "tandem-demo-key-1", heartbeatMillis: 1000)
            let received = try peer.drain()
            if received != [.heartbeat(Wire.Heartbeat())] { server.fail("received \(received)") }
        } _: { port in
            let session = try connect(port: port)
            let lastWrite = session.connection.lastWrite
            XCTAssertFalse(try session.sendHeartbeatIfIdle(now: lastWrite + .milliseconds(999)))
            XCTAssertTrue(try session.sendHeartbeatIfIdle(now: lastWrite + .milliseconds(1000)))
            XCTAssertFalse(try session.sendHeartbeatIfIdle(now: session.connection.lastWrite + .milliseconds(10)))
            session.close()
        }
    }

    func testWaitUntilTimesOutWhenNothingMatches() throws {
        try withServer { _, peer, _ in
            _ = try peer.acceptLogin(apiKey: "tandem-demo-key-1")
            try peer.send(TestMessages.balance(1))
            _ = try peer.drain()
        } _: { port in
            let session = try connect(port: port)
            XCTAssertThrowsError(try session.waitUntil(timeout: .milliseconds(200)) { _ in false }) { error in
                XCTAssertEqual(error as? ClientError, .timedOut(waitingFor: "a message the predicate accepts"))
            }
            session.close()
        }
    }
}
