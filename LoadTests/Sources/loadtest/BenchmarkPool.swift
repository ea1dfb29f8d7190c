import TandemEngine

/// The ec2018 market's optional constant-product pool (`--pool`): its LP fee and starting depth.
///
/// The pool starts at the workload's start price with `depth` whole base units and `depth * price` quote,
/// provided by an account that never trades, so the pool's reserves move only by trading.
struct BenchmarkPool {
    /// 10 ticks each side of the pool's price at 100,000: inside the range the book's top levels span.
    static let defaultFeePPM: Int64 = 100
    /// 200,000 base units: at 100,000 the pool holds about 1 lot per tick of price near its spot (X / 2 lots per
    /// unit of log price), about as much as the book's levels near the last trade.
    static let defaultDepth: Int64 = 200_000
    /// The base asset's decimals with a pool. The LP fee on a sell into the pool is charged in base, rounded up
    /// to a whole minor unit. With 0 decimals a lot is one minor unit, so a chunk of n lots (n below 1 / fee)
    /// pays a whole lot as fee: a 1-lot sell never reaches the pool and an n-lot sell only when the pool bids
    /// about 1/n above the book; the pool then only moves up (seed 1: 603 pool fills in 3,000,000 commands, all
    /// buys). With 6 decimals a lot is 10^6 minor units and the fee `lots * feePPM` is exact. Prices and lots
    /// are the recipe's either way: the tick value stays 1 quote unit per lot.
    static let baseDecimals = 6

    var feePPM: Int64
    /// The initial base reserve, in whole base units.
    var depth: Int64
    var owner: UInt32

    /// The engine's pool configuration at `price` (quote per whole base unit) for a base of `lotSize` minor units.
    func configuration(price: Int64, lotSize: Int64) -> PoolConfiguration {
        PoolConfiguration(feePPM: feePPM, initialBase: depth * lotSize, initialQuote: depth * price, owner: owner)
    }
}
