import TandemEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Feeds journal records to an engine: each command is applied once its last events record has arrived, and
/// the events it produces are encoded exactly as the writer encodes them and compared with the journaled
/// bytes. Equal bytes mean equal events, sequence numbers included: the replay's determinism proof.
///
/// A command whose events records are not all there yet is held back, not applied, so a journal that ends
/// in the middle of a command leaves the engine at the end of the previous command.
final class CommandReplayer {
    /// What to do with a command whose replayed events differ from the journaled ones.
    enum Check {
        /// Throw a divergence error naming the record (replay and recovery).
        case strict
        /// Count it (a what-if replay under another configuration, where differences are the point).
        case count
    }

    let engine: Engine
    private let check: Check
    private let onEvents: (([Event]) -> Void)?
    /// Whether the records come with their events records' CRCs unchecked, left to this replayer.
    private let checksDeferredCRCs: Bool
    // Used from one thread: no dynamic exclusivity checks on the hot state.
    /// The records of the command being assembled (the first `pendingCount`): the command record, then its
    /// events records. A buffer of trivial values that only grows: the hot path neither retains nor checks
    /// uniqueness, and never reallocates once it holds the most records a command had.
    @exclusivity(unchecked) private var pending: UnsafeMutablePointer<JournalRecord>
    @exclusivity(unchecked) private var pendingCapacity = 4
    @exclusivity(unchecked) private(set) var pendingCount = 0
    /// The pending command record's command when it came decoded.
    @exclusivity(unchecked) private var pendingCommand: Command?
    @exclusivity(unchecked) private var scratch: UnsafeMutableRawPointer
    @exclusivity(unchecked) private var scratchCapacity = 1 << 16
    /// The re-derived events' payloads in `scratch` (the first `chunkCount`); the array only grows.
    @exclusivity(unchecked) private var chunks: [Range<Int>] = []
    @exclusivity(unchecked) private var chunkCount = 0

    @exclusivity(unchecked) private(set) var commands = 0
    @exclusivity(unchecked) private(set) var events = 0
    @exclusivity(unchecked) private(set) var differingCommands = 0
    /// The timestamp of the last command applied.
    @exclusivity(unchecked) private(set) var lastTimestamp: UInt64 = 0
    /// The sequence number of the last record of the last command applied.
    @exclusivity(unchecked) private(set) var lastCompleteSequence: UInt64 = 0

    /// `checksDeferredCRCs`: the reader leaves events records' CRCs to this replayer (strict checks only).
    init(engine: Engine, check: Check, checksDeferredCRCs: Bool = false, onEvents: (([Event]) -> Void)? = nil) {
        self.engine = engine
        self.check = check
        self.checksDeferredCRCs = checksDeferredCRCs
        self.onEvents = onEvents
        scratch = .allocate(byteCount: scratchCapacity, alignment: 8)
        pending = .allocate(capacity: pendingCapacity)
        chunks.reserveCapacity(4)
    }

    deinit {
        scratch.deallocate()
        pending.deallocate()
    }

    /// The first record of a command still waiting for events records, if any.
    var incompleteCommand: JournalRecord? { pendingCount > 0 ? pending[0] : nil }

    @inline(__always) private func hold(_ record: JournalRecord) {
        if pendingCount == pendingCapacity {
            let grown = UnsafeMutablePointer<JournalRecord>.allocate(capacity: 2 * pendingCapacity)
            grown.initialize(from: pending, count: pendingCount)
            pending.deallocate()
            pending = grown
            pendingCapacity *= 2
        }
        (pending + pendingCount).initialize(to: record)
        pendingCount += 1
    }

    /// The pending events records.
    private var pendingEvents: UnsafeBufferPointer<JournalRecord> {
        UnsafeBufferPointer(start: pending + 1, count: pendingCount - 1)
    }

    /// Takes the next record in sequence order; `command`, for a command record, is its command when already
    /// decoded.
    func feed(_ record: JournalRecord, command: Command? = nil) throws(JournalError) {
        switch record.type {
        case .configuration:
            throw .corruption(
                segment: record.segmentName, offset: record.offset,
                reason: "record \(record.sequence) is a configuration record; only record 1 may be")
        case .command:
            if pendingCount > 0 {
                throw .corruption(
                    segment: record.segmentName, offset: record.offset,
                    reason:
                        "record \(record.sequence) is a command, but command \(pending[0].sequence) has no events yet")
            }
            hold(record)
            pendingCommand = command
        case .events:
            guard pendingCount > 0 else {
                throw .corruption(
                    segment: record.segmentName, offset: record.offset,
                    reason: "events record \(record.sequence) follows no command")
            }
            hold(record)
            if !record.isContinued { try applyPending() }
        }
    }

    private func applyPending() throws(JournalError) {
        let commandRecord = pending[0]
        let command: Command
        if let decoded = pendingCommand {
            command = decoded
        } else {
            command = try commandRecord.command()
        }
        engine.apply(command, timestamp: commandRecord.timestamp)
        // One access to the engine's events per command: each is a dynamic exclusivity check.
        let replayed = engine.events
        commands += 1
        events += replayed.count
        if let difference = compareEvents(replayed) {
            if checksDeferredCRCs, let damaged = pendingEvents.first(where: { !$0.crcMatches() }) {
                throw .corruption(
                    segment: damaged.segmentName, offset: damaged.offset,
                    reason: "CRC mismatch (record \(damaged.sequence))")
            }
            switch check {
            case .strict:
                throw .divergence(
                    sequence: difference.record.sequence, segment: difference.record.segmentName,
                    offset: difference.record.offset, reason: difference.reason)
            case .count:
                differingCommands += 1
            }
        }
        onEvents?(replayed)
        lastTimestamp = commandRecord.timestamp
        lastCompleteSequence = pending[pendingCount - 1].sequence
        pendingCount = 0
    }

    /// Encodes the engine's events as the writer would and compares them with the pending events records.
    private func compareEvents(_ replayed: [Event]) -> (record: JournalRecord, reason: String)? {
        encodeChunks(replayed)
        let journaled = pendingEvents
        for (index, record) in journaled.enumerated() {
            guard index < chunkCount else {
                return (record, "the journal has more events records than the \(chunkCount) replayed")
            }
            let chunk = chunks[index]
            let isContinued = index < chunkCount - 1
            guard record.timestamp == pending[0].timestamp, record.isContinued == isContinued else {
                return (record, "the events record's timestamp or flags do not match its command")
            }
            guard record.payload.count == chunk.count,
                memcmp(record.payload.baseAddress!, scratch + chunk.lowerBound, chunk.count) == 0
            else { return (record, describeDifference(record: record, replayed: replayed)) }
        }
        if journaled.count < chunkCount {
            return (pending[pendingCount - 1], "the replay produced more events than the journal holds")
        }
        return nil
    }

    private func encodeChunks(_ events: [Event]) {
        chunkCount = 0
        // The common case, all in one record: no closure, one pass to size, one to encode.
        var size = EventCodec.headerSize
        for index in events.indices { size += EventCodec.size(events[index].body) }
        if size <= JournalFormat.maxEventsPayload {
            ensureScratch(size, keeping: 0)
            var writer = PayloadWriter(scratch)
            EventChunks.encode(events[...], to: &writer)
            addChunk(0..<size)
            return
        }
        var offset = 0
        EventChunks.forEach(events) { range, payload in
            ensureScratch(offset + payload, keeping: offset)
            var writer = PayloadWriter(scratch, offset: offset)
            EventChunks.encode(events[range], to: &writer)
            addChunk(offset..<offset + payload)
            offset += payload
        }
    }

    private func addChunk(_ range: Range<Int>) {
        if chunkCount < chunks.count {
            chunks[chunkCount] = range
        } else {
            chunks.append(range)
        }
        chunkCount += 1
    }

    private func ensureScratch(_ size: Int, keeping used: Int) {
        guard size > scratchCapacity else { return }
        while scratchCapacity < size { scratchCapacity *= 2 }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: scratchCapacity, alignment: 8)
        grown.copyMemory(from: scratch, byteCount: used)
        scratch.deallocate()
        scratch = grown
    }

    /// Names the first event that differs, with both versions in JSON.
    private func describeDifference(record: JournalRecord, replayed: [Event]) -> String {
        var journaled: [Event] = []
        for events in pendingEvents {
            do {
                try events.events(into: &journaled)
            } catch {
                return "the journaled events cannot be decoded: \(error)"
            }
        }
        for index in 0..<max(journaled.count, replayed.count) {
            let old = index < journaled.count ? JournalJSON.event(journaled[index]) : "nothing"
            let new = index < replayed.count ? JournalJSON.event(replayed[index]) : "nothing"
            if old != new { return "event \(index + 1) of the command: journaled \(old), replayed \(new)" }
        }
        return "the events records differ in their bytes"
    }
}
