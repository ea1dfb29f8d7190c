import TandemEngine

/// The symbols and decimals of a configuration: finds assets and markets by symbol and formats their values.
struct SymbolTable {
    struct Asset {
        var symbol: String
        var decimals: Int
    }

    struct Market {
        var symbol: String
        var base: Asset
        var quote: Asset
    }

    let assets: [Asset]
    let markets: [Market]

    /// - Precondition: every market's assets are configured (the engine has validated the configuration).
    init(_ configuration: EngineConfiguration) throws(ConfigurationError) {
        assets = configuration.assets.map { Asset(symbol: $0.symbol, decimals: $0.decimals) }
        markets = configuration.markets.map { [assets] market in
            Market(symbol: market.symbol, base: assets[market.baseAsset], quote: assets[market.quoteAsset])
        }
        if let symbol = Self.firstDuplicate(assets.map(\.symbol)) {
            throw ConfigurationError("asset symbol \"\(symbol)\" is used more than once")
        }
        if let symbol = Self.firstDuplicate(markets.map(\.symbol)) {
            throw ConfigurationError("market symbol \"\(symbol)\" is used more than once")
        }
    }

    private static func firstDuplicate(_ symbols: [String]) -> String? {
        var seen: Set<String> = []
        return symbols.first { !seen.insert($0).inserted }
    }

    func assetIndex(_ symbol: String) -> Int? { assets.firstIndex { $0.symbol == symbol } }

    func marketIndex(_ symbol: String) -> Int? { markets.firstIndex { $0.symbol == symbol } }

    /// A price of `market` (quote minor units per whole base unit) as decimal text.
    func price(_ price: Int64, market: Int) -> String {
        DecimalString.format(price, decimals: markets[market].quote.decimals)
    }

    /// A quantity of `market` (base minor units) as decimal text.
    func quantity(_ quantity: Int64, market: Int) -> String {
        DecimalString.format(quantity, decimals: markets[market].base.decimals)
    }

    /// An amount of `asset` (its minor units) as decimal text.
    func amount(_ amount: Int64, asset: Int) -> String {
        DecimalString.format(amount, decimals: assets[asset].decimals)
    }
}
