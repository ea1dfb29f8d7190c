#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The clocks the benchmark reads: monotonic wall time for latencies and throughput, thread CPU time for
/// liquibook's "inserts in S seconds of CPU time".
enum Clock {
    /// Nanoseconds of `CLOCK_MONOTONIC`.
    @inline(__always)
    static func monotonicNanoseconds() -> UInt64 {
        read(CLOCK_MONOTONIC)
    }

    /// Nanoseconds of CPU time used by the calling thread (`CLOCK_THREAD_CPUTIME_ID`).
    @inline(__always)
    static func threadCPUNanoseconds() -> UInt64 {
        read(CLOCK_THREAD_CPUTIME_ID)
    }

    /// The cost of one monotonic clock read in nanoseconds: about what each latency sample carries on top of the
    /// command, since a sample spans the end of one read and the start of the next. It is the median of 21
    /// rounds' mean cost, so a round the scheduler interrupts does not count.
    static func monotonicReadCost(rounds: Int = 21, readsPerRound: Int = 50_000) -> FixedDecimal {
        var roundNanoseconds: [UInt64] = []
        for _ in 0..<rounds {
            let start = monotonicNanoseconds()
            for _ in 0..<readsPerRound {
                _ = monotonicNanoseconds()
            }
            roundNanoseconds.append(monotonicNanoseconds() - start)
        }
        let median = roundNanoseconds.sorted()[rounds / 2]
        return FixedDecimal(Int(median), over: readsPerRound, places: 1)
    }

    @inline(__always)
    private static func read(_ clock: clockid_t) -> UInt64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
