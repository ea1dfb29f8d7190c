import TandemEngine

/// What recovery found and did, for the log of a restart.
public struct RecoveryReport: Sendable, Equatable {
    /// The snapshot the state was restored from (its last record's sequence number), or nil for a replay from
    /// the configuration record.
    public var snapshotSequence: UInt64?
    /// Snapshots that could not be used, newest first, each with the reason.
    public var skippedSnapshots: [String]
    /// The records and commands replayed after the snapshot (or from the start).
    public var replayedRecords: Int
    public var replayedCommands: Int
    /// What was cut off the tail, if anything: a torn record, or a command without all its events.
    public var truncation: String?
    /// The sequence number the next record gets.
    public var nextSequence: UInt64
    /// The logical timestamp of the last command recovered.
    public var lastTimestamp: UInt64
}

/// Rebuilds the engine from a data directory: the newest usable snapshot, then every command after it, each
/// checked against its journaled events.
///
/// Rules (`Protocol/JOURNAL.md`): a snapshot that is damaged, cannot be restored or is ahead of the journal
/// is skipped for an older one (or for a replay from the start); every record must have a valid frame and
/// CRC and the next sequence number; a bad record followed by valid data is corruption and stops recovery
/// with the segment and offset; a bad record at the tail is a torn write and is cut off, together with a
/// command whose events records did not all make it.
enum JournalRecovery {
    /// The engine and where the writer goes on.
    struct Recovered {
        var engine: Engine
        var configurationPayload: [UInt8]
        var report: RecoveryReport
        /// The last segment's header, the offset where the next record goes, and the bytes after it that hold
        /// leftovers of the torn tail and must be zeroed.
        var tail: SegmentHeader
        var tailOffset: Int
        var dirty: Range<Int>
    }

    /// What a data directory holds.
    enum Outcome {
        /// No journal yet (or only a first segment whose configuration record never became durable).
        case empty
        case recovered(Recovered)
    }

    static func recover(directory: String) throws(JournalError) -> Outcome {
        let segments = try DataDirectory.segmentSequences(in: directory)
        let snapshots = try DataDirectory.snapshotSequences(in: directory)
        guard !segments.isEmpty else {
            if let newest = snapshots.last {
                throw .unusable(
                    "\(directory) holds \(JournalFormat.snapshotName(sequence: newest)) but no journal segment")
            }
            return .empty
        }
        var skipped: [String] = []
        for sequence in snapshots.reversed() {
            switch try restore(snapshot: sequence, directory: directory) {
            case .success(let start):
                return .recovered(try replay(from: start, directory: directory, skipped: skipped))
            case .failure(let failure):
                skipped.append("\(JournalFormat.snapshotName(sequence: sequence)): \(failure.message)")
            }
        }
        guard segments[0] == 1 else {
            throw .unusable(
                "the journal starts at record \(segments[0]) and no usable snapshot covers what came before"
                    + (skipped.isEmpty ? "" : " (" + skipped.joined(separator: "; ") + ")"))
        }
        let reader = try JournalReader(directory: directory)
        guard let first = try reader.next() else {
            // Only the first segment, without a durable record: the journal's creation was cut short.
            if segments.count == 1 { return .empty }
            throw .unusable("the journal holds no configuration record")
        }
        let configuration = try first.configuration()
        let payload = Array(first.payload)
        let engine: Engine
        do {
            engine = try Engine(configuration: configuration)
        } catch {
            throw .unusable("the journal's configuration is refused by the engine: \(error)")
        }
        let start = Start(
            engine: engine, configurationPayload: payload, reader: reader, snapshotSequence: nil, timestamp: 0)
        return .recovered(try replay(from: start, directory: directory, skipped: skipped))
    }

    /// An engine and a reader positioned right after what the engine already holds.
    private struct Start {
        var engine: Engine
        var configurationPayload: [UInt8]
        var reader: JournalReader
        var snapshotSequence: UInt64?
        var timestamp: UInt64
    }

    private static func restore(
        snapshot sequence: UInt64, directory: String
    ) throws(JournalError) -> Result<Start, PayloadReader.Failure> {
        let file: SnapshotFile
        switch try SnapshotFile.read(from: directory, sequence: sequence) {
        case .success(let read): file = read
        case .failure(let failure): return .failure(failure)
        }
        let engine: Engine
        do {
            let configuration = try file.configurationPayload.withUnsafeBytes { try ConfigurationRecord.decode($0) }
            engine = try Engine.restore(configuration: configuration, snapshot: file.state)
        } catch {
            return .failure(PayloadReader.Failure(message: "cannot be restored: \(error)"))
        }
        let reader = try JournalReader(directory: directory)
        try reader.seek(to: sequence + 1)
        guard reader.nextSequence == sequence + 1 else {
            return .failure(
                PayloadReader.Failure(message: "it is ahead of the journal, which ends before record \(sequence + 1)"))
        }
        return .success(
            Start(
                engine: engine, configurationPayload: file.configurationPayload, reader: reader,
                snapshotSequence: sequence, timestamp: file.timestamp))
    }

    /// Replays the rest of the journal into the start's engine and works out where writing goes on.
    private static func replay(from start: Start, directory: String, skipped: [String]) throws(JournalError)
        -> Recovered
    {
        let replayer = CommandReplayer(engine: start.engine, check: .strict)
        var records = 0
        while let record = try start.reader.next() {
            try replayer.feed(record)
            records += 1
        }
        var nextSequence = start.reader.nextSequence
        var truncation: String?
        var cut = start.reader.position!
        if case .tornTail(let segment, let offset, let reason) = start.reader.end {
            truncation = "a torn record at \(segment) offset \(offset) (\(reason))"
        }
        if let incomplete = replayer.incompleteCommand {
            nextSequence = incomplete.sequence
            cut = (incomplete.segmentFirstSequence, incomplete.offset)
            let what =
                "command \(incomplete.sequence) without all its events at \(incomplete.segmentName) offset "
                + "\(incomplete.offset)"
            truncation = truncation.map { what + ", then " + $0 } ?? what
        }
        let segments = try DataDirectory.segmentSequences(in: directory)
        guard cut.segmentFirstSequence == segments.last else {
            throw .corruption(
                segment: JournalFormat.segmentName(firstSequence: cut.segmentFirstSequence), offset: cut.offset,
                reason: "the journal's valid data ends here, but later segments exist")
        }
        let tail = try MappedSegment(
            directory: directory, name: JournalFormat.segmentName(firstSequence: cut.segmentFirstSequence))
        let dirtyEnd = tail.endOfNonZeroBytes(from: cut.offset)
        let replayedCommands = replayer.commands
        return Recovered(
            engine: start.engine, configurationPayload: start.configurationPayload,
            report: RecoveryReport(
                snapshotSequence: start.snapshotSequence, skippedSnapshots: skipped, replayedRecords: records,
                replayedCommands: replayedCommands, truncation: truncation, nextSequence: nextSequence,
                lastTimestamp: replayedCommands > 0 ? replayer.lastTimestamp : start.timestamp),
            tail: tail.header, tailOffset: cut.offset, dirty: cut.offset..<dirtyEnd)
    }
}
