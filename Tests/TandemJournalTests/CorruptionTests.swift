import Foundation
import TandemEngine
import XCTest

@testable import TandemJournal

/// Damaged journals: a torn tail is cut off and writing goes on; damage followed by valid data stops start-up
/// with the segment and the offset; the replay's event check catches events that were changed consistently.
final class CorruptionTests: XCTestCase {
    private let options = JournalFixture.smallSegments

    /// A journal of 60 commands and what was written, in a directory of its own.
    private func journal(count: Int = 60) throws -> (directory: String, written: JournalFixture.Written) {
        let directory = TestDirectory.make(self)
        let opened = try Journal.open(
            directory: directory, configuration: JournalFixture.configuration, options: options)
        return (directory, try JournalFixture.write(opened, count: count, seed: 11))
    }

    /// Cut the last record (the last command's events) at every byte, by truncating the file there and by
    /// zeroing from there (a preallocated file): the last command goes, the rest recovers, writing goes on.
    func testATornTailIsCutOffAtEveryByteOfTheLastRecord() throws {
        let (directory, written) = try journal()
        let records = try JournalFixture.records(in: directory)
        let last = records[records.count - 1]
        let lastCommand = records[records.count - 2]
        XCTAssertEqual(last.type, .events)
        let before = try JournalFixture.engine(after: written.commands.count - 1, of: written).snapshot()
        let after = try JournalFixture.engine(after: written.commands.count, of: written).snapshot()
        let original = try Data(contentsOf: URL(fileURLWithPath: last.segmentPath))
        let end = last.offset + last.size
        var tornCount = 0
        for cut in last.offset..<end {
            for truncating in [true, false] {
                let copy = try TestDirectory.copy(directory, self)
                let segment = copy + "/" + URL(fileURLWithPath: last.segmentPath).lastPathComponent
                try JournalFixture.modify(segment) { data in
                    if truncating {
                        data.removeSubrange(cut...)
                    } else {
                        data.replaceSubrange(cut..<end, with: [UInt8](repeating: 0, count: end - cut))
                    }
                }
                // Zeroing bytes that were zero (padding, high bytes of small numbers) tears nothing.
                let isTorn = truncating || original[cut..<end].contains { $0 != 0 }
                let context = "cut at \(cut) (record at \(last.offset), \(last.size) B), truncating: \(truncating)"
                let recovered = try Journal.openExisting(directory: copy, options: options)
                let report = try XCTUnwrap(recovered.recovery)
                XCTAssertEqual(report.truncation != nil, isTorn, context)
                XCTAssertEqual(report.nextSequence, isTorn ? lastCommand.sequence : last.sequence + 1, context)
                XCTAssertTrue(recovered.engine.snapshot() == (isTorn ? before : after), context)
                // Writing goes on after what was recovered, and the result replays cleanly.
                let more = try JournalFixture.write(recovered, count: 3, seed: 12, firstTimestamp: 90_000)
                XCTAssertEqual(more.lastSequences.first, report.nextSequence + 1, context)
                let (summary, _) = try JournalReplay.run(directory: copy)
                XCTAssertEqual(summary.end, .clean, context)
                XCTAssertEqual(summary.commands, written.commands.count + (isTorn ? 2 : 3), context)
                XCTAssertEqual(summary.stateHash, recovered.engine.stateHash(), context)
                if isTorn { tornCount += 1 }
            }
        }
        XCTAssertGreaterThan(tornCount, last.size)
    }

    func testAFlippedByteInTheMiddleStopsStartUpNamingTheSegmentAndOffset() throws {
        let (directory, _) = try journal()
        let records = try JournalFixture.records(in: directory)
        let victim = records[records.count / 2]
        let name = URL(fileURLWithPath: victim.segmentPath).lastPathComponent
        for position in [victim.offset + 40, victim.offset + 9, victim.offset] {
            let copy = try TestDirectory.copy(directory, self)
            try JournalFixture.modify(copy + "/" + name) { $0[position] ^= 0x10 }
            XCTAssertThrowsError(try Journal.openExisting(directory: copy, options: options)) { error in
                guard case .corruption(let segment, let offset, _) = error as? JournalError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(segment, name)
                XCTAssertEqual(offset, victim.offset, "byte \(position)")
                XCTAssertTrue("\(error)".contains("\(name) at offset \(victim.offset)"), "\(error)")
            }
            let report = try JournalVerifier.verify(directory: copy)
            guard case .corruption(name, victim.offset, _)? = report.problem else {
                return XCTFail("verify: \(String(describing: report.problem))")
            }
            XCTAssertThrowsError(try JournalReplay.run(directory: copy))
            XCTAssertFalse(FileManager.default.fileExists(atPath: copy + "/lock.x"), "nothing was repaired")
        }
    }

    /// A record zeroed whole in the middle looks like the end of the data, but valid records follow it.
    func testAZeroedRecordFollowedByValidOnesIsCorruption() throws {
        let (directory, _) = try journal()
        let records = try JournalFixture.records(in: directory)
        let victim = records[records.count / 3]
        try JournalFixture.modify(victim.segmentPath) { data in
            data.replaceSubrange(
                victim.offset..<victim.offset + victim.size, with: [UInt8](repeating: 0, count: victim.size))
        }
        XCTAssertThrowsError(try Journal.openExisting(directory: directory, options: options)) { error in
            guard case .corruption(_, let offset, let reason) = error as? JournalError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(offset, victim.offset)
            XCTAssertTrue(reason.contains("followed by a valid record"), reason)
        }
    }

    func testAFlippedByteInTheTailRecordIsCutOff() throws {
        let (directory, written) = try journal()
        let records = try JournalFixture.records(in: directory)
        let last = records[records.count - 1]
        try JournalFixture.modify(last.segmentPath) { $0[last.offset + last.size - 9] ^= 0x01 }
        let recovered = try Journal.openExisting(directory: directory, options: options)
        XCTAssertTrue(
            recovered.recovery?.truncation?.contains("CRC mismatch") ?? false,
            "\(String(describing: recovered.recovery))")
        XCTAssertEqual(recovered.recovery?.nextSequence, records[records.count - 2].sequence)
        XCTAssertEqual(
            recovered.engine.stateHash(),
            try JournalFixture.engine(after: written.commands.count - 1, of: written).stateHash())
        try recovered.writer.close()
    }

    /// Change one balance in an events record and recompute the CRC: the framing is valid, so only the replay's
    /// byte-for-byte event check can see it, and it does.
    func testTheReplayCatchesAnEventChangedConsistently() throws {
        let (directory, written) = try journal()
        let records = try JournalFixture.records(in: directory)
        let index = records.count * 2 / 3
        let victim = records[index...].first { $0.type == .events }!
        // The last byte of the payload is inside the last event's last field (every kind ends in a value).
        let lastPayloadByte = victim.offset + 32 + payloadLength(victim) - 1
        try JournalFixture.modify(victim.segmentPath) { $0[lastPayloadByte] ^= 0x01 }
        try JournalFixture.resealRecord(in: victim.segmentPath, at: victim.offset)

        XCTAssertNil(try JournalVerifier.verify(directory: directory).problem, "the frame and CRC are valid")
        XCTAssertThrowsError(try JournalReplay.run(directory: directory)) { error in
            guard case .divergence(let sequence, _, let offset, let reason) = error as? JournalError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(sequence, victim.sequence)
            XCTAssertEqual(offset, victim.offset)
            XCTAssertTrue(reason.contains("journaled"), reason)
        }
        XCTAssertThrowsError(try Journal.openExisting(directory: directory, options: options)) { error in
            guard case .divergence = error as? JournalError else { return XCTFail("\(error)") }
        }
        // Unchanged, the same journal replays.
        _ = written
    }

    func testAMissingSegmentIsCorruption() throws {
        let directory = TestDirectory.make(self)
        let opened = try Journal.open(
            directory: directory, configuration: JournalFixture.configuration,
            options: JournalWriter.Options(durability: .none, segmentCapacity: 8 << 10))
        try JournalFixture.write(opened, count: 500, seed: 13)
        let segments = try DataDirectory.segmentSequences(in: directory)
        XCTAssertGreaterThan(segments.count, 3)
        try FileManager.default.removeItem(
            atPath: directory + "/" + JournalFormat.segmentName(firstSequence: segments[2]))
        XCTAssertThrowsError(try Journal.openExisting(directory: directory, options: options)) { error in
            guard case .corruption(let segment, _, let reason) = error as? JournalError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(segment, JournalFormat.segmentName(firstSequence: segments[1]))
            XCTAssertTrue(reason.contains(JournalFormat.segmentName(firstSequence: segments[3])), reason)
        }
    }

    private func payloadLength(_ record: JournalFixture.RecordInfo) -> Int {
        let data = try! Data(contentsOf: URL(fileURLWithPath: record.segmentPath))
        return Int(data[record.offset]) | Int(data[record.offset + 1]) << 8 | Int(data[record.offset + 2]) << 16
    }
}
