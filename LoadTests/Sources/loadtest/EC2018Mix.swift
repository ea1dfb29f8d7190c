/// What the ec2018 generator produced, to set beside the figures exchange-core published for its mix.
struct EC2018Mix {
    var commands = 0
    var gtcOrders = 0
    var iocOrders = 0
    var cancels = 0
    var moves = 0
    /// Moves to the price the order already has.
    var noOpMoves = 0
    /// Draws that found no live order at or after the drawn id and produced no command.
    var skippedDraws = 0
    var trades = 0
    var commandsWithTrades = 0
    var events = 0
    var rejected = 0
    var selfTradeCancels = 0
    var iocRemainders = 0
    var samples = 0
    var bidOrdersSum = 0
    var askOrdersSum = 0
    var bidLevelsSum = 0
    var askLevelsSum = 0
    var lowestLastTrade: Int64 = 0
    var highestLastTrade: Int64 = 0
    /// The most orders resting after any command.
    var maxRestingOrders = 0
    /// Base minor units per lot.
    var lotSize: Int64 = 1
    /// What the pool did, when the market has one.
    var pool: EC2018PoolActivity?

    /// Adds one periodic sample of the book.
    mutating func sampleBook(bidOrders: Int, askOrders: Int, bidLevels: Int, askLevels: Int) {
        samples += 1
        bidOrdersSum += bidOrders
        askOrdersSum += askOrders
        bidLevelsSum += bidLevels
        askLevelsSum += askLevels
    }

    var json: JSONObject {
        var object = JSONObject()
        object.add("gtc_percent", percent(gtcOrders))
        object.add("ioc_percent", percent(iocOrders))
        object.add("cancel_percent", percent(cancels))
        object.add("move_percent", percent(moves))
        object.add("no_op_move_percent_of_moves", FixedDecimal(noOpMoves * 100, over: moves, places: 2))
        object.add("no_op_move_percent_of_commands", percent(noOpMoves))
        object.add("avg_resting_orders_bid", average(bidOrdersSum))
        object.add("avg_resting_orders_ask", average(askOrdersSum))
        object.add("avg_resting_orders_total", average(bidOrdersSum + askOrdersSum))
        object.add("avg_levels_bid", average(bidLevelsSum))
        object.add("avg_levels_ask", average(askLevelsSum))
        object.add("book_samples", samples)
        object.add("max_resting_orders", maxRestingOrders)
        object.add("commands_with_trades_percent", percent(commandsWithTrades))
        object.add("trades_per_command", FixedDecimal(trades, over: commands, places: 4))
        object.add("events_per_command", FixedDecimal(events, over: commands, places: 3))
        object.add("rejected", rejected)
        object.add("self_trade_cancels", selfTradeCancels)
        object.add("ioc_remainders", iocRemainders)
        object.add("skipped_draws", skippedDraws)
        object.add("last_trade_low", Int(lowestLastTrade))
        object.add("last_trade_high", Int(highestLastTrade))
        if let pool {
            object.add("pool", pool.json(commands: commands, trades: trades, lotSize: lotSize))
        }
        return object
    }

    /// exchange-core's published statistics for 3,000,000 commands (BRIEF section 3).
    static var published: JSONObject {
        var object = JSONObject()
        object.add("gtc_percent", FixedDecimal(86, over: 10, places: 1))
        object.add("ioc_percent", FixedDecimal(29, over: 10, places: 1))
        object.add("cancel_percent", FixedDecimal(57, over: 10, places: 1))
        object.add("move_percent", FixedDecimal(828, over: 10, places: 1))
        object.add("no_op_move_percent_of_commands", 76)
        object.add("resting_orders", 1_000)
        object.add("levels_per_side", 390)
        object.add("commands_with_trades_percent", 3)
        object.add("trades_per_command", FixedDecimal(56, over: 1_000, places: 3))
        return object
    }

    /// Our mix beside the published one, one line per figure.
    var comparisonTable: String {
        let rows: [(String, String, String)] = [
            ("GTC limit orders", "\(percent(gtcOrders)) %", "~8.6 %"),
            ("IOC (market) orders", "\(percent(iocOrders)) %", "~2.9 %"),
            ("cancels", "\(percent(cancels)) %", "~5.7 %"),
            ("moves", "\(percent(moves)) %", "~82.8 %"),
            ("no-op moves, of all commands", "\(percent(noOpMoves)) %", "~76 %"),
            (
                "resting orders bid / ask", "\(average(bidOrdersSum)) / \(average(askOrdersSum))",
                "~1,000 in total"
            ),
            ("price levels bid / ask", "\(average(bidLevelsSum)) / \(average(askLevelsSum))", "~390 per side"),
            ("commands that trade", "\(percent(commandsWithTrades)) %", "~3 %"),
            ("trades per command", "\(FixedDecimal(trades, over: commands, places: 4))", "~0.056"),
        ]
        let header = pad("ec2018 mix", 30) + pad("ours", 20) + "published"
        return ([header] + (rows + poolRows).map { pad($0.0, 30) + pad($0.1, 20) + $0.2 }).joined(separator: "\n")
    }

    /// The pool's rows of the comparison table (exchange-core had no pool).
    private var poolRows: [(String, String, String)] {
        guard let pool else { return [] }
        let poolLots = pool.lotsBought + pool.lotsSold
        let takerLots = pool.bookTakerLots + poolLots
        return [
            ("pool fills per command", "\(FixedDecimal(pool.fills, over: commands, places: 5))", "-"),
            ("pool share of trades", "\(FixedDecimal(pool.fills * 100, over: trades, places: 2)) %", "-"),
            ("pool share of taker volume", "\(FixedDecimal(poolLots * 100, over: takerLots, places: 2)) %", "-"),
        ]
    }

    private func percent(_ count: Int) -> FixedDecimal {
        FixedDecimal(count * 100, over: commands, places: 2)
    }

    private func average(_ sum: Int) -> FixedDecimal {
        FixedDecimal(sum, over: samples, places: 1)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(width - text.count, 1))
    }
}
