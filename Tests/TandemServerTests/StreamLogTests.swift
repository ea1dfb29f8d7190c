import Testing

@testable import TandemServer

/// The resume window: messages numbered from 1, kept in chunks, the oldest chunks dropped past the window.
@Suite struct StreamLogTests {
    @Test func framesFromAnySequenceKeptAreTheMessagesAppendedSince() {
        var log = StreamLog(windowBytes: 8 << 20)
        for value in 0..<100_000 { append(UInt32(value), to: &log) }
        #expect(log.firstSequence == 1 && log.nextSequence == 100_001)
        for sequence: UInt64 in [1, 2, 65_537, 99_999, 100_000] {
            let frames = log.frames(from: sequence)
            #expect(frames.count == (100_001 - Int(sequence)) * 64)
            #expect(frames.prefix(4) == bytes(UInt32(sequence - 1)).prefix(4))
        }
        #expect(log.frames(from: 100_001).isEmpty)
        #expect(log.holds(from: 100_001) && !log.holds(from: 100_002))
    }

    @Test func theOldestChunksGoOnceTheWindowIsFull() {
        var log = StreamLog(windowBytes: 2 << 20)
        for value in 0..<200_000 { append(UInt32(value), to: &log) }
        // 12.8 MB appended, 64 bytes each: about the last 2 MiB (and at most one more chunk) remain.
        let kept = Int(log.nextSequence - log.firstSequence) * 64
        #expect(kept >= 2 << 20 && kept <= 3 << 20 + 64)
        #expect(!log.holds(from: 1) && log.holds(from: log.firstSequence))
        #expect(log.frames(from: log.firstSequence).prefix(4) == bytes(UInt32(log.firstSequence - 1)).prefix(4))
    }

    private func append(_ value: UInt32, to log: inout StreamLog) {
        bytes(value).withUnsafeBytes { log.append($0) }
    }

    /// A 64-byte stand-in for a frame that starts with `value`.
    private func bytes(_ value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) } + [UInt8](repeating: 0xEE, count: 60)
    }
}
