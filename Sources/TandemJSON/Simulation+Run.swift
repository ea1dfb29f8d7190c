import TandemEngine

extension Simulation {
    /// How a run treats bad lines and whether it ends with a summary.
    public struct Options: Sendable, Equatable {
        /// Print the final books, balances and state hash after the events.
        public var summary: Bool
        /// Report a bad line and go on with the next one, instead of stopping at it.
        public var keepGoing: Bool

        public init(summary: Bool = false, keepGoing: Bool = false) {
            self.summary = summary
            self.keepGoing = keepGoing
        }
    }

    /// Everything a run printed, and the exit status `tandem simulate` ends with.
    public struct Output: Sendable, Equatable {
        public var standardOutput: String
        public var standardError: String
        public var exitStatus: Int32
    }

    /// The exit status after bad input lines (with or without `keepGoing`).
    public static let badInputStatus: Int32 = 1

    /// Runs input lines through the simulation; returns the exit status.
    ///
    /// Events go to `write` a line's worth at a time; each bad line goes to `report` as
    /// `line N: <error>` (lines count from 1, blank and comment lines included). Without `keepGoing` the run
    /// stops at the first bad line and prints no summary. With it, every line is processed and the summary
    /// printed, but the status is still `badInputStatus` if any line was bad.
    public func run(
        lines: some Sequence<Substring>, options: Options, write: (String) -> Void, report: (String) -> Void
    ) -> Int32 {
        var badLines = 0
        for (index, line) in lines.enumerated() {
            do {
                let events = try apply(line: line)
                if !events.isEmpty { write(events) }
            } catch {
                report("line \(index + 1): \(error)\n")
                badLines += 1
                guard options.keepGoing else { return Self.badInputStatus }
            }
        }
        if options.summary { write(summary()) }
        if badLines > 0 {
            report("\(badLines) bad input line\(badLines == 1 ? "" : "s") skipped\n")
            return Self.badInputStatus
        }
        return 0
    }

    /// Runs a whole input text (lines separated by `\n` or `\r\n`) through a fresh simulation.
    public static func run(
        input: String, configuration: EngineConfiguration, options: Options = Options()
    ) throws(ConfigurationError) -> Output {
        let simulation = try Simulation(configuration: configuration)
        var output = Output(standardOutput: "", standardError: "", exitStatus: 0)
        let lines = input.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            Substring($0)
        }
        output.exitStatus = simulation.run(
            lines: lines, options: options, write: { output.standardOutput += $0 },
            report: { output.standardError += $0 })
        return output
    }
}
