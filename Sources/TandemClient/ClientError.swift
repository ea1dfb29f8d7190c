import TandemWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a connection or session could not do what was asked.
///
/// Every failure of the client is one of these values, thrown with typed throws; nothing traps on bad input or
/// on a peer that misbehaves.
public enum ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host name did not resolve to an address.
    case invalidAddress(host: String, port: Int)
    /// No address of the host accepted the connection; `errno` is the last attempt's.
    case connectFailed(host: String, port: Int, errno: Int32)
    /// A system call failed in a way that leaves the connection unusable.
    case socketError(operation: String, errno: Int32)
    /// A deadline passed before the awaited event.
    case timedOut(waitingFor: String)
    /// The peer closed or reset the connection without a `logout` message.
    case connectionClosed
    /// The server sent `logout` and closed the connection.
    case loggedOut(Wire.LogoutReason)
    /// The server refused the login and closed the connection.
    case loginRejected(Wire.LoginRejectReason)
    /// A message arrived where the protocol expects another one.
    case unexpectedMessage(Wire.MessageType, expecting: String)
    /// A sequenced message did not carry the next sequence number of its stream.
    case sequenceGap(expected: UInt64, received: UInt64)
    /// A message to send holds a value its encoding cannot carry (a null as a value, both order references).
    case invalidMessage(Wire.MessageType)
    /// The peer sent bytes that are not a valid message.
    case undecodable(WireError)
    /// The connection was closed by this side.
    case notConnected

    public var description: String {
        switch self {
        case .invalidAddress(let host, let port):
            "cannot resolve \(host):\(port)"
        case .connectFailed(let host, let port, let errno):
            "cannot connect to \(host):\(port): \(Self.systemMessage(errno))"
        case .socketError(let operation, let errno):
            "\(operation) failed: \(Self.systemMessage(errno))"
        case .timedOut(let event):
            "timed out waiting for \(event)"
        case .connectionClosed:
            "the connection was closed by the peer"
        case .loggedOut(let reason):
            "logged out by the server: \(reason.name)"
        case .loginRejected(let reason):
            "login rejected: \(reason.name)"
        case .unexpectedMessage(let type, let expected):
            "received \(type.name) while expecting \(expected)"
        case .sequenceGap(let expected, let received):
            "sequence gap: expected \(expected), received \(received)"
        case .invalidMessage(let type):
            "\(type.name) holds a value its encoding cannot carry"
        case .undecodable(let error):
            "undecodable message: \(error)"
        case .notConnected:
            "the connection is closed"
        }
    }

    private static func systemMessage(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }
}
