import TandemEngine

/// A command and its events as the engine thread hands them to the writer thread: the values themselves,
/// copied into the ring, and encoded into records on the writer thread.
///
/// Copying a command's values costs the engine thread a `memcpy`; encoding them field by field (about half
/// of what a journaled command used to cost that thread) now runs on the writer thread, which also frames
/// and CRCs the records. Only a command whose events fit one events record comes this way (nearly all);
/// the others are encoded into framed records on the engine thread, as before.
///
/// In the ring the entry is framed like a record (length at 0, `RingEntry.command` at 24) so the writer
/// walks the ring the same way. Layout, from the entry's start:
///
/// | offset | field |
/// |---|---|
/// | 0 | entry payload length (u32) |
/// | 8 | sequence number of the command record; its events record is the next one (u64) |
/// | 16 | timestamp (u64) |
/// | 24 | `RingEntry.command` (u8) |
/// | 32 | client id (u64) |
/// | 40 | request type (u8) |
/// | 44 | event count (u32) |
/// | 48 | command record payload size (u32) |
/// | 52 | events record payload size (u32) |
/// | 56 | the `Command` |
/// | 56 + command stride | the `Event`s |
enum CommandEntry {
    private static let commandOffset = 56
    private static let eventsOffset = commandOffset + MemoryLayout<Command>.stride

    static func size(eventCount: Int) -> Int {
        JournalFormat.recordSize(
            payload: eventsOffset - JournalFormat.recordHeaderSize + eventCount
                * MemoryLayout<Event>.stride)
    }

    /// Writes the entry at `entry` (`size(eventCount:)` bytes, 8-aligned); `marker` is the ring entry type.
    @inline(__always) static func write(
        at entry: UnsafeMutableRawPointer, marker: UInt8, sequence: UInt64, timestamp: UInt64, clientId: UInt64,
        requestType: UInt8, command: Command, commandPayload: Int, events: [Event], eventsPayload: Int
    ) {
        var writer = RecordFrame.begin(
            at: entry, type: marker, flags: 0, sequence: sequence, timestamp: timestamp,
            payload: size(eventCount: events.count) - JournalFormat.recordHeaderSize)
        writer.u64(clientId)
        writer.u8(requestType)
        writer.u8(0)
        writer.u16(0)
        writer.u32(UInt32(events.count))
        writer.u32(UInt32(commandPayload))
        writer.u32(UInt32(eventsPayload))
        (entry + commandOffset).initializeMemory(as: Command.self, to: command)
        events.withUnsafeBufferPointer { buffer in
            guard let source = buffer.baseAddress else { return }
            (entry + eventsOffset).copyMemory(from: source, byteCount: buffer.count * MemoryLayout<Event>.stride)
        }
    }

    /// The bytes the entry's two records take on disk.
    @inline(__always) static func recordBytes(_ entry: UnsafeRawPointer) -> Int {
        JournalFormat.recordSize(payload: Int(entry.load(fromByteOffset: 48, as: UInt32.self)))
            + JournalFormat.recordSize(payload: Int(entry.load(fromByteOffset: 52, as: UInt32.self)))
    }

    /// Encodes the entry's command record and events record at `output` (`recordBytes` of room), sealed with
    /// `crcSeed`, exactly as `JournalWriter.append` would have framed them; returns the events record's
    /// sequence number.
    @inline(__always) static func encode(
        _ entry: UnsafeRawPointer, to output: UnsafeMutableRawPointer, crcSeed: CRC32C
    ) -> UInt64 {
        let sequence = entry.load(fromByteOffset: 8, as: UInt64.self)
        let timestamp = entry.load(fromByteOffset: 16, as: UInt64.self)
        let commandPayload = Int(entry.load(fromByteOffset: 48, as: UInt32.self))
        let eventsPayload = Int(entry.load(fromByteOffset: 52, as: UInt32.self))
        var commandWriter = RecordFrame.begin(
            at: output, type: JournalRecordType.command.rawValue, flags: 0, sequence: sequence,
            timestamp: timestamp, payload: commandPayload)
        commandWriter.u64(entry.load(fromByteOffset: 32, as: UInt64.self))
        commandWriter.u8(entry.load(fromByteOffset: 40, as: UInt8.self))
        CommandCodec.encode(entry.load(fromByteOffset: commandOffset, as: Command.self), to: &commandWriter)
        RecordFrame.seal(at: output, crcSeed: crcSeed)
        let eventsRecord = output + JournalFormat.recordSize(payload: commandPayload)
        var eventsWriter = RecordFrame.begin(
            at: eventsRecord, type: JournalRecordType.events.rawValue, flags: 0, sequence: sequence + 1,
            timestamp: timestamp, payload: eventsPayload)
        let events = UnsafeBufferPointer(
            start: (entry + eventsOffset).assumingMemoryBound(to: Event.self),
            count: Int(entry.load(fromByteOffset: 44, as: UInt32.self)))
        EventChunks.encode(events, to: &eventsWriter)
        RecordFrame.seal(at: eventsRecord, crcSeed: crcSeed)
        return sequence + 1
    }
}
