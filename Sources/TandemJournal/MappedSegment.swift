import CProcessor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A segment file mapped read-only, and the records in it.
final class MappedSegment {
    /// What the bytes at an offset are.
    enum Slot {
        /// A well-framed record with a valid CRC (its sequence number is the caller's to check).
        case record(JournalRecord)
        /// A zero length: nothing was written here, the segment's data ends.
        case end
        /// Bytes that are not a valid record: a torn write at the tail, or corruption.
        case invalid(Problem)
    }

    /// What is wrong with bytes that are not a record (trivial, so a slot costs no reference counting).
    enum Problem: CustomStringConvertible {
        case headerPastEnd
        case lengthPastEnd(Int)
        case unknownType(UInt8)
        case crcMismatch
        case reservedBytes

        var description: String {
            switch self {
            case .headerPastEnd: "a record header would run past the end of the file"
            case .lengthPastEnd(let length): "record length \(length) runs past the end of the segment"
            case .unknownType(let code): "unknown record type \(code)"
            case .crcMismatch: "CRC mismatch"
            case .reservedBytes: "reserved header bytes are not zero"
            }
        }
    }

    let name: String
    let path: String
    let header: SegmentHeader
    private let descriptor: Int32
    @exclusivity(unchecked) private(set) var base: UnsafeRawPointer
    /// The mapped length: the file's size when mapped.
    @exclusivity(unchecked) private(set) var size: Int
    private let crcSeed: CRC32C
    /// How far ahead of the reader `prefetch(ahead:)` has asked for the cache lines.
    @exclusivity(unchecked) private var prefetchedEnd = 0
    /// Earlier, smaller mappings of a file that grew (`remapIfGrown`).
    @exclusivity(unchecked) private var outgrownMappings: [(base: UnsafeRawPointer, size: Int)] = []

    init(directory: String, name: String) throws(JournalError) {
        self.name = name
        path = SystemCall.join(directory, name)
        descriptor = try SystemCall.openFile(path, O_RDONLY)
        do throws(JournalError) {
            size = try SystemCall.fileSize(descriptor, path: path)
            guard size >= JournalFormat.segmentHeaderSize else {
                throw JournalError.corruption(segment: name, offset: 0, reason: "the file is shorter than its header")
            }
            base = try SystemCall.map(descriptor, size: size, path: path)
        } catch {
            SystemCall.closeFile(descriptor)
            throw error
        }
        switch SegmentHeader.decode(UnsafeRawBufferPointer(start: base, count: size)) {
        case .success(let header):
            self.header = header
        case .failure(let failure):
            SystemCall.unmap(base, size: size)
            SystemCall.closeFile(descriptor)
            throw .corruption(segment: name, offset: 0, reason: failure.message)
        }
        crcSeed = header.crcSeed
    }

    deinit {
        for (base, size) in outgrownMappings { SystemCall.unmap(base, size: size) }
        SystemCall.unmap(base, size: size)
        SystemCall.closeFile(descriptor)
    }

    /// Asks for the cache lines up to `distance` bytes past `offset`: where the next records are. A record's
    /// offset depends on the previous record's length, so the processor's own prefetcher, which also stops at
    /// page boundaries, falls behind; a sequential read of the journal otherwise waits on memory at every line.
    @inline(__always) func prefetch(ahead offset: Int) {
        let end = min(offset + Self.prefetchDistance, size)
        if prefetchedEnd < offset { prefetchedEnd = offset }
        while prefetchedEnd < end {
            tandem_prefetch(base + prefetchedEnd)
            prefetchedEnd += 64
        }
    }

    static let prefetchDistance = 2_048

    /// Maps the file again if it has grown (a segment holding one oversized command grows past its capacity).
    /// The old mapping stays until the segment is released: records read from it may still be in use.
    func remapIfGrown() throws(JournalError) -> Bool {
        let newSize = try SystemCall.fileSize(descriptor, path: path)
        guard newSize > size else { return false }
        let newBase = try SystemCall.map(descriptor, size: newSize, path: path)
        outgrownMappings.append((base, size))
        base = newBase
        size = newSize
        return true
    }

    /// The record at `offset` (a multiple of 8 at or after the header), checked for framing and, unless told
    /// otherwise, its CRC. With `deferringEventsCRC`, an events record's CRC is left to the caller unless the
    /// next slot does not hold the next record's header (the record may be the torn last one).
    @inline(__always)
    func slot(at offset: Int, checkingCRC: Bool = true, deferringEventsCRC: Bool = false) -> Slot {
        guard size - offset >= JournalFormat.recordHeaderSize else {
            return isZero(offset..<size) ? .end : .invalid(.headerPastEnd)
        }
        let length = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        if length == 0 { return .end }
        guard length <= JournalFormat.maxPayload, offset + JournalFormat.recordSize(payload: length) <= size else {
            return .invalid(.lengthPastEnd(length))
        }
        let typeCode = base.load(fromByteOffset: offset + 24, as: UInt8.self)
        guard let type = JournalRecordType(rawValue: typeCode) else {
            return .invalid(.unknownType(typeCode))
        }
        let sequence = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        let end = offset + JournalFormat.recordSize(payload: length)
        let defers = deferringEventsCRC && type == .events && nextHeaderFollows(at: end, sequence: sequence + 1)
        if checkingCRC && !defers && !crcMatches(at: offset, length: length) { return .invalid(.crcMismatch) }
        guard base.loadUnaligned(fromByteOffset: offset + 26, as: UInt16.self) == 0,
            base.loadUnaligned(fromByteOffset: offset + 28, as: UInt32.self) == 0
        else { return .invalid(.reservedBytes) }
        return .record(
            JournalRecord(
                sequence: sequence,
                timestamp: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)),
                type: type, flags: base.load(fromByteOffset: offset + 25, as: UInt8.self),
                payload: UnsafeRawBufferPointer(start: base + offset + JournalFormat.recordHeaderSize, count: length),
                segmentFirstSequence: header.firstSequence, offset: offset, crcSeed: crcSeed))
    }

    /// Whether a plausible header of record `sequence` starts at `offset` (its CRC unchecked).
    @inline(__always) private func nextHeaderFollows(at offset: Int, sequence: UInt64) -> Bool {
        guard size - offset >= JournalFormat.recordHeaderSize else { return false }
        let length = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        return length != 0 && offset + JournalFormat.recordSize(payload: length) <= size
            && UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)) == sequence
    }

    /// Whether the record at `offset` with a payload of `length` bytes has a valid CRC.
    @inline(__always) func crcMatches(at offset: Int, length: Int) -> Bool {
        RecordFrame.crcMatches(at: base + offset, length: length, crcSeed: crcSeed)
    }

    /// The offset of the first record with a valid CRC that starts after `offset`, if any: a valid record after
    /// an invalid one means the invalid one is corruption, not a torn write at the tail.
    func firstValidRecord(after offset: Int) -> Int? {
        var candidate = offset + JournalFormat.alignment
        while candidate + JournalFormat.recordHeaderSize <= size {
            // A record starts with a non-zero length: a page of zeros (the preallocated rest of a segment) holds
            // none, and is skipped whole.
            if candidate % Self.zeroPageSize == 0, candidate + Self.zeroPageSize <= size,
                memcmp(base + candidate, Self.zeroPage, Self.zeroPageSize) == 0
            {
                candidate += Self.zeroPageSize
                continue
            }
            let length = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: candidate, as: UInt32.self)))
            if length != 0, length <= JournalFormat.maxPayload,
                candidate + JournalFormat.recordSize(payload: length) <= size,
                JournalRecordType(rawValue: base.load(fromByteOffset: candidate + 24, as: UInt8.self)) != nil,
                crcMatches(at: candidate, length: length)
            {
                return candidate
            }
            candidate += JournalFormat.alignment
        }
        return nil
    }

    private static let zeroPageSize = 4_096
    nonisolated(unsafe) private static let zeroPage: UnsafeRawPointer = {
        let page = UnsafeMutableRawPointer.allocate(byteCount: zeroPageSize, alignment: 64)
        page.initializeMemory(as: UInt8.self, repeating: 0, count: zeroPageSize)
        return UnsafeRawPointer(page)
    }()

    /// The end of the last non-zero byte at or after `offset` (`offset` itself when all are zero).
    func endOfNonZeroBytes(from offset: Int) -> Int {
        var end = size
        while end - 8 >= offset && base.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self) == 0 { end -= 8 }
        while end > offset && base.load(fromByteOffset: end - 1, as: UInt8.self) == 0 { end -= 1 }
        return max(end, offset)
    }

    private func isZero(_ range: Range<Int>) -> Bool {
        range.allSatisfy { base.load(fromByteOffset: $0, as: UInt8.self) == 0 }
    }
}
