import TandemEngine

/// The single market both workloads trade, and the funding that comes before any timing.
///
/// Quote has no decimals and the tick is 1, so prices are ticks, as in the published benchmarks. A lot is one
/// whole base unit; the base asset has `baseDecimals` decimals (0 unless a pool needs finer base amounts), so a
/// quantity of n lots is `n * 10^baseDecimals` base minor units and the tick value is 1 quote unit either way.
/// Fees (maker 100 ppm, taker 200 ppm) keep the fee path on the measured path.
enum BenchmarkMarket {
    static let market = 0
    static let baseAsset = 0
    static let quoteAsset = 1
    /// Just under the engine's limit of 1,000,000 ppm: a market buy may pay up to about twice the reference price
    /// and a market sell goes down to a price of 1, wider than either book ever spreads.
    static let priceBandPPM: Int64 = 999_999
    static let maxLots: Int64 = 1_000_000
    /// `--perpetual`: 10 % initial, 7.5 % margin-call and 5 % maintenance margin, no liquidation spread.
    static func perpetual(vaultAccount: UInt32) -> PerpetualConfiguration {
        PerpetualConfiguration(
            initialMarginPPM: 100_000, maintenanceMarginPPM: 50_000, marginCallPPM: 75_000, vaultAccount: vaultAccount)
    }

    /// An engine configuration for accounts `1...accounts` (account 0 collects the fees), with storage for
    /// `orderCapacity` resting orders allocated up front and, optionally, a pool.
    static func configuration(
        referencePrice: Int64, accounts: Int, orderCapacity: Int, baseDecimals: Int = 0,
        pool: PoolConfiguration? = nil, perpetual: PerpetualConfiguration? = nil
    ) -> EngineConfiguration {
        let lotSize = lotSize(baseDecimals: baseDecimals)
        let market = MarketConfiguration(
            symbol: "BASE-QUOTE", baseAsset: baseAsset, quoteAsset: quoteAsset, tickSize: 1, lotSize: lotSize,
            minQuantity: lotSize, maxQuantity: maxLots * lotSize, maxPrice: 10_000_000, priceBandPPM: priceBandPPM,
            referencePrice: referencePrice, makerFeePPM: 100, takerFeePPM: 200, pool: pool, perpetual: perpetual)
        let assets = [
            AssetConfiguration(symbol: "BASE", decimals: baseDecimals),
            AssetConfiguration(symbol: "QUOTE", decimals: 0),
        ]
        let maxAccount = max(UInt32(accounts), pool?.owner ?? 0, perpetual?.vaultAccount ?? 0)
        return EngineConfiguration(
            assets: assets, markets: [market], feeAccount: 0, maxAccounts: maxAccount + 1,
            initialOrderCapacity: orderCapacity)
    }

    /// Base minor units per lot: one whole base unit.
    static func lotSize(baseDecimals: Int) -> Int64 {
        (0..<baseDecimals).reduce(1) { power, _ in power * 10 }
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
        let engine: Engine
        do {
            engine = try Engine(configuration: configuration)
        } catch {
            throw BenchmarkError("the engine refused the benchmark configuration: \(error.description)")
        }
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
