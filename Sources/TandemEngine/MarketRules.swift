/// A market's configuration turned into the integer rules the engine applies: ticks, lots, fees, bounds.
struct MarketRules {
    let tickSize: Int64
    let lotSize: Int64
    /// The notional of one lot at one tick, in quote minor units.
    let tickValue: Int64
    let minLots: Int64
    let maxLots: Int64
    let maxTicks: Int64
    let bandPPM: Int64
    let makerFeePPM: Int64
    let takerFeePPM: Int64
    /// The fee rate a buy reserves for: the worst it can be charged.
    let reserveFeePPM: Int64
    let baseAsset: Int
    let quoteAsset: Int
    let referenceTicks: Int64
    /// A perpetual market: margin instead of reservations, positions instead of base transfers.
    let isPerpetual: Bool

    init(_ market: MarketConfiguration, assets: [AssetConfiguration]) throws(ConfigurationError) {
        let name = "market \(market.symbol)"
        guard assets.indices.contains(market.baseAsset), assets.indices.contains(market.quoteAsset),
            market.baseAsset != market.quoteAsset
        else { throw ConfigurationError("\(name): base and quote must be two different configured assets") }
        guard market.tickSize > 0, market.lotSize > 0 else {
            throw ConfigurationError("\(name): tick size and lot size must be positive")
        }
        let baseScale = try Self.power10(assets[market.baseAsset].decimals, name: name)
        let (lotNotional, overflow) = market.tickSize.multipliedReportingOverflow(by: market.lotSize)
        guard !overflow, lotNotional % baseScale == 0 else {
            throw ConfigurationError(
                "\(name): tick size × lot size must be a whole number of quote minor units per lot")
        }
        tickSize = market.tickSize
        lotSize = market.lotSize
        tickValue = lotNotional / baseScale
        guard market.minQuantity > 0, market.minQuantity <= market.maxQuantity,
            market.minQuantity % lotSize == 0, market.maxQuantity % lotSize == 0
        else { throw ConfigurationError("\(name): min and max quantity must be positive multiples of the lot") }
        minLots = market.minQuantity / lotSize
        maxLots = market.maxQuantity / lotSize
        guard (0...100_000).contains(market.takerFeePPM), (-market.takerFeePPM...100_000).contains(market.makerFeePPM)
        else { throw ConfigurationError("\(name): fees must satisfy 0 <= taker <= 100000 and -taker <= maker") }
        makerFeePPM = market.makerFeePPM
        takerFeePPM = market.takerFeePPM
        reserveFeePPM = max(market.makerFeePPM, market.takerFeePPM, 0)
        // The largest price whose whole-order reservation, fee included, stays far from overflow.
        let safeTicks = FixedPoint.maxAssetTotal / 4 / (tickValue * maxLots)
        guard safeTicks > 0 else { throw ConfigurationError("\(name): max quantity × tick value is too large") }
        if market.maxPrice == 0 {
            maxTicks = safeTicks
        } else {
            guard market.maxPrice > 0, market.maxPrice % tickSize == 0, market.maxPrice / tickSize <= safeTicks else {
                throw ConfigurationError("\(name): max price must be on the tick and at most \(safeTicks * tickSize)")
            }
            maxTicks = market.maxPrice / tickSize
        }
        guard (0..<FixedPoint.million).contains(market.priceBandPPM) else {
            throw ConfigurationError("\(name): price band must be in 0..<1000000 ppm")
        }
        bandPPM = market.priceBandPPM
        guard market.referencePrice >= 0, market.referencePrice % tickSize == 0,
            market.referencePrice / tickSize <= maxTicks
        else { throw ConfigurationError("\(name): reference price must be on the tick and within the price range") }
        referenceTicks = market.referencePrice / tickSize
        baseAsset = market.baseAsset
        isPerpetual = market.perpetual != nil
        quoteAsset = market.quoteAsset
        if let pool = market.pool, !(0..<100_000).contains(pool.feePPM) {
            throw ConfigurationError("\(name): pool fee must be in 0..<100000 ppm")
        }
    }

    private static func power10(_ decimals: Int, name: String) throws(ConfigurationError) -> Int64 {
        guard (0...18).contains(decimals) else { throw ConfigurationError("\(name): asset decimals must be 0...18") }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        return scale
    }

    /// The quote a buy reserves per lot at `ticks`: the notional plus the worst fee, rounded up per lot.
    @inline(__always) func quotePerLot(ticks: Int64) -> Int64 {
        let notional = ticks * tickValue
        return notional + FixedPoint.multiplyDivideUp(notional, reserveFeePPM, FixedPoint.million)
    }

    /// What an order of `side` reserves for `lots` at `ticks`, in the asset it reserves.
    @inline(__always) func reservation(side: Side, ticks: Int64, lots: Int64) -> Int64 {
        side == .buy ? lots * quotePerLot(ticks: ticks) : lots * lotSize
    }

    @inline(__always) func reservedAsset(_ side: Side) -> Int {
        side == .buy ? quoteAsset : baseAsset
    }

    @inline(__always) func takerFee(notional: Int64) -> Int64 {
        FixedPoint.multiplyDivideUp(notional, takerFeePPM, FixedPoint.million)
    }

    @inline(__always) func makerFee(notional: Int64) -> Int64 {
        makerFeePPM >= 0
            ? FixedPoint.multiplyDivideUp(notional, makerFeePPM, FixedPoint.million)
            : -FixedPoint.multiplyDivideDown(notional, -makerFeePPM, FixedPoint.million)
    }

    /// The quote notional of one lot at `ticks`: the price per lot the pool is compared with.
    @inline(__always) func pricePerLot(ticks: Int64) -> Int64 {
        ticks * tickValue
    }

    /// The limit a market order of `side` trades to: the edge of the band around `reference` ticks.
    func bandLimit(side: Side, reference: Int64) -> Int64 {
        if side == .buy {
            let edge = FixedPoint.multiplyDivideDown(reference, FixedPoint.million + bandPPM, FixedPoint.million)
            return min(edge, maxTicks)
        }
        return max(FixedPoint.multiplyDivideUp(reference, FixedPoint.million - bandPPM, FixedPoint.million), 1)
    }
}
