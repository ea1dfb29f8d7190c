#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time used by the harness and by the server it started: on a machine whose cores they share, how much of
/// the machine each took during the timed part of a run.
struct CPUTime {
    /// Nanoseconds of CPU time the harness's process has used (`CLOCK_PROCESS_CPUTIME_ID`).
    static func harnessNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Nanoseconds of CPU time process `processId` has used (user and system, from /proc), or nil.
    static func nanoseconds(ofProcess processId: pid_t) -> UInt64? {
        let descriptor = open("/proc/\(processId)/stat", O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        return parseStat(text, ticksPerSecond: sysconf(Int32(_SC_CLK_TCK)))
    }

    /// utime + stime (fields 14 and 15 of /proc/PID/stat, counted after the parenthesised command name, which
    /// may hold spaces) in nanoseconds.
    static func parseStat(_ text: String, ticksPerSecond: Int) -> UInt64? {
        guard ticksPerSecond > 0, let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the name: state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        return (user + system) * 1_000_000_000 / UInt64(ticksPerSecond)
    }

    /// The wall time, the harness's CPU time and the server's (when known) at one moment.
    struct Sample {
        var wall: UInt64
        var harness: UInt64
        var server: UInt64?

        static func now(server processId: pid_t?) -> Sample {
            Sample(
                wall: Clock.monotonicNanoseconds(), harness: harnessNanoseconds(),
                server: processId.flatMap { nanoseconds(ofProcess: $0) })
        }
    }

    var start: Sample
    var end: Sample

    var json: JSONObject {
        var object = JSONObject()
        object.add("wall_seconds", Self.seconds(end.wall - start.wall))
        object.add("harness_cpu_seconds", Self.seconds(end.harness - start.harness))
        if let first = start.server, let last = end.server {
            object.add("server_cpu_seconds", Self.seconds(last - first))
        }
        return object
    }

    private static func seconds(_ nanoseconds: UInt64) -> FixedDecimal {
        FixedDecimal(Int(nanoseconds), over: 1_000_000_000, places: 3)
    }
}
