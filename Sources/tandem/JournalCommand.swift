import ArgumentParser
import TandemEngine
import TandemJournal

/// `tandem journal`: look inside a data directory's journal (see `Protocol/JOURNAL.md`).
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Inspect a journal: dump its records, verify it, write a snapshot.",
        discussion: """
            Exit status of every subcommand: 0 on success; 1 when the journal is corrupt (a start-up would \
            refuse the directory); 2 when it cannot be read (no such directory, in use by a server).
            """,
        subcommands: [Dump.self, Verify.self, Snapshot.self])

    /// `tandem journal dump`: records as JSON lines.
    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the journal's records as JSON lines, in sequence order.",
            discussion: """
                One object per record: "seq", "ts", "record" (configuration, command or events) and its \
                content. Amounts and prices are integers in minor units; markets and assets are indices. A \
                torn tail ends the dump with a note on standard error.
                """)

        @Option(name: .customLong("data"), help: "The data directory holding the journal.")
        var data: String

        @Option(help: "The first record to print (default: the first on disk).")
        var from: UInt64?

        @Option(help: "The last record to print (default: the last).")
        var to: UInt64?

        func run() throws {
            let standardOutput = OutputStream(descriptor: 1)
            let standardError = OutputStream(descriptor: 2)
            do throws(JournalError) {
                let reader = try JournalReader(directory: data)
                if let from { try reader.seek(to: from) }
                while let record = try reader.next(limit: to ?? .max) {
                    standardOutput.append(try JournalJSON.record(record) + "\n")
                }
                standardOutput.flush()
                if case .tornTail(let segment, let offset, let reason) = reader.end {
                    standardError.append("note: torn tail at \(segment) offset \(offset): \(reason)\n")
                    standardError.flush()
                }
            } catch {
                standardOutput.flush()
                throw Failure(error).exit(standardError)
            }
        }
    }

    /// `tandem journal verify`: framing, CRCs, sequence numbers, payloads, snapshots.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every segment and snapshot without changing anything, and report the first problem.",
            discussion: """
                Checks each segment header, each record's length, CRC-32C and sequence number, that each \
                payload decodes and that every command is followed by its events, and each snapshot's CRC. A \
                torn tail (which a restart cuts off) and a damaged snapshot (which a restart skips) are \
                reported but are not failures.
                """)

        @Option(name: .customLong("data"), help: "The data directory holding the journal.")
        var data: String

        func run() throws {
            let standardOutput = OutputStream(descriptor: 1)
            let standardError = OutputStream(descriptor: 2)
            let report: JournalVerifier.Report
            do {
                report = try JournalVerifier.verify(directory: data)
            } catch {
                throw Failure(error).exit(standardError)
            }
            for segment in report.segments {
                standardOutput.append("\(segment.name): records \(segment.first)...\(segment.last)\n")
            }
            for snapshot in report.snapshots {
                standardOutput.append("\(snapshot.name): \(snapshot.problem.map { "damaged, \($0)" } ?? "ok")\n")
            }
            if case .tornTail(let segment, let offset, let reason)? = report.end {
                standardOutput.append("torn tail at \(segment) offset \(offset): \(reason) (a restart cuts it off)\n")
            }
            if let problem = report.problem {
                standardOutput.flush()
                throw Failure(problem).exit(standardError)
            }
            standardOutput.append("ok: \(report.records) records in \(report.segments.count) segments\n")
            standardOutput.flush()
        }
    }

    /// `tandem journal snapshot`: recover, write a snapshot, close.
    struct Snapshot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recover the state and write a snapshot of it (the directory must not be in use).")

        @Option(name: .customLong("data"), help: "The data directory holding the journal.")
        var data: String

        func run() throws {
            let standardOutput = OutputStream(descriptor: 1)
            let standardError = OutputStream(descriptor: 2)
            do throws(JournalError) {
                let opened = try Journal.openExisting(directory: data)
                opened.writer.writeSnapshot(of: opened.engine)
                try opened.writer.close()
                let sequence = opened.writer.lastSnapshotSequence
                let name = "snapshot-" + String(repeating: "0", count: 20 - String(sequence).count) + "\(sequence).snap"
                standardOutput.append("wrote \(name): the state after record \(sequence)\n")
                standardOutput.flush()
            } catch {
                throw Failure(error).exit(standardError)
            }
        }
    }

    /// Why a journal tool stopped, and the exit status that says so: 1 for a corrupt or diverging journal, 2
    /// for anything that kept the tool from reading it (usage, I/O, a directory in use).
    struct Failure: Error {
        static let corruptStatus: Int32 = 1
        static let setupStatus: Int32 = 2

        var message: String
        var status: Int32

        init(_ error: JournalError) {
            message = error.description
            switch error {
            case .corruption, .divergence: status = Self.corruptStatus
            case .system, .locked, .unusable: status = Self.setupStatus
            }
        }

        private init(message: String, status: Int32) {
            self.message = message
            self.status = status
        }

        static func setup(_ message: String) -> Failure {
            Failure(message: message, status: setupStatus)
        }

        /// Reports the failure on standard error and returns the exit to throw.
        func exit(_ standardError: OutputStream) -> ExitCode {
            standardError.append("tandem: \(message)\n")
            standardError.flush()
            return ExitCode(status)
        }
    }
}
