import TandemEngine

extension EngineBenchmark {
    /// The perpetual detection benchmark (`LiquidationWorkload`): commands per second with every account
    /// holding a position and the mark moving on every command, and the margin calls and liquidations it made.
    func runLiquidations(accounts: Int, commandCount: Int, timerOverhead: FixedDecimal) throws -> BenchmarkReport {
        progress("setting up \(accounts.grouped) accounts with positions; \(commandCount.grouped) index moves")
        let workload = LiquidationWorkload(accounts: accounts, commands: commandCount, seed: seed)
        var head = JSONObject()
        head.add("workload", WorkloadName.liquidations.rawValue)
        head.add("accounts_with_positions", accounts)
        head.add("seed", seed)
        var report = BenchmarkReport(
            title: "liquidations, \(accounts.grouped) accounts with positions, seed \(seed)", unit: "commands",
            head: head, targetRate: nil, measurement: PassMeasurement(), timeBasis: .wall, trades: 0, events: 0,
            stateHash: 0, latency: LatencyRecorder(), latencyPassNanoseconds: nil, timerOverhead: timerOverhead,
            tail: JSONObject())
        progress("throughput pass")
        let engine = try workload.makeEngine()
        var timestamp = workload.firstTimestamp
        report.measurement.time {
            TimedLoop.throughput(engine, workload.commands, timestamp: &timestamp, cpuDeadline: .max)
        }
        progress("latency pass")
        let timed = try workload.makeEngine()
        // The accounts' positions; the maker's and the bidder's (the two accounts after them) are not counted.
        func openPositions(_ engine: Engine) -> Int {
            engine.positions(market: BenchmarkMarket.market).count { $0.size != 0 && $0.account <= UInt32(accounts) }
        }
        let positionsAtStart = openPositions(timed)
        timestamp = workload.firstTimestamp
        var recorder = LatencyRecorder()
        var tally = LiquidationTally()
        var measurement = PassMeasurement()
        measurement.time {
            for command in workload.commands {
                let start = Clock.monotonicNanoseconds()
                timed.apply(command, timestamp: timestamp)
                recorder.record(nanoseconds: Clock.monotonicNanoseconds() &- start)
                recorder.countOutput(of: timed)
                tally.count(timed.events)
                timestamp &+= 1
            }
            return workload.commands.count
        }
        report.stateHash = timed.stateHash()
        guard engine.stateHash() == report.stateHash else {
            throw BenchmarkError("the two passes ended in different states")
        }
        report.latency = recorder
        report.latencyPassNanoseconds = measurement.wallNanoseconds
        report.trades = recorder.trades
        report.events = recorder.events
        report.tail = tally.json(
            positionsAtStart: positionsAtStart,
            positionsLeft: openPositions(timed))
        return report
    }
}

/// What the perpetual sweep did during a run.
struct LiquidationTally {
    var marginCalls = 0
    var liquidations = 0
    var deleveragingTrades = 0
    var insurancePayments = 0

    mutating func count(_ events: [Event]) {
        for event in events {
            switch event.body {
            case .marginCall: marginCalls += 1
            case .liquidationStarted: liquidations += 1
            case .deleveraged: deleveragingTrades += 1
            case .insuranceFund: insurancePayments += 1
            default: break
            }
        }
    }

    func json(positionsAtStart: Int, positionsLeft: Int) -> JSONObject {
        var object = JSONObject()
        object.add("positions_at_start", positionsAtStart)
        object.add("margin_calls", marginCalls)
        object.add("liquidations", liquidations)
        object.add("deleveraging_events", deleveragingTrades)
        object.add("insurance_payments", insurancePayments)
        object.add("positions_left", positionsLeft)
        return object
    }
}
