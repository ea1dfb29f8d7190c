/// Where to start reading the journal for an account's reports: every `interval` reports or so, the stream
/// sequence number of the first report of a command and that command's record.
///
/// Reading the journal from a checkpoint's command record and numbering the account's reports from its
/// stream sequence number gives the stream exactly, so a resume reads at most about `interval` reports it
/// does not send. One checkpoint costs 16 bytes per `interval` reports.
struct StreamCheckpoints {
    static let interval: UInt64 = 1_024

    private var streamSequences: [UInt64] = []
    private var commandRecords: [UInt64] = []
    /// The command record of the last report noted: a checkpoint may only start at a command's first report.
    private var lastCommandRecord: UInt64 = 0

    /// Notes the report numbered `streamSequence`, produced by the command whose record is `commandRecord`.
    @inline(__always) mutating func note(streamSequence: UInt64, commandRecord: UInt64) {
        guard commandRecord != lastCommandRecord else { return }
        lastCommandRecord = commandRecord
        if let last = streamSequences.last, streamSequence - last < Self.interval { return }
        streamSequences.append(streamSequence)
        commandRecords.append(commandRecord)
    }

    /// The checkpoint to read from for the report numbered `sequence`: the last at or before it.
    func start(for sequence: UInt64) -> (streamSequence: UInt64, commandRecord: UInt64)? {
        let index = streamSequences.partitionPoint { $0 <= sequence } - 1
        guard index >= 0 else { return nil }
        return (streamSequences[index], commandRecords[index])
    }
}
