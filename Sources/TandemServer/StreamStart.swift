import TandemEngine
import TandemJournal

/// Where a session's stream stands when the server starts on a data directory, read from the journal: the
/// next report's sequence number, the highest client id the account's requests used, and the checkpoints
/// for reading its reports back.
struct StreamStart {
    var nextSequence: UInt64 = 1
    var highestClientId: UInt64 = 0
    var checkpoints = StreamCheckpoints()

    /// Reads the journal in `directory` up to record `last` and numbers the reports of `accounts`, as
    /// `ReportNumbering` defines them; the events that answer the administrator count for `administrator`.
    ///
    /// This reads the whole journal once, checking every CRC but decoding only the events' accounts, without
    /// an engine: about 90 ns per record on the reference VM (0.45 s for 5 million records).
    static func read(directory: String, through last: UInt64, accounts: [UInt32], administrator: UInt32?)
        throws(ServerError)
        -> [UInt32: StreamStart]
    {
        let slots = AccountSlots(accounts)
        var starts = [StreamStart](repeating: StreamStart(), count: accounts.count)
        var commandRecord: UInt64 = 0
        var isReported = false
        do {
            let reader = try JournalReader(directory: directory)
            while let record = try reader.next(limit: last) {
                switch record.type {
                case .configuration:
                    continue
                case .command:
                    let command = try record.commandSummary()
                    commandRecord = record.sequence
                    isReported = command.request.type != 0
                    if let slot = slots[command.account] {
                        starts[slot].highestClientId = max(starts[slot].highestClientId, command.request.clientId)
                    }
                case .events:
                    guard isReported else { continue }
                    try record.forEachEventAccount { named in
                        guard let account = named ?? administrator, let slot = slots[account] else { return }
                        starts[slot].checkpoints.note(
                            streamSequence: starts[slot].nextSequence, commandRecord: commandRecord)
                        starts[slot].nextSequence += 1
                    }
                }
            }
        } catch {
            throw ServerError("reading the journal to number the sessions' streams: \(error)")
        }
        return Dictionary(zip(accounts, starts)) { first, _ in first }
    }
}

/// Accounts to positions in a list, for a lookup per event: a table indexed by account id when the ids are
/// small (they usually are), else a dictionary.
private struct AccountSlots {
    private var table: [Int32] = []
    private var dictionary: [UInt32: Int] = [:]

    init(_ accounts: [UInt32]) {
        if let largest = accounts.max(), largest < 1 << 22 {
            table = [Int32](repeating: -1, count: Int(largest) + 1)
            for (slot, account) in accounts.enumerated() { table[Int(account)] = Int32(slot) }
        } else {
            for (slot, account) in accounts.enumerated() { dictionary[account] = slot }
        }
    }

    @inline(__always) subscript(account: UInt32) -> Int? {
        if !table.isEmpty || dictionary.isEmpty {
            guard Int(account) < table.count else { return nil }
            let slot = table[Int(account)]
            return slot < 0 ? nil : Int(slot)
        }
        return dictionary[account]
    }
}
