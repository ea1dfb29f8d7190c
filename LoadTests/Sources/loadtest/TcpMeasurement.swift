/// The latencies and counts of one timed stretch of a `loadtest tcp` run: the run after its warm-up, or one step
/// of the step mode.
struct TcpMeasurement {
    /// The open-loop rate, requests per second; nil in closed loop.
    var targetRate: Int?
    /// When measuring began (the end of the warm-up), monotonic nanoseconds.
    var start: UInt64
    /// When the last measured answer arrived.
    private(set) var lastAnswer: UInt64 = 0
    /// When the last measured request was sent.
    private(set) var lastSend: UInt64 = 0
    private(set) var sent = 0
    private(set) var answered = 0
    private(set) var overall = LatencyHistogram()
    /// Per `TcpRequest.Kind`, by its raw value.
    private(set) var byKind = [LatencyHistogram](repeating: LatencyHistogram(), count: TcpRequest.Kind.allCases.count)

    init(targetRate: Int?, start: UInt64) {
        self.targetRate = targetRate
        self.start = start
    }

    mutating func recordSent(at time: UInt64) {
        sent += 1
        lastSend = max(lastSend, time)
    }

    mutating func recordAnswer(_ kind: TcpRequest.Kind, latency: UInt64, at time: UInt64) {
        answered += 1
        lastAnswer = max(lastAnswer, time)
        overall.record(latency)
        byKind[kind.rawValue].record(latency)
    }

    /// From the start of measuring to the last answer.
    var nanoseconds: UInt64 { lastAnswer > start ? lastAnswer - start : 0 }

    /// Answered requests per second of `nanoseconds`: the throughput.
    var answeredPerSecond: Int { Self.perSecond(answered, over: nanoseconds) }

    /// Requests sent per second between the start of measuring and the last send: in open loop, the rate the
    /// harness kept up.
    var sentPerSecond: Int { Self.perSecond(sent, over: lastSend > start ? lastSend - start : 0) }

    static func perSecond(_ count: Int, over nanoseconds: UInt64) -> Int {
        FixedDecimal(count * 1_000_000_000, over: Int(nanoseconds), places: 0).scaled
    }
}
