#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the server's Prometheus metrics over HTTP (`GET /metrics`), for the samples the report shows beside
/// its own figures.
enum MetricsScrape {
    /// One sample line: `name{labels} value`.
    struct Sample: Equatable {
        var name: String
        var value: String
    }

    /// The samples at `host:port`, or an error when the endpoint does not answer within 2 s.
    static func samples(host: String, port: Int) throws -> [Sample] {
        parse(try fetch(host: host, port: port))
    }

    /// The sample lines of a Prometheus text exposition (comments and blank lines skipped); the name keeps its
    /// labels.
    static func parse(_ text: String) -> [Sample] {
        // "\r\n" is one Character, a newline like "\n".
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
            $0.trimmingSuffix(while: { $0 == " " })
        }[...]
        if lines.first?.hasPrefix("HTTP/") == true {
            // Skip the response's status line and headers, up to the blank line.
            lines = lines.drop(while: { !$0.isEmpty })
        }
        return lines.compactMap { line in
            guard !line.isEmpty, !line.hasPrefix("#"), let space = line.lastIndex(of: " ") else { return nil }
            return Sample(name: String(line[..<space]), value: String(line[line.index(after: space)...]))
        }
    }

    private static func fetch(host: String, port: Int) throws -> String {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw BenchmarkError("metrics: \(host) is not an IPv4 address")
        }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchmarkError("metrics: cannot create a socket") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            throw BenchmarkError("metrics: cannot connect to \(host):\(port): \(String(cString: strerror(errno)))")
        }
        var request = "GET /metrics HTTP/1.0\r\nHost: \(host)\r\n\r\n"
        let sent = request.withUTF8 { send(descriptor, $0.baseAddress, $0.count, 0) }
        guard sent == request.utf8.count else { throw BenchmarkError("metrics: cannot send the request") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else { throw BenchmarkError("metrics: no complete answer from \(host):\(port)") }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex && predicate(self[index(before: end)]) {
            end = index(before: end)
        }
        return self[..<end]
    }
}
