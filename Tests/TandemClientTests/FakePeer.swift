import Foundation
import TandemWire

#if canImport(Glibc)
    import Glibc
#endif

/// The server's side of one test connection: a blocking socket with a receive timeout, raw writes, and the
/// protocol's login.
final class FakePeer {
    private var descriptor: Int32
    private let framer = WireFramer()

    init(descriptor: Int32) {
        self.descriptor = descriptor
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close()
    }

    func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }

    /// The frames of `messages`, back to back.
    static func bytes(_ messages: [Wire.Message]) -> [UInt8] {
        let buffer = WireOutputBuffer(capacity: max(64 * 1024, messages.count * Wire.maxFrameLength))
        for message in messages {
            buffer.append(message)
        }
        return Array(buffer.bytes)
    }

    /// Writes `bytes` in one write(2) call, or in several.
    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
            guard written > 0 else { throw TestFailure("send: errno \(errno)") }
            offset += written
        }
    }

    /// Sends `messages` in one write.
    func send(_ messages: Wire.Message...) throws {
        try write(Self.bytes(messages))
    }

    /// The next complete frame's bytes, header included, or nil at the end of the stream.
    func receiveFrame() throws -> WireFrame? {
        while true {
            if let frame = try framer.nextFrame() { return frame }
            let space = framer.writableSpace()
            let count = recv(descriptor, space.baseAddress, space.count, 0)
            if count == 0 { return nil }
            guard count > 0 else { throw TestFailure("recv: errno \(errno)") }
            framer.didWrite(count)
        }
    }

    /// The next message, or nil at the end of the stream.
    func receive() throws -> Wire.Message? {
        try receiveFrame()?.decode()
    }

    /// The next message, which must be there.
    func expectMessage() throws -> Wire.Message {
        guard let message = try receive() else { throw TestFailure("the client closed the connection") }
        return message
    }

    /// Sends a challenge, reads the login and refuses it with `reason`; returns the login.
    func rejectLogin(_ reason: Wire.LoginRejectReason) throws -> Wire.Login {
        try send(.challenge(Wire.Challenge(nonce: WireBytes32(words: (1, 2, 3, 4)))))
        guard case .login(let login) = try expectMessage() else { throw TestFailure("not a login") }
        try send(.loginRejected(Wire.LoginRejected(reason: reason)))
        return login
    }

    /// Sends a challenge, reads the login and answers it: `login_accepted` when it is signed with `apiKey`,
    /// else `login_rejected (not_authorized)`. Returns the login, or nil when it was rejected.
    func acceptLogin(
        apiKey: String, session: UInt64 = 77, nextSequence: UInt64 = 1, heartbeatMillis: UInt32 = 1000
    ) throws -> Wire.Login? {
        let nonce = WireBytes32((0..<32).map { _ in UInt8.random(in: 0...255) })!
        try send(.challenge(Wire.Challenge(nonce: nonce)))
        guard let frame = try receiveFrame() else { throw TestFailure("no login") }
        guard case .login(let login) = try frame.decode() else { throw TestFailure("not a login") }
        guard LoginSignature.isValid(frame: frame, nonce: nonce, apiKey: apiKey) else {
            try send(.loginRejected(Wire.LoginRejected(reason: .notAuthorized)))
            return nil
        }
        let next = login.nextSequence == 0 ? nextSequence : login.nextSequence
        try send(
            .loginAccepted(
                Wire.LoginAccepted(
                    session: session, nextSequence: next, heartbeatIntervalMillis: heartbeatMillis,
                    idleTimeoutMillis: 15000, protocolVersion: 1)))
        return login
    }

    /// Reads until the client closes the connection; returns what it sent meanwhile.
    func drain() throws -> [Wire.Message] {
        var messages: [Wire.Message] = []
        while let message = try receive() {
            messages.append(message)
        }
        return messages
    }
}
