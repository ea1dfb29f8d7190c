import ArgumentParser

/// `loadtest tcp`: drives a running Tandem server (or one it starts, `--spawn`) over N order-entry connections,
/// each its own account, and reports throughput, wire-to-wire latency per message type, rejects and errors, as
/// JSON, an HTML report with SVG charts and `.hgrm` percentile files.
struct TcpBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tcp",
        abstract: "Drives a Tandem server over TCP and reports throughput, latency and errors.",
        discussion: """
            Open loop (--rate): request i is due at start + i / rate, and its latency runs from its due time to \
            the arrival of its answer (acknowledgement or rejection), so a stall delays everything behind it (no \
            coordinated omission). Closed loop (the default): --window requests in flight, each measured from its \
            sending. --step: open loop from --rate up by --step-factor until a step's median passes \
            --median-bound-us. At the end every connection cancels its orders, and the run checks that every \
            request was answered, every order ended exactly once and the makers' and takers' fills agree. Any \
            error makes the exit status 1, after the reports are written.
            """)

    static let maximumConnections = 1_000
    static let defaultWindow = 256
    static let defaultCommands = 3_000_000
    static let maximumCommands = 50_000_000

    @Option(help: "ec2018, makers, takers or mix (makers and takers together).")
    var workload: TcpWorkloadName = .mix

    @Option(help: "Order-entry connections, each logged in as its own account.")
    var connections = 8

    @Flag(help: "Start `tandem serve` with a generated configuration and stop it (SIGTERM) at the end.")
    var spawn = false

    @Option(help: "--spawn: the tandem executable (default: next to loadtest).")
    var tandem: String?

    @Option(help: "--spawn: the server's data directory (default: a new directory under /tmp, removed after).")
    var data: String?

    @Option(help: "--spawn: the server's durability, sync, async or none (default: the server's).")
    var durability: TcpDurability?

    @Option(
        name: .customLong("server-arg"), parsing: .unconditionalSingleValue,
        help: "--spawn: one more argument for `tandem serve` (repeat it, e.g. --server-arg --wait --server-arg park).")
    var serverArguments: [String] = []

    @Option(help: "Without --spawn: the server's host.")
    var host: String?

    @Option(help: "Without --spawn: the server's order-entry port (default 9100).")
    var port: Int?

    @Option(help: "Without --spawn: the metrics port to read the server's figures from at the end.")
    var metricsPort: Int?

    @Option(help: "Connection i logs in as account first-account + i.")
    var firstAccount: UInt32 = 1

    @Option(help: "Account a's API key is this prefix followed by a.")
    var keyPrefix = "loadtest-key-"

    @Option(
        help: ArgumentHelp(
            "Write the server configuration these options need to FILE and exit (to start a server by hand).",
            valueName: "file"))
    var writeConfig: String?

    @Option(help: "Open loop: requests per second over all connections (with --step: the first step's rate).")
    var rate: Int?

    @Option(help: "Closed loop: requests in flight over all connections (default 256).")
    var window: Int?

    @Option(help: "Seconds to send for (the warm-up included).")
    var duration = 10.0

    @Option(
        name: .customLong("warmup"),
        help: "Seconds at the start (of each step) whose requests are not measured (default: 1, at most a fifth).")
    var warmupOption: Double?

    @Flag(
        help: "Step mode: open loop from --rate, raised by --step-factor each step until the median passes the bound.")
    var step = false

    @Option(help: "Step mode: each step's rate over the previous one's.")
    var stepFactor = 1.5

    @Option(help: "Step mode: seconds per step (the warm-up included).")
    var stepDuration = 3.0

    @Option(help: "Step mode: stop after the first step whose median latency is above this, in microseconds.")
    var medianBoundUs = 10_000

    @Option(help: "Step mode: the highest rate to try.")
    var maxRate = 10_000_000

    @Option(help: "ec2018: commands to generate (default: rate × duration in open loop, else 3,000,000).")
    var commands: Int?

    @Option(help: "ec2018: measure moves from the order's original price (default) or its current price.")
    var moves: MoveBase?

    @Flag(
        inversion: .prefixedNo,
        help: "Give the market a constant-product pool (default: on, except for ec2018).")
    var pool: Bool?

    @Option(help: "mix: connections that make (default: half, at least one); the others take.")
    var makers: Int?

    @Option(help: "mix: the percentage of requests that are taker orders (default 20).")
    var takerPercent: Int?

    @Option(help: "The random seed.")
    var seed: UInt64 = 1

    @Option(
        help:
            "Send this many limit orders at price 0 during the run; the run passes only if exactly these are rejected.")
    var injectRejects = 0

    @Option(
        help: """
            How the harness waits: sleep (in ppoll until the next due time or answer), spin (never sleeps: a whole \
            core), or hybrid (sleeps until 20 µs before a due time more than 40 µs away, then spins).
            """)
    var wait = TcpDriver.WaitStrategy.sleep

    @Option(
        help: ArgumentHelp(
            "Append one line per sequenced report received to FILE, written out after every poll (crash tests).",
            valueName: "file"))
    var receivedLog: String?

    @Option(help: "The directory for summary.json, report.html and the .hgrm files.")
    var output = "loadtest-tcp"

    @Flag(help: "Print only the JSON summary and the one-line summary.")
    var quiet = false

    func validate() throws {
        guard (1...Self.maximumConnections).contains(connections) else {
            throw ValidationError("--connections must be between 1 and \(Self.maximumConnections.grouped)")
        }
        guard TcpServerConfiguration.isValidKeyPrefix(keyPrefix) else {
            throw ValidationError("--key-prefix must be printable ASCII without spaces, quotes or backslashes")
        }
        guard firstAccount >= 1 && firstAccount <= 1_000_000 else {
            throw ValidationError("--first-account must be between 1 and 1,000,000")
        }
        try validateServerOptions()
        try validateLoopOptions()
        try validateWorkloadOptions()
    }

    private func validateServerOptions() throws {
        if spawn {
            guard host == nil, port == nil, metricsPort == nil else {
                throw ValidationError("--host, --port and --metrics-port are for a running server, not --spawn")
            }
        } else {
            guard tandem == nil, data == nil, durability == nil, serverArguments.isEmpty else {
                throw ValidationError("--tandem, --data, --durability and --server-arg need --spawn")
            }
        }
        for (name, value) in [("--port", port), ("--metrics-port", metricsPort)] {
            if let value, !(1...65_535).contains(value) {
                throw ValidationError("\(name) must be between 1 and 65535")
            }
        }
    }

    private func validateLoopOptions() throws {
        guard duration > 0 && duration <= 3_600, stepDuration > 0 && stepDuration <= 3_600 else {
            throw ValidationError("--duration and --step-duration must be more than 0 and at most 3600 seconds")
        }
        guard warmupOption.map({ $0 >= 0 && $0 < (step ? stepDuration : duration) }) ?? true else {
            throw ValidationError("--warmup must be at least 0 and shorter than the duration (of a step)")
        }
        if let rate, !(1...1_000_000_000).contains(rate) {
            throw ValidationError("--rate must be between 1 and 1,000,000,000 requests per second")
        }
        if let window {
            guard rate == nil else { throw ValidationError("--window is for closed loop; --rate makes it open loop") }
            guard (1...1_000_000).contains(window) else {
                throw ValidationError("--window must be between 1 and 1,000,000")
            }
        }
        if step {
            guard let rate else { throw ValidationError("--step needs --rate, the first step's rate") }
            guard stepFactor > 1 && stepFactor <= 100 else {
                throw ValidationError("--step-factor must be more than 1 and at most 100")
            }
            guard medianBoundUs > 0, maxRate >= rate else {
                throw ValidationError("--median-bound-us must be positive and --max-rate at least --rate")
            }
        }
        guard (0...1_000).contains(injectRejects) else {
            throw ValidationError("--inject-rejects must be between 0 and 1,000")
        }
    }

    private func validateWorkloadOptions() throws {
        if workload == .ec2018 {
            if let commands, !(1...Self.maximumCommands).contains(commands) {
                throw ValidationError("--commands must be between 1 and \(Self.maximumCommands.grouped)")
            }
            if let rate, !step, commands == nil, Double(rate) * duration > Double(Self.maximumCommands) {
                throw ValidationError("--rate × --duration must be at most \(Self.maximumCommands.grouped) commands")
            }
        } else {
            guard commands == nil, moves == nil else {
                throw ValidationError("--commands and --moves belong to ec2018")
            }
        }
        if workload == .mix {
            guard connections >= 2 else { throw ValidationError("mix needs at least 2 connections, makers and takers") }
            if let makers, !(1..<connections).contains(makers) {
                throw ValidationError("--makers must leave at least one maker and one taker")
            }
            if let takerPercent, !(0...100).contains(takerPercent) {
                throw ValidationError("--taker-percent must be between 0 and 100")
            }
        } else {
            guard makers == nil, takerPercent == nil else {
                throw ValidationError("--makers and --taker-percent belong to the mix workload")
            }
        }
    }

    /// The warm-up in seconds: `--warmup`, else 1 s or a fifth of the (step) duration if that is shorter.
    var warmup: Double { warmupOption ?? min(1, (step ? stepDuration : duration) / 5) }

    /// Whether the market has a pool: `--pool` / `--no-pool`, else every workload but ec2018.
    var hasPool: Bool { pool ?? (workload != .ec2018) }

    var serverConfiguration: TcpServerConfiguration {
        TcpServerConfiguration(
            firstAccount: firstAccount, accounts: connections, keyPrefix: keyPrefix,
            baseDecimals: hasPool ? BenchmarkPool.baseDecimals : 0,
            pool: hasPool
                ? BenchmarkPool(
                    feePPM: BenchmarkPool.defaultFeePPM, depth: BenchmarkPool.defaultDepth,
                    owner: firstAccount + UInt32(connections))
                : nil)
    }

    /// Reports progress on standard error, unless `--quiet`.
    func progress(_ message: String) {
        if !quiet {
            Console.progress(message)
        }
    }
}

/// How `tandem serve` makes answers durable.
enum TcpDurability: String, CaseIterable, ExpressibleByArgument {
    case sync
    case async
    case none
}
