import TandemEngine

/// The loops that apply commands under measurement. They allocate nothing themselves: commands are built
/// beforehand, and the engine's event buffer is only read after a command's completion time is taken and never
/// held across `apply`, so the engine keeps reusing it.
enum TimedLoop {
    /// How many commands run between two reads of the CPU clock in a throughput pass.
    static let clockCheckInterval = 4_096

    /// Applies `commands` without timing each one; stops at the first clock check at or past `cpuDeadline`
    /// (thread CPU nanoseconds). Returns how many commands were applied.
    static func throughput(
        _ engine: Engine, _ commands: [Command], timestamp: inout UInt64, cpuDeadline: UInt64
    ) -> Int {
        var index = 0
        while index < commands.count {
            let end = min(index + clockCheckInterval, commands.count)
            while index < end {
                engine.apply(commands[index], timestamp: timestamp)
                timestamp &+= 1
                index += 1
            }
            if Clock.threadCPUNanoseconds() >= cpuDeadline {
                break
            }
        }
        return index
    }

    /// Applies `commands` back to back, timing each from just before `apply` to just after it.
    static func closedLoop(
        _ engine: Engine, _ commands: [Command], timestamp: inout UInt64, recorder: inout LatencyRecorder
    ) {
        for command in commands {
            let start = Clock.monotonicNanoseconds()
            engine.apply(command, timestamp: timestamp)
            let end = Clock.monotonicNanoseconds()
            recorder.record(nanoseconds: end &- start)
            recorder.countOutput(of: engine)
            timestamp &+= 1
        }
    }

    /// Applies each command at its due time (spinning until then, or at once when late) and records its
    /// completion time minus its due time. Returns the completion time of the last command.
    static func openLoop(
        _ engine: Engine, _ commands: [Command], timestamp: inout UInt64, schedule: inout OpenLoopSchedule,
        recorder: inout LatencyRecorder
    ) -> UInt64 {
        var end = Clock.monotonicNanoseconds()
        for command in commands {
            let due = schedule.nextDue()
            while Clock.monotonicNanoseconds() < due {}
            engine.apply(command, timestamp: timestamp)
            end = Clock.monotonicNanoseconds()
            recorder.record(nanoseconds: end &- due)
            recorder.countOutput(of: engine)
            timestamp &+= 1
        }
        return end
    }
}
