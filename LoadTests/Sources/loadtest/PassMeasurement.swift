/// The time and command count of one pass over a fresh engine, summed over its timed sections.
struct PassMeasurement {
    var commands = 0
    var wallNanoseconds: UInt64 = 0
    var cpuNanoseconds: UInt64 = 0

    /// Runs `body`, which returns how many commands it applied, and adds its wall and thread CPU time.
    mutating func time(_ body: () throws -> Int) rethrows {
        let wallStart = Clock.monotonicNanoseconds()
        let cpuStart = Clock.threadCPUNanoseconds()
        commands += try body()
        cpuNanoseconds += Clock.threadCPUNanoseconds() - cpuStart
        wallNanoseconds += Clock.monotonicNanoseconds() - wallStart
    }
}
