import TandemEngine

/// Checks a data directory without changing it: every segment's header, every record's framing, CRC and
/// sequence number, every payload's encoding, the command/events pairing, and every snapshot's CRC. What
/// `tandem journal verify` runs.
public enum JournalVerifier {
    public struct Report: Sendable {
        /// Each segment read, with the sequence numbers of its first and last records (equal first and last
        /// minus one: an empty segment).
        public var segments: [(name: String, first: UInt64, last: UInt64)]
        public var records: Int
        /// How the data ended (nil when a problem stopped the check).
        public var end: JournalReader.End?
        /// The first problem found: the journal is corrupt there and a start-up would refuse it.
        public var problem: JournalError?
        /// Each snapshot file with the reason it is unusable, or nil when it is sound.
        public var snapshots: [(name: String, problem: String?)]
    }

    /// Checks `directory`; throws only when it cannot be read at all.
    public static func verify(directory: String) throws(JournalError) -> Report {
        let reader = try JournalReader(directory: directory)
        var report = Report(segments: [], records: 0, end: nil, problem: nil, snapshots: [])
        do throws(JournalError) {
            try check(reader, into: &report)
            report.end = reader.end
        } catch {
            report.problem = error
        }
        for sequence in try DataDirectory.snapshotSequences(in: directory) {
            let name = JournalFormat.snapshotName(sequence: sequence)
            switch try SnapshotFile.read(from: directory, sequence: sequence) {
            case .success: report.snapshots.append((name, nil))
            case .failure(let failure): report.snapshots.append((name, failure.message))
            }
        }
        return report
    }

    private static func check(_ reader: JournalReader, into report: inout Report) throws(JournalError) {
        var events: [Event] = []
        var awaitingEvents: JournalRecord?
        while let record = try reader.next() {
            report.records += 1
            if report.segments.last?.first != record.segmentFirstSequence {
                report.segments.append((record.segmentName, record.segmentFirstSequence, record.sequence))
            }
            report.segments[report.segments.count - 1].last = record.sequence
            switch record.type {
            case .configuration:
                guard record.sequence == 1 else { throw misplaced(record, "a configuration record after record 1") }
                _ = try record.configuration()
            case .command:
                if awaitingEvents != nil { throw misplaced(record, "a command where events were expected") }
                guard record.sequence > 1 else { throw misplaced(record, "record 1 is not the configuration") }
                _ = try record.command()
                awaitingEvents = record
            case .events:
                if awaitingEvents == nil { throw misplaced(record, "events that follow no command") }
                events.removeAll(keepingCapacity: true)
                try record.events(into: &events)
                if !record.isContinued { awaitingEvents = nil }
            }
        }
    }

    private static func misplaced(_ record: JournalRecord, _ what: String) -> JournalError {
        .corruption(segment: record.segmentName, offset: record.offset, reason: "record \(record.sequence): \(what)")
    }
}
