/// What one benchmark run measured, rendered as the JSON summary and the one-line human summary.
struct BenchmarkReport {
    /// The clock the headline rate is based on.
    enum TimeBasis: String {
        /// `CLOCK_MONOTONIC`: the ec2018 throughput pass and every open-loop run.
        case wall
        /// `CLOCK_THREAD_CPUTIME_ID`: liquibook's "orders inserted in S seconds of CPU time".
        case threadCPU = "thread_cpu"
    }

    /// Names the run in the summary line, e.g. "ec2018, moves from the original price, seed 1".
    var title: String
    /// What is counted: "commands" or "inserts".
    var unit: String
    /// The leading JSON members: the workload and its parameters.
    var head: JSONObject
    /// The open-loop rate; nil for a closed-loop run.
    var targetRate: Int?
    var measurement: PassMeasurement
    var timeBasis: TimeBasis
    var trades: Int
    var events: Int
    var stateHash: UInt64
    var latency: LatencyRecorder
    /// The wall time of the closed-loop latency pass, timer reads included.
    var latencyPassNanoseconds: UInt64?
    var timerOverhead: FixedDecimal
    /// The trailing JSON members: the workload's statistics.
    var tail: JSONObject

    private var basisNanoseconds: UInt64 {
        switch timeBasis {
        case .wall: measurement.wallNanoseconds
        case .threadCPU: measurement.cpuNanoseconds
        }
    }

    /// Commands (or inserts) per second of the basis time; for an open-loop run, the rate achieved.
    var rate: Int {
        FixedDecimal(measurement.commands * 1_000_000_000, over: Int(basisNanoseconds), places: 0).scaled
    }

    var json: JSONObject {
        var object = head
        object.add("mode", targetRate == nil ? "closed_loop" : "open_loop")
        if let targetRate {
            object.add("target_rate", targetRate)
        }
        object.add("commands", measurement.commands)
        object.add("seconds", seconds(basisNanoseconds))
        object.add("time_basis", timeBasis.rawValue)
        object.add("wall_seconds", seconds(measurement.wallNanoseconds))
        if targetRate == nil {
            object.add("cpu_seconds", seconds(measurement.cpuNanoseconds))
        }
        object.add("commands_per_second", rate)
        object.add("trades", trades)
        object.add("events", events)
        object.add("state_hash", StateHash.hex(stateHash))
        object.add("latency_ns", latency.summary)
        object.add("latency_method", latencyMethod)
        if let latencyPassNanoseconds {
            object.add("latency_pass_seconds", seconds(latencyPassNanoseconds))
        }
        object.add("timer_overhead_ns", timerOverhead)
        object.append(contentsOf: tail)
        return object
    }

    var summaryLine: String {
        let percentiles = [("p50", 50.0), ("p90", 90), ("p99", 99), ("p99.9", 99.9), ("p99.99", 99.99)]
            .map { "\($0.0) \(latency.nanoseconds(atPercentile: $0.1).grouped)" }
            .joined(separator: " ")
        let latencyText = "latency ns \(percentiles) max \(latency.maximumNanoseconds.grouped)"
        let counts = "\(trades.grouped) trades, state \(StateHash.hex(stateHash))"
        let time = seconds(basisNanoseconds)
        if let targetRate {
            return "\(title): open loop at \(targetRate.grouped)/s: \(measurement.commands.grouped) \(unit) in "
                + "\(time) s, achieved \(rate.grouped) \(unit)/s; \(latencyText); \(counts)"
        }
        let basis = timeBasis == .wall ? "s" : "s of CPU time"
        return "\(title): \(measurement.commands.grouped) \(unit) in \(time) \(basis) = \(rate.grouped) \(unit)/s; "
            + "\(latencyText); \(counts)"
    }

    private var latencyMethod: String {
        if targetRate != nil {
            return "open loop: command i is due at start + i / rate and runs then (at once when late); latency is "
                + "its completion time minus its due time, so a slow command delays those behind it (no coordinated "
                + "omission); read with CLOCK_MONOTONIC, each sample includes about one clock read (timer_overhead_ns)"
        }
        return "closed loop: a second pass on a fresh engine reads CLOCK_MONOTONIC before and after each command; "
            + "each sample includes about one clock read (timer_overhead_ns)"
    }

    private func seconds(_ nanoseconds: UInt64) -> FixedDecimal {
        FixedDecimal(Int(nanoseconds), over: 1_000_000_000, places: 6)
    }
}
