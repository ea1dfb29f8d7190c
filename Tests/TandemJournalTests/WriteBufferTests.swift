import Foundation
import XCTest

@testable import TandemJournal

#if canImport(Glibc)
    import Glibc
#endif

/// The writer thread's staging buffer: direct I/O writes whole blocks, yet the file ends up exactly as
/// buffered writes leave it.
final class WriteBufferTests: XCTestCase {
    private static let fileSize = 256 << 10
    private static let firstOffset = JournalFormat.segmentHeaderSize

    func testDirectWritesLeaveTheFileExactlyAsBufferedOnes() throws {
        let direct = try writeRandomStretches(direct: true)
        let buffered = try writeRandomStretches(direct: false)
        XCTAssertTrue(direct.usedDirectIO, "this test's directory is on ext4, which takes direct I/O")
        XCTAssertFalse(buffered.usedDirectIO)
        XCTAssertEqual(direct.file, direct.expected)
        XCTAssertEqual(buffered.file, buffered.expected)
        XCTAssertEqual(direct.file, buffered.file)
    }

    /// Appends stretches of random bytes of random lengths (some larger than a block, some a few bytes),
    /// writing after some and starting afresh at the current offset after others, as the writer thread does
    /// after a restart; returns the file and what it should hold.
    private func writeRandomStretches(direct: Bool) throws -> (file: Data, expected: Data, usedDirectIO: Bool) {
        let path = TestDirectory.make(self) + "/segment"
        var expected = Data(count: Self.fileSize)
        expected.replaceSubrange(0..<Self.firstOffset, with: (0..<Self.firstOffset).map { UInt8($0 & 255) })
        try expected.write(to: URL(fileURLWithPath: path))
        let descriptor = open(path, O_RDWR)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        var output = OutputSegment(
            descriptor: descriptor, path: path, firstSequence: 1, crcSeed: CRC32C(), offset: Self.firstOffset)
        var buffer = WriteBuffer(minimumCapacity: 16 << 10)
        defer { buffer.deallocate() }
        try buffer.start(output, direct: direct)
        let usedDirectIO = buffer.isDirect
        var random = SplitMix64(seed: 11)
        while output.offset < Self.fileSize - 40_000 {
            let length = random.next() % 4 == 0 ? Int(random.next() % 9_000) : Int(random.next() % 300) + 1
            if buffer.space < length { try buffer.write(to: output) }
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            bytes.withUnsafeBytes { buffer.end.copyMemory(from: $0.baseAddress!, byteCount: length) }
            buffer.append(length)
            expected.replaceSubrange(output.offset..<output.offset + length, with: bytes)
            output.offset += length
            switch random.next() % 4 {
            case 0: try buffer.write(to: output)
            case 1:
                try buffer.write(to: output)
                try buffer.start(output, direct: direct)
            default: break
            }
        }
        try buffer.write(to: output)
        return (try Data(contentsOf: URL(fileURLWithPath: path)), expected, usedDirectIO)
    }
}
