import TandemEngine

extension Simulation {
    /// The final state in plain text: each market's book (levels best first on each side), every open
    /// account's balances, and the engine's state hash.
    public func summary() -> String {
        var text = "--- summary ---\n"
        for (market, info) in symbols.markets.enumerated() {
            text += bookSummary(market: market, symbol: info.symbol)
        }
        text += balanceSummary()
        text += "state hash " + Self.hex(engine.stateHash()) + "\n"
        return text
    }

    private func bookSummary(market: Int, symbol: String) -> String {
        let lastTrade = engine.lastTradePrice(market: market)
        var text = "book \(symbol) ("
        text += lastTrade == 0 ? "no trade yet)\n" : "last trade \(symbols.price(lastTrade, market: market)))\n"
        guard engine.restingOrderCount(market: market) > 0 else { return text + "  (empty)\n" }
        var table = TextTable([.left, .right, .right, .right])
        table.append(["side", "price", "quantity", "orders"])
        for side in Side.allCases {
            for level in engine.bookLevels(market: market, side: side) {
                table.append([
                    side.jsonName, symbols.price(level.price, market: market),
                    symbols.quantity(level.quantity, market: market), String(level.orderCount),
                ])
            }
        }
        return text + table.render(indent: "  ")
    }

    private func balanceSummary() -> String {
        var table = TextTable([.right, .left, .right, .right])
        table.append(["account", "asset", "available", "reserved"])
        for account in engine.openAccounts {
            for (asset, info) in symbols.assets.enumerated() {
                guard let balance = engine.balance(account: account, asset: asset) else { continue }
                table.append([
                    String(account), info.symbol, symbols.amount(balance.available, asset: asset),
                    symbols.amount(balance.reserved, asset: asset),
                ])
            }
        }
        return "balances\n" + table.render(indent: "  ")
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
