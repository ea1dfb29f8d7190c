import CLibUV

/// Why the server could not start or run, in words for its operator.
public struct ServerError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }

    /// A libuv failure: what was being done and libuv's name for the error.
    init(_ doing: String, code: Int32) {
        description = "\(doing): \(String(cString: uv_strerror(code)))"
    }
}
