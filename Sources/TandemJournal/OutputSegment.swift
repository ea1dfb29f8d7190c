#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The segment file the writer thread appends to.
struct OutputSegment {
    var descriptor: Int32
    var path: String
    var firstSequence: UInt64
    /// Where every record's CRC starts: the register after this segment's salt.
    var crcSeed: CRC32C
    /// The file offset the next record goes to.
    var offset: Int
    var hasUnsyncedData = false

    /// A file already zero-filled and synced, waiting to become the next segment.
    struct Spare {
        var descriptor: Int32
        var path: String
    }

    /// Creates segment `firstSequence` under its final name, ready for records.
    ///
    /// The file is a prepared spare when one is given; otherwise it is created here, zero-filled when
    /// `zeroFill` (a later fdatasync then updates no metadata) or else only allocated. The header is written
    /// and synced before the file is renamed into place and the directory synced, so a segment found under its
    /// final name always has a valid header.
    static func create(
        directory: String, firstSequence: UInt64, capacity: Int, durable: Bool, zeroFill: Bool, spare: Spare?
    ) throws(JournalError) -> OutputSegment {
        let path = SystemCall.join(directory, JournalFormat.segmentName(firstSequence: firstSequence))
        let source = spare?.path ?? path + JournalFormat.temporarySuffix
        let descriptor: Int32
        if let spare {
            descriptor = spare.descriptor
        } else {
            descriptor = try SystemCall.openFile(source, O_RDWR | O_CREAT | O_TRUNC)
        }
        do throws(JournalError) {
            if spare == nil {
                if zeroFill {
                    try SystemCall.writeZeros(descriptor, range: 0..<capacity, path: source)
                } else {
                    try SystemCall.allocate(descriptor, size: capacity, path: source)
                }
            }
            let header = SegmentHeader(
                salt: UInt64.random(in: .min ... .max), firstSequence: firstSequence, capacity: capacity)
            try SystemCall.writeFully(descriptor, bytes: header.encoded(), offset: 0, path: source)
            if durable { try SystemCall.syncData(descriptor, path: source) }
            try SystemCall.renameFile(source, to: path)
            if durable { try SystemCall.syncDirectory(directory) }
            return OutputSegment(
                descriptor: descriptor, path: path, firstSequence: firstSequence, crcSeed: header.crcSeed,
                offset: JournalFormat.segmentHeaderSize)
        } catch {
            SystemCall.closeFile(descriptor)
            throw error
        }
    }

    /// Opens an existing segment to append at `offset`, after zeroing `dirty` (the torn tail recovery cut off).
    static func resume(
        directory: String, header: SegmentHeader, offset: Int, dirty: Range<Int>, durable: Bool
    ) throws(JournalError) -> OutputSegment {
        let path = SystemCall.join(directory, JournalFormat.segmentName(firstSequence: header.firstSequence))
        let descriptor = try SystemCall.openFile(path, O_RDWR)
        do throws(JournalError) {
            if !dirty.isEmpty {
                try SystemCall.writeZeros(descriptor, range: dirty, path: path)
                if durable { try SystemCall.syncData(descriptor, path: path) }
            }
        } catch {
            SystemCall.closeFile(descriptor)
            throw error
        }
        return OutputSegment(
            descriptor: descriptor, path: path, firstSequence: header.firstSequence, crcSeed: header.crcSeed,
            offset: offset)
    }
}
