import Foundation
import TandemEngine
import XCTest

@testable import TandemJournal

/// `tandem replay` and `tandem journal dump | verify | snapshot`, run as the built executable: exit statuses,
/// messages, and results that agree with the library.
final class ToolTests: XCTestCase {
    private struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    private func executable() throws -> URL {
        let testBinary = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var folder = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("tandem")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        throw XCTSkip("no tandem executable near \(testBinary.path); build the package first")
    }

    private func tandem(_ arguments: String...) throws -> Run {
        try tandem(arguments)
    }

    private func tandem(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let error = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: error, as: UTF8.self))
    }

    private func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// A journal of 300 commands over several segments, and the engine that wrote it.
    private func journal() throws -> (String, JournalFixture.Written, Engine) {
        let directory = TestDirectory.make(self)
        let opened = try Journal.open(
            directory: directory, configuration: JournalFixture.configuration,
            options: JournalWriter.Options(durability: .async, segmentCapacity: 16 << 10))
        let written = try JournalFixture.write(opened, count: 300, seed: 21)
        return (directory, written, opened.engine)
    }

    func testAHealthyJournalVerifiesDumpsAndReplays() throws {
        let (directory, written, engine) = try journal()
        let records = try JournalFixture.records(in: directory)
        let segments = try DataDirectory.segmentSequences(in: directory).count
        XCTAssertGreaterThan(segments, 1)

        let verify = try tandem("journal", "verify", "--data", directory)
        XCTAssertEqual(verify.status, 0, verify.standardError)
        XCTAssertTrue(verify.standardOutput.hasSuffix("ok: \(records.count) records in \(segments) segments\n"))
        XCTAssertTrue(verify.standardOutput.hasPrefix("journal-00000000000000000001.seg: records 1..."))

        let dump = try tandem("journal", "dump", "--data", directory, "--from", "5", "--to", "7")
        XCTAssertEqual(dump.status, 0, dump.standardError)
        let lines = dump.standardOutput.split(separator: "\n")
        XCTAssertEqual(lines.map { $0.prefix(9) }, [#"{"seq":5,"#, #"{"seq":6,"#, #"{"seq":7,"#])
        let all = try tandem("journal", "dump", "--data", directory)
        XCTAssertEqual(all.standardOutput.split(separator: "\n").count, records.count)
        XCTAssertTrue(
            all.standardOutput.hasPrefix(#"{"seq":1,"ts":0,"record":"configuration","initial_order_capacity":256,"#))
        XCTAssertTrue(all.standardOutput.contains(#""record":"command","client_id":"#))
        XCTAssertTrue(all.standardOutput.contains(#","command":{"type":"deposit","account":1,"asset":0,"#))

        let replay = try tandem("replay", "--data", directory)
        XCTAssertEqual(replay.status, 0, replay.standardError)
        XCTAssertEqual(
            replay.standardOutput,
            """
            records \(records.count)
            commands 300
            events \(written.commands.reduce(0) { $0 + $1.events.count })
            last record \(records.last!.sequence) (timestamp \(written.commands.last!.timestamp))
            events: every replayed event matches the journal byte for byte
            end: clean
            state hash \(hex(engine.stateHash()))

            """)
        XCTAssertTrue(replay.standardError.contains("records/s"), replay.standardError)

        let json = try tandem("replay", "--data", directory, "--json")
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as! [String: Any]
        XCTAssertEqual(object["state_hash"] as? String, hex(engine.stateHash()))
        XCTAssertEqual(object["end"] as? String, "clean")
        XCTAssertEqual(object["commands"] as? Int, 300)

        let until = written.lastSequences[99]
        let partial = try tandem("replay", "--data", directory, "--until", "\(until)", "--json")
        let partialObject = try JSONSerialization.jsonObject(with: Data(partial.standardOutput.utf8)) as! [String: Any]
        XCTAssertEqual(partialObject["commands"] as? Int, 100)
        XCTAssertEqual(partialObject["end"] as? String, "until")
        XCTAssertEqual(
            partialObject["state_hash"] as? String, hex(try JournalFixture.engine(after: 100, of: written).stateHash()))
    }

    func testCorruptionFailsWithTheSegmentAndOffset() throws {
        let (directory, _, _) = try journal()
        let records = try JournalFixture.records(in: directory)
        let victim = records[records.count / 2]
        try JournalFixture.modify(victim.segmentPath) { $0[victim.offset + 36] ^= 0x08 }
        let name = URL(fileURLWithPath: victim.segmentPath).lastPathComponent
        let message = "tandem: corruption in \(name) at offset \(victim.offset): CRC mismatch"
        for arguments in [["journal", "verify"], ["replay"], ["journal", "dump"]] {
            let run = try tandem(arguments + ["--data", directory])
            XCTAssertEqual(run.status, 1, "\(arguments)")
            XCTAssertTrue(run.standardError.hasPrefix(message), "\(arguments): \(run.standardError)")
        }
    }

    func testATornTailIsReportedButNotAFailure() throws {
        let (directory, _, _) = try journal()
        let records = try JournalFixture.records(in: directory)
        let last = records[records.count - 1]
        try JournalFixture.modify(last.segmentPath) { $0.removeSubrange((last.offset + 20)...) }
        let name = URL(fileURLWithPath: last.segmentPath).lastPathComponent
        let verify = try tandem("journal", "verify", "--data", directory)
        XCTAssertEqual(verify.status, 0)
        XCTAssertTrue(
            verify.standardOutput.contains("torn tail at \(name) offset \(last.offset)"), verify.standardOutput)
        let replay = try tandem("replay", "--data", directory)
        XCTAssertEqual(replay.status, 0, replay.standardError)
        XCTAssertTrue(replay.standardOutput.contains("commands 299\n"), replay.standardOutput)
        XCTAssertTrue(
            replay.standardOutput.contains("end: torn tail at \(name) offset \(last.offset)"), replay.standardOutput)
        XCTAssertTrue(replay.standardOutput.contains("after 1 records of a command without all its events"))
        let dump = try tandem("journal", "dump", "--data", directory)
        XCTAssertEqual(dump.status, 0)
        XCTAssertTrue(dump.standardError.hasPrefix("note: torn tail at \(name) offset \(last.offset)"))
    }

    func testReplayCatchesAnEventTheVerifierCannotSee() throws {
        let (directory, _, _) = try journal()
        let records = try JournalFixture.records(in: directory)
        let victim = records[(records.count / 2)...].first { $0.type == .events }!
        // The first event's kind code: a different kind with the same size would also decode; flip a field byte.
        try JournalFixture.modify(victim.segmentPath) { $0[victim.offset + 32 + 12 + 2] ^= 0x01 }
        try JournalFixture.resealRecord(in: victim.segmentPath, at: victim.offset)
        XCTAssertEqual(try tandem("journal", "verify", "--data", directory).status, 0)
        let replay = try tandem("replay", "--data", directory)
        XCTAssertEqual(replay.status, 1)
        XCTAssertTrue(
            replay.standardError.hasPrefix("tandem: replay diverges at record \(victim.sequence)"), replay.standardError
        )
        XCTAssertTrue(replay.standardError.contains("journaled {"), replay.standardError)
    }

    func testWhatIfReplaysTheCommandsUnderAnotherConfiguration() throws {
        let (directory, written, _) = try journal()
        let events = written.commands.reduce(0) { $0 + $1.events.count }
        // The journal's own configuration: no event changes, and the stream is the journal's.
        let same = directory + "/same.json"
        try ConfigurationEncoder.encode(JournalFixture.configuration).write(
            toFile: same, atomically: true, encoding: .utf8)
        let output = directory + "/same.jsonl"
        let run = try tandem("replay", "--data", directory, "--config", same, "--output", output)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertTrue(
            run.standardOutput.contains("what-if: 0 of 300 commands produced other events"), run.standardOutput)
        let stream = try String(contentsOfFile: output, encoding: .utf8)
        let expected = written.commands.flatMap { $0.events.map { JournalJSON.event($0) + "\n" } }.joined()
        XCTAssertEqual(stream, expected)
        XCTAssertEqual(stream.split(separator: "\n").count, events)

        // Other fees: the same commands, other events.
        var other = JournalFixture.configuration
        for index in other.markets.indices { other.markets[index].takerFeePPM += 500 }
        let feesFile = directory + "/fees.json"
        try ConfigurationEncoder.encode(other).write(toFile: feesFile, atomically: true, encoding: .utf8)
        let fees = try tandem(
            "replay", "--data", directory, "--config", feesFile, "--output", directory + "/fees.jsonl")
        XCTAssertEqual(fees.status, 0, fees.standardError)
        let differing = fees.standardOutput.split(separator: "\n").first { $0.hasPrefix("what-if: ") }!
        XCTAssertFalse(differing.hasPrefix("what-if: 0 of"), String(differing))
    }

    func testSnapshotCommandAndUsageErrors() throws {
        let (directory, written, engine) = try journal()
        let snapshot = try tandem("journal", "snapshot", "--data", directory)
        XCTAssertEqual(snapshot.status, 0, snapshot.standardError)
        let last = written.lastSequences.last!
        XCTAssertEqual(
            snapshot.standardOutput,
            "wrote \(JournalFormat.snapshotName(sequence: last)): the state after record \(last)\n")
        let recovered = try Journal.openExisting(directory: directory, options: JournalFixture.smallSegments)
        XCTAssertEqual(recovered.recovery?.snapshotSequence, last)
        XCTAssertEqual(recovered.engine.stateHash(), engine.stateHash())
        // While a writer holds the directory, the snapshot tool is refused.
        let busy = try tandem("journal", "snapshot", "--data", directory)
        XCTAssertEqual(busy.status, 2)
        XCTAssertTrue(busy.standardError.contains("in use by another process"), busy.standardError)
        try recovered.writer.close()

        let missing = try tandem("replay", "--data", directory + "/nothing")
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(
            missing.standardError.hasPrefix("tandem: opendir \(directory)/nothing: No such file"), missing.standardError
        )
        XCTAssertNotEqual(try tandem("replay", "--data", directory, "--config", "x.json").status, 0)
    }
}
