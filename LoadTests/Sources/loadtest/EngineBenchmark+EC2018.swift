import TandemEngine

extension EngineBenchmark {
    /// Generates the ec2018 stream on a generator-side engine, then replays it on fresh engines for timing; every
    /// replay must end with the generator's state hash (and, where counted, its trades and events).
    func runEC2018(commandCount: Int, moveBase: MoveBase, timerOverhead: FixedDecimal) throws -> BenchmarkReport {
        progress("generating \(commandCount.grouped) ec2018 commands (moves from the \(moveBase) price, seed \(seed))")
        var generator = EC2018Generator(seed: seed, moveBase: moveBase)
        let workload = try generator.generate(count: commandCount)
        if !quiet {
            print(workload.mix.comparisonTable)
        }
        var head = JSONObject()
        head.add("workload", WorkloadName.ec2018.rawValue)
        head.add("moves", moveBase.rawValue)
        head.add("seed", seed)
        var tail = JSONObject()
        tail.add("mix", workload.mix.json)
        tail.add("published_mix", EC2018Mix.published)
        var report = BenchmarkReport(
            title: "ec2018, moves from the \(moveBase) price, seed \(seed)", unit: "commands", head: head,
            targetRate: rate, measurement: PassMeasurement(), timeBasis: .wall, trades: 0, events: 0,
            stateHash: workload.stateHash, latency: LatencyRecorder(), latencyPassNanoseconds: nil,
            timerOverhead: timerOverhead, tail: tail)
        if let rate {
            progress("open loop at \(rate.grouped) commands/s")
            try measureOpenLoop(workload, rate: rate, into: &report)
        } else {
            progress("throughput pass")
            report.measurement = try measureThroughput(workload)
            progress("latency pass")
            try measureLatency(workload, into: &report)
        }
        return report
    }

    private func measureThroughput(_ workload: EC2018Workload) throws -> PassMeasurement {
        let engine = try workload.makeEngine()
        var timestamp = workload.firstTimestamp
        var measurement = PassMeasurement()
        measurement.time {
            TimedLoop.throughput(engine, workload.commands, timestamp: &timestamp, cpuDeadline: .max)
        }
        try workload.verifyReplay(stateHash: engine.stateHash(), trades: nil, events: nil)
        return measurement
    }

    private func measureLatency(_ workload: EC2018Workload, into report: inout BenchmarkReport) throws {
        let engine = try workload.makeEngine()
        var timestamp = workload.firstTimestamp
        var recorder = LatencyRecorder()
        var measurement = PassMeasurement()
        measurement.time {
            TimedLoop.closedLoop(engine, workload.commands, timestamp: &timestamp, recorder: &recorder)
            return workload.commands.count
        }
        try workload.verifyReplay(stateHash: engine.stateHash(), trades: recorder.trades, events: recorder.events)
        report.latency = recorder
        report.latencyPassNanoseconds = measurement.wallNanoseconds
        report.trades = recorder.trades
        report.events = recorder.events
    }

    private func measureOpenLoop(_ workload: EC2018Workload, rate: Int, into report: inout BenchmarkReport) throws {
        let engine = try workload.makeEngine()
        var timestamp = workload.firstTimestamp
        var recorder = LatencyRecorder()
        var schedule = OpenLoopSchedule(rate: rate, start: Clock.monotonicNanoseconds())
        let end = TimedLoop.openLoop(
            engine, workload.commands, timestamp: &timestamp, schedule: &schedule, recorder: &recorder)
        try workload.verifyReplay(stateHash: engine.stateHash(), trades: recorder.trades, events: recorder.events)
        report.measurement.commands = workload.commands.count
        report.measurement.wallNanoseconds = end - schedule.start
        report.latency = recorder
        report.trades = recorder.trades
        report.events = recorder.events
    }
}
