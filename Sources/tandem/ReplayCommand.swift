import ArgumentParser
import TandemEngine
import TandemJSON
import TandemJournal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tandem replay`: rebuilds the state from a journal alone and checks every event (see `Protocol/JOURNAL.md`).
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild the state from a journal alone, re-deriving every event and checking it byte for byte.",
        discussion: """
            Reads the data directory's journal from its configuration record on, applies every command to a \
            fresh engine, encodes the events the engine produces and compares them with the journaled bytes \
            (the determinism proof). Prints the counts and the final state hash.

            With --config, a what-if: the same commands run under another configuration, the events are not \
            checked, and the new event stream goes to --output as JSON lines (the format of `tandem journal \
            dump`); the summary counts the commands whose events changed.

            Exit status: 0 when the replay matched (a torn tail, which a restart cuts off, is reported but \
            fine); 1 when the journal is corrupt or a replayed event differs; 2 when the directory or the \
            configuration cannot be read.
            """)

    @Option(name: .customLong("data"), help: "The data directory holding the journal.")
    var data: String

    @Option(help: "Stop after the last command whose record is at or before this sequence number.")
    var until: UInt64?

    @Option(help: "Replay the journal's commands under this JSON configuration instead of its own (needs --output).")
    var config: String?

    @Option(help: "The file a what-if writes its events to, one JSON line each.")
    var output: String?

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    @Flag(help: "Read and check the records on the replaying thread (by default a second thread reads ahead).")
    var noReadAhead = false

    func validate() throws {
        if (config == nil) != (output == nil) { throw ValidationError("--config and --output go together") }
    }

    func run() throws {
        let standardOutput = OutputStream(descriptor: 1)
        let standardError = OutputStream(descriptor: 2)
        var whatIf: (configuration: EngineConfiguration, stream: OutputStream, descriptor: Int32)?
        if let config, let output {
            do {
                let configuration = try ConfigurationDecoder.decode(try LineReader.readWholeFile(path: config))
                let descriptor = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                guard descriptor >= 0 else {
                    throw JournalCommand.Failure.setup("cannot create \(output): \(SystemError.current)")
                }
                whatIf = (configuration, OutputStream(descriptor: descriptor), descriptor)
            } catch let failure as JournalCommand.Failure {
                throw failure.exit(standardError)
            } catch {
                throw JournalCommand.Failure.setup("configuration \(config): \(error)").exit(standardError)
            }
        }
        let progress = Progress(enabled: isatty(2) == 1, stream: standardError)
        var options = JournalReplay.Options(
            until: until, configuration: whatIf?.configuration, onProgress: { progress.show(records: $0, permille: $1) }
        )
        if noReadAhead { options.readsAhead = false }
        if let stream = whatIf?.stream {
            options.onEvents = { events in
                for event in events { stream.append(JournalJSON.event(event) + "\n") }
            }
        }
        let start = Progress.now()
        let summary: JournalReplay.Summary
        let engine: Engine
        do {
            (summary, engine) = try JournalReplay.run(directory: data, options: options)
        } catch {
            progress.clear()
            throw JournalCommand.Failure(error).exit(standardError)
        }
        progress.clear()
        if let whatIf {
            whatIf.stream.flush()
            close(whatIf.descriptor)
        }
        standardOutput.append(json ? Self.json(summary, engine: engine) : Self.text(summary, output: output))
        standardOutput.flush()
        let nanoseconds = max(Progress.now() - start, 1)
        let rate = UInt64(summary.records) * 1_000_000_000 / nanoseconds
        standardError.append("replayed in \(nanoseconds / 1_000_000) ms: \(rate) records/s\n")
        standardError.flush()
    }

    static func text(_ summary: JournalReplay.Summary, output: String?) -> String {
        var text = "records \(summary.records)\ncommands \(summary.commands)\nevents \(summary.events)\n"
        text += "last record \(summary.lastSequence) (timestamp \(summary.lastTimestamp))\n"
        if let differing = summary.differingCommands {
            text += "what-if: \(differing) of \(summary.commands) commands produced other events; "
            text += "the new events are in \(output ?? "the output")\n"
        } else {
            text += "events: every replayed event matches the journal byte for byte\n"
        }
        text += "end: \(endText(summary))\n"
        text += "state hash \(hex(summary.stateHash))\n"
        return text
    }

    private static func endText(_ summary: JournalReplay.Summary) -> String {
        var incomplete = ""
        if summary.incompleteRecords > 0 {
            incomplete = ", after \(summary.incompleteRecords) records of a command without all its events"
            incomplete += " (a restart cuts them off)"
        }
        switch summary.end {
        case nil: return "stopped at --until"
        case .clean?: return "clean" + incomplete
        case .tornTail(let segment, let offset, let reason)?:
            return "torn tail at \(segment) offset \(offset): \(reason) (a restart cuts it off)" + incomplete
        }
    }

    static func json(_ summary: JournalReplay.Summary, engine: Engine) -> String {
        var members = [
            "\"records\":\(summary.records)", "\"commands\":\(summary.commands)", "\"events\":\(summary.events)",
            "\"last_sequence\":\(summary.lastSequence)", "\"last_timestamp\":\(summary.lastTimestamp)",
            "\"state_hash\":\"\(hex(summary.stateHash))\"", "\"incomplete_records\":\(summary.incompleteRecords)",
        ]
        switch summary.end {
        case nil: members.append("\"end\":\"until\"")
        case .clean?: members.append("\"end\":\"clean\"")
        case .tornTail(let segment, let offset, _)?:
            members.append("\"end\":\"torn_tail\",\"torn_segment\":\"\(segment)\",\"torn_offset\":\(offset)")
        }
        if let differing = summary.differingCommands { members.append("\"differing_commands\":\(differing)") }
        members.append("\"assets\":[" + assetTotals(engine).joined(separator: ",") + "]")
        return "{" + members.joined(separator: ",") + "}\n"
    }

    /// Per asset, where the final state holds it: the open accounts' (fee account included) available and
    /// reserved balances, the pools' reserves and their held LP fees; a crash test checks them against the
    /// deposits minus the withdrawals.
    static func assetTotals(_ engine: Engine) -> [String] {
        let assets = engine.configuration.assets
        var available = [Int64](repeating: 0, count: assets.count)
        var reserved = available
        var poolReserves = available
        var poolHeldFees = available
        for account in engine.openAccounts {
            for asset in assets.indices {
                guard let balance = engine.balance(account: account, asset: asset) else { continue }
                available[asset] += balance.available
                reserved[asset] += balance.reserved
            }
        }
        for (market, configuration) in engine.configuration.markets.enumerated() {
            guard let pool = engine.pool(market: market) else { continue }
            poolReserves[configuration.baseAsset] += pool.curve.base
            poolReserves[configuration.quoteAsset] += pool.curve.quote
            poolHeldFees[configuration.baseAsset] += pool.heldFeeBase
            poolHeldFees[configuration.quoteAsset] += pool.heldFeeQuote
        }
        return assets.indices.map { asset in
            "{\"asset\":\(asset),\"available\":\(available[asset]),\"reserved\":\(reserved[asset]),"
                + "\"pool_reserves\":\(poolReserves[asset]),\"pool_held_fees\":\(poolHeldFees[asset])}"
        }
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// A one-line progress bar on standard error for long replays, drawn only when it is a terminal.
    final class Progress {
        private static let width = 30

        private let enabled: Bool
        private let stream: OutputStream
        private var shown = false

        init(enabled: Bool, stream: OutputStream) {
            self.enabled = enabled
            self.stream = stream
        }

        /// Monotonic nanoseconds, for timing a run (never part of its results).
        static func now() -> UInt64 {
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
        }

        func show(records: Int, permille: Int) {
            guard enabled else { return }
            let filled = min(permille, 1_000) * Self.width / 1_000
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: Self.width - filled)
            stream.append("\r[\(bar)] \(permille / 10)% \(records) records")
            stream.flush()
            shown = true
        }

        /// Erases the bar.
        func clear() {
            guard shown else { return }
            stream.append("\r\u{1B}[K")
            stream.flush()
            shown = false
        }
    }
}
