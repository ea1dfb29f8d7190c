import CLibUV
import TandemWire

/// One accepted TCP connection on the loop thread: its libuv handle, its received bytes and its unsent output.
///
/// The handle is allocated once and never moves; its `data` holds an unretained pointer to this object,
/// which the server's connection table keeps alive until libuv's close callback.
final class Connection {
    enum Kind: String, CaseIterable {
        case orderEntry = "order_entry"
        case marketData = "market_data"
        case metrics
    }

    enum State {
        /// Connected, challenged with `nonce`, not logged in.
        case awaitingLogin(nonce: WireBytes32)
        /// Logged in to `account`'s session (order entry) or to the market-data stream.
        case loggedIn(account: UInt32)
        /// Closing: nothing more is read or sent.
        case closing
    }

    let kind: Kind
    let handle: UnsafeMutablePointer<uv_tcp_t>
    /// Received bytes are read straight into the framer's buffer.
    let framer = WireFramer(capacity: 64 * 1024)
    /// Bytes to send at the end of the current loop pass.
    private(set) var output: [UInt8] = []
    var state: State
    let connectedAt: UInt64
    var lastReceivedAt: UInt64
    var lastSentAt: UInt64
    /// Set by the login: cancel the account's orders if the connection ends without a logout request.
    var cancelOnDisconnect = true
    /// The client asked to log out: its orders stay.
    var loggedOutCleanly = false
    /// Whether the connection is in the server's list of connections with output to flush.
    var awaitsFlush = false

    init(kind: Kind, handle: UnsafeMutablePointer<uv_tcp_t>, nonce: WireBytes32, now: UInt64) {
        self.kind = kind
        self.handle = handle
        state = .awaitingLogin(nonce: nonce)
        connectedAt = now
        lastReceivedAt = now
        lastSentAt = now
    }

    var stream: UnsafeMutablePointer<uv_stream_t> {
        UnsafeMutableRawPointer(handle).assumingMemoryBound(to: uv_stream_t.self)
    }

    var isClosing: Bool {
        if case .closing = state { return true }
        return false
    }

    /// The account logged in on this connection, nil before login and while closing.
    var account: UInt32? {
        if case .loggedIn(let account) = state { return account }
        return nil
    }

    /// Bytes queued or held by libuv, not yet handed to the kernel.
    var backlog: Int { output.count + uv_stream_get_write_queue_size(stream) }

    /// Queues encoded bytes for the next flush.
    func enqueue(_ bytes: some Sequence<UInt8>) {
        output.append(contentsOf: bytes)
    }

    /// Queues bytes already encoded in a raw buffer.
    func enqueue(raw bytes: UnsafeRawBufferPointer) {
        output.append(contentsOf: bytes)
    }

    /// Sends the queued bytes: as many as the socket takes now, the rest through a queued libuv write.
    /// Returns the bytes libuv still holds for this connection (its write queue).
    func flush(now: UInt64) -> Int {
        guard !output.isEmpty else { return uv_stream_get_write_queue_size(stream) }
        lastSentAt = now
        var written = 0
        if uv_stream_get_write_queue_size(stream) == 0 {
            written = output.withUnsafeMutableBytes { bytes in
                var buffer = uv_buf_init(bytes.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32(bytes.count))
                return Int(max(uv_try_write(stream, &buffer, 1), 0))
            }
        }
        if written < output.count { queueWrite(from: written) }
        output.removeAll(keepingCapacity: true)
        return uv_stream_get_write_queue_size(stream)
    }

    /// Copies the unsent bytes into a buffer that lives until libuv's write callback.
    private func queueWrite(from offset: Int) {
        let count = output.count - offset
        let copy = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 1)
        output.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
        let request = UnsafeMutablePointer<uv_write_t>.allocate(capacity: 1)
        request.pointee.data = copy
        var buffer = uv_buf_init(copy.assumingMemoryBound(to: CChar.self), UInt32(count))
        let result = uv_write(request, stream, &buffer, 1) { request, _ in
            request!.pointee.data.deallocate()
            request!.deallocate()
        }
        if result != 0 {
            copy.deallocate()
            request.deallocate()
        }
    }
}

extension Connection {
    /// Where libuv reads the next bytes: straight into the framer.
    func readSpace() -> UnsafeMutableRawBufferPointer {
        framer.writableSpace()
    }

    /// Records that `count` bytes were read into `readSpace()`.
    func didRead(_ count: Int) {
        framer.didWrite(count)
    }
}
