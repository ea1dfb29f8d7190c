import TandemWire

/// Everything a `loadtest tcp` run measured and checked: what the JSON summary, the HTML report, the `.hgrm`
/// files and the summary line are made from.
struct TcpRunResult {
    enum Mode: Equatable {
        case openLoop(rate: Int)
        case closedLoop(window: Int)
        case step(medianBound: UInt64)
    }

    /// Names the run, e.g. "mix over 8 connections".
    var title: String
    /// The workload's parameters (leading JSON members).
    var head: JSONObject
    /// The workload's statistics (trailing JSON members).
    var tail: JSONObject
    var mode = Mode.closedLoop(window: 1)
    var serverDescription = JSONObject()
    /// How the spawned server exited.
    var serverExit: String?
    var serverMetrics: [MetricsScrape.Sample] = []
    var fdatasync: LatencyHistogram?
    /// Wall and CPU time of the timed part (the steps and the drains between them included).
    var cpuTime: CPUTime?
    /// One per timed phase: the run, or each step.
    var measurements: [TcpMeasurement] = []
    var timeline: TcpTimeline?
    var stepStopReason: String?
    var workloadExhausted = false
    var disconnects = 0
    var errors = TcpErrorLog()
    var checks = TcpLedgerChecks()
    var injectedSent = 0
    var injectedRejected = 0
    var receivedByType = [Int](repeating: 0, count: 256)
    var rejectsByReason: [(name: String, count: Int)] = []
    var sessionRejectsByReason: [(name: String, count: Int)] = []
    var cancelsByReason: [(name: String, count: Int)] = []
    var makerFills = FillTally()
    var takerFills = FillTally()
    var poolFills = FillTally()

    init(title: String, head: JSONObject, tail: JSONObject) {
        self.title = title
        self.head = head
        self.tail = tail
    }

    /// Takes the driver's measurements and runs the ledger's end-of-run checks.
    mutating func take(_ driver: TcpDriver, injectedSent: Int) {
        checks = driver.finishChecks()
        let ledger = driver.ledger
        measurements = driver.measurements
        timeline = driver.timeline
        workloadExhausted = driver.workloadExhausted
        disconnects = driver.disconnects
        errors = ledger.errors
        self.injectedSent = injectedSent
        injectedRejected = ledger.injectedRejects
        if measurements.allSatisfy({ $0.answered == 0 }) && !driver.failed {
            errors.record("nothing was measured: the workload ran out during the warm-up (see --commands, --warmup)")
        }
        if injectedRejected != injectedSent {
            errors.record("\(injectedSent) rejects were injected, \(injectedRejected) came back as rejections")
        }
        receivedByType = ledger.receivedByType
        rejectsByReason = Self.sorted(ledger.rejectsByReason)
        sessionRejectsByReason = Self.sorted(ledger.sessionRejectsByReason)
        cancelsByReason = Self.sorted(ledger.cancelsByReason)
        makerFills = ledger.makerFills
        takerFills = ledger.takerFills
        poolFills = ledger.poolFills
    }

    private static func sorted<Reason: WireEnumeration & Hashable>(_ counts: [Reason: Int]) -> [(
        name: String, count: Int
    )]
    where Reason.RawValue: Comparable {
        counts.keys.sorted { $0.rawValue < $1.rawValue }.map { (name: $0.name, count: counts[$0] ?? 0) }
    }

    /// The measurement the headline figures come from: the run's, or in step mode the fastest step whose median
    /// stayed within the bound (the first step when none did).
    var headline: TcpMeasurement? {
        guard case .step(let bound) = mode else { return measurements.first }
        return measurements.last { $0.overall.nanoseconds(atPercentile: 50) <= Int(bound) } ?? measurements.first
    }

    var modeName: String {
        switch mode {
        case .openLoop: "open_loop"
        case .closedLoop: "closed_loop"
        case .step: "step"
        }
    }
}
