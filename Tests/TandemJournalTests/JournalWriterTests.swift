import Foundation
import Synchronization
import TandemEngine
import XCTest

@testable import TandemJournal

/// Writing, reading back, group commit, durability modes, segments, snapshots and restarts.
final class JournalWriterTests: XCTestCase {
    private let configuration = JournalFixture.configuration

    /// The `account` of an event's payload, by reflection: every kind has one.
    private static func account(of event: Event) -> UInt32? {
        if case .indexPrice = event.body { return nil }
        if case .rejected(let rejected) = event.body, rejected.command == .indexPrice { return nil }
        let payload = Mirror(reflecting: event.body).children.first!.value
        return Mirror(reflecting: payload).children.first { $0.label == "account" }!.value as? UInt32
    }

    func testRecordsReadBackAsWritten() throws {
        let directory = TestDirectory.make(self)
        let opened = try Journal.open(
            directory: directory, configuration: configuration, options: JournalFixture.smallSegments)
        XCTAssertNil(opened.recovery)
        let written = try JournalFixture.write(opened, count: 600, seed: 2)
        let reader = try JournalReader(directory: directory)
        let first = try XCTUnwrap(try reader.next())
        XCTAssertEqual(first.sequence, 1)
        XCTAssertEqual(try first.configuration(), configuration)
        for (index, entry) in written.commands.enumerated() {
            let command = try XCTUnwrap(try reader.next())
            XCTAssertEqual(try command.command(), entry.command)
            let request = try command.request()
            XCTAssertEqual([request.clientId, UInt64(request.type)], [written.clientIds[index], UInt64(index & 255)])
            let summary = try command.commandSummary()
            XCTAssertEqual(
                [summary.request.clientId, UInt64(summary.kind.rawValue), UInt64(summary.account)],
                [written.clientIds[index], UInt64(entry.command.kind.rawValue), UInt64(entry.command.account)])
            XCTAssertEqual(command.timestamp, entry.timestamp)
            var events: [Event] = []
            var accounts: [UInt32?] = []
            var last = command
            repeat {
                last = try XCTUnwrap(try reader.next())
                try last.events(into: &events)
                try last.forEachEventAccount { accounts.append($0) }
            } while last.isContinued
            XCTAssertEqual(events, entry.events, "command \(index)")
            XCTAssertEqual(accounts, events.map(Self.account), "command \(index)")
            XCTAssertEqual(last.sequence, written.lastSequences[index])
        }
        XCTAssertNil(try reader.next())
        XCTAssertEqual(reader.end, .clean)
        // Seeking lands on any record.
        for target in [UInt64(1), 2, 77, 500, written.lastSequences.last!] {
            try reader.seek(to: target)
            XCTAssertEqual(try reader.next()?.sequence, target)
        }
        try reader.seek(to: written.lastSequences.last! + 1)
        XCTAssertNil(try reader.next())
    }

    func testRestartsRecoverTheSameStateAndGoOn() throws {
        let directory = TestDirectory.make(self)
        let live = try Journal.open(
            directory: directory, configuration: configuration, options: JournalFixture.smallSegments)
        let first = try JournalFixture.write(live, count: 400, seed: 3)
        let reopened = try Journal.openExisting(directory: directory, options: JournalFixture.smallSegments)
        let report = try XCTUnwrap(reopened.recovery)
        XCTAssertNil(report.truncation)
        XCTAssertEqual(report.replayedCommands, 400)
        XCTAssertEqual(report.nextSequence, first.lastSequences.last! + 1)
        XCTAssertEqual(report.lastTimestamp, first.commands.last!.timestamp)
        XCTAssertEqual(reopened.engine.snapshot(), live.engine.snapshot())
        XCTAssertEqual(reopened.writer.nextSequence, report.nextSequence)
        // Going on from the recovered state, then once more, matches one engine that saw everything.
        try JournalFixture.write(reopened, count: 300, seed: 4, firstTimestamp: 10_000)
        let again = try Journal.openExisting(directory: directory, options: JournalFixture.smallSegments)
        XCTAssertEqual(again.engine.snapshot(), reopened.engine.snapshot())
        try again.writer.close()
        let (summary, _) = try JournalReplay.run(directory: directory)
        XCTAssertEqual(summary.commands, 700)
        XCTAssertEqual(summary.stateHash, reopened.engine.stateHash())
        XCTAssertEqual(summary.end, .clean)
    }

    func testGroupCommitSyncsManyBatchesAtOnce() throws {
        let directory = TestDirectory.make(self)
        let announced = Mutex<[UInt64]>([])
        let opened = try Journal.open(
            directory: directory, configuration: configuration,
            options: JournalWriter.Options(durability: .sync, segmentCapacity: 1 << 20),
            onDurable: { sequence in announced.withLock { $0.append(sequence) } })
        let syncsBefore = opened.writer.syncCount
        let written = try JournalFixture.write(opened, count: 3_000, seed: 5, batch: 1, close: false)
        try opened.writer.flush()
        let last = written.lastSequences.last!
        XCTAssertEqual(opened.writer.durableSequence, last)
        XCTAssertEqual(opened.writer.syncedSequence, last)
        let syncs = opened.writer.syncCount - syncsBefore
        XCTAssertGreaterThan(syncs, 0)
        XCTAssertLessThan(syncs, 3_000, "3,000 commits, one fdatasync each would not be group commit")
        let sequences = announced.withLock { $0 }
        XCTAssertEqual(sequences.last, last)
        XCTAssertEqual(sequences, sequences.sorted(), "durable sequence numbers only grow")
        try opened.writer.close()
    }

    func testAsyncAndNoneDurabilityReleaseWithoutWaitingForTheDisk() throws {
        for durability in [JournalWriter.Durability.async, .none] {
            let directory = TestDirectory.make(self)
            let options = JournalWriter.Options(durability: durability, segmentCapacity: 64 << 10)
            let opened = try Journal.open(directory: directory, configuration: configuration, options: options)
            let written = try JournalFixture.write(opened, count: 500, seed: 6, close: false)
            try opened.writer.flush()
            XCTAssertEqual(opened.writer.durableSequence, written.lastSequences.last!)
            if durability == .none { XCTAssertEqual(opened.writer.syncCount, 0, "none never syncs") }
            if durability == .async {
                // The writer syncs what it wrote once it runs out of records.
                for _ in 0..<400 where opened.writer.syncedSequence < written.lastSequences.last! { usleep(5_000) }
                XCTAssertEqual(opened.writer.syncedSequence, written.lastSequences.last!)
            }
            try opened.writer.close()
            let reopened = try Journal.openExisting(directory: directory, options: options)
            XCTAssertEqual(reopened.engine.stateHash(), opened.engine.stateHash(), "\(durability)")
            try reopened.writer.close()
        }
    }

    func testSegmentsRollOverAndTheirNamesSortBySequence() throws {
        let directory = TestDirectory.make(self)
        let options = JournalWriter.Options(durability: .sync, segmentCapacity: 8 << 10)
        let live = try JournalFixture.makeJournal(in: directory, count: 1_500, seed: 7, options: options)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".seg") }
            .sorted()
        XCTAssertGreaterThan(names.count, 10)
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: directory).contains { $0.hasSuffix(".tmp") })
        let records = try JournalFixture.records(in: directory)
        var firstBySegment: [String: UInt64] = [:]
        for record in records where firstBySegment[record.segmentPath] == nil {
            firstBySegment[record.segmentPath] = record.sequence
        }
        let firsts = names.map { firstBySegment[directory + "/" + $0]! }
        XCTAssertEqual(firsts, firsts.sorted(), "lexicographic name order is sequence order")
        for (name, first) in zip(names, firsts) {
            XCTAssertEqual(name, JournalFormat.segmentName(firstSequence: first))
            let size = try FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as! Int
            XCTAssertEqual(size, 8 << 10, "preallocated")
        }
        // A command and its events are always in one segment.
        for (index, record) in records.enumerated() where record.type == .command {
            XCTAssertEqual(records[index + 1].segmentPath, record.segmentPath)
        }
        let recovered = try Journal.openExisting(directory: directory, options: options)
        XCTAssertEqual(recovered.engine.snapshot(), live.snapshot())
        try recovered.writer.close()
        XCTAssertEqual(try JournalReplay.run(directory: directory).0.stateHash, live.stateHash())
    }

    func testSnapshotPlusTailRecoversWhatAStraightReplayGives() throws {
        let directory = TestDirectory.make(self)
        let options = JournalWriter.Options(
            durability: .sync, segmentCapacity: 32 << 10, snapshotInterval: 500, snapshotsKept: 2)
        let opened = try Journal.open(directory: directory, configuration: configuration, options: options)
        try JournalFixture.write(opened, count: 1_000, seed: 8)
        XCTAssertGreaterThan(opened.writer.lastSnapshotSequence, 0)
        let snapshots = try DataDirectory.snapshotSequences(in: directory)
        XCTAssertEqual(snapshots.count, 2, "older snapshots are pruned")
        let straight = try JournalReplay.run(directory: directory).0

        let recovered = try Journal.openExisting(directory: directory, options: options)
        let report = try XCTUnwrap(recovered.recovery)
        XCTAssertEqual(report.snapshotSequence, snapshots.last)
        XCTAssertLessThan(report.replayedCommands, 1_000)
        XCTAssertEqual(recovered.engine.stateHash(), straight.stateHash)
        XCTAssertEqual(recovered.engine.snapshot(), opened.engine.snapshot())
        try recovered.writer.close()

        // A damaged newest snapshot is skipped for the older one.
        let newest = directory + "/" + JournalFormat.snapshotName(sequence: snapshots.last!)
        try JournalFixture.modify(newest) { $0[$0.count / 2] ^= 0x40 }
        let fallback = try Journal.openExisting(directory: directory, options: options)
        XCTAssertEqual(fallback.recovery?.snapshotSequence, snapshots.first)
        XCTAssertEqual(fallback.recovery?.skippedSnapshots.count, 1)
        XCTAssertEqual(fallback.engine.stateHash(), straight.stateHash)
        try fallback.writer.close()

        // Without snapshots, recovery replays from the configuration record.
        for sequence in try DataDirectory.snapshotSequences(in: directory) {
            try FileManager.default.removeItem(atPath: directory + "/" + JournalFormat.snapshotName(sequence: sequence))
        }
        let full = try Journal.openExisting(directory: directory, options: options)
        XCTAssertNil(full.recovery?.snapshotSequence)
        XCTAssertEqual(full.engine.stateHash(), straight.stateHash)
        try full.writer.close()
    }

    func testASecondWriterIsRefused() throws {
        let directory = TestDirectory.make(self)
        let opened = try Journal.open(
            directory: directory, configuration: configuration, options: JournalFixture.smallSegments)
        XCTAssertThrowsError(try Journal.openExisting(directory: directory)) { error in
            XCTAssertEqual(error as? JournalError, .locked(directory: directory))
        }
        try opened.writer.close()
        try Journal.openExisting(directory: directory, options: JournalFixture.smallSegments).writer.close()
    }

    func testACreationCutShortStartsAfresh() throws {
        let directory = TestDirectory.make(self)
        // A first segment whose configuration record never made it: only its header.
        let output = try OutputSegment.create(
            directory: directory, firstSequence: 1, capacity: 4096, durable: false, zeroFill: false, spare: nil)
        SystemCall.closeFile(output.descriptor)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: directory + "/snapshot-x.snap.tmp"))
        let opened = try Journal.open(
            directory: directory, configuration: configuration, options: JournalFixture.smallSegments)
        XCTAssertNil(opened.recovery)
        try opened.writer.close()
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/snapshot-x.snap.tmp"))
        XCTAssertEqual(try JournalReplay.run(directory: directory).0.records, 1)
    }

    /// The smallest ring (2 MiB) lapped some 40 times by records of a few sizes, so that records end exactly at
    /// the ring's end and wrap with and without a marker.
    func testASmallRingWrapsManyTimes() throws {
        let directory = TestDirectory.make(self)
        let options = JournalWriter.Options(durability: .none, segmentCapacity: 16 << 20, bufferCapacity: 1)
        let opened = try Journal.open(directory: directory, configuration: configuration, options: options)
        var random = SplitMix64(seed: 31)
        let count = 300_000
        for index in 0..<count {
            let transfer = Transfer(account: UInt32(random.int(1...9)), asset: random.int(0...8), amount: 1)
            let command: Command = random.chance(50) ? .deposit(transfer) : .withdraw(transfer)
            opened.engine.apply(command, timestamp: UInt64(index))
            opened.writer.append(command: command, timestamp: UInt64(index), events: opened.engine.events)
            if random.chance(30) { opened.writer.commit() }
        }
        try opened.writer.close()
        let (summary, _) = try JournalReplay.run(directory: directory)
        XCTAssertEqual(summary.commands, count)
        XCTAssertEqual(summary.stateHash, opened.engine.stateHash())
    }

    /// A mass cancel of 30,000 orders: its events need two records (more than 1 MiB) and more than a segment.
    func testAnOversizedCommandIsSplitAndGrowsAFreshSegment() throws {
        let directory = TestDirectory.make(self)
        let options = JournalWriter.Options(durability: .async, segmentCapacity: 256 << 10)
        let opened = try Journal.open(directory: directory, configuration: configuration, options: options)
        var timestamp: UInt64 = 1
        func run(_ command: Command) {
            opened.engine.apply(command, timestamp: timestamp)
            opened.writer.append(command: command, timestamp: timestamp, events: opened.engine.events)
            opened.writer.commit()
            timestamp += 1
        }
        run(.deposit(Transfer(account: 1, asset: 1, amount: 1 << 60)))
        for index in 0..<30_000 {
            let price = 1_000_000 + Int64(index % 500) * 100
            run(
                .newOrder(
                    NewOrder(
                        account: 1, market: 0, clientOrderId: UInt64(2 * index), side: .buy, price: price,
                        quantity: 1_000_000)))
            // An IOC that takes an order id and never rests: the engine's order-id table removes a long run of
            // consecutive ids in quadratic time, which would make this test slow for no purpose of its own.
            run(
                .newOrder(
                    NewOrder(
                        account: 1, market: 0, clientOrderId: UInt64(2 * index + 1), side: .buy, timeInForce: .ioc,
                        price: price, quantity: 1_000_000)))
        }
        run(.massCancel(MassCancel(account: 1)))
        XCTAssertEqual(opened.engine.events.count, 30_002)
        try opened.writer.close()
        let records = try JournalFixture.records(in: directory)
        let massCancel = records.lastIndex { $0.type == .command }!
        XCTAssertEqual(records.count - massCancel, 3, "the command and two events records")
        let segment = records[massCancel].segmentPath
        XCTAssertEqual(records[massCancel].offset, JournalFormat.segmentHeaderSize, "it starts a fresh segment")
        let size = try FileManager.default.attributesOfItem(atPath: segment)[.size] as! Int
        XCTAssertGreaterThan(size, 256 << 10, "which grew past its capacity")
        let recovered = try Journal.openExisting(directory: directory, options: options)
        XCTAssertEqual(recovered.engine.snapshot(), opened.engine.snapshot())
        try recovered.writer.close()

        // Cut inside the second events record: the mass cancel is incomplete and is cut off whole.
        let second = records[records.count - 1]
        try JournalFixture.modify(second.segmentPath) { data in
            data.replaceSubrange(second.offset + 40..<second.offset + 48, with: [UInt8](repeating: 0, count: 8))
        }
        let cut = try Journal.openExisting(directory: directory, options: options)
        XCTAssertEqual(cut.recovery?.nextSequence, records[massCancel].sequence)
        XCTAssertEqual(cut.engine.restingOrderCount(market: 0), 30_000)
        try cut.writer.close()
    }
}
