import TandemEngine
import TandemJournal
import TandemWire

/// Reads journal records in order and finds the events that went into session streams, each with the request
/// it answered: the server's own numbering of reports, rebuilt from the journal.
///
/// An account's stream is the events naming it, in journal order, of every command journaled with a request
/// type (all but the opening deposits, which the server applies before any client is let in and reports to
/// no one). Its n-th such event is its report n, on every run of the server on the same data directory, and
/// each report is rebuilt with its command's journaled client id and request type, as the server built it.
/// An unknown type code becomes `new_order`, as the live path does (`Server.release`).
struct ReportNumbering {
    /// The command a reported event came from: the request's client id and type, and the command's record.
    struct Source {
        var clientId: UInt64
        var type: Wire.MessageType
        var commandRecord: UInt64
    }

    /// The command being read, nil when its events are in no stream.
    private(set) var source: Source?
    private var events: [Event] = []

    /// Takes the next record; calls `report` with each event of an events record that is in a stream.
    @inline(__always) mutating func take(
        _ record: JournalRecord, _ report: (Event, Source) -> Void
    ) throws(JournalError) {
        switch record.type {
        case .configuration:
            return
        case .command:
            let request = try record.request()
            source =
                request.type == 0
                ? nil
                : Source(
                    clientId: request.clientId, type: Wire.MessageType(rawValue: request.type) ?? .newOrder,
                    commandRecord: record.sequence)
        case .events:
            guard let source else { return }
            events.removeAll(keepingCapacity: true)
            try record.events(into: &events)
            for index in events.indices { report(events[index], source) }
        }
    }
}
