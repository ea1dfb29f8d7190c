import TandemEngine
import TandemJournal
import TandemWire

/// Reads journal records in order and finds the events that went into session streams, each with the request
/// it answered: the server's own numbering of reports, rebuilt from the journal.
///
/// An account's stream is the events naming it, in journal order, of every command but deposits and
/// withdrawals (`CommandKind.requestType`). Its n-th such event is its report n, on every run of the server
/// on the same data directory.
struct ReportNumbering {
    /// The command a reported event came from: the request's client id and type, and the command's record.
    struct Source {
        var clientId: UInt64
        var type: Wire.MessageType
        var commandRecord: UInt64
    }

    /// The command being read, nil when its events are in no stream.
    private(set) var source: Source?
    /// The account and client id of the last command record read.
    private(set) var account: UInt32 = 0
    private(set) var clientId: UInt64 = 0
    private var events: [Event] = []

    /// Takes the next record; calls `report` with each event of an events record that is in a stream.
    @inline(__always) mutating func take(
        _ record: JournalRecord, _ report: (Event, Source) -> Void
    ) throws(JournalError) {
        switch record.type {
        case .configuration:
            return
        case .command:
            let command = try record.command()
            account = command.account
            clientId = try record.clientId()
            source = command.kind.requestType.map {
                Source(clientId: clientId, type: $0, commandRecord: record.sequence)
            }
        case .events:
            guard let source else { return }
            events.removeAll(keepingCapacity: true)
            try record.events(into: &events)
            for index in events.indices { report(events[index], source) }
        }
    }
}
