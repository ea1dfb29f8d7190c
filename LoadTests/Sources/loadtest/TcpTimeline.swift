/// Throughput and latency of a run interval by interval, for the report's charts over time.
struct TcpTimeline {
    /// One interval.
    struct Point: Equatable {
        /// The interval's end, nanoseconds after the timeline's origin.
        var end: UInt64
        var sent: Int
        var answered: Int
        /// Latencies of the answers received in the interval; 0 without answers.
        var p50: Int
        var p99: Int
    }

    /// The interval length in nanoseconds.
    let interval: UInt64
    /// Monotonic nanoseconds at which the first interval begins.
    let origin: UInt64
    private(set) var points: [Point] = []
    private var latencies = LatencyHistogram()
    private var sent = 0
    private var answered = 0

    init(origin: UInt64, interval: UInt64) {
        precondition(interval > 0, "an interval must have a length")
        self.origin = origin
        self.interval = interval
    }

    /// The interval for a run of `duration` nanoseconds: 100 ms up to a minute, else one second.
    static func interval(forDuration duration: UInt64) -> UInt64 {
        duration <= 60_000_000_000 ? 100_000_000 : 1_000_000_000
    }

    /// Closes every interval that ended at or before `now`; call before recording what happened at `now`.
    mutating func advance(to now: UInt64) {
        while now >= origin + UInt64(points.count + 1) * interval {
            points.append(
                Point(
                    end: UInt64(points.count + 1) * interval, sent: sent, answered: answered,
                    p50: latencies.nanoseconds(atPercentile: 50), p99: latencies.nanoseconds(atPercentile: 99)))
            if latencies.count > 0 {
                latencies.reset()
            }
            sent = 0
            answered = 0
        }
    }

    mutating func recordSent() {
        sent += 1
    }

    mutating func recordAnswer(latency: UInt64) {
        answered += 1
        latencies.record(latency)
    }
}
