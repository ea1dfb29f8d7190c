import TandemEngine

extension EngineBenchmark {
    /// Generates the ec2018 stream on a generator-side engine, then replays it on fresh engines for timing; every
    /// replay must end with the generator's state hash (and, where counted, its trades and events).
    func runEC2018(
        commandCount: Int, moveBase: MoveBase, pool: BenchmarkPool?, baseDecimals: Int, timerOverhead: FixedDecimal
    ) throws -> BenchmarkReport {
        let perpetualText = perpetual ? ", a perpetual market with margin checks" : ""
        let poolText = pool.map { ", pool of \(Int($0.depth).grouped) base units, LP fee \($0.feePPM) ppm" } ?? ""
        progress(
            "generating \(commandCount.grouped) ec2018 commands (moves from the \(moveBase) price\(poolText)\(perpetualText), "
                + "seed \(seed))")
        var generator = EC2018Generator(
            seed: seed, moveBase: moveBase, pool: pool, baseDecimals: baseDecimals, perpetual: perpetual)
        let workload = try generator.generate(count: commandCount)
        if !quiet {
            print(workload.mix.comparisonTable)
        }
        var head = JSONObject()
        head.add("workload", WorkloadName.ec2018.rawValue)
        head.add("moves", moveBase.rawValue)
        head.add("seed", seed)
        head.add("base_decimals", baseDecimals)
        head.add("market", perpetual ? "perpetual" : "spot")
        if let pool {
            var poolObject = JSONObject()
            poolObject.add("lp_fee_ppm", Int(pool.feePPM))
            poolObject.add("initial_base_units", Int(pool.depth))
            poolObject.add("initial_quote", Int(pool.depth * EC2018Generator.startPrice))
            head.add("pool", poolObject)
        }
        head.add("initial_order_capacity", EC2018Generator.orderCapacity)
        var tail = JSONObject()
        tail.add("mix", workload.mix.json)
        tail.add("published_mix", EC2018Mix.published)
        let title = "ec2018\(perpetual ? " perpetual" : "")\(pool == nil ? "" : " with a pool"), moves from the \(moveBase) price, seed \(seed)"
        var report = BenchmarkReport(
            title: title, unit: "commands", head: head, targetRate: rate, measurement: PassMeasurement(),
            timeBasis: .wall, trades: 0, events: 0, stateHash: workload.stateHash, latency: LatencyRecorder(),
            latencyPassNanoseconds: nil, timerOverhead: timerOverhead, tail: tail)
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
