/// What a journal record holds.
public enum JournalRecordType: UInt8, Sendable, CaseIterable, BitwiseCopyable {
    /// The engine configuration: always record 1, so that the journal alone can be replayed.
    case configuration = 1
    /// One command the engine applied, with the logical timestamp it was given.
    case command = 2
    /// The events of the command just before (several records with the `continued` flag when they are many).
    case events = 3

    /// The name `tandem journal dump` prints.
    public var name: String {
        switch self {
        case .configuration: "configuration"
        case .command: "command"
        case .events: "events"
        }
    }
}
