#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one `fdatasync(2)` of a small append costs in a directory: the floor under every acknowledgement of a
/// server that syncs its journal before it answers (`--durability sync`).
enum FdatasyncProbe {
    /// Appends 4 KiB and syncs it `count` times in a scratch file in `directory`; returns each sync's time.
    static func measure(directory: String, count: Int = 200) throws -> LatencyHistogram {
        let path = directory + "/loadtest-fdatasync-probe"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw BenchmarkError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer {
            close(descriptor)
            unlink(path)
        }
        let block = [UInt8](repeating: 0x5A, count: 4_096)
        var histogram = LatencyHistogram()
        for index in 0..<count {
            let written = block.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(index * 4_096)) }
            guard written == block.count else {
                throw BenchmarkError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            let start = Clock.monotonicNanoseconds()
            guard fdatasync(descriptor) == 0 else {
                throw BenchmarkError("fdatasync failed in \(directory): \(String(cString: strerror(errno)))")
            }
            histogram.record(Clock.monotonicNanoseconds() - start)
        }
        return histogram
    }
}
