import TandemClient
import TandemWire

/// What the bot quotes: its market's grid and the quoting options, checked against the market's definition.
struct QuotingPlan {
    let market: UInt32
    let symbol: String
    let grid: MarketGrid
    let spread: QuoteSpread
    /// Each quote's quantity, base minor units on the lot.
    let quantity: Int64
    let levels: Int
    let stepTicks: Int64
    let format: UnitFormat

    /// The plan for `market` as the market data describes it; fails when the market is unknown, has no pool
    /// or the size does not fit its grid.
    init(
        marketData: MarketDataSession, market: UInt32, spread: QuoteSpread, size: String, levels: Int,
        stepTicks: Int64
    ) throws(Failure) {
        guard let instrument = marketData.book(market: market)?.instrument else {
            let known = marketData.markets.map(String.init).joined(separator: ", ")
            throw Failure("market \(market) is not defined by the server (markets: \(known))")
        }
        guard let grid = MarketGrid(instrument) else { throw Failure("market \(market) has an invalid grid") }
        guard let base = marketData.asset(instrument.baseAsset), let quote = marketData.asset(instrument.quoteAsset)
        else { throw Failure("the assets of market \(market) are not defined by the server") }
        guard instrument.poolFeePPM != nil, marketData.poolPrice(market: market) != nil else {
            throw Failure("market \(instrument.symbol) has no pool (or an empty one) to take the price from")
        }
        guard let units = DecimalUnits.minorUnits(size, decimals: base.decimals),
            let quantity = grid.lotQuantity(atMost: units)
        else {
            throw Failure(
                "--size \(size) is not a quantity of \(instrument.symbol): at least \(grid.minQuantity) and at "
                    + "most \(grid.maxQuantity) minor units of \(base.symbol) (\(base.decimals) decimals), "
                    + "in lots of \(grid.lotSize)")
        }
        self.market = market
        self.symbol = instrument.symbol.text
        self.grid = grid
        self.spread = spread
        self.quantity = quantity
        self.levels = levels
        self.stepTicks = stepTicks
        self.format = UnitFormat(
            baseSymbol: base.symbol.text, quoteSymbol: quote.symbol.text, baseDecimals: base.decimals,
            quoteDecimals: quote.decimals, grid: grid)
    }

    /// The quotes wanted around the pool price `reference`.
    func quotes(reference: Int64) -> [Quote] {
        QuotePlanner.quotes(
            reference: reference, spread: spread, quantity: quantity, levels: levels, stepTicks: stepTicks, grid: grid)
    }

    /// One line saying what the bot is about to do.
    func describe(reference: Int64?) -> String {
        let spreadText =
            switch spread {
            case .ticks(let ticks): "\(ticks) ticks"
            case .basisPoints(let points): "\(points) bps"
            }
        let price = reference.map { DecimalUnits.text($0, decimals: format.quoteDecimals) } ?? "?"
        return "quoting \(symbol): \(levels) level(s) of \(format.quantity(quantity)) \(format.baseSymbol) a side, "
            + "spread \(spreadText), pool price \(price) \(format.quoteSymbol)"
    }
}
