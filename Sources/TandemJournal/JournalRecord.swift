import TandemEngine

/// One record as a reader returns it: the header's fields and a view of the payload in the mapped segment.
///
/// The payload stays valid until the reader that returned the record moves to another segment or is released;
/// decode it (`command()`, `events(into:)`) or copy it before then.
public struct JournalRecord: BitwiseCopyable {
    public let sequence: UInt64
    public let timestamp: UInt64
    public let type: JournalRecordType
    public let flags: UInt8
    public let payload: UnsafeRawBufferPointer
    /// Where the record starts: its segment (by first sequence) and the byte offset in that file.
    public let segmentFirstSequence: UInt64
    public let offset: Int
    /// The segment's CRC seed, so the record's CRC can be checked wherever the record is (`crcMatches`).
    let crcSeed: CRC32C

    /// The segment file's name, for messages.
    public var segmentName: String { JournalFormat.segmentName(firstSequence: segmentFirstSequence) }

    /// The record's size on disk, padding included.
    public var size: Int { JournalFormat.recordSize(payload: payload.count) }

    /// Whether more events records of the same command follow this one.
    public var isContinued: Bool { flags & JournalFormat.continuedFlag != 0 }

    /// Whether the record's stored CRC matches its bytes (for a record returned with its CRC deferred).
    func crcMatches() -> Bool {
        RecordFrame.crcMatches(
            at: payload.baseAddress.unsafelyUnwrapped - JournalFormat.recordHeaderSize, length: payload.count,
            crcSeed: crcSeed)
    }

    /// The command of a command record.
    public func command() throws(JournalError) -> Command {
        try expect(.command)
        do {
            return try CommandCodec.decode(UnsafeRawBufferPointer(rebasing: payload[try commandStart()...]))
        } catch {
            throw invalidPayload(error)
        }
    }

    /// The request a command record's command came from: its client id and wire type code, as the writer was
    /// given them (`JournalWriter.append`; type 0: a command reported to no one).
    public func request() throws(JournalError) -> (clientId: UInt64, type: UInt8) {
        try expect(.command)
        do {
            _ = try commandStart()
        } catch {
            throw invalidPayload(error)
        }
        let clientId = UInt64(littleEndian: payload.loadUnaligned(as: UInt64.self))
        return (clientId, payload.load(fromByteOffset: 8, as: UInt8.self))
    }

    /// A command record's request, command kind and account, read without decoding the command (every kind
    /// has its account right after the kind code).
    public func commandSummary() throws(JournalError) -> (
        request: (clientId: UInt64, type: UInt8), kind: CommandKind, account: UInt32
    ) {
        let request = try request()
        let start = JournalFormat.commandRequestSize
        guard payload.count >= start + 5,
            let kind = CommandKind(rawValue: payload.load(fromByteOffset: start, as: UInt8.self))
        else {
            throw invalidPayload(PayloadReader.Failure(message: "a command record without a valid kind and account"))
        }
        return (request, kind, UInt32(littleEndian: payload.loadUnaligned(fromByteOffset: start + 1, as: UInt32.self)))
    }

    /// Calls `body` with the account of each event of an events record, without decoding the events: nil for an
    /// event that answers the administrator (an index price's update or rejection).
    public func forEachEventAccount(_ body: (UInt32?) -> Void) throws(JournalError) {
        try expect(.events)
        do {
            try EventCodec.forEachAccount(in: payload, body)
        } catch {
            throw invalidPayload(error)
        }
    }

    /// Where the command starts in a command record's payload: after the request.
    private func commandStart() throws(PayloadReader.Failure) -> Int {
        guard payload.count > JournalFormat.commandRequestSize else {
            throw PayloadReader.Failure(message: "a command record shorter than its request and command kind")
        }
        return JournalFormat.commandRequestSize
    }

    /// Appends the events of an events record to `events`, numbered and stamped as the engine emitted them.
    public func events(into events: inout [Event]) throws(JournalError) {
        try expect(.events)
        do {
            try EventCodec.decode(payload, timestamp: timestamp, into: &events)
        } catch {
            throw invalidPayload(error)
        }
    }

    /// The engine configuration of a configuration record.
    public func configuration() throws(JournalError) -> EngineConfiguration {
        try expect(.configuration)
        do {
            return try ConfigurationRecord.decode(payload)
        } catch {
            throw .corruption(segment: segmentName, offset: offset, reason: "configuration record: \(error)")
        }
    }

    private func expect(_ expected: JournalRecordType) throws(JournalError) {
        guard type == expected else {
            throw .corruption(
                segment: segmentName, offset: offset,
                reason: "record \(sequence) is a \(type.name) record, a \(expected.name) record was expected")
        }
    }

    func invalidPayload(_ failure: PayloadReader.Failure) -> JournalError {
        .corruption(segment: segmentName, offset: offset, reason: "record \(sequence): \(failure.message)")
    }
}
