#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lines of a file or of standard input, read in large chunks and split at `\n`.
///
/// Lines are handed out as they arrive, so a pipe is simulated while it is still being written. A read error
/// ends the lines early and is kept in `readError`.
final class LineReader: Sequence, IteratorProtocol {
    private static let chunkSize = 1 << 16

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var lineStart = 0
    private var reachedEnd = false
    private(set) var readError: SystemError?

    /// Reads an open descriptor (standard input is 0) without closing it.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        ownsDescriptor = false
    }

    /// Opens a file for reading.
    init(path: String) throws(SystemError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw SystemError.current }
        self.descriptor = descriptor
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// The whole content of a file as text (invalid UTF-8 becomes U+FFFD).
    static func readWholeFile(path: String) throws(SystemError) -> String {
        let reader = try LineReader(path: path)
        while reader.fill() {}
        if let error = reader.readError { throw error }
        return String(decoding: reader.buffer, as: UTF8.self)
    }

    func next() -> Substring? {
        while true {
            if let newline = buffer[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { lineStart = newline + 1 }
                return Substring(decoding: buffer[lineStart..<newline], as: UTF8.self)
            }
            if reachedEnd {
                guard lineStart < buffer.count else { return nil }
                defer { lineStart = buffer.count }
                return Substring(decoding: buffer[lineStart...], as: UTF8.self)
            }
            buffer.removeFirst(lineStart)
            lineStart = 0
            fill()
        }
    }

    /// Appends one chunk to the buffer; false once the input has ended (or failed).
    @discardableResult
    private func fill() -> Bool {
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.chunkSize))
        var count = -1
        while count < 0 {
            count = buffer.withUnsafeMutableBytes { bytes in
                read(descriptor, bytes.baseAddress! + oldCount, Self.chunkSize)
            }
            if count < 0 && errno != EINTR {
                readError = SystemError.current
                count = 0
            }
        }
        buffer.removeLast(Self.chunkSize - count)
        if count == 0 { reachedEnd = true }
        return count > 0
    }
}
