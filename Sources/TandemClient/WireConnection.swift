import TandemWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One TCP connection speaking the wire protocol, on a non-blocking socket.
///
/// Sending is two steps: `enqueue` encodes into a growable buffer without a system call, `flush` writes what
/// the socket accepts. Receiving goes through a `WireFramer`: `readAvailable` hands over every complete message
/// that has arrived, `receive(timeout:)` waits for the next one. Frames split across reads are kept between
/// calls. Messages are delivered as they are, heartbeats and logouts included, and sequences are not checked;
/// `OrderEntrySession` and `MarketDataSession` add the session layer.
///
/// Not thread-safe: one thread uses a connection at a time (it may be handed to another thread).
public final class WireConnection: MessageReceiving, @unchecked Sendable {
    /// The socket, for poll(2) over many connections; -1 once closed.
    public private(set) var fileDescriptor: Int32
    /// When bytes last went to the socket (or the connection opened).
    public private(set) var lastWrite: ContinuousClock.Instant
    /// When bytes last came from the socket (or the connection opened).
    public private(set) var lastRead: ContinuousClock.Instant

    private let framer: WireFramer
    private let output = OutboundBuffer()
    /// Whether the peer ended the stream; frames already buffered are still delivered.
    private var reachedEnd = false

    /// Bounds the reads of one `readAvailable` so that a fast sender cannot keep it from returning.
    private static let maximumReadsPerCall = 8

    /// Connects to `host:port` (a name or a numeric address) with TCP_NODELAY on a non-blocking socket.
    public static func connect(
        host: String, port: Int, timeout: Duration = .seconds(5), receiveBufferSize: Int = 256 * 1024
    ) throws(ClientError) -> WireConnection {
        let descriptor = try Socket.connect(host: host, port: port, deadline: .now + timeout)
        return WireConnection(openDescriptor: descriptor, receiveBufferSize: receiveBufferSize)
    }

    /// Takes ownership of a connected socket (for example one a listening socket accepted) and makes it
    /// non-blocking; the connection closes it.
    public convenience init(adopting fileDescriptor: Int32, receiveBufferSize: Int = 256 * 1024) throws(ClientError) {
        try Socket.setNonBlocking(fileDescriptor)
        self.init(openDescriptor: fileDescriptor, receiveBufferSize: receiveBufferSize)
    }

    private init(openDescriptor: Int32, receiveBufferSize: Int) {
        fileDescriptor = openDescriptor
        framer = WireFramer(capacity: max(receiveBufferSize, Wire.maxFrameLength))
        let now = ContinuousClock.now
        lastWrite = now
        lastRead = now
    }

    deinit {
        if fileDescriptor >= 0 {
            systemClose(fileDescriptor)
        }
    }

    /// Whether the socket is still open on this side.
    public var isOpen: Bool { fileDescriptor >= 0 }

    /// Bytes enqueued and not yet written to the socket.
    public var pendingOutputBytes: Int { output.count }

    /// Closes the socket; later calls throw `notConnected`. Calling it again does nothing.
    public func close() {
        guard fileDescriptor >= 0 else { return }
        systemClose(fileDescriptor)
        fileDescriptor = -1
    }
}

// MARK: - Sending

extension WireConnection {
    /// Encodes `message` at the end of the outbound buffer, without a system call.
    public func enqueue(_ message: Wire.Message) throws(ClientError) {
        guard message.isValid else { throw .invalidMessage(message.messageType) }
        output.append(message)
    }

    /// Encodes `message` at the end of the outbound buffer, without a system call.
    public func enqueue<Body: WireMessageBody>(_ message: Body) throws(ClientError) {
        guard message.isValid else { throw .invalidMessage(Body.messageType) }
        output.append(message)
    }

    /// Appends bytes as they are, for tests that send broken or partial frames.
    public func enqueue(rawBytes: UnsafeRawBufferPointer) {
        output.append(rawBytes: rawBytes)
    }

    /// Writes as much of the outbound buffer as the socket accepts now; true when nothing is left.
    @discardableResult
    public func flush() throws(ClientError) -> Bool {
        guard fileDescriptor >= 0 else { throw .notConnected }
        while output.count > 0 {
            let written = systemSend(fileDescriptor, output.pendingBytes)
            if written > 0 {
                output.consume(written)
                lastWrite = .now
                continue
            }
            switch errno {
            case EAGAIN, EWOULDBLOCK: return false
            case EINTR: continue
            case EPIPE, ECONNRESET: throw .connectionClosed
            default: throw .socketError(operation: "send", errno: errno)
            }
        }
        return true
    }

    /// Writes the whole outbound buffer, waiting for the socket as needed, or throws `timedOut`.
    public func flush(timeout: Duration) throws(ClientError) {
        try flush(until: .now + timeout)
    }

    /// Enqueues `message` and writes everything enqueued, waiting up to `timeout`.
    public func send(_ message: Wire.Message, timeout: Duration = .seconds(5)) throws(ClientError) {
        try enqueue(message)
        try flush(timeout: timeout)
    }

    func flush(until deadline: ContinuousClock.Instant) throws(ClientError) {
        while try !flush() {
            try Socket.wait(
                fileDescriptor, for: Int16(POLLOUT), until: deadline, event: "the socket to take the output")
        }
    }
}

// MARK: - Receiving

extension WireConnection {
    /// Reads what the socket holds, without blocking, and calls `body` with each complete message in order;
    /// returns how many it delivered.
    ///
    /// A partial frame stays buffered for the next call. At the end of the stream every complete message is
    /// delivered, then `connectionClosed` is thrown. A frame that does not decode is dropped and thrown as
    /// `undecodable`; the frames after it stay buffered for the next call.
    @discardableResult
    public func readAvailable(_ body: (Wire.Message) throws(ClientError) -> Void) throws(ClientError) -> Int {
        guard fileDescriptor >= 0 else { throw .notConnected }
        var delivered = try deliverBuffered(body)
        for _ in 0..<Self.maximumReadsPerCall {
            guard try receiveIntoFramer() else { break }
            delivered += try deliverBuffered(body)
        }
        if reachedEnd { throw .connectionClosed }
        return delivered
    }

    /// The next message, waiting up to `timeout` for it; `timedOut` when none came.
    public func receive(timeout: Duration) throws(ClientError) -> Wire.Message {
        try receive(until: .now + timeout)
    }

    func receive(until deadline: ContinuousClock.Instant) throws(ClientError) -> Wire.Message {
        guard fileDescriptor >= 0 else { throw .notConnected }
        while true {
            if let message = try nextBufferedMessage() { return message }
            if reachedEnd { throw .connectionClosed }
            if try !receiveIntoFramer() && !reachedEnd {
                try Socket.wait(fileDescriptor, for: Int16(POLLIN), until: deadline, event: "a message")
            }
        }
    }

    private func deliverBuffered(_ body: (Wire.Message) throws(ClientError) -> Void) throws(ClientError) -> Int {
        var delivered = 0
        while let message = try nextBufferedMessage() {
            try body(message)
            delivered += 1
        }
        return delivered
    }

    private func nextBufferedMessage() throws(ClientError) -> Wire.Message? {
        do throws(WireError) {
            return try framer.nextMessage()
        } catch {
            throw .undecodable(error)
        }
    }

    /// One recv(2) into the framer; true when bytes arrived, false when none were there or the stream ended.
    private func receiveIntoFramer() throws(ClientError) -> Bool {
        guard !reachedEnd else { return false }
        let space = framer.writableSpace()
        // Only a stream the framer refused (frame too large) can fill it; the next decode reports that.
        guard space.count > 0 else { return false }
        while true {
            let count = recv(fileDescriptor, space.baseAddress, space.count, 0)
            if count > 0 {
                framer.didWrite(count)
                lastRead = .now
                return true
            }
            if count == 0 {
                reachedEnd = true
                return false
            }
            switch errno {
            case EAGAIN, EWOULDBLOCK: return false
            case EINTR: continue
            case ECONNRESET:
                reachedEnd = true
                return false
            default: throw .socketError(operation: "recv", errno: errno)
            }
        }
    }
}
