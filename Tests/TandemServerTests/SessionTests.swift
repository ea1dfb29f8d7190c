import Glibc
import TandemClient
import TandemServer
import TandemWire
import Testing

/// Logins, resumes, cancel on disconnect and the rate limit.
@Suite(.serialized) struct SessionTests {
    @Test func aReconnectingClientResumesWithoutMissingAFill() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let maker = try fixture.orderEntry(account: 1, cancelOnDisconnect: false)
        try maker.newOrder(market: 0, side: .sell, price: ServerFixture.dollars(1_010), quantity: 2 * ServerFixture.lot)
        try maker.flush(timeout: .seconds(5))
        _ = try maker.first { $0.messageType == .balanceUpdate ? true : nil }
        let lastSeen = maker.lastSequence
        let sessionId = maker.sessionId
        maker.close()
        // While the maker is away its order trades.
        let taker = try fixture.orderEntry(account: 2)
        try taker.newOrder(
            market: 0, side: .buy, price: ServerFixture.dollars(1_010), quantity: ServerFixture.lot, timeInForce: .ioc)
        try taker.flush(timeout: .seconds(5))
        let takerFill = try taker.first(fill)
        let back = try waitForLogin {
            try fixture.orderEntry(account: 1, session: sessionId, nextSequence: lastSeen + 1)
        }
        let makerFill = try back.first(fill)
        #expect(makerFill.tradeId == takerFill.tradeId && makerFill.sequence == lastSeen + 1)
        #expect(makerFill.remaining == ServerFixture.lot)
    }

    @Test func aDroppedConnectionCancelsItsOrdersWhenItAskedFor() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let maker = try fixture.orderEntry(account: 1, cancelOnDisconnect: true)
        try maker.newOrder(market: 0, side: .sell, price: ServerFixture.dollars(1_010), quantity: ServerFixture.lot)
        try maker.flush(timeout: .seconds(5))
        _ = try maker.first { $0.messageType == .balanceUpdate ? true : nil }
        let lastSeen = maker.lastSequence
        maker.close()
        let back = try waitForLogin { try fixture.orderEntry(account: 1, nextSequence: lastSeen + 1) }
        let canceled = try back.first { message -> Wire.OrderCanceled? in
            if case .orderCanceled(let canceled) = message { return canceled }
            return nil
        }
        #expect(canceled.reason == .massCancel)
        _ = try back.first { $0.messageType == .massCancelAck ? true : nil }
    }

    @Test func aCleanLogoutLeavesTheOrdersLive() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let maker = try fixture.orderEntry(account: 1, cancelOnDisconnect: true)
        try maker.newOrder(market: 0, side: .sell, price: ServerFixture.dollars(1_010), quantity: ServerFixture.lot)
        try maker.flush(timeout: .seconds(5))
        _ = try maker.first { $0.messageType == .balanceUpdate ? true : nil }
        try maker.logout()
        let taker = try fixture.orderEntry(account: 2)
        try taker.newOrder(
            market: 0, side: .buy, price: ServerFixture.dollars(1_010), quantity: ServerFixture.lot, timeInForce: .ioc)
        try taker.flush(timeout: .seconds(5))
        #expect(try taker.first(fill).quantity == ServerFixture.lot)
    }

    @Test func loginsAreCheckedAndRefusedWithTheirReasons() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let wrongKey = try fixture.rawConnection()
        #expect(throws: ClientError.loginRejected(.notAuthorized)) { try wrongKey.logIn(account: 1, apiKey: "key-2") }
        let unknown = try fixture.rawConnection()
        #expect(throws: ClientError.loginRejected(.notAuthorized)) { try unknown.logIn(account: 77, apiKey: "key-1") }
        let first = try fixture.orderEntry(account: 1)
        let second = try fixture.rawConnection()
        #expect(throws: ClientError.loginRejected(.alreadyLoggedIn)) { try second.logIn(account: 1, apiKey: "key-1") }
        let oldSession = try fixture.rawConnection()
        #expect(throws: ClientError.loginRejected(.sessionUnavailable)) {
            try oldSession.logIn(account: 2, apiKey: "key-2", session: first.sessionId &+ 1)
        }
        let future = try fixture.rawConnection()
        #expect(throws: ClientError.loginRejected(.sequenceOutOfRange)) {
            try future.logIn(account: 2, apiKey: "key-2", nextSequence: 1_000)
        }
    }

    @Test func requestsOverTheRateLimitAreRefused() throws {
        var options = ServerOptions()
        options.rateLimit = 5
        let fixture = try ServerFixture(options: options)
        defer { fixture.stop() }
        let session = try fixture.orderEntry(account: 1)
        for step in 0..<12 {
            try session.newOrder(
                market: 0, side: .buy, price: ServerFixture.dollars(900 + Int64(step)), quantity: ServerFixture.lot)
        }
        try session.flush(timeout: .seconds(5))
        var accepted = 0
        var limited = 0
        _ = try session.waitUntil { message in
            if message.messageType == .orderAccepted { accepted += 1 }
            if case .messageRejected(let refused) = message, refused.reason == .rateLimited { limited += 1 }
            return accepted + limited == 12
        }
        #expect(accepted == 5 && limited == 7)
    }

    @Test func connectionsPastTheLimitAreTurnedAway() throws {
        var options = ServerOptions()
        options.maxConnections = 2
        let fixture = try ServerFixture(options: options)
        defer { fixture.stop() }
        let first = try fixture.orderEntry(account: 1)
        let second = try fixture.marketData(account: 2)
        let third = try fixture.rawConnection()
        let refused = try third.first { message -> Wire.Logout? in
            if case .logout(let logout) = message { return logout }
            return nil
        }
        #expect(refused.reason == .connectionLimit)
        try first.logout()
        try second.logout()
    }

    @Test func aSilentClientGetsHeartbeatsThenAnIdleTimeout() throws {
        var options = ServerOptions()
        options.heartbeatIntervalMillis = 100
        options.idleTimeoutMillis = 600
        let fixture = try ServerFixture(options: options)
        defer { fixture.stop() }
        let silent = try fixture.rawConnection()
        let accepted = try silent.logIn(account: 1, apiKey: "key-1")
        #expect(accepted.heartbeatIntervalMillis == 100 && accepted.idleTimeoutMillis == 600)
        var heartbeats = 0
        let logout = try silent.first { message -> Wire.Logout? in
            if message.messageType == .heartbeat { heartbeats += 1 }
            if case .logout(let logout) = message { return logout }
            return nil
        }
        #expect(logout.reason == .idleTimeout && heartbeats >= 3)
    }
}

func usleepMilliseconds(_ milliseconds: UInt32) {
    var remaining = timespec(tv_sec: Int(milliseconds / 1_000), tv_nsec: Int(milliseconds % 1_000) * 1_000_000)
    nanosleep(&remaining, nil)
}
