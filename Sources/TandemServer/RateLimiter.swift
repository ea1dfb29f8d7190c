/// A token bucket: `rate` requests per second, holding at most one second's worth.
struct RateLimiter {
    private let rate: UInt64
    private var tokens: UInt64 = 0
    /// The time up to which tokens have been credited (monotonic nanoseconds).
    private var creditedUntil: UInt64 = 0

    /// A limiter allowing `rate` requests per second; 0 allows everything.
    init(rate: Int) {
        self.rate = UInt64(max(rate, 0))
    }

    /// Takes one token at `now` (monotonic nanoseconds); false when none is left.
    mutating func allow(now: UInt64) -> Bool {
        guard rate > 0 else { return true }
        let elapsed = now &- creditedUntil
        if elapsed >= 1_000_000_000 {
            tokens = rate
            creditedUntil = now
        } else {
            let earned = elapsed * rate / 1_000_000_000
            if earned > 0 {
                tokens = min(rate, tokens + earned)
                creditedUntil += earned * 1_000_000_000 / rate
            }
        }
        guard tokens > 0 else { return false }
        tokens -= 1
        return true
    }
}
