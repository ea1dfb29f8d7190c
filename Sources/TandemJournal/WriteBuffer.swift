import CJournal

/// The writer thread's staging area for the segment it appends to: records are framed here and written out
/// in whole blocks, so the file can take direct I/O.
///
/// With direct I/O a write goes from this buffer to the device: no copy into the page cache, which on a
/// virtual machine also spares the host's first touch of every new page-cache page (most of the writer's CPU
/// time with buffered writes, `Protocol/JOURNAL.md`). Direct I/O needs block-aligned offsets and lengths, so
/// the partial last block stays in the buffer and is written again, zero-padded, with whatever follows it:
/// its earlier bytes are rewritten unchanged. Where the file system refuses direct I/O, writes are buffered.
struct WriteBuffer {
    static let blockSize = 4_096

    private let base: UnsafeMutableRawPointer
    let capacity: Int
    /// The file offset of the buffer's first byte.
    private var fileOffset = 0
    /// The bytes in use: the file's data from `fileOffset` on.
    private var count = 0
    /// The bytes at the start already in the file.
    private var written = 0
    private(set) var isDirect = false

    /// A buffer that holds at least `minimumCapacity` bytes after a partial block.
    init(minimumCapacity: Int) {
        capacity = (minimumCapacity + 2 * Self.blockSize - 1) & ~(Self.blockSize - 1)
        base = .allocate(byteCount: capacity, alignment: Self.blockSize)
    }

    func deallocate() {
        base.deallocate()
    }

    /// Free bytes.
    var space: Int { capacity - count }

    /// Where the next bytes go; `append(_:)` counts them once they are there.
    var end: UnsafeMutableRawPointer { base + count }

    mutating func append(_ byteCount: Int) {
        count += byteCount
    }

    /// Whether bytes are waiting to be written.
    var hasUnwrittenBytes: Bool { count > written }

    /// Starts appending to `output` at its offset, with direct I/O when the file system allows it and
    /// `direct` asks for it.
    mutating func start(_ output: OutputSegment, direct: Bool) throws(JournalError) {
        isDirect = direct && tandem_enable_direct_io(output.descriptor) == 0
        if isDirect {
            fileOffset = output.offset & ~(Self.blockSize - 1)
            count = output.offset - fileOffset
            if count > 0 {
                // The block's earlier bytes (the header, or records before a restart) are rewritten with it.
                let read = try SystemCall.readFully(
                    output.descriptor, into: base, count: Self.blockSize, offset: fileOffset, path: output.path)
                guard read >= count else {
                    throw .unusable("\(output.path) ends at byte \(fileOffset + read), before offset \(output.offset)")
                }
            }
        } else {
            fileOffset = output.offset
            count = 0
        }
        written = count
    }

    /// Writes the bytes not yet in the file.
    mutating func write(to output: OutputSegment) throws(JournalError) {
        guard hasUnwrittenBytes else { return }
        guard isDirect else {
            // Buffered: everything goes out, from the start (`written` is only ever non-zero with direct I/O).
            try SystemCall.writeFully(output.descriptor, base, count: count, offset: fileOffset, path: output.path)
            fileOffset += count
            count = 0
            return
        }
        let length = (count + Self.blockSize - 1) & ~(Self.blockSize - 1)
        (base + count).initializeMemory(as: UInt8.self, repeating: 0, count: length - count)
        try SystemCall.writeFully(output.descriptor, base, count: length, offset: fileOffset, path: output.path)
        let whole = count & ~(Self.blockSize - 1)
        if whole > 0 {
            base.copyMemory(from: base + whole, byteCount: count - whole)
            fileOffset += whole
            count -= whole
        }
        written = count
    }
}
