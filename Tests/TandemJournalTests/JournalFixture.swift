import Foundation
import TandemEngine
import XCTest

@testable import TandemJournal

/// Writes journals of generated commands and looks inside them, for the journal tests.
enum JournalFixture {
    static let configuration = CommandGenerator.configuration

    /// Where a record is and what it is.
    struct RecordInfo {
        var sequence: UInt64
        var type: JournalRecordType
        var segmentPath: String
        var offset: Int
        var size: Int
    }

    /// What a test wrote: every command with its timestamp and events, in order.
    struct Written {
        var commands: [(command: Command, timestamp: UInt64, events: [Event])] = []
        /// The sequence number of each command's last record.
        var lastSequences: [UInt64] = []
        /// The client id journaled with each command.
        var clientIds: [UInt64] = []
    }

    /// Applies `count` generated commands to the opened engine and journals them, committing every `batch`
    /// commands and taking a snapshot whenever one is due; the writer is closed at the end unless told not to.
    @discardableResult
    static func write(
        _ opened: Journal.Opened, count: Int, seed: UInt64, batch: Int = 7, firstTimestamp: UInt64 = 1_000,
        close: Bool = true
    ) throws -> Written {
        var written = Written()
        var generator = CommandGenerator(seed: seed)
        for index in 0..<count {
            let command = generator.next(engine: opened.engine)
            let timestamp = firstTimestamp + UInt64(index) * 3
            opened.engine.apply(command, timestamp: timestamp)
            let clientId = timestamp &* 0x9E37_79B9_7F4A_7C15
            let last = opened.writer.append(
                command: command, clientId: clientId, requestType: UInt8(truncatingIfNeeded: index),
                timestamp: timestamp, events: opened.engine.events)
            written.commands.append((command, timestamp, opened.engine.events))
            written.clientIds.append(clientId)
            written.lastSequences.append(last)
            if index % batch == batch - 1 {
                opened.writer.commit()
                if opened.writer.isSnapshotDue { opened.writer.writeSnapshot(of: opened.engine) }
            }
        }
        if close { try opened.writer.close() }
        return written
    }

    /// A new journal in `directory` holding `count` generated commands; returns the engine that produced them.
    @discardableResult
    static func makeJournal(
        in directory: String, count: Int, seed: UInt64 = 1, options: JournalWriter.Options = smallSegments
    ) throws -> Engine {
        let opened = try Journal.open(directory: directory, configuration: configuration, options: options)
        try write(opened, count: count, seed: seed)
        return opened.engine
    }

    /// Async durability (fast in tests) with 64 KiB segments.
    static let smallSegments = JournalWriter.Options(durability: .async, segmentCapacity: 64 << 10)

    /// Every record on disk, in order, by reading the journal.
    static func records(in directory: String) throws -> [RecordInfo] {
        let reader = try JournalReader(directory: directory)
        var records: [RecordInfo] = []
        while let record = try reader.next() {
            records.append(
                RecordInfo(
                    sequence: record.sequence, type: record.type,
                    segmentPath: directory + "/" + record.segmentName, offset: record.offset, size: record.size))
        }
        return records
    }

    /// The engine after the first `count` of `written`'s commands.
    static func engine(after count: Int, of written: Written) throws -> Engine {
        let engine = try Engine(configuration: configuration)
        for entry in written.commands.prefix(count) { engine.apply(entry.command, timestamp: entry.timestamp) }
        return engine
    }

    /// Changes bytes of a file in place.
    static func modify(_ path: String, _ change: (inout Data) -> Void) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        change(&data)
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// Recomputes the CRC of the record at `offset` after its bytes were changed on purpose.
    static func resealRecord(in path: String, at offset: Int) throws {
        try modify(path) { data in
            data.withUnsafeMutableBytes { bytes in
                let header = try! SegmentHeader.decode(UnsafeRawBufferPointer(bytes)).get()
                let length = Int(bytes.load(fromByteOffset: offset, as: UInt32.self))
                var crc = header.crcSeed
                crc.update(bytes.baseAddress! + offset, count: 4)
                crc.update(bytes.baseAddress! + offset + 8, count: 24 + length)
                bytes.storeBytes(of: crc.value, toByteOffset: offset + 4, as: UInt32.self)
            }
        }
    }
}
