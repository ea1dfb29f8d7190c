import Histogram

/// Latencies in nanoseconds in an HdrHistogram (1 ns to 1 h, three significant digits), with the summary the
/// reports print, the percentile curve they draw and the `.hgrm` text HdrHistogram's plotter reads.
struct LatencyHistogram {
    private var histogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: LatencyRecorder.highestTrackableNanoseconds,
        numberOfSignificantValueDigits: .three)
    private var totalNanoseconds: UInt64 = 0

    var count: Int { Int(histogram.totalCount) }

    mutating func record(_ nanoseconds: UInt64) {
        let clamped = min(nanoseconds, LatencyRecorder.highestTrackableNanoseconds)
        histogram.record(clamped)
        totalNanoseconds &+= clamped
    }

    mutating func add(_ other: LatencyHistogram) {
        histogram.add(other.histogram)
        totalNanoseconds &+= other.totalNanoseconds
    }

    mutating func reset() {
        histogram.reset()
        totalNanoseconds = 0
    }

    /// The nanoseconds at or below which `percentile` percent of the samples fall; 0 without samples.
    func nanoseconds(atPercentile percentile: Double) -> Int {
        count == 0 ? 0 : Int(histogram.valueAtPercentile(percentile))
    }

    var maximumNanoseconds: Int { count == 0 ? 0 : Int(histogram.maxRecorded) }

    var meanNanoseconds: FixedDecimal { FixedDecimal(Int(totalNanoseconds), over: count, places: 1) }

    /// The percentiles the reports show, in nanoseconds.
    var summary: JSONObject {
        var object = JSONObject()
        for (name, percentile) in Self.reportedPercentiles {
            object.add(name, nanoseconds(atPercentile: percentile))
        }
        object.add("max", maximumNanoseconds)
        object.add("mean", meanNanoseconds)
        object.add("samples", count)
        return object
    }

    static let reportedPercentiles: [(name: String, percentile: Double)] = [
        ("p50", 50), ("p90", 90), ("p99", 99), ("p99.9", 99.9), ("p99.99", 99.99),
    ]

    /// The latency at each percentile HdrHistogram reports (five steps per halving of the distance to 100 %),
    /// up to and including the maximum.
    var percentileCurve: [(percentile: Double, nanoseconds: Int)] {
        guard count > 0 else { return [] }
        return histogram.percentiles(ticksPerHalfDistance: 5).map {
            (percentile: $0.percentileLevelIteratedTo, nanoseconds: Int($0.value))
        }
    }

    /// The percentile distribution in HdrHistogram's text format (`.hgrm`), in microseconds, as its Java and
    /// web plotters read it.
    var hgrm: String {
        var text = ""
        histogram.outputPercentileDistribution(to: &text, outputValueUnitScalingRatio: 1_000)
        return text
    }
}
