import TandemEngine

/// The single market both workloads trade, and the funding that comes before any timing.
///
/// Base and quote have no decimals, tick and lot are 1: prices are ticks and quantities lots, as in the
/// published benchmarks. Fees (maker 100 ppm, taker 200 ppm) keep the fee path on the measured path.
enum BenchmarkMarket {
    static let market = 0
    static let baseAsset = 0
    static let quoteAsset = 1
    /// Just under the engine's limit of 1,000,000 ppm: a market buy may pay up to about twice the reference price
    /// and a market sell goes down to a price of 1, wider than either book ever spreads.
    static let priceBandPPM: Int64 = 999_999

    /// An engine configuration for accounts `1...accounts` (account 0 collects the fees).
    static func configuration(referencePrice: Int64, accounts: Int) -> EngineConfiguration {
        let market = MarketConfiguration(
            symbol: "BASE-QUOTE", baseAsset: baseAsset, quoteAsset: quoteAsset, tickSize: 1, lotSize: 1,
            minQuantity: 1, maxQuantity: 1_000_000, maxPrice: 10_000_000, priceBandPPM: priceBandPPM,
            referencePrice: referencePrice, makerFeePPM: 100, takerFeePPM: 200)
        let assets = [
            AssetConfiguration(symbol: "BASE", decimals: 0),
            AssetConfiguration(symbol: "QUOTE", decimals: 0),
        ]
        return EngineConfiguration(
            assets: assets, markets: [market], feeAccount: 0, maxAccounts: UInt32(accounts + 1))
    }

    /// Deposits of `base` and `quote` to each account.
    static func funding(accounts: ClosedRange<UInt32>, base: Int64, quote: Int64) -> [Command] {
        accounts.flatMap { account in
            [
                Command.deposit(Transfer(account: account, asset: baseAsset, amount: base)),
                Command.deposit(Transfer(account: account, asset: quoteAsset, amount: quote)),
            ]
        }
    }

    /// A fresh engine that has applied `setup` (timestamps 1, 2, ...), checked to have rejected none of it.
    /// The timed commands continue with timestamp `setup.count + 1`.
    static func makeEngine(_ configuration: EngineConfiguration, setup: [Command]) throws -> Engine {
        let engine = try Engine(configuration: configuration)
        for (index, command) in setup.enumerated() {
            engine.apply(command, timestamp: UInt64(index + 1))
            for event in engine.events {
                if case .rejected(let rejection) = event.body {
                    throw BenchmarkError("setup command \(index + 1) was rejected: \(rejection.reason.name)")
                }
            }
        }
        return engine
    }
}
