#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `tandem serve` that `loadtest tcp --spawn` started: its process, the addresses from its `listening` line,
/// and its output in a log file.
final class ServerProcess {
    /// A host and port from the `listening` line.
    struct Address: Equatable {
        var host: String
        var port: Int

        var description: String { "\(host):\(port)" }
    }

    /// The addresses the server announced.
    struct Listening: Equatable {
        var orderEntry: Address
        var marketData: Address
        var metrics: Address
    }

    let processId: pid_t
    let listening: Listening
    let logPath: String
    private var exitStatus: Int32?

    private init(processId: pid_t, listening: Listening, logPath: String) {
        self.processId = processId
        self.listening = listening
        self.logPath = logPath
    }

    /// Starts `executable` with `arguments`, its standard output and error going to `logPath`, and waits up to
    /// `timeout` nanoseconds for its `listening` line.
    static func start(executable: String, arguments: [String], logPath: String, timeout: UInt64) throws
        -> ServerProcess
    {
        guard access(executable, X_OK) == 0 else {
            throw BenchmarkError("cannot run \(executable): \(String(cString: strerror(errno))) (see --tandem)")
        }
        let processId = try spawn(executable, arguments, output: logPath)
        let deadline = Clock.monotonicNanoseconds() + timeout
        while true {
            let log = (try? readFile(logPath)) ?? ""
            if let line = log.split(separator: "\n").first(where: { $0.hasPrefix("listening ") }) {
                guard let listening = parseListening(String(line)) else {
                    kill(processId, SIGKILL)
                    _ = waitForExit(processId, deadline: .max)
                    throw BenchmarkError("the server's listening line is not as expected: \(line)")
                }
                return ServerProcess(processId: processId, listening: listening, logPath: logPath)
            }
            if let status = waitForExit(processId, deadline: 0) {
                throw BenchmarkError("the server exited (\(describe(status))) before listening:\n\(tail(of: log))")
            }
            guard Clock.monotonicNanoseconds() < deadline else {
                kill(processId, SIGKILL)
                _ = waitForExit(processId, deadline: .max)
                throw BenchmarkError("the server did not print its listening line in time:\n\(tail(of: log))")
            }
            usleep(10_000)
        }
    }

    /// Parses `listening order_entry=HOST:PORT market_data=HOST:PORT metrics=HOST:PORT`.
    static func parseListening(_ line: String) -> Listening? {
        var addresses: [Substring: Address] = [:]
        let words = line.split(separator: " ")
        guard words.first == "listening" else { return nil }
        for word in words.dropFirst() {
            guard let equals = word.firstIndex(of: "="), let colon = word.lastIndex(of: ":"), colon > equals,
                let port = Int(word[word.index(after: colon)...]), (0...65_535).contains(port)
            else { return nil }
            addresses[word[..<equals]] = Address(
                host: String(word[word.index(after: equals)..<colon]), port: port)
        }
        guard let orderEntry = addresses["order_entry"], let marketData = addresses["market_data"],
            let metrics = addresses["metrics"]
        else { return nil }
        return Listening(orderEntry: orderEntry, marketData: marketData, metrics: metrics)
    }

    /// Sends SIGTERM and waits up to `timeout` nanoseconds for the exit (then SIGKILL); returns the exit status
    /// description, and whether it was a clean exit 0.
    func stop(timeout: UInt64) -> (clean: Bool, description: String) {
        if exitStatus == nil {
            kill(processId, SIGTERM)
            exitStatus = Self.waitForExit(processId, deadline: Clock.monotonicNanoseconds() + timeout)
            if exitStatus == nil {
                kill(processId, SIGKILL)
                _ = Self.waitForExit(processId, deadline: .max)
                return (false, "did not exit within \(timeout / 1_000_000_000) s of SIGTERM; killed")
            }
        }
        let status = exitStatus ?? 0
        return (status == 0, Self.describe(status))
    }

    /// The last lines of the server's log.
    var logTail: String {
        Self.tail(of: (try? Self.readFile(logPath)) ?? "")
    }

    private static func spawn(_ executable: String, _ arguments: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer {
            for argument in argv {
                free(argument)
            }
        }
        var processId: pid_t = 0
        let result = posix_spawn(&processId, executable, &actions, nil, argv, environ)
        guard result == 0 else {
            throw BenchmarkError("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return processId
    }

    /// The exit status once the process has exited, or nil when it has not by `deadline` (0: do not wait).
    private static func waitForExit(_ processId: pid_t, deadline: UInt64) -> Int32? {
        while true {
            var status: Int32 = 0
            let result = waitpid(processId, &status, WNOHANG)
            if result == processId { return status }
            if result < 0 && errno != EINTR { return -1 }
            guard Clock.monotonicNanoseconds() < deadline else { return nil }
            usleep(5_000)
        }
    }

    private static func describe(_ status: Int32) -> String {
        if status == -1 { return "status unknown" }
        let signal = status & 0x7F
        return signal == 0 ? "exit status \((status >> 8) & 0xFF)" : "killed by signal \(signal)"
    }

    private static func readFile(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw BenchmarkError("cannot read \(path)") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func tail(of log: String) -> String {
        log.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n")
    }
}
