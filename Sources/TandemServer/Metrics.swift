import TandemEngine
import TandemWire

/// The loop thread's counters, served in Prometheus text format on the metrics port.
struct Metrics {
    var connectionsAccepted = 0
    var logins = 0
    var messagesIn = [Int](repeating: 0, count: 256)
    var messagesOut = [Int](repeating: 0, count: 256)
    var sessionRejects = [Int](repeating: 0, count: 256)
    var loginRejects = [Int](repeating: 0, count: 256)
    var engineRejects: [RejectReason: Int] = [:]
    var protocolErrors = 0
    var slowConsumers = 0
    var cancelsOnDisconnect = 0
    /// Reads of the journal serving resumes older than the in-memory window (one more each time the window
    /// moved on while a read ran), and those the journal failed.
    var journalResumes = 0
    var journalResumeFailures = 0
    /// Engine commands per second over the last full second, from the engine thread's counter.
    var commandsPerSecond: UInt64 = 0
    var commandsAtLastSecond: UInt64 = 0
    /// Request latency from the read of the request to the release of its reports, in power-of-two buckets
    /// of nanoseconds: bucket i counts latencies below 2^i ns.
    var latencyBuckets = [Int](repeating: 0, count: 40)
    var latencyCount = 0
    var latencySumNanoseconds: UInt64 = 0

    mutating func recordLatency(nanoseconds: UInt64) {
        let bucket = min(UInt64.bitWidth - nanoseconds.leadingZeroBitCount, latencyBuckets.count - 1)
        latencyBuckets[bucket] += 1
        latencyCount += 1
        latencySumNanoseconds &+= nanoseconds
    }
}

/// Writes Prometheus text exposition.
struct MetricsText {
    private(set) var text = ""

    mutating func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        for sample in samples {
            text += sample.labels.isEmpty ? "\(name) \(sample.value)\n" : "\(name){\(sample.labels)} \(sample.value)\n"
        }
    }

    mutating func counter(_ name: String, _ help: String, _ value: Int) {
        metric(name, "counter", help, [("", String(value))])
    }

    mutating func histogram(
        _ name: String, _ help: String, buckets: [(bound: Double, count: Int)], sum: Double, count: Int
    ) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for bucket in buckets { text += "\(name)_bucket{le=\"\(bucket.bound)\"} \(bucket.count)\n" }
        text += "\(name)_bucket{le=\"+Inf\"} \(count)\n\(name)_sum \(sum)\n\(name)_count \(count)\n"
    }

    mutating func gauge(_ name: String, _ help: String, _ value: Int) {
        metric(name, "gauge", help, [("", String(value))])
    }
}
