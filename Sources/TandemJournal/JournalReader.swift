/// Reads a journal's records in sequence order, across segments, from any sequence number still on disk.
///
/// Every record is checked: framing, CRC, and a sequence number one above the previous one. A bad record that
/// is followed by valid data (later in its segment, or a later segment) is corruption and throws, naming the
/// segment and the offset. A bad record with nothing valid after it is a torn write at the tail: `next()`
/// returns nil there and `end` says so. A reader may follow a journal that a writer in the same process is
/// appending to, as long as it reads only up to the writer's `durableSequence` (the `limit` of `next`).
public final class JournalReader {
    /// How the data ended when `next()` returned nil.
    public enum End: Sendable, Equatable {
        /// At a zero length (or the end of the last segment): nothing more was written.
        case clean
        /// At a partly written record with nothing valid after it, which recovery truncates.
        case tornTail(segment: String, offset: Int, reason: String)
    }

    public let directory: String
    // The reader belongs to one thread: its state needs no dynamic exclusivity checks.
    @exclusivity(unchecked) private var segments: [UInt64] = []
    @exclusivity(unchecked) private var segment: MappedSegment? {
        didSet { current = segment.map { Unmanaged.passUnretained($0) } }
    }
    /// `segment`, unretained, for the hot path.
    @exclusivity(unchecked) private var current: Unmanaged<MappedSegment>?
    @exclusivity(unchecked) private var segmentIndex = -1
    @exclusivity(unchecked) private var offset = 0
    @exclusivity(unchecked) private var expectedSequence: UInt64 = 1
    /// Set when `next()` returns nil for want of data (not because of `limit`).
    @exclusivity(unchecked) public private(set) var end: End? {
        didSet { hasEnd = end != nil }
    }
    /// Whether `end` is set: a flag the hot path can test without loading the enumeration and its strings.
    @exclusivity(unchecked) private var hasEnd = false
    /// Leave events records' CRCs to the caller, which compares their bytes with re-derived events (a stronger
    /// check) and calls `crcMatches` only when they differ; a record followed by the end of the data is
    /// always checked here, so a torn tail is still recognised before its command is applied.
    @exclusivity(unchecked) var defersEventsCRC = false
    /// Keep the segments moved past mapped until `releaseSegments(before:)`: another thread still reads records
    /// from them (`ReplayPrefetcher`).
    @exclusivity(unchecked) var keepsSegments = false
    @exclusivity(unchecked) private var keptSegments: [MappedSegment] = []

    /// Opens a data directory for reading; it must hold at least one segment.
    public init(directory: String) throws(JournalError) {
        self.directory = directory
        try refreshSegments()
        guard !segments.isEmpty else { throw .unusable("\(directory) holds no journal segments") }
    }

    /// The sequence number of the record `next()` returns next.
    public var nextSequence: UInt64 { expectedSequence }

    /// The first sequence number of each segment on disk, ascending.
    public var segmentFirstSequences: [UInt64] { segments }

    /// Where the next record starts: its segment (by first sequence number) and byte offset; nil before the
    /// first read.
    public var position: (segmentFirstSequence: UInt64, offset: Int)? {
        segment.map { ($0.header.firstSequence, offset) }
    }

    /// Roughly how far through the segments on disk the reader is, in thousandths (for progress displays).
    public var progressPermille: Int {
        guard let segment, !segments.isEmpty else { return 0 }
        let withinSegment = offset * 1_000 / max(segment.size, 1)
        return (segmentIndex * 1_000 + withinSegment) / segments.count
    }

    /// Positions the reader so that `next()` returns the record numbered `sequence` (the first record on disk
    /// when `sequence` is older; nothing when it is past the end).
    public func seek(to sequence: UInt64) throws(JournalError) {
        try refreshSegments()
        let index = segments.lastIndex { $0 <= sequence } ?? 0
        try open(segmentAt: index)
        while expectedSequence < sequence {
            guard case .record(let record) = segment!.slot(at: offset, checkingCRC: false),
                record.sequence == expectedSequence
            else { break }
            offset += record.size
            expectedSequence += 1
        }
    }

    /// The next record, or nil at the end of the data or when the next record's sequence is above `limit`.
    public func next(limit: UInt64 = .max) throws(JournalError) -> JournalRecord? {
        guard expectedSequence <= limit else { return nil }
        if current == nil { try open(segmentAt: 0) }
        while true {
            // The reader holds the segment: borrowing it unretained saves a retain and a release per record.
            let slot = current.unsafelyUnwrapped._withUnsafeGuaranteedRef {
                $0.prefetch(ahead: offset)
                return $0.slot(at: offset, deferringEventsCRC: defersEventsCRC)
            }
            if case .record(let record) = slot, record.sequence == expectedSequence {
                offset += record.size
                expectedSequence += 1
                if hasEnd { end = nil }
                return record
            }
            let mapped = segment.unsafelyUnwrapped
            switch slot {
            case .record(let record):
                if try mapped.remapIfGrown() { continue }
                return try endOfData(
                    mapped, reason: "sequence \(record.sequence) where \(expectedSequence) was expected")
            case .end:
                if try moveToNextSegment() { continue }
                if try mapped.remapIfGrown() { continue }
                return try endOfData(mapped, reason: nil)
            case .invalid(let problem):
                if try mapped.remapIfGrown() { continue }
                return try endOfData(mapped, reason: problem.description)
            }
        }
    }

    /// Unmaps the segments kept since the reader moved past them that start before `firstSequence`.
    func releaseSegments(before firstSequence: UInt64) {
        keptSegments.removeAll { $0.header.firstSequence < firstSequence }
    }

    /// Decides what a stop at `offset` is: the clean end, a torn tail, or corruption.
    private func endOfData(_ current: MappedSegment, reason: String?) throws(JournalError) -> JournalRecord? {
        try refreshSegments()
        let isLast = segmentIndex == segments.count - 1
        if let reason, !isLast {
            throw .corruption(segment: current.name, offset: offset, reason: reason + " (later segments exist)")
        }
        if isLast, let valid = current.firstValidRecord(after: offset) {
            throw .corruption(
                segment: current.name, offset: offset,
                reason: (reason ?? "a zero length") + " followed by a valid record at offset \(valid)")
        }
        end = reason.map { .tornTail(segment: current.name, offset: offset, reason: $0) } ?? .clean
        return nil
    }

    /// Moves to the next segment when there is one; it must start at the expected sequence number.
    private func moveToNextSegment() throws(JournalError) -> Bool {
        if segmentIndex + 1 >= segments.count { try refreshSegments() }
        guard segmentIndex + 1 < segments.count else { return false }
        let first = segments[segmentIndex + 1]
        guard first == expectedSequence else {
            throw .corruption(
                segment: segment?.name ?? "", offset: offset,
                reason: "the data ends before record \(expectedSequence), but the next segment, "
                    + "\(JournalFormat.segmentName(firstSequence: first)), starts at record \(first)")
        }
        try open(segmentAt: segmentIndex + 1)
        return true
    }

    private func open(segmentAt index: Int) throws(JournalError) {
        let name = JournalFormat.segmentName(firstSequence: segments[index])
        let mapped = try MappedSegment(directory: directory, name: name)
        guard mapped.header.firstSequence == segments[index] else {
            throw .corruption(
                segment: name, offset: 0,
                reason: "the header's first sequence \(mapped.header.firstSequence) does not match the name")
        }
        if keepsSegments, let segment { keptSegments.append(segment) }
        segment = mapped
        segmentIndex = index
        offset = JournalFormat.segmentHeaderSize
        expectedSequence = segments[index]
    }

    private func refreshSegments() throws(JournalError) {
        segments = try DataDirectory.segmentSequences(in: directory)
    }
}
