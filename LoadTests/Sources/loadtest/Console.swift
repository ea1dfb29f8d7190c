#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output that is not the report: progress on standard error, and the JSON copy written to a file.
enum Console {
    /// Writes `message` and a newline to standard error.
    static func progress(_ message: String) {
        var line = message + "\n"
        line.withUTF8 { bytes in
            _ = write(STDERR_FILENO, bytes.baseAddress, bytes.count)
        }
    }

    /// Creates or truncates the file at `path` and writes `text` to it.
    static func writeFile(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw BenchmarkError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var remaining = text
        let failure: Int32? = remaining.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                guard written > 0 else { return errno }
                offset += written
            }
            return nil
        }
        if let failure {
            throw BenchmarkError("cannot write \(path): \(String(cString: strerror(failure)))")
        }
    }
}
