import TandemEngine

extension EngineBenchmark {
    /// liquibook's insert test: how many pre-built GTC limit orders the engine inserts in `seconds` of CPU time
    /// (closed loop), or the latency of inserting them at `--rate` for `seconds` of wall time (open loop).
    func runInserts(seconds: Double, timerOverhead: FixedDecimal) throws -> BenchmarkReport {
        let budget = UInt64((seconds * 1_000_000_000).rounded())
        var head = JSONObject()
        head.add("workload", WorkloadName.inserts.rawValue)
        head.add(
            rate == nil ? "cpu_seconds_budget" : "wall_seconds_budget",
            FixedDecimal(Int(budget), over: 1_000_000_000, places: 3))
        head.add("seed", seed)
        head.add("accounts", "buys from account 1, sells from account 2: self-trade prevention never applies")
        var report = BenchmarkReport(
            title: "inserts, seed \(seed)", unit: "inserts", head: head, targetRate: rate,
            measurement: PassMeasurement(), timeBasis: rate == nil ? .threadCPU : .wall, trades: 0, events: 0,
            stateHash: 0, latency: LatencyRecorder(), latencyPassNanoseconds: nil, timerOverhead: timerOverhead,
            tail: JSONObject())
        let engine: Engine
        let orderCapacity: Int
        var throughputHash: UInt64?
        if let rate {
            let total = Int((Double(rate) * seconds).rounded())
            orderCapacity = InsertOrderStream.orderCapacity(orders: total)
            progress("open loop: \(total.grouped) inserts at \(rate.grouped)/s")
            engine = try measureOpenLoopInserts(total: total, rate: rate, orderCapacity: orderCapacity, into: &report)
        } else {
            orderCapacity = InsertOrderStream.orderCapacity(cpuNanoseconds: budget)
            progress("throughput pass: \(seconds) s of CPU time")
            throughputHash = try measureInsertThroughput(
                cpuBudget: budget, orderCapacity: orderCapacity, into: &report)
            progress("latency pass: \(report.measurement.commands.grouped) inserts")
            engine = try measureInsertLatency(
                count: report.measurement.commands, orderCapacity: orderCapacity, into: &report)
        }
        report.stateHash = engine.stateHash()
        if let throughputHash, throughputHash != report.stateHash {
            throw BenchmarkError(
                "the latency pass ended with state hash \(StateHash.hex(report.stateHash)), the throughput pass "
                    + "with \(StateHash.hex(throughputHash))")
        }
        report.tail.add("inserts_per_second", report.rate)
        let restingOrders = engine.restingOrderCount(market: BenchmarkMarket.market)
        report.tail.add("resting_orders", restingOrders)
        report.tail.add("initial_order_capacity", orderCapacity)
        // Nothing leaves the book but by trading, so the final count is the most the storage had to hold.
        report.tail.add("storage_grew", restingOrders > orderCapacity)
        report.tail.add("bid_levels", engine.levelCount(market: BenchmarkMarket.market, side: .buy))
        report.tail.add("ask_levels", engine.levelCount(market: BenchmarkMarket.market, side: .sell))
        return report
    }

    /// A fresh, funded engine with room for `orderCapacity` resting orders, and the timestamp of its first timed
    /// command.
    private func makeInsertEngine(orderCapacity: Int) throws -> (engine: Engine, firstTimestamp: UInt64) {
        let setup = InsertOrderStream.setup
        let engine = try BenchmarkMarket.makeEngine(
            InsertOrderStream.configuration(orderCapacity: orderCapacity), setup: setup)
        return (engine, UInt64(setup.count + 1))
    }

    /// Inserts blocks of orders until the CPU budget is spent (blocks are built outside the timed sections).
    /// Returns the final state hash.
    private func measureInsertThroughput(
        cpuBudget: UInt64, orderCapacity: Int, into report: inout BenchmarkReport
    ) throws -> UInt64 {
        let (engine, firstTimestamp) = try makeInsertEngine(orderCapacity: orderCapacity)
        var timestamp = firstTimestamp
        var stream = InsertOrderStream(seed: seed)
        var measurement = PassMeasurement()
        while measurement.cpuNanoseconds < cpuBudget {
            stream.refill(count: InsertOrderStream.blockSize)
            let deadline = Clock.threadCPUNanoseconds() + (cpuBudget - measurement.cpuNanoseconds)
            measurement.time {
                TimedLoop.throughput(engine, stream.block, timestamp: &timestamp, cpuDeadline: deadline)
            }
        }
        report.measurement = measurement
        return engine.stateHash()
    }

    /// Inserts the same `count` orders on a fresh engine, timing each.
    private func measureInsertLatency(
        count: Int, orderCapacity: Int, into report: inout BenchmarkReport
    ) throws -> Engine {
        let (engine, firstTimestamp) = try makeInsertEngine(orderCapacity: orderCapacity)
        var timestamp = firstTimestamp
        var stream = InsertOrderStream(seed: seed)
        var recorder = LatencyRecorder()
        var measurement = PassMeasurement()
        while measurement.commands < count {
            stream.refill(count: min(InsertOrderStream.blockSize, count - measurement.commands))
            measurement.time {
                TimedLoop.closedLoop(engine, stream.block, timestamp: &timestamp, recorder: &recorder)
                return stream.block.count
            }
        }
        report.latency = recorder
        report.latencyPassNanoseconds = measurement.wallNanoseconds
        report.trades = recorder.trades
        report.events = recorder.events
        return engine
    }

    /// Inserts `total` orders at `rate`; building the next block pauses the schedule.
    private func measureOpenLoopInserts(
        total: Int, rate: Int, orderCapacity: Int, into report: inout BenchmarkReport
    ) throws -> Engine {
        let (engine, firstTimestamp) = try makeInsertEngine(orderCapacity: orderCapacity)
        var timestamp = firstTimestamp
        var stream = InsertOrderStream(seed: seed)
        var recorder = LatencyRecorder()
        var inserted = 0
        stream.refill(count: min(InsertOrderStream.blockSize, total))
        var schedule = OpenLoopSchedule(rate: rate, start: Clock.monotonicNanoseconds())
        var end = schedule.start
        while true {
            end = TimedLoop.openLoop(
                engine, stream.block, timestamp: &timestamp, schedule: &schedule, recorder: &recorder)
            inserted += stream.block.count
            guard inserted < total else { break }
            let pauseStart = Clock.monotonicNanoseconds()
            stream.refill(count: min(InsertOrderStream.blockSize, total - inserted))
            schedule.pause(for: Clock.monotonicNanoseconds() - pauseStart)
        }
        report.measurement.commands = inserted
        report.measurement.wallNanoseconds = end - schedule.start - schedule.pausedNanoseconds
        report.latency = recorder
        report.trades = recorder.trades
        report.events = recorder.events
        return engine
    }
}
