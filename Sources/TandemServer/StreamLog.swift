/// A sequenced stream's recent messages, encoded, so a client that resumes gets them again byte for byte.
///
/// Messages are numbered from 1 and kept in chunks of about `chunkBytes`; once more than `windowBytes` are
/// kept, whole chunks are dropped from the oldest end, so keeping the window costs no copying.
struct StreamLog {
    private struct Chunk {
        let firstSequence: UInt64
        var bytes: [UInt8]
        /// Where each message starts in `bytes`.
        var starts: [Int32]
    }

    /// About 1 MiB, or the window when it is smaller (so a small window really is small).
    private let chunkBytes: Int
    private var chunks: [Chunk] = []
    private var keptBytes = 0
    private let windowBytes: Int
    /// The sequence number the next message gets.
    private(set) var nextSequence: UInt64 = 1

    /// An empty window whose next message is numbered `nextSequence` (1 for a new stream).
    init(windowBytes: Int, nextSequence: UInt64 = 1) {
        self.windowBytes = windowBytes
        self.nextSequence = nextSequence
        chunkBytes = min(1 << 20, max(windowBytes, 1))
    }

    /// The sequence number of the oldest message kept.
    var firstSequence: UInt64 { chunks.first?.firstSequence ?? nextSequence }

    /// Appends one encoded frame as the next message.
    mutating func append(_ frame: UnsafeRawBufferPointer) {
        if chunks.isEmpty || chunks[chunks.count - 1].bytes.count + frame.count > chunkBytes {
            startChunk()
        }
        let last = chunks.count - 1
        chunks[last].starts.append(Int32(chunks[last].bytes.count))
        chunks[last].bytes.append(contentsOf: frame)
        keptBytes += frame.count
        nextSequence += 1
    }

    private mutating func startChunk() {
        while chunks.count > 1 && keptBytes - chunks[0].bytes.count >= windowBytes {
            keptBytes -= chunks[0].bytes.count
            chunks.removeFirst()
        }
        var chunk = Chunk(firstSequence: nextSequence, bytes: [], starts: [])
        chunk.bytes.reserveCapacity(chunkBytes)
        chunks.append(chunk)
    }

    /// Whether messages from `sequence` on are all still kept (`nextSequence` itself: nothing to send).
    func holds(from sequence: UInt64) -> Bool {
        sequence >= firstSequence && sequence <= nextSequence
    }

    /// The encoded messages from `sequence` to the newest; call only when `holds(from:)`.
    func frames(from sequence: UInt64) -> [UInt8] {
        guard sequence < nextSequence else { return [] }
        let index = chunks.partitionPoint { $0.firstSequence <= sequence } - 1
        let chunk = chunks[index]
        var frames = Array(chunk.bytes[Int(chunk.starts[Int(sequence - chunk.firstSequence)])...])
        for later in chunks[(index + 1)...] { frames += later.bytes }
        return frames
    }
}

extension Array {
    /// The first index whose element fails `belongs` (the elements that pass come first).
    func partitionPoint(_ belongs: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
