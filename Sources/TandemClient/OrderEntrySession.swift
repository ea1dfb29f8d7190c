import TandemWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A logged-in connection to the order-entry port: requests out, the session's sequenced stream in.
///
/// Requests are only enqueued (`flush` writes them), and each returns the client id it used; client ids
/// strictly increase across the session's connections. Received messages go through the session layer:
/// heartbeats are consumed, a `logout` is thrown as `loggedOut`, and every sequenced message must carry the
/// next sequence number (a gap is thrown as `sequenceGap` and the message is not delivered; `resume()` then
/// asks for the stream again from the first missing number). Nothing is sent automatically: call
/// `sendHeartbeatIfIdle` regularly.
///
/// Not thread-safe: one thread uses a session at a time (it may be handed to another thread).
public final class OrderEntrySession: MessageReceiving, @unchecked Sendable {
    /// The current connection; `resume()` replaces it.
    public private(set) var connection: WireConnection
    public let account: UInt32
    /// The server's answer to the last login: the session id, heartbeat interval and idle timeout.
    public private(set) var loginAccepted: Wire.LoginAccepted
    /// The highest client id used so far; `nextClientId()` returns one more.
    public private(set) var lastClientId: UInt64

    private var stream: StreamTracker
    private let endpoint: Endpoint

    /// Connects to the order-entry port and logs in.
    ///
    /// - Parameters:
    ///   - session: the session to continue, 0 for the server's current one.
    ///   - nextSequence: the first sequence number wanted, 0 for live messages only.
    ///   - cancelOnDisconnect: whether the server cancels the account's orders when a connection drops without
    ///     a logout request.
    ///   - lastClientId: the highest client id the session has used; by default the wall clock in nanoseconds,
    ///     so that ids keep increasing across runs of the client.
    public static func connect(
        host: String = "127.0.0.1", port: Int, account: UInt32, apiKey: String, session: UInt64 = 0,
        nextSequence: UInt64 = 0, cancelOnDisconnect: Bool = true, lastClientId: UInt64? = nil,
        timeout: Duration = .seconds(5)
    ) throws(ClientError) -> OrderEntrySession {
        let endpoint = Endpoint(
            host: host, port: port, account: account, apiKey: apiKey, cancelOnDisconnect: cancelOnDisconnect)
        let (connection, accepted) = try endpoint.logIn(session: session, nextSequence: nextSequence, timeout: timeout)
        return OrderEntrySession(
            connection: connection, accepted: accepted, requestedSequence: nextSequence, endpoint: endpoint,
            lastClientId: lastClientId ?? Self.wallClockNanoseconds())
    }

    private init(
        connection: WireConnection, accepted: Wire.LoginAccepted, requestedSequence: UInt64, endpoint: Endpoint,
        lastClientId: UInt64
    ) {
        self.connection = connection
        self.account = endpoint.account
        self.loginAccepted = accepted
        self.lastClientId = lastClientId
        self.stream = StreamTracker(requested: requestedSequence, accepted: accepted)
        self.endpoint = endpoint
    }

    /// The session's id, for a later resume.
    public var sessionId: UInt64 { loginAccepted.session }

    /// The sequence number the next sequenced message must carry: where a resume starts.
    public var nextSequence: UInt64 { stream.nextSequence }

    /// The sequence number of the last sequenced message processed; 0 when none was.
    public var lastSequence: UInt64 { stream.nextSequence &- 1 }

    /// The current connection's socket, for poll(2).
    public var fileDescriptor: Int32 { connection.fileDescriptor }

    /// A client id above every one this session has used.
    public func nextClientId() -> UInt64 {
        lastClientId += 1
        return lastClientId
    }

    /// Drops the connection without a logout request; `resume()` can continue the session.
    public func close() {
        connection.close()
    }

    private static func wallClockNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}

// MARK: - Sending

extension OrderEntrySession {
    /// Enqueues any message as it is (no client id is assigned).
    public func enqueue(_ message: Wire.Message) throws(ClientError) {
        try connection.enqueue(message)
    }

    /// Writes as much of the enqueued output as the socket accepts now; true when nothing is left.
    @discardableResult
    public func flush() throws(ClientError) -> Bool {
        try connection.flush()
    }

    /// Writes all the enqueued output, waiting up to `timeout`.
    public func flush(timeout: Duration) throws(ClientError) {
        try connection.flush(timeout: timeout)
    }

    /// Enqueues and flushes a heartbeat when nothing was written for the heartbeat interval; true when it did.
    @discardableResult
    public func sendHeartbeatIfIdle(now: ContinuousClock.Instant = .now) throws(ClientError) -> Bool {
        try connection.sendHeartbeatIfIdle(intervalMillis: loginAccepted.heartbeatIntervalMillis, now: now)
    }
}

// MARK: - Receiving

extension OrderEntrySession {
    /// Reads what has arrived, without blocking, and calls `body` with each message in order; returns how many
    /// it delivered. Heartbeats are consumed; see the type's documentation for logouts and gaps.
    @discardableResult
    public func readAvailable(_ body: (Wire.Message) throws(ClientError) -> Void) throws(ClientError) -> Int {
        var delivered = 0
        try connection.readAvailable { (message) throws(ClientError) in
            guard try admit(message) else { return }
            delivered += 1
            try body(message)
        }
        return delivered
    }

    /// The next message other than a heartbeat, waiting up to `timeout`.
    public func receive(timeout: Duration) throws(ClientError) -> Wire.Message {
        let deadline = ContinuousClock.now + timeout
        while true {
            let message = try connection.receive(until: deadline)
            if try admit(message) { return message }
        }
    }

    /// Sends `logout_request` and reads until the server's `logout`; returns the messages that came before it
    /// and closes the connection. The session and its orders stay, for a later `resume()`.
    @discardableResult
    public func logout(timeout: Duration = .seconds(5)) throws(ClientError) -> [Wire.Message] {
        try connection.logout(timeout: timeout) { (message) throws(ClientError) in try admit(message) }
    }

    /// Closes the current connection and logs in to the same session on a new one, asking for the stream from
    /// `nextSequence` (one past the last message processed); the replay then arrives as usual. Client ids go on
    /// from `lastClientId`.
    public func resume(timeout: Duration = .seconds(5)) throws(ClientError) {
        connection.close()
        let requested = stream.nextSequence
        let (connection, accepted) = try endpoint.logIn(session: sessionId, nextSequence: requested, timeout: timeout)
        self.connection = connection
        loginAccepted = accepted
        stream = StreamTracker(requested: requested, accepted: accepted)
    }

    /// Whether `message` is for the caller: false for a heartbeat; throws for a logout or a gap.
    private func admit(_ message: Wire.Message) throws(ClientError) -> Bool {
        switch message {
        case .heartbeat:
            return false
        case .logout(let logout):
            connection.close()
            throw .loggedOut(logout.reason)
        default:
            try stream.admit(message)
            return true
        }
    }
}
