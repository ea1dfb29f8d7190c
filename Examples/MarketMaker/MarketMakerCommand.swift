import ArgumentParser
import TandemClient

/// `market-maker`: quotes a bid and an ask around a pool's price on a running `tandem serve`.
@main
struct MarketMakerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "market-maker",
        abstract: "An example market maker: quotes around a market's pool price on a running tandem server.",
        discussion: """
            Reads the pool's price from market data, keeps post-only bids and asks around it (replacing them \
            when the price moves or they fill), prints one line per fill, and at the end (--duration or \
            SIGINT) cancels its orders, logs out and prints a summary.

            Exit status: 0 after a clean run; 1 when it cannot connect or log in, the market cannot be quoted, \
            or the connection fails.
            """)

    @Option(help: "The server's host.")
    var host = "127.0.0.1"

    @Option(help: "The order-entry port.")
    var port = 9100

    @Option(help: "The market-data port.")
    var marketDataPort = 9101

    @Option(help: "The account to trade for.")
    var account: UInt32 = 1

    @Option(help: "The account's API key.")
    var key = "tandem-demo-key-1"

    @Option(help: "The market's id (its index in the server's configuration).")
    var market: UInt32 = 0

    @Option(help: "The distance between the best bid and the best ask, in ticks (default 10).")
    var spreadTicks: Int64?

    @Option(help: "The distance between the best bid and the best ask, in basis points of the pool price.")
    var spreadBps: Int64?

    @Option(help: "Each quote's quantity in whole base units, for example 0.01 (rounded down to the lot).")
    var size = "0.01"

    @Option(help: "The number of quotes on each side.")
    var levels = 1

    @Option(help: "The distance between successive levels of a side, in ticks.")
    var stepTicks: Int64 = 10

    @Option(help: "How long to run, in seconds; 0 runs until SIGINT or SIGTERM.")
    var duration = 0

    func validate() throws {
        guard spreadTicks == nil || spreadBps == nil else {
            throw ValidationError("give --spread-ticks or --spread-bps, not both")
        }
        guard (spreadTicks ?? 0) >= 0, (spreadBps ?? 0) >= 0 else { throw ValidationError("the spread is negative") }
        guard (1...100).contains(levels) else { throw ValidationError("--levels must be between 1 and 100") }
        guard stepTicks > 0 else { throw ValidationError("--step-ticks must be positive") }
        guard duration >= 0 else { throw ValidationError("--duration must not be negative") }
        guard DecimalUnits.minorUnits(size, decimals: 18) != nil, !size.hasPrefix("-") else {
            throw ValidationError("--size must be a positive decimal such as 0.01")
        }
    }

    func run() throws {
        StopSignal.install()
        let spread: QuoteSpread = spreadBps.map { .basisPoints($0) } ?? .ticks(spreadTicks ?? 10)
        let deadline = duration > 0 ? ContinuousClock.now + .seconds(duration) : nil
        do {
            let marketData = try step("log in to market data at \(host):\(marketDataPort)") {
                () throws(ClientError) in
                try MarketDataSession.connect(host: host, port: marketDataPort, account: account, apiKey: key)
            }
            let orders = try step("log in to order entry at \(host):\(port)") { () throws(ClientError) in
                try OrderEntrySession.connect(host: host, port: port, account: account, apiKey: key)
            }
            let plan = try QuotingPlan(
                marketData: marketData, market: market, spread: spread, size: size, levels: levels,
                stepTicks: stepTicks)
            let bot = MarketMaker(orders: orders, marketData: marketData, plan: plan)
            Console.print(plan.describe(reference: marketData.poolPrice(market: market)))
            let failure = bot.run(until: deadline)
            Console.print(bot.ledger.summary(plan.format))
            if let failure {
                throw Failure("\(failure)")
            }
        } catch let failure as Failure {
            Console.printError("market-maker: \(failure.message)")
            throw ExitCode.failure
        }
    }

    /// Runs `body`, naming what it was doing when it fails.
    private func step<Value>(_ what: String, _ body: () throws(ClientError) -> Value) throws(Failure) -> Value {
        do throws(ClientError) {
            return try body()
        } catch {
            throw Failure("cannot \(what): \(error)")
        }
    }
}

/// Why the bot stopped early, for the one line it prints on standard error.
struct Failure: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
