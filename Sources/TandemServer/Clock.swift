import Glibc

/// Time as the server reads it: one wrapper around `clock_gettime`.
enum Clock {
    /// Nanoseconds on a clock that never goes back, for latencies, timeouts and rates.
    static func monotonicNanoseconds() -> UInt64 {
        read(CLOCK_MONOTONIC)
    }

    /// Nanoseconds since the Unix epoch: the source of the logical timestamps given to commands.
    static func wallNanoseconds() -> UInt64 {
        read(CLOCK_REALTIME)
    }

    private static func read(_ clock: clockid_t) -> UInt64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
