import Foundation
import Synchronization
import TandemWire

#if canImport(Glibc)
    import Glibc
#endif

/// A listening socket on 127.0.0.1 (ephemeral port) whose thread accepts connections one after another and
/// hands each, as a `FakePeer`, to a script together with its index (0 for the first connection).
/// Connections are served one at a time, so a script must end when its client goes away.
///
/// The script's errors (and assertion failures it records with `fail`) are collected; `stop()` returns them.
final class FakeServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let stopping = Atomic<Bool>(false)
    private let failures = Mutex<[String]>([])
    private let finished = DispatchSemaphore(value: 0)

    init(script: @escaping @Sendable (FakeServer, FakePeer, Int) throws -> Void) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw TestFailure("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(listener, generic, length) == 0 && listen(listener, 16) == 0
                    && getsockname(listener, generic, &length) == 0
            }
        }
        guard bound else { throw TestFailure("bind/listen: errno \(errno)") }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in
            acceptLoop(script)
            finished.signal()
        }
        thread.start()
    }

    /// Records a failed expectation of the script.
    func fail(_ message: String) {
        failures.withLock { $0.append(message) }
    }

    /// Stops accepting, waits for the script of the current connection to end, and returns every failure.
    func stop() -> [String] {
        stopping.store(true, ordering: .sequentiallyConsistent)
        finished.wait()
        close(listener)
        return failures.withLock { $0 }
    }

    private func acceptLoop(_ script: (FakeServer, FakePeer, Int) throws -> Void) {
        var index = 0
        while !stopping.load(ordering: .sequentiallyConsistent) {
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 20) > 0 else { continue }
            let descriptor = accept(listener, nil, nil)
            guard descriptor >= 0 else { continue }
            let peer = FakePeer(descriptor: descriptor)
            do {
                try script(self, peer, index)
            } catch {
                fail("connection \(index): \(error)")
            }
            peer.close()
            index += 1
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
