/// The step mode's schedule: open loop at a rate, then at a rate `factor` times higher, and so on, until a step's
/// median latency passes the bound (exchange-core's method: it stepped up until the median passed 10 ms), the
/// rate would pass the maximum, or a step had errors.
struct StepController {
    let factor: Double
    let medianBound: UInt64
    let maximumRate: Int
    /// The rate of the current step.
    private(set) var rate: Int
    /// Why the steps ended, once they have.
    private(set) var stopReason: String?

    init(startRate: Int, factor: Double, medianBound: UInt64, maximumRate: Int) {
        precondition(factor > 1, "each step must raise the rate")
        rate = startRate
        self.factor = factor
        self.medianBound = medianBound
        self.maximumRate = maximumRate
    }

    /// Takes the finished step's median and error count; returns the next step's rate, or nil to stop.
    mutating func next(median: Int, errors: Int) -> Int? {
        if errors > 0 {
            stopReason = "errors at \(rate.grouped)/s"
        } else if median > Int(medianBound) {
            stopReason =
                "median \(DurationText.nanoseconds(median)) passed "
                + "\(DurationText.nanoseconds(Int(medianBound))) at \(rate.grouped)/s"
        } else {
            let raised = max(rate + 1, Int((Double(rate) * factor).rounded()))
            guard raised <= maximumRate else {
                stopReason = "the next rate, \(raised.grouped)/s, is above the maximum \(maximumRate.grouped)/s"
                return nil
            }
            rate = raised
            return rate
        }
        return nil
    }
}
