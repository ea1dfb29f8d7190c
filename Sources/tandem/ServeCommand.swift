import ArgumentParser
import TandemJSON
import TandemJournal
import TandemServer

/// `tandem serve`: the engine behind the binary TCP protocol (see `Protocol/PROTOCOL.md`).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the matching engine behind the binary TCP protocol.",
        discussion: """
            Listens for order entry, market data and metrics (Prometheus text over HTTP). Once listening it \
            prints one line, "listening order_entry=HOST:PORT market_data=HOST:PORT metrics=HOST:PORT", then, \
            with the demo configuration, the demo accounts' API keys. SIGINT or SIGTERM stops it gracefully \
            (exit status 0). Exit status 2: the configuration is invalid or a port cannot be bound.
            """)

    @Option(help: "A JSON server configuration file (the embedded demo configuration when omitted).")
    var config: String?

    @Option(help: "The data directory: the settlement journal and its snapshots (none: nothing is kept).")
    var data: String?

    @Option(help: "When reports are released: sync (journal synced), async (written), none (benchmarks only).")
    var durability = "sync"

    @Option(help: "Journal records between two snapshots (0: none).")
    var snapshotInterval: UInt64 = 1_000_000

    @Option(help: "The address to listen on.")
    var listen = "127.0.0.1"

    @Option(help: "The order-entry port (0: any free port).")
    var port: UInt16 = 9100

    @Option(help: "The market-data port (0: any free port).")
    var marketDataPort: UInt16 = 9101

    @Option(help: "The metrics port (0: any free port).")
    var metricsPort: UInt16 = 9102

    @Option(help: "How the engine thread waits for work: spin or park.")
    var wait = "park"

    @Option(help: "The most connections at once on the order-entry and market-data ports.")
    var maxConnections = 1_024

    @Option(help: "Order-entry requests per second per session (0: no limit).")
    var rateLimit = 100_000

    @Option(help: "Prices per side in market-data depth.")
    var depthLevels = 10

    @Option(help: "The shortest time between two market-data publications of a market's book, microseconds.")
    var marketDataInterval = 1_000

    @Option(help: "Unsent bytes after which a connection is dropped as a slow consumer.")
    var maxOutboundBytes = 32 << 20

    func run() throws {
        let standardOutput = OutputStream(descriptor: 1)
        let standardError = OutputStream(descriptor: 2)
        do {
            let server = try Server(configuration: try loadConfiguration(), options: try options())
            if let report = server.startupReport {
                standardError.append("\(report)\n")
                standardError.flush()
            }
            try server.start()
            standardOutput.append(
                "listening order_entry=\(listen):\(server.orderEntryPort) market_data=\(listen):\(server.marketDataPort) "
                    + "metrics=\(listen):\(server.metricsPort)\n")
            if config == nil {
                standardOutput.append(
                    "demo configuration: accounts 1-4, API keys tandem-demo-key-1 to tandem-demo-key-4; "
                        + "administrator account 10, API key tandem-demo-admin-key (BTC-PERP's index price)\n")
            }
            standardOutput.flush()
            server.run()
            if let failure = server.failure { throw ServeError(failure) }
            standardOutput.append("stopped\n")
            standardOutput.flush()
        } catch {
            standardError.append("tandem: \(error)\n")
            standardError.flush()
            throw ExitCode(SimulateCommand.setupFailureStatus)
        }
    }

    private func loadConfiguration() throws -> ServerConfiguration {
        guard let config else { return try DemoServerConfiguration.configuration() }
        let text: String
        do {
            text = try LineReader.readWholeFile(path: config)
        } catch {
            throw ServeError("cannot read \(config): \(error)")
        }
        do {
            return try ServerConfiguration.decode(text)
        } catch {
            throw ServeError("configuration \(config): \(error)")
        }
    }

    private func options() throws -> ServerOptions {
        var options = ServerOptions()
        guard let waitStrategy = WaitStrategy(rawValue: wait) else {
            throw ServeError("--wait must be spin or park, not \(wait)")
        }
        guard let durability = JournalWriter.Durability(rawValue: durability) else {
            throw ServeError("--durability must be sync, async or none, not \(durability)")
        }
        guard maxConnections > 0, rateLimit >= 0, depthLevels > 0, marketDataInterval >= 0, maxOutboundBytes > 0 else {
            throw ServeError(
                "--max-connections, --depth-levels and --max-outbound-bytes must be positive; "
                    + "--rate-limit and --market-data-interval must not be negative")
        }
        options.host = listen
        options.orderEntryPort = port
        options.marketDataPort = marketDataPort
        options.metricsPort = metricsPort
        options.waitStrategy = waitStrategy
        options.maxConnections = maxConnections
        options.rateLimit = rateLimit
        options.depthLevels = depthLevels
        options.marketDataIntervalMicros = marketDataInterval
        options.maxOutboundBytes = maxOutboundBytes
        options.dataDirectory = data
        options.durability = durability
        options.snapshotInterval = snapshotInterval
        return options
    }
}

/// A problem with `tandem serve`'s arguments or files.
struct ServeError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
