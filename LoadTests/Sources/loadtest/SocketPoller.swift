#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for many sockets at once with a nanosecond timeout: `ppoll(2)`, which Swift's Glibc module does not
/// export, found with `dlsym`; `poll(2)` with a millisecond timeout where it is missing.
///
/// The process's timer slack is set to 1 ns when possible (Linux's default of 50 µs would wake every timed wait
/// up to 50 µs late, and an open-loop sender waits for each request's due time).
struct SocketPoller {
    private typealias PPoll =
        @convention(c) (
            UnsafeMutablePointer<pollfd>?, nfds_t, UnsafePointer<timespec>?, UnsafeRawPointer?
        ) -> Int32

    private let ppoll: PPoll?
    private(set) var descriptors: [pollfd] = []

    init() {
        ppoll = dlsym(nil, "ppoll").map { unsafeBitCast($0, to: PPoll.self) }
        Self.reduceTimerSlack()
    }

    mutating func removeAll() {
        descriptors.removeAll(keepingCapacity: true)
    }

    mutating func add(_ descriptor: Int32, readable: Bool = true, writable: Bool) {
        let events = (readable ? Int16(POLLIN) : 0) | (writable ? Int16(POLLOUT) : 0)
        descriptors.append(pollfd(fd: descriptor, events: events, revents: 0))
    }

    /// Waits until a descriptor is ready or `timeout` nanoseconds pass (0: does not wait); returns how many are
    /// ready (0 on timeout or interruption). Results are in `descriptors[i].revents`.
    mutating func wait(timeout: UInt64) throws -> Int {
        let count = nfds_t(descriptors.count)
        let ready = descriptors.withUnsafeMutableBufferPointer { buffer in
            if let ppoll {
                var limit = timespec(
                    tv_sec: Int(timeout / 1_000_000_000), tv_nsec: Int(timeout % 1_000_000_000))
                return ppoll(buffer.baseAddress, count, &limit, nil)
            }
            return poll(buffer.baseAddress, count, Int32(min(timeout / 1_000_000, 1_000)))
        }
        if ready < 0 {
            guard errno == EINTR else { throw BenchmarkError("poll failed: \(String(cString: strerror(errno)))") }
            return 0
        }
        return Int(ready)
    }

    private static func reduceTimerSlack() {
        let descriptor = open("/proc/self/timerslack_ns", O_WRONLY)
        guard descriptor >= 0 else { return }
        _ = write(descriptor, "1", 1)
        close(descriptor)
    }
}
