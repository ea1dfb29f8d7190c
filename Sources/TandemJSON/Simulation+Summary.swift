import TandemEngine

extension Simulation {
    /// How many prices per side the depth of a market with a pool lists.
    static let depthLevels = 5

    /// The final state in plain text: each market's book (levels best first on each side), its pool and the
    /// combined depth of book and pool when it has one, a perpetual market's prices and positions, every open
    /// account's balances, and the state hash.
    public func summary() -> String {
        var text = "--- summary ---\n"
        for (market, info) in symbols.markets.enumerated() {
            text += bookSummary(market: market, symbol: info.symbol)
            if engine.pool(market: market) != nil {
                text += poolSummary(market: market)
                text += depthSummary(market: market)
            }
            if engine.isPerpetual(market: market) { text += perpetualSummary(market: market) }
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

    /// Reserves, LP fees held outside them, shares (the locked ones are those no position holds), positions.
    ///
    /// - Precondition: the market has a pool.
    private func poolSummary(market: Int) -> String {
        let pool = engine.pool(market: market)!
        let info = symbols.markets[market]
        let configuration = engine.configuration.markets[market]
        var text = "pool \(info.symbol) (fee \(pool.curve.feePPM) ppm)\n"
        var amounts = TextTable([.left, .right, .right])
        amounts.append(["", info.base.symbol, info.quote.symbol])
        amounts.append([
            "reserves", symbols.amount(pool.curve.base, asset: configuration.baseAsset),
            symbols.amount(pool.curve.quote, asset: configuration.quoteAsset),
        ])
        amounts.append([
            "held LP fees", symbols.amount(pool.heldFeeBase, asset: configuration.baseAsset),
            symbols.amount(pool.heldFeeQuote, asset: configuration.quoteAsset),
        ])
        text += amounts.render(indent: "  ")
        let positionShares = pool.positions.reduce(Int64(0)) { $0 + $1.shares }
        text += "  total shares \(pool.totalShares) (\(pool.totalShares - positionShares) locked)\n"
        guard !pool.positions.isEmpty else { return text + "  (no positions)\n" }
        var positions = TextTable([.right, .right])
        positions.append(["account", "shares"])
        for position in pool.positions {
            positions.append([String(position.account), String(position.shares)])
        }
        return text + positions.render(indent: "  ")
    }

    /// The best prices of the combined book on each side: resting quantity and what the pool trades there.
    private func depthSummary(market: Int) -> String {
        let text = "depth \(symbols.markets[market].symbol) (best \(Self.depthLevels) prices per side, book and pool)\n"
        var table = TextTable([.left, .right, .right, .right, .right])
        table.append(["side", "price", "book", "orders", "pool"])
        for side in Side.allCases {
            for level in engine.depth(market: market, side: side, limit: Self.depthLevels) {
                table.append([
                    side.jsonName, symbols.price(level.price, market: market),
                    symbols.quantity(level.bookQuantity, market: market), String(level.orderCount),
                    symbols.quantity(level.poolQuantity, market: market),
                ])
            }
        }
        guard table.rowCount > 1 else { return text + "  (empty)\n" }
        return text + table.render(indent: "  ")
    }

    /// The index and mark prices, then every position with a size or collateral in ascending account order:
    /// size, entry value (`cost`), collateral, and equity and requirements at the mark.
    ///
    /// - Precondition: the market is perpetual.
    private func perpetualSummary(market: Int) -> String {
        let index = engine.indexPrice(market: market)!
        var text = "perpetual \(symbols.markets[market].symbol) (index "
        text += index == 0 ? "none" : symbols.price(index, market: market)
        text += ", mark \(symbols.price(engine.markPrice(market: market)!, market: market)))\n"
        let quote = engine.configuration.markets[market].quoteAsset
        let positions = engine.positions(market: market)
        guard !positions.isEmpty else { return text + "  (no positions)\n" }
        var table = TextTable([.right, .right, .right, .right, .right, .right, .right])
        table.append(["account", "size", "cost", "collateral", "equity", "initial", "maintenance"])
        for position in positions {
            table.append(
                [String(position.account), symbols.quantity(position.size, market: market)]
                    + [
                        position.cost, position.collateral, position.equity, position.initialRequirement,
                        position.maintenanceRequirement,
                    ].map { symbols.amount($0, asset: quote) })
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
