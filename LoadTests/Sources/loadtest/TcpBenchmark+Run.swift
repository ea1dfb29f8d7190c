#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TcpBenchmark {
    /// The server `--spawn` started, and the data directory to remove after it stopped.
    private struct SpawnedServer {
        var process: ServerProcess
        var dataDirectory: String
        var removeDataDirectory: Bool
    }

    func run() throws {
        let configuration = serverConfiguration
        if let writeConfig {
            try Console.writeFile(configuration.json, to: writeConfig)
            progress(
                "wrote the configuration for accounts \(firstAccount)-\(configuration.poolOwner - 1) to \(writeConfig)")
            return
        }
        try FileSystem.makeDirectories(output)
        // Fail before the run, not after it, when the reports cannot be written.
        try Console.writeFile("", to: output + "/summary.json")
        var (source, workloadHead, workloadTail) = try makeWorkload(configuration)
        let server = try spawn ? startServer(configuration) : nil
        defer {
            if let server {
                _ = server.process.stop(timeout: 10_000_000_000)
                if server.removeDataDirectory {
                    FileSystem.removeTree(server.dataDirectory)
                }
            }
        }
        var result = TcpRunResult(
            title: "\(workload.rawValue) over \(connections) connections", head: workloadHead, tail: workloadTail)
        result.mode =
            step
            ? .step(medianBound: UInt64(medianBoundUs) * 1_000)
            : rate.map { .openLoop(rate: $0) } ?? .closedLoop(window: window ?? Self.defaultWindow)
        if durability == .sync, let server {
            progress("timing fdatasync in \(server.dataDirectory)")
            result.fdatasync = try FdatasyncProbe.measure(directory: server.dataDirectory)
        }
        let address =
            server?.process.listening.orderEntry
            ?? ServerProcess.Address(host: host ?? "127.0.0.1", port: port ?? 9_100)
        result.serverDescription = describeServer(server, address: address)
        do {
            try drive(&source, at: address, server: server?.process.processId, into: &result)
        } catch {
            if let server {
                progress("the server's output:\n" + server.process.logTail)
            }
            throw error
        }
        if let metrics = server?.process.listening.metrics
            ?? metricsPort.map({ ServerProcess.Address(host: address.host, port: $0) })
        {
            do {
                result.serverMetrics = try MetricsScrape.samples(host: metrics.host, port: metrics.port)
            } catch {
                progress("could not read the server's metrics: \(error)")
            }
        }
        if let server {
            let exit = server.process.stop(timeout: 10_000_000_000)
            result.serverExit = exit.description
            if !exit.clean {
                result.errors.record("the server did not exit cleanly after SIGTERM: \(exit.description)")
                progress(server.process.logTail)
            }
        }
        try writeReports(result)
        guard result.errors.count == 0 else {
            throw BenchmarkError("\(result.errors.count) errors; see \(output)/summary.json")
        }
    }

    /// Connects, runs the setup, the timed phase (or the steps) and the final mass cancel, and checks the ledger.
    private func drive(
        _ workload: inout some TcpWorkload, at address: ServerProcess.Address, server: pid_t?,
        into result: inout TcpRunResult
    ) throws {
        progress("connecting \(connections) sessions to \(address.description)")
        let driver = try TcpDriver(
            login: TcpDriver.Login(
                host: address.host, port: address.port, firstAccount: firstAccount, keyPrefix: keyPrefix),
            connections: connections, startPrice: EC2018Generator.startPrice, wait: wait,
            receivedLog: try receivedLog.map { try TcpReceivedLog(path: $0) })
        defer { driver.close() }
        let setup = workload.setupRequests()
        if !setup.isEmpty {
            progress("setup: \(setup.count.grouped) resting orders")
            driver.runUntimed(setup)
        }
        let injection = injectRejects == 0 ? nil : makeInjection(configuration: serverConfiguration)
        let cpuStart = CPUTime.Sample.now(server: server)
        switch result.mode {
        case .openLoop(let rate):
            progress("open loop at \(rate.grouped) requests/s for \(duration) s (warm-up \(warmup) s)")
            driver.runOpenLoop(
                &workload, rate: rate, duration: nanoseconds(duration), warmup: nanoseconds(warmup),
                injection: injection)
        case .closedLoop(let window):
            progress("closed loop with \(window.grouped) requests in flight for \(duration) s (warm-up \(warmup) s)")
            driver.runClosedLoop(
                &workload, window: window, duration: nanoseconds(duration), warmup: nanoseconds(warmup),
                injection: injection)
        case .step:
            result.stepStopReason = runSteps(&workload, driver: driver, injection: injection)
        }
        driver.endTiming()
        result.cpuTime = CPUTime(start: cpuStart, end: .now(server: server))
        progress("canceling every order")
        driver.cancelEverything()
        driver.logOut()
        result.take(driver, injectedSent: injectRejects)
    }

    /// Open loop at rising rates; returns why the steps ended.
    private func runSteps(
        _ workload: inout some TcpWorkload, driver: TcpDriver, injection: TcpDriver.Injection?
    ) -> String {
        var controller = StepController(
            startRate: rate ?? 1, factor: stepFactor, medianBound: UInt64(medianBoundUs) * 1_000,
            maximumRate: maxRate)
        var stepInjection = injection
        while true {
            progress("step: open loop at \(controller.rate.grouped) requests/s for \(stepDuration) s")
            let errorsBefore = driver.ledger.errors.count
            driver.runOpenLoop(
                &workload, rate: controller.rate, duration: nanoseconds(stepDuration), warmup: nanoseconds(warmup),
                injection: stepInjection)
            stepInjection = nil
            if driver.failed || driver.workloadExhausted {
                return driver.failed ? "a connection failed" : "the workload ran out of requests"
            }
            let median = driver.measurements.last?.overall.nanoseconds(atPercentile: 50) ?? 0
            guard controller.next(median: median, errors: driver.ledger.errors.count - errorsBefore) != nil else {
                return controller.stopReason ?? "stopped"
            }
        }
    }

    /// The injected rejects, spread evenly over the measured part of the (first) timed phase.
    private func makeInjection(configuration: TcpServerConfiguration) -> TcpDriver.Injection {
        let start = nanoseconds(warmup)
        let span = nanoseconds(step ? stepDuration : duration) - start
        let offsets = (1...injectRejects).map { start + span * UInt64($0) / UInt64(injectRejects + 1) }
        return TcpDriver.Injection(offsets: offsets, quantity: configuration.lotSize)
    }

    private func makeWorkload(_ configuration: TcpServerConfiguration) throws
        -> (any TcpWorkload, JSONObject, JSONObject)
    {
        var head = JSONObject()
        head.add("workload", workload.rawValue)
        head.add("seed", seed)
        head.add("connections", connections)
        head.add("accounts", "\(firstAccount)-\(configuration.poolOwner - 1)")
        head.add("pool", hasPool)
        head.add("base_decimals", configuration.baseDecimals)
        var tail = JSONObject()
        switch workload {
        case .ec2018:
            let count =
                commands ?? (rate.map { step ? nil : Int((Double($0) * duration).rounded(.up)) } ?? nil)
                ?? Self.defaultCommands
            let moveBase = moves ?? .original
            progress("generating \(count.grouped) ec2018 commands (moves from the \(moveBase) price, seed \(seed))")
            // The generator's engine has its own accounts: users 1-1000 and the pool's owner after them.
            let pool = configuration.pool.map {
                BenchmarkPool(feePPM: $0.feePPM, depth: $0.depth, owner: EC2018Generator.poolOwner)
            }
            var generator = EC2018Generator(
                seed: seed, moveBase: moveBase, pool: pool, baseDecimals: configuration.baseDecimals)
            let stream = try generator.generate(count: count)
            head.add("moves", moveBase.rawValue)
            head.add("commands_generated", count)
            tail.add("mix", stream.mix.json)
            return (try EC2018TcpWorkload(workload: stream, connections: connections), head, tail)
        case .makers, .takers, .mix:
            let makerCount =
                switch workload {
                case .makers: connections
                case .takers: 0
                default: makers ?? (connections + 1) / 2
                }
            let percent = workload == .mix ? takerPercent ?? 20 : workload == .takers ? 100 : 0
            let parameters = MakerTakerWorkload.Parameters(
                makers: makerCount, takers: connections - makerCount, takerPercent: percent,
                lotSize: configuration.lotSize)
            head.add("makers", parameters.makers)
            head.add("takers", parameters.takers)
            head.add("taker_percent", parameters.takerPercent)
            head.add("quote_spread_ticks", parameters.spreadTicks)
            head.add("quote_lots", parameters.quoteLots)
            head.add("sweep_lots", parameters.sweepLots)
            if parameters.makers == 0 {
                head.add("seed_levels_per_side", parameters.seedLevels)
            }
            return (MakerTakerWorkload(parameters, seed: seed), head, tail)
        }
    }

    private func startServer(_ configuration: TcpServerConfiguration) throws -> SpawnedServer {
        guard let executable = tandem ?? FileSystem.executableDirectory().map({ $0 + "/tandem" }) else {
            throw BenchmarkError("cannot tell where the tandem executable is; give --tandem")
        }
        let configPath = output + "/server-config.json"
        try Console.writeFile(configuration.json, to: configPath)
        let dataDirectory = try data ?? FileSystem.makeTemporaryDirectory(prefix: "loadtest-data")
        var arguments = [
            "serve", "--port", "0", "--market-data-port", "0", "--metrics-port", "0", "--config", configPath,
            "--data", dataDirectory, "--rate-limit", "0",
        ]
        if let durability {
            arguments += ["--durability", durability.rawValue]
        }
        arguments += serverArguments
        progress("starting \(executable) \(arguments.joined(separator: " "))")
        do {
            let process = try ServerProcess.start(
                executable: executable, arguments: arguments, logPath: output + "/server.log",
                timeout: 30_000_000_000)
            return SpawnedServer(process: process, dataDirectory: dataDirectory, removeDataDirectory: data == nil)
        } catch {
            if data == nil {
                FileSystem.removeTree(dataDirectory)
            }
            throw error
        }
    }

    private func describeServer(_ server: SpawnedServer?, address: ServerProcess.Address) -> JSONObject {
        var object = JSONObject()
        object.add("spawned", server != nil)
        object.add("order_entry", address.description)
        if let server {
            object.add("data", server.dataDirectory)
            object.add("durability", durability?.rawValue ?? "default")
            if !serverArguments.isEmpty {
                object.add("extra_arguments", serverArguments.joined(separator: " "))
            }
        }
        return object
    }

    private func writeReports(_ result: TcpRunResult) throws {
        let json = result.json.rendered()
        try Console.writeFile(json + "\n", to: output + "/summary.json")
        try Console.writeFile(HTMLReport(result).rendered, to: output + "/report.html")
        if let headline = result.headline {
            try Console.writeFile(headline.overall.hgrm, to: output + "/latency.hgrm")
            for kind in TcpRequest.Kind.allCases where headline.byKind[kind.rawValue].count > 0 {
                try Console.writeFile(headline.byKind[kind.rawValue].hgrm, to: output + "/latency-\(kind.name).hgrm")
            }
        }
        print(json)
        print(result.summaryLine)
        progress("reports in \(output)/: summary.json, report.html, latency*.hgrm")
    }

    private func nanoseconds(_ seconds: Double) -> UInt64 {
        UInt64((seconds * 1_000_000_000).rounded())
    }
}
