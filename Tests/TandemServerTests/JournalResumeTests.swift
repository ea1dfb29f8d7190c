import TandemClient
import TandemServer
import TandemWire
import Testing

/// Resumes served from the journal: older than the in-memory window, and after a restart on the same data
/// directory, byte for byte what the client was sent the first time.
@Suite(.serialized) struct JournalResumeTests {
    @Test func aResumeOlderThanTheWindowIsServedFromTheJournal() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var options = ServerOptions()
        options.dataDirectory = directory.path
        options.resumeWindowBytes = 4_096
        let fixture = try ServerFixture(options: options)
        defer { fixture.stop() }
        let trader = try fixture.orderEntry(account: 1, cancelOnDisconnect: false)
        let first = try trade(on: trader, fixture: fixture, orders: 300)
        let sessionId = trader.sessionId
        trader.close()

        let back = try waitForLogin {
            try fixture.orderEntry(account: 1, session: sessionId, nextSequence: 1, lastClientId: trader.lastClientId)
        }
        #expect(try reports(from: back, count: first.count) == first)
        #expect(try fixture.metric("tandem_journal_resumes_total") == 1)
        // Live reports follow the replayed ones without a gap.
        try back.newOrder(market: 0, side: .buy, price: ServerFixture.dollars(900), quantity: ServerFixture.lot)
        try back.flush(timeout: .seconds(5))
        let accepted = try back.first { $0.messageType == .orderAccepted ? $0.sequence : nil }
        #expect(accepted == UInt64(first.count) + 1)

        // From the middle, while another account trades with this one.
        back.close()
        let middle = UInt64(first.count / 2)
        let again = try waitForLogin {
            try fixture.orderEntry(
                account: 1, session: sessionId, nextSequence: middle, lastClientId: back.lastClientId)
        }
        let replayed = try reports(from: again, count: first.count - Int(middle) + 1)
        #expect(replayed == Array(first[Int(middle - 1)...]))
    }

    @Test func liveReportsThatPassTheWindowDuringAResumeAreReadFromTheJournalToo() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var options = ServerOptions()
        options.dataDirectory = directory.path
        options.resumeWindowBytes = 4_096
        options.resumeSliceBytes = 1  // one record's reports per millisecond: the resume takes a while
        let fixture = try ServerFixture(options: options)
        defer { fixture.stop() }
        let trader = try fixture.orderEntry(account: 1, cancelOnDisconnect: false)
        let first = try trade(on: trader, fixture: fixture, orders: 100)
        trader.close()
        let back = try waitForLogin {
            try fixture.orderEntry(
                account: 1, session: trader.sessionId, nextSequence: 1, lastClientId: trader.lastClientId)
        }
        // While the old reports trickle out, new ones pass the 4 KiB window many times over.
        for step in 0..<200 {
            try back.newOrder(
                market: 0, side: .buy, price: ServerFixture.dollars(900 + Int64(step % 50)),
                quantity: ServerFixture.lot)
        }
        try back.flush(timeout: .seconds(5))
        // Each new order: order_accepted and balance_update; the client checks that no sequence is skipped.
        let received = try reports(from: back, count: first.count + 400)
        #expect(Array(received.prefix(first.count)) == first)
        #expect(try fixture.metric("tandem_journal_resumes_total") >= 2)
    }

    @Test func aClientResumesAfterARestartAndGetsTheSameReports() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var options = ServerOptions()
        options.dataDirectory = directory.path
        let (sent, sessionId, lastClientId) = try firstRun(options: options, orders: 20)

        let after = try ServerFixture(options: options)
        defer { after.stop() }
        let back = try after.orderEntry(account: 1, session: sessionId, nextSequence: 1, lastClientId: lastClientId)
        #expect(back.sessionId == sessionId)
        #expect(try reports(from: back, count: sent.count) == sent)
        // The numbering and the client ids go on from where the first run left them.
        try back.newOrder(market: 0, side: .buy, price: ServerFixture.dollars(900), quantity: ServerFixture.lot)
        try back.flush(timeout: .seconds(5))
        #expect(try back.first { $0.messageType == .orderAccepted ? $0.sequence : nil } == UInt64(sent.count) + 1)
        back.close()
        let stale = try waitForLogin {
            try after.orderEntry(account: 1, session: sessionId, lastClientId: lastClientId - 1)
        }
        try stale.newOrder(market: 0, side: .buy, price: ServerFixture.dollars(901), quantity: ServerFixture.lot)
        try stale.flush(timeout: .seconds(5))
        let refused = try stale.first { message -> Wire.MessageRejected? in
            if case .messageRejected(let refused) = message { return refused }
            return nil
        }
        #expect(refused.reason == .clientIdNotIncreasing)
    }

    @Test func theMarketDataSessionDoesNotOutliveARestart() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var options = ServerOptions()
        options.dataDirectory = directory.path
        let before = try ServerFixture(options: options)
        let watcher = try before.marketData()
        let (marketDataSession, orderEntrySession) = (watcher.sessionId, try before.orderEntry(account: 1).sessionId)
        #expect(marketDataSession != orderEntrySession)
        before.stop()
        let after = try ServerFixture(options: options)
        defer { after.stop() }
        let back = try after.rawConnection(marketData: true)
        #expect(throws: ClientError.loginRejected(.sessionUnavailable)) {
            try back.logIn(account: 4, apiKey: "key-4", session: marketDataSession, nextSequence: 1)
        }
    }

    @Test func aResumeTheServerCannotServeIsRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var options = ServerOptions()
        options.dataDirectory = directory.path
        let (sent, sessionId, _) = try firstRun(options: options, orders: 3)
        let restarted = try ServerFixture(options: options)
        defer { restarted.stop() }
        let past = try restarted.rawConnection()
        #expect(throws: ClientError.loginRejected(.sequenceOutOfRange)) {
            try past.logIn(account: 1, apiKey: "key-1", session: sessionId, nextSequence: UInt64(sent.count) + 2)
        }
        let other = try restarted.rawConnection()
        #expect(throws: ClientError.loginRejected(.sessionUnavailable)) {
            try other.logIn(account: 1, apiKey: "key-1", session: sessionId &+ 1, nextSequence: 1)
        }

        // Without a journal, what has left the window is gone.
        var memoryOnly = ServerOptions()
        memoryOnly.resumeWindowBytes = 4_096
        let fixture = try ServerFixture(options: memoryOnly)
        defer { fixture.stop() }
        let forgetful = try fixture.orderEntry(account: 1, cancelOnDisconnect: false)
        _ = try trade(on: forgetful, fixture: fixture, orders: 300)
        let memorySession = forgetful.sessionId
        try forgetful.logout()
        let old = try fixture.rawConnection()
        #expect(throws: ClientError.loginRejected(.sequenceOutOfRange)) {
            try old.logIn(account: 1, apiKey: "key-1", session: memorySession, nextSequence: 1)
        }
    }

    /// A server's first run on a data directory: account 1 trades (`trade`), logs out and the server stops.
    /// Returns the reports account 1 received, its session id and its last client id.
    private func firstRun(options: ServerOptions, orders: Int) throws -> ([[UInt8]], UInt64, UInt64) {
        let fixture = try ServerFixture(options: options)
        let trader = try fixture.orderEntry(account: 1, cancelOnDisconnect: false)
        let sent = try trade(on: trader, fixture: fixture, orders: orders)
        try trader.logout()
        fixture.stop()
        return (sent, trader.sessionId, trader.lastClientId)
    }

    /// Rests `orders` orders for `session`'s account, has account 2 trade with one, replaces one, cancels the
    /// rest with a mass cancel and asks to cancel one that does not exist: every kind of report that names the
    /// request. Returns every report the session received, encoded.
    private func trade(on session: OrderEntrySession, fixture: ServerFixture, orders: Int) throws -> [[UInt8]] {
        for step in 0..<orders {
            try session.newOrder(
                market: 0, side: .sell, price: ServerFixture.dollars(1_010 + Int64(step % 40)),
                quantity: 2 * ServerFixture.lot)
        }
        try session.flush(timeout: .seconds(5))
        let taker = try fixture.orderEntry(account: 2)
        try taker.newOrder(
            market: 0, side: .buy, price: ServerFixture.dollars(1_010), quantity: ServerFixture.lot, timeInForce: .ioc)
        try taker.flush(timeout: .seconds(5))
        _ = try taker.first(fill)
        try taker.logout()
        try session.replace(orderId: 1, price: ServerFixture.dollars(1_020))
        try session.massCancel()
        // Refused by the engine, and last: its order_rejected is the command's only report.
        try session.cancel(orderId: 1_000_000)
        try session.flush(timeout: .seconds(5))
        var received: [[UInt8]] = []
        _ = try session.waitUntil(timeout: .seconds(10)) { message in
            if message.sequence != nil { received.append(encoded(message)) }
            return message.messageType == .orderRejected
        }
        #expect(received.count == Int(session.lastSequence))
        return received
    }

    /// The next `count` sequenced messages, encoded.
    private func reports(from session: OrderEntrySession, count: Int) throws -> [[UInt8]] {
        var received: [[UInt8]] = []
        guard count > 0 else { return received }
        _ = try session.waitUntil(timeout: .seconds(10)) { message in
            if message.sequence != nil { received.append(encoded(message)) }
            return received.count == count
        }
        return received
    }

    private func encoded(_ message: Wire.Message) -> [UInt8] {
        let buffer = WireOutputBuffer(capacity: Wire.maxFrameLength)
        buffer.append(message)
        return Array(buffer.bytes)
    }
}
