import TandemEngine
import TandemJournal
import TandemWire
import TandemWireMapping

/// A resume served from the journal: the reports of one account from `from` up to `target` (exclusive),
/// rebuilt byte for byte from the journal and queued on the session's connection a slice at a time.
///
/// The loop thread runs it in slices (`pump`), each bounded in bytes, so the loop is never held for long
/// and the connection's backlog stays bounded; meanwhile the session's live reports wait in its stream's
/// in-memory window, which takes over from `target`.
final class JournalResume {
    let connection: Connection
    let account: UInt32
    /// The first sequence number wanted, and the one the in-memory window takes over from.
    let from: UInt64
    let target: UInt64
    private let reader: JournalReader
    private var numbering = ReportNumbering()
    /// The sequence number of the account's next report in the records read.
    private var next: UInt64
    private let output = WireOutputBuffer(capacity: 64 * 1024)
    /// Bytes queued in the current `pump`.
    private var queued = 0

    /// Starts reading `directory` at `checkpoint`, the last one at or before `from`.
    init(
        directory: String, connection: Connection, account: UInt32, from: UInt64, target: UInt64,
        checkpoint: (streamSequence: UInt64, commandRecord: UInt64)
    ) throws(JournalError) {
        self.connection = connection
        self.account = account
        self.from = from
        self.target = target
        next = checkpoint.streamSequence
        reader = try JournalReader(directory: directory)
        try reader.seek(to: checkpoint.commandRecord)
    }

    /// Whether every report before `target` has been queued.
    var isDone: Bool { next >= target }

    /// Reads records up to `limit` (the journal's durable sequence) and queues the reports they hold, until
    /// about `budget` bytes are queued or `target` is reached.
    func pump(limit: UInt64, budget: Int) throws(JournalError) {
        queued = 0
        while !isDone && queued < budget, let record = try reader.next(limit: limit) {
            try numbering.take(record) { event, source in
                guard event.body.account == account else { return }
                defer { next += 1 }
                guard next >= from && next < target else { return }
                let message = Wire.Message(
                    event: event, sequence: next, request: (clientId: source.clientId, type: source.type))
                if !output.append(message) {
                    queue()
                    output.append(message)
                }
            }
            queue()
        }
    }

    private func queue() {
        guard output.count > 0 else { return }
        connection.enqueue(raw: output.bytes)
        queued += output.count
        output.removeAll()
    }
}
