/// A sequenced stream's recent messages, encoded, so a client that resumes gets them again byte for byte.
///
/// Messages are numbered from 1. Only the newest `windowBytes` (about) are kept: when the log passes twice
/// that, its older half is dropped, so the cost of dropping is spread over the appends.
struct StreamLog {
    private var bytes: [UInt8] = []
    /// Where each kept message starts in `bytes`.
    private var starts: [Int] = []
    /// The sequence number of the first kept message.
    private(set) var firstSequence: UInt64 = 1
    private let windowBytes: Int

    init(windowBytes: Int) {
        self.windowBytes = windowBytes
    }

    /// The sequence number the next message gets.
    var nextSequence: UInt64 { firstSequence + UInt64(starts.count) }

    /// Appends one encoded frame as the next message.
    mutating func append(_ frame: UnsafeRawBufferPointer) {
        starts.append(bytes.count)
        bytes.append(contentsOf: frame)
        if bytes.count > 2 * windowBytes { dropOlderHalf() }
    }

    /// Whether messages from `sequence` on are all still kept (`nextSequence` itself: nothing to send).
    func holds(from sequence: UInt64) -> Bool {
        sequence >= firstSequence && sequence <= nextSequence
    }

    /// The encoded messages from `sequence` to the newest; call only when `holds(from:)`.
    func frames(from sequence: UInt64) -> ArraySlice<UInt8> {
        let index = Int(sequence - firstSequence)
        return index == starts.count ? [] : bytes[starts[index]...]
    }

    private mutating func dropOlderHalf() {
        let keepFrom = starts.partitionPoint { $0 < bytes.count - windowBytes }
        let droppedBytes = starts[keepFrom]
        bytes.removeFirst(droppedBytes)
        starts.removeFirst(keepFrom)
        for index in starts.indices { starts[index] -= droppedBytes }
        firstSequence += UInt64(keepFrom)
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
