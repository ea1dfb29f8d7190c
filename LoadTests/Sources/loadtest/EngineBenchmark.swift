import ArgumentParser

/// `loadtest engine`: runs the engine in-process on one thread over a generated workload and reports throughput,
/// latency percentiles and the workload's statistics.
struct EngineBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Runs the engine in-process on one thread over a generated workload.",
        discussion: """
            Closed loop (the default): a throughput pass without per-command timing, then a latency pass on a \
            fresh engine that times every command. Open loop (--rate): command i is due at start + i / rate and \
            its latency is its completion time minus its due time. Prints the JSON summary, then a one-line \
            summary. The same seed gives the same commands, trades and state hash.
            """)

    static let defaultCommands = 3_000_000
    static let defaultSeconds = 3.0
    static let maximumCommands = 100_000_000

    @Option(
        help: "ec2018 (exchange-core's published mix), inserts (liquibook's insert test) or liquidations (perpetual).")
    var workload: WorkloadName = .ec2018

    @Option(help: "ec2018: the number of timed commands (default 3,000,000).")
    var commands: Int?

    @Option(help: "inserts: the CPU seconds to insert for (default 3); with --rate, the wall seconds to run.")
    var seconds: Double?

    @Option(help: "Open loop: commands per second, each due at its own time whatever came before.")
    var rate: Int?

    @Option(help: "ec2018: measure moves from the order's original price (default) or its current price.")
    var moves: MoveBase?

    @Flag(help: "ec2018: give the market a constant-product pool at the start price that trades with the book.")
    var pool = false

    @Option(help: "ec2018 with --pool: the pool's LP fee in parts per million (default 100).")
    var poolFeePPM: Int64?

    @Option(help: "ec2018 with --pool: the pool's initial base reserve in whole base units (default 200,000).")
    var poolDepth: Int64?

    @Flag(help: "ec2018: make the market a perpetual one, with margin checks on every order and fill.")
    var perpetual = false

    @Option(
        help: "ec2018: the base asset's decimals; a lot stays one whole base unit (default 6 with --pool, else 0).")
    var baseDecimals: Int?

    @Option(help: "liquidations: the accounts holding positions (default 100,000).")
    var accounts: Int?

    @Option(help: "The random seed.")
    var seed: UInt64 = 1

    @Flag(help: "Print only the JSON summary and the one-line summary.")
    var quiet = false

    @Option(
        name: .customLong("json"), help: ArgumentHelp("Also write the JSON summary to this file.", valueName: "file"))
    var jsonPath: String?

    func validate() throws {
        if accounts != nil && workload != .liquidations {
            throw ValidationError("--accounts belongs to the liquidations workload")
        }
        switch workload {
        case .liquidations:
            guard seconds == nil, rate == nil, moves == nil, !pool, !perpetual else {
                throw ValidationError("liquidations takes --commands and --accounts only")
            }
            if let accounts, !(1...1_000_000).contains(accounts) {
                throw ValidationError("--accounts must be between 1 and 1,000,000")
            }
            if let commands, !(1...Self.maximumCommands).contains(commands) {
                throw ValidationError("--commands must be between 1 and \(Self.maximumCommands.grouped)")
            }
        case .ec2018:
            guard seconds == nil else {
                throw ValidationError("--seconds belongs to the inserts workload; ec2018 runs --commands")
            }
            if let commands, !(1...Self.maximumCommands).contains(commands) {
                throw ValidationError("--commands must be between 1 and \(Self.maximumCommands.grouped)")
            }
            try validatePoolOptions()
        case .inserts:
            guard commands == nil else {
                throw ValidationError("--commands belongs to the ec2018 workload; inserts runs for --seconds")
            }
            guard moves == nil else { throw ValidationError("--moves belongs to the ec2018 workload") }
            guard !pool, !perpetual, poolFeePPM == nil, poolDepth == nil, baseDecimals == nil else {
                throw ValidationError(
                    "--pool, --perpetual, --pool-fee-ppm, --pool-depth and --base-decimals belong to ec2018")
            }
            if let seconds, !(seconds > 0 && seconds <= 3_600) {
                throw ValidationError("--seconds must be more than 0 and at most 3600")
            }
        }
        if let rate {
            guard (1...1_000_000_000).contains(rate) else {
                throw ValidationError("--rate must be between 1 and 1,000,000,000 commands per second")
            }
            if workload == .inserts {
                let total = Double(rate) * (seconds ?? Self.defaultSeconds)
                guard total >= 1 && total <= Double(Self.maximumCommands) else {
                    throw ValidationError(
                        "--rate × --seconds must come to between 1 and \(Self.maximumCommands.grouped) inserts")
                }
            }
        }
    }

    private func validatePoolOptions() throws {
        guard pool || (poolFeePPM == nil && poolDepth == nil) else {
            throw ValidationError("--pool-fee-ppm and --pool-depth need --pool")
        }
        if let poolFeePPM, !(0..<100_000).contains(poolFeePPM) {
            throw ValidationError("--pool-fee-ppm must be at least 0 and below 100,000")
        }
        if let poolDepth, !(1...1_000_000_000).contains(poolDepth) {
            throw ValidationError("--pool-depth must be between 1 and 1,000,000,000 base units")
        }
        if let baseDecimals, !(0...6).contains(baseDecimals) {
            throw ValidationError("--base-decimals must be between 0 and 6")
        }
    }

    /// The pool `--pool` asks for, or nil.
    var benchmarkPool: BenchmarkPool? {
        guard pool else { return nil }
        return BenchmarkPool(
            feePPM: poolFeePPM ?? BenchmarkPool.defaultFeePPM, depth: poolDepth ?? BenchmarkPool.defaultDepth,
            owner: EC2018Generator.poolOwner)
    }

    func run() throws {
        if let jsonPath {
            // Fail before the run, not after it, when the file cannot be written.
            try Console.writeFile("", to: jsonPath)
        }
        progress("measuring the cost of a clock read")
        let timerOverhead = Clock.monotonicReadCost()
        let report =
            switch workload {
            case .ec2018:
                try runEC2018(
                    commandCount: commands ?? Self.defaultCommands, moveBase: moves ?? .original,
                    pool: benchmarkPool, baseDecimals: baseDecimals ?? (pool ? BenchmarkPool.baseDecimals : 0),
                    timerOverhead: timerOverhead)
            case .inserts:
                try runInserts(seconds: seconds ?? Self.defaultSeconds, timerOverhead: timerOverhead)
            case .liquidations:
                try runLiquidations(
                    accounts: accounts ?? 100_000, commandCount: commands ?? 1_000_000, timerOverhead: timerOverhead)
            }
        let json = report.json.rendered()
        if let jsonPath {
            try Console.writeFile(json + "\n", to: jsonPath)
        }
        print(json)
        print(report.summaryLine)
    }

    /// Reports progress on standard error, unless `--quiet`.
    func progress(_ message: String) {
        if !quiet {
            Console.progress(message)
        }
    }
}
