import Foundation
import TandemEngine
import XCTest

@testable import TandemJournal

/// The replay's read-ahead thread: the same results, errors and ends as a replay on one thread, and segments
/// unmapped behind it.
final class ReplayPrefetcherTests: XCTestCase {
    private let options = JournalWriter.Options(durability: .async, segmentCapacity: 16 << 10)

    /// A journal of `count` commands over many small segments.
    private func journal(count: Int) throws -> (directory: String, written: JournalFixture.Written) {
        let directory = TestDirectory.make(self)
        let opened = try Journal.open(
            directory: directory, configuration: JournalFixture.configuration, options: options)
        return (directory, try JournalFixture.write(opened, count: count, seed: 31))
    }

    /// The summary and final state hash of a replay with and without the read-ahead thread, or their errors.
    private func bothWays(
        _ directory: String, until: UInt64? = nil, configuration: EngineConfiguration? = nil
    ) -> [String] {
        [true, false].map { readsAhead in
            var events: [Event] = []
            do {
                let (summary, engine) = try JournalReplay.run(
                    directory: directory,
                    options: JournalReplay.Options(
                        until: until, configuration: configuration, onEvents: { events += $0 },
                        readsAhead: readsAhead))
                return "\(summary) \(engine.stateHash()) \(events.count) \(events.last.map { "\($0)" } ?? "")"
            } catch {
                return "error: \(error)"
            }
        }
    }

    func testAWholeJournalReplaysAlikeBothWays() throws {
        let (directory, written) = try journal(count: 2_000)
        let results = bothWays(directory)
        XCTAssertEqual(results[0], results[1])
        XCTAssertTrue(results[0].contains("end: Optional(TandemJournal.JournalReader.End.clean)"), results[0])
        XCTAssertTrue(results[0].contains("commands: 2000"), results[0])
        for until in [UInt64(1), 2, 3, 777, written.lastSequences[1_234], written.lastSequences.last! + 5] {
            let results = bothWays(directory, until: until)
            XCTAssertEqual(results[0], results[1], "until \(until)")
        }
        var configuration = JournalFixture.configuration
        configuration.markets[0].takerFeePPM += 100
        let whatIf = bothWays(directory, configuration: configuration)
        XCTAssertEqual(whatIf[0], whatIf[1])
        XCTAssertTrue(whatIf[0].contains("differingCommands: Optional("), whatIf[0])
    }

    func testATornTailAndCorruptionEndBothWaysAlike() throws {
        let (directory, _) = try journal(count: 800)
        let records = try JournalFixture.records(in: directory)
        let torn = try TestDirectory.copy(directory, self)
        let last = records[records.count - 1]
        try JournalFixture.modify(torn + "/" + URL(fileURLWithPath: last.segmentPath).lastPathComponent) {
            $0[last.offset + 40] ^= 0x01
        }
        let tornResults = bothWays(torn)
        XCTAssertEqual(tornResults[0], tornResults[1])
        XCTAssertTrue(tornResults[0].contains("tornTail"), tornResults[0])
        for victim in [records[records.count / 2], records[records.count / 2 + 1], records[5]] {
            let damaged = try TestDirectory.copy(directory, self)
            try JournalFixture.modify(damaged + "/" + URL(fileURLWithPath: victim.segmentPath).lastPathComponent) {
                $0[victim.offset + 36] ^= 0x40
            }
            let results = bothWays(damaged)
            XCTAssertEqual(results[0], results[1])
            XCTAssertTrue(results[0].hasPrefix("error: "), results[0])
            XCTAssertTrue(results[0].contains("offset \(victim.offset)"), results[0])
        }
    }

    /// The reader keeps a segment mapped only until the replaying thread has moved past it: as many segments
    /// as the ring's few thousand records span (about 30 of these small ones), however long the journal.
    func testSegmentsAreUnmappedBehindTheReplay() throws {
        let (directory, _) = try journal(count: 12_000)
        let segments = try DataDirectory.segmentSequences(in: directory).count
        XCTAssertGreaterThan(segments, 150)
        var mostMapped = 0
        let options = JournalReplay.Options(
            onProgress: { _, _ in mostMapped = max(mostMapped, Self.mappedSegments(in: directory)) },
            progressInterval: 500, readsAhead: true)
        _ = try JournalReplay.run(directory: directory, options: options)
        XCTAssertGreaterThan(mostMapped, 0)
        XCTAssertLessThan(mostMapped, segments / 3, "of \(segments) segments")
        XCTAssertEqual(Self.mappedSegments(in: directory), 0, "all unmapped once the replay is over")
    }

    /// How many of `directory`'s segment files this process has mapped now.
    private static func mappedSegments(in directory: String) -> Int {
        // Read to the end: /proc files have no size for Foundation's one-shot reads.
        let maps = String(
            decoding: FileHandle(forReadingAtPath: "/proc/self/maps")!.readDataToEndOfFile(), as: UTF8.self)
        let paths = maps.split(separator: "\n").compactMap { line in
            line.firstRange(of: directory).map { String(line[$0.lowerBound...]) }
        }
        return Set(paths).count
    }
}
