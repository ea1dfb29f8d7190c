import TandemWire

/// A logged-in connection to the market-data port that keeps a local book of every market.
///
/// Each received message is applied to the books (assets, instruments, depth, top of book, last trade, pool
/// state) before it is delivered. `snapshot_begin` clears everything; the snapshot's messages carry sequence 0;
/// after `snapshot_end` every sequenced message must carry the next sequence number, or `sequenceGap` is thrown
/// and the message is neither applied nor delivered (`resume()` then asks for the stream again from there).
/// Heartbeats are consumed and a `logout` is thrown as `loggedOut`.
///
/// Not thread-safe: one thread uses a session at a time (it may be handed to another thread).
public final class MarketDataSession: MessageReceiving, @unchecked Sendable {
    /// The current connection; `resume()` replaces it.
    public private(set) var connection: WireConnection
    /// The server's answer to the last login.
    public private(set) var loginAccepted: Wire.LoginAccepted

    private var stream: StreamTracker
    private let endpoint: Endpoint
    private var assets: [UInt32: Wire.AssetDefinition] = [:]
    private var books: [UInt32: MarketBook] = [:]

    /// Connects to the market-data port and logs in; with `nextSequence` 0, also receives the whole snapshot
    /// before returning, so that the books are complete.
    public static func connect(
        host: String = "127.0.0.1", port: Int, account: UInt32, apiKey: String, session: UInt64 = 0,
        nextSequence: UInt64 = 0, timeout: Duration = .seconds(5)
    ) throws(ClientError) -> MarketDataSession {
        let deadline = ContinuousClock.now + timeout
        let endpoint = Endpoint(host: host, port: port, account: account, apiKey: apiKey, cancelOnDisconnect: false)
        let (connection, accepted) = try endpoint.logIn(session: session, nextSequence: nextSequence, timeout: timeout)
        let client = MarketDataSession(
            connection: connection, accepted: accepted, requestedSequence: nextSequence, endpoint: endpoint)
        if nextSequence == 0 {
            try client.waitForSnapshot(timeout: deadline - .now)
        }
        return client
    }

    private init(
        connection: WireConnection, accepted: Wire.LoginAccepted, requestedSequence: UInt64, endpoint: Endpoint
    ) {
        self.connection = connection
        self.loginAccepted = accepted
        self.stream = StreamTracker(requested: requestedSequence, accepted: accepted)
        self.endpoint = endpoint
        self.isSnapshotComplete = requestedSequence != 0
    }

    /// Whether the last snapshot asked for has been received in full (true after a resume from a sequence).
    public private(set) var isSnapshotComplete: Bool

    /// The market-data session's id.
    public var sessionId: UInt64 { loginAccepted.session }

    /// The sequence number the next sequenced message must carry: where a resume starts.
    public var nextSequence: UInt64 { stream.nextSequence }

    /// The sequence number of the last sequenced message applied; 0 when none was.
    public var lastSequence: UInt64 { stream.nextSequence &- 1 }

    /// The current connection's socket, for poll(2).
    public var fileDescriptor: Int32 { connection.fileDescriptor }

    /// The ids of the markets known, in increasing order.
    public var markets: [UInt32] { books.keys.sorted() }

    /// The asset's definition, once received.
    public func asset(_ id: UInt32) -> Wire.AssetDefinition? {
        assets[id]
    }

    /// The market's book, once anything about it was received.
    public func book(market: UInt32) -> MarketBook? {
        books[market]
    }

    /// The market's pool price in quote minor units per whole base unit (rounded down), once its definition,
    /// its base asset and its pool state are known.
    public func poolPrice(market: UInt32) -> Int64? {
        guard let book = books[market], let instrument = book.instrument,
            let base = assets[instrument.baseAsset]
        else { return nil }
        return book.poolPrice(baseDecimals: base.decimals)
    }

    /// Drops the connection without a logout request.
    public func close() {
        connection.close()
    }
}

// MARK: - Receiving

extension MarketDataSession {
    /// Reads what has arrived, without blocking, applies each message and then calls `body` with it; returns
    /// how many it delivered.
    @discardableResult
    public func readAvailable(_ body: (Wire.Message) throws(ClientError) -> Void = { _ in }) throws(ClientError)
        -> Int
    {
        var delivered = 0
        try connection.readAvailable { (message) throws(ClientError) in
            guard try admit(message) else { return }
            delivered += 1
            try body(message)
        }
        return delivered
    }

    /// The next message other than a heartbeat, applied, waiting up to `timeout`.
    public func receive(timeout: Duration) throws(ClientError) -> Wire.Message {
        let deadline = ContinuousClock.now + timeout
        while true {
            let message = try connection.receive(until: deadline)
            if try admit(message) { return message }
        }
    }

    /// Receives until the snapshot asked for is complete.
    public func waitForSnapshot(timeout: Duration = .seconds(5)) throws(ClientError) {
        let deadline = ContinuousClock.now + timeout
        while !isSnapshotComplete {
            let message: Wire.Message
            do throws(ClientError) {
                message = try connection.receive(until: deadline)
            } catch .timedOut {
                throw .timedOut(waitingFor: "the market-data snapshot")
            }
            _ = try admit(message)
        }
    }

    /// Enqueues and flushes a heartbeat when nothing was written for the heartbeat interval; true when it did.
    @discardableResult
    public func sendHeartbeatIfIdle(now: ContinuousClock.Instant = .now) throws(ClientError) -> Bool {
        try connection.sendHeartbeatIfIdle(intervalMillis: loginAccepted.heartbeatIntervalMillis, now: now)
    }

    /// Sends `logout_request` and reads until the server's `logout`; returns the messages that came before it
    /// (applied) and closes the connection.
    @discardableResult
    public func logout(timeout: Duration = .seconds(5)) throws(ClientError) -> [Wire.Message] {
        try connection.logout(timeout: timeout) { (message) throws(ClientError) in try admit(message) }
    }

    /// Reconnects: resumes the stream from `nextSequence`, or, when the server no longer holds it
    /// (`sequence_out_of_range`) or restarted (`session_unavailable`), logs in for a new snapshot and receives it.
    public func resume(timeout: Duration = .seconds(5)) throws(ClientError) {
        let deadline = ContinuousClock.now + timeout
        connection.close()
        let requested = stream.nextSequence
        do throws(ClientError) {
            try logIn(session: sessionId, nextSequence: requested, timeout: timeout)
        } catch .loginRejected(let reason) where reason == .sequenceOutOfRange || reason == .sessionUnavailable {
            try logIn(session: 0, nextSequence: 0, timeout: deadline - .now)
            try waitForSnapshot(timeout: deadline - .now)
        }
    }

    private func logIn(session: UInt64, nextSequence: UInt64, timeout: Duration) throws(ClientError) {
        let (connection, accepted) = try endpoint.logIn(session: session, nextSequence: nextSequence, timeout: timeout)
        self.connection = connection
        loginAccepted = accepted
        stream = StreamTracker(requested: nextSequence, accepted: accepted)
        isSnapshotComplete = nextSequence != 0
    }

    /// Checks `message`'s place in the stream and applies it; false for a heartbeat, which is consumed.
    private func admit(_ message: Wire.Message) throws(ClientError) -> Bool {
        switch message {
        case .heartbeat:
            return false
        case .logout(let logout):
            connection.close()
            throw .loggedOut(logout.reason)
        default:
            try stream.admit(message)
            apply(message)
            return true
        }
    }

    private func apply(_ message: Wire.Message) {
        switch message {
        case .snapshotBegin:
            assets = [:]
            books = [:]
            isSnapshotComplete = false
        case .snapshotEnd:
            isSnapshotComplete = true
        case .assetDefinition(let definition):
            assets[definition.asset] = definition
        case .instrumentDefinition(let definition):
            books[definition.market, default: MarketBook(market: definition.market)].apply(message)
        case .depthLevel(let level):
            books[level.market, default: MarketBook(market: level.market)].apply(message)
        case .topOfBook(let top):
            books[top.market, default: MarketBook(market: top.market)].apply(message)
        case .trade(let trade):
            books[trade.market, default: MarketBook(market: trade.market)].apply(message)
        case .poolState(let state):
            books[state.market, default: MarketBook(market: state.market)].apply(message)
        case .markPrice(let price):
            books[price.market, default: MarketBook(market: price.market)].apply(message)
        default:
            break
        }
    }
}
