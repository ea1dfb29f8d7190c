import Histogram
import TandemEngine

/// Per-command latencies in an HdrHistogram (nanoseconds, three significant digits), and the trades and events
/// the engine reported, counted after each command's completion time was taken.
struct LatencyRecorder {
    /// One hour: an open-loop run far past capacity still records every sample.
    static let highestTrackableNanoseconds: UInt64 = 3_600_000_000_000

    private var histogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: highestTrackableNanoseconds,
        numberOfSignificantValueDigits: .three)
    private var totalNanoseconds: UInt64 = 0
    private(set) var trades = 0
    private(set) var events = 0

    var count: Int { Int(histogram.totalCount) }

    @inline(__always)
    mutating func record(nanoseconds: UInt64) {
        let clamped = min(nanoseconds, Self.highestTrackableNanoseconds)
        histogram.record(clamped)
        totalNanoseconds &+= clamped
    }

    /// Counts the events of the command just applied; a trade is a taker's fill against an order or the pool.
    @inline(__always)
    mutating func countOutput(of engine: Engine) {
        let output = engine.events
        events += output.count
        for event in output {
            switch event.body {
            case .fill(let fill) where fill.liquidity == .taker: trades += 1
            case .poolFill: trades += 1
            default: break
            }
        }
    }

    /// The nanoseconds at or below which `percentile` percent of the samples fall.
    func nanoseconds(atPercentile percentile: Double) -> Int {
        Int(histogram.valueAtPercentile(percentile))
    }

    var maximumNanoseconds: Int { Int(histogram.maxRecorded) }

    /// The percentiles the report shows, in nanoseconds.
    var summary: JSONObject {
        var object = JSONObject()
        object.add("p50", nanoseconds(atPercentile: 50))
        object.add("p90", nanoseconds(atPercentile: 90))
        object.add("p99", nanoseconds(atPercentile: 99))
        object.add("p99.9", nanoseconds(atPercentile: 99.9))
        object.add("p99.99", nanoseconds(atPercentile: 99.99))
        object.add("max", maximumNanoseconds)
        object.add("mean", FixedDecimal(Int(totalNanoseconds), over: count, places: 1))
        object.add("samples", count)
        return object
    }
}
