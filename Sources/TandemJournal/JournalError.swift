/// Why a journal could not be opened, read, written or replayed.
///
/// Positions name the segment file and the byte offset inside it, so that `tandem journal verify` and a
/// refused start-up point at the same place.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed: the operation, the path it was about, and `errno`.
    case system(operation: String, path: String, code: Int32)
    /// Damaged data where valid data must be: a bad segment header, or a bad record followed by valid ones.
    case corruption(segment: String, offset: Int, reason: String)
    /// Replaying a command gave other events than the journal holds: the state cannot be trusted.
    case divergence(sequence: UInt64, segment: String, offset: Int, reason: String)
    /// Another process holds the data directory for writing.
    case locked(directory: String)
    /// The directory cannot be used as it is (no configuration record, a snapshot ahead of the journal, ...).
    case unusable(String)

    public var description: String {
        switch self {
        case .system(let operation, let path, let code):
            "\(operation) \(path): \(SystemCall.message(code))"
        case .corruption(let segment, let offset, let reason):
            "corruption in \(segment) at offset \(offset): \(reason)"
        case .divergence(let sequence, let segment, let offset, let reason):
            "replay diverges at record \(sequence) (\(segment) offset \(offset)): \(reason)"
        case .locked(let directory):
            "\(directory) is in use by another process"
        case .unusable(let message):
            message
        }
    }
}
