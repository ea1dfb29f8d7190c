import ArgumentParser
import TandemEngine
import TandemJSON

/// `tandem simulate`: JSON commands in, JSON events out (see `Protocol/SIMULATE.md`).
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run JSON commands through a fresh engine and print its events as JSON lines.",
        discussion: """
            Reads one JSON command per line (blank lines and lines starting with # are skipped) and writes \
            each event as one JSON line to standard output. A bad line is reported on standard error as \
            "line N: ..." and ends the run, unless --keep-going is given.

            Exit status: 0 when every line was good; 1 when a line was bad (with --keep-going too, after all \
            lines ran); 2 when the configuration or the input cannot be read or is invalid.
            """)

    /// The exit status when the run cannot start or its input cannot be read.
    static let setupFailureStatus: Int32 = 2

    @Argument(help: "The file of JSON command lines; standard input when omitted or '-'.")
    var file: String?

    @Option(help: "A JSON configuration file (the embedded demo configuration when omitted).")
    var config: String?

    @Flag(help: "After the events, print the final books, balances and state hash.")
    var summary = false

    @Flag(help: "Report bad lines, skip them and go on; the exit status is still 1 if any line was bad.")
    var keepGoing = false

    func run() throws {
        let standardOutput = OutputStream(descriptor: 1)
        let standardError = OutputStream(descriptor: 2)
        func fail(_ message: String) -> ExitCode {
            standardError.append("tandem: \(message)\n")
            standardError.flush()
            return ExitCode(Self.setupFailureStatus)
        }
        let simulation: Simulation
        do {
            simulation = try makeSimulation()
        } catch {
            throw fail(error.message)
        }
        let input: LineReader
        if let file, file != "-" {
            do {
                input = try LineReader(path: file)
            } catch {
                throw fail("cannot open \(file): \(error)")
            }
        } else {
            input = LineReader(descriptor: 0)
        }
        let options = Simulation.Options(summary: summary, keepGoing: keepGoing)
        let status = simulation.run(
            lines: input, options: options, write: standardOutput.append,
            report: { message in
                // Keep the two streams in step when they go to one terminal.
                standardOutput.flush()
                standardError.append(message)
                standardError.flush()
            })
        standardOutput.flush()
        if let readError = input.readError {
            throw fail("cannot read \(file ?? "standard input"): \(readError)")
        }
        if status != 0 { throw ExitCode(status) }
    }

    private struct SetupError: Error {
        var message: String
    }

    private func makeSimulation() throws(SetupError) -> Simulation {
        let text: String
        if let config {
            do {
                text = try LineReader.readWholeFile(path: config)
            } catch {
                throw SetupError(message: "cannot read \(config): \(error)")
            }
        } else {
            text = DemoConfiguration.json
        }
        let source = "configuration \(config ?? "(the embedded demo)")"
        let configuration: EngineConfiguration
        do {
            configuration = try ConfigurationDecoder.decode(text)
        } catch {
            throw SetupError(message: "\(source): \(error)")
        }
        do {
            return try Simulation(configuration: configuration)
        } catch {
            throw SetupError(message: "\(source): \(error)")
        }
    }
}
