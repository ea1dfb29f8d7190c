import TandemJournal

/// Where a session's stream stands when the server starts on a data directory, read from the journal: the
/// next report's sequence number, the highest client id the account's requests used, and the checkpoints
/// for reading its reports back.
struct StreamStart {
    var nextSequence: UInt64 = 1
    var highestClientId: UInt64 = 0
    var checkpoints = StreamCheckpoints()

    /// Reads the journal in `directory` up to record `last` and numbers the reports of `accounts`.
    ///
    /// This reads the whole journal once, as fast as it can be read (no engine is involved); the start-up
    /// report says how long it took.
    static func read(directory: String, through last: UInt64, accounts: [UInt32]) throws(ServerError)
        -> [UInt32: StreamStart]
    {
        var starts: [UInt32: StreamStart] = [:]
        for account in accounts { starts[account] = StreamStart() }
        var numbering = ReportNumbering()
        do {
            let reader = try JournalReader(directory: directory)
            while let record = try reader.next(limit: last) {
                try numbering.take(record) { event, source in
                    let account = event.body.account
                    guard var start = starts[account] else { return }
                    start.checkpoints.note(streamSequence: start.nextSequence, commandRecord: source.commandRecord)
                    start.nextSequence += 1
                    starts[account] = start
                }
                if record.type == .command, var start = starts[numbering.account] {
                    start.highestClientId = max(start.highestClientId, numbering.clientId)
                    starts[numbering.account] = start
                }
            }
        } catch {
            throw ServerError("reading the journal to number the sessions' streams: \(error)")
        }
        return starts
    }
}
