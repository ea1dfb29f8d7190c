/// When each command of an open-loop run is due: command i at `start + i / rate`, however late the ones before it
/// finished, so a slow command delays the measured latency of those after it (no coordinated omission).
struct OpenLoopSchedule {
    let rate: Int
    /// The monotonic time command 0 is due.
    let start: UInt64
    /// Time taken out of the schedule (pre-building the next block of commands); later commands are due that much
    /// later.
    private(set) var pausedNanoseconds: UInt64 = 0
    private var scheduled: UInt64 = 0

    init(rate: Int, start: UInt64) {
        self.rate = rate
        self.start = start
    }

    /// The due time of the next command.
    @inline(__always)
    mutating func nextDue() -> UInt64 {
        let offset = UInt128(scheduled) * 1_000_000_000 / UInt128(rate)
        scheduled += 1
        return start &+ pausedNanoseconds &+ UInt64(offset)
    }

    /// Shifts every command not yet scheduled by `nanoseconds`.
    mutating func pause(for nanoseconds: UInt64) {
        pausedNanoseconds += nanoseconds
    }
}
