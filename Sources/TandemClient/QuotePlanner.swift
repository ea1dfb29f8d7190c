import TandemWire

/// How far apart a market maker's best bid and best ask are.
public enum QuoteSpread: Sendable, Equatable {
    /// A number of ticks.
    case ticks(Int64)
    /// Basis points (1/10,000) of the reference price.
    case basisPoints(Int64)
}

/// One resting order a market maker wants: a side, a price and a quantity, at a level (0 is the best).
public struct Quote: Sendable, Equatable {
    public var side: Wire.Side
    public var level: Int
    public var price: Int64
    public var quantity: Int64

    public init(side: Wire.Side, level: Int, price: Int64, quantity: Int64) {
        self.side = side
        self.level = level
        self.price = price
        self.quantity = quantity
    }
}

/// Where a market maker quotes around a reference price (for example a pool's price), on a market's grid.
public enum QuotePlanner {
    /// The bids and asks (bids first, each side best first) around `reference`.
    ///
    /// The best bid is the highest tick at or below `reference - spread / 2` and strictly below `reference`;
    /// the best ask the lowest tick at or above `reference + spread / 2` and strictly above it (so they are at
    /// least the spread apart, and at least two ticks). Level `i` is
    /// `i * stepTicks` ticks further out. Every price is on the tick and within (0, maxPrice] (levels outside
    /// are left out), every quantity is `quantity` rounded down to the lot; nothing is quoted when that is
    /// below the market's minimum or above its maximum, or when the reference is not positive.
    public static func quotes(
        reference: Int64, spread: QuoteSpread, quantity: Int64, levels: Int, stepTicks: Int64, grid: MarketGrid
    ) -> [Quote] {
        guard reference > 0, levels > 0, stepTicks > 0, let size = grid.lotQuantity(atMost: quantity),
            let half = halfSpread(spread, reference: reference, tickSize: grid.tickSize)
        else { return [] }
        let bestBid = min(grid.tickAtOrBelow(reference - half), grid.tickAtOrBelow(reference - 1))
        let bestAsk = max(grid.tickAtOrAbove(reference + half), grid.tickAtOrAbove(reference + 1))
        let step = stepTicks.multipliedReportingOverflow(by: grid.tickSize)
        guard !step.overflow else { return [] }
        var bids: [Quote] = []
        var asks: [Quote] = []
        for level in 0..<levels {
            let offset = Int64(level).multipliedReportingOverflow(by: step.partialValue)
            guard !offset.overflow else { break }
            let bid = bestBid - offset.partialValue
            if grid.isValidPrice(bid) {
                bids.append(Quote(side: .buy, level: level, price: bid, quantity: size))
            }
            let ask = bestAsk.addingReportingOverflow(offset.partialValue)
            if !ask.overflow && grid.isValidPrice(ask.partialValue) {
                asks.append(Quote(side: .sell, level: level, price: ask.partialValue, quantity: size))
            }
        }
        return bids + asks
    }

    /// Half the spread in quote minor units (rounded down: the prices round away from the reference), or nil
    /// when the spread is negative or too wide to compute.
    private static func halfSpread(_ spread: QuoteSpread, reference: Int64, tickSize: Int64) -> Int64? {
        switch spread {
        case .ticks(let ticks):
            let full = ticks.multipliedReportingOverflow(by: tickSize)
            guard ticks >= 0, !full.overflow else { return nil }
            return full.partialValue / 2
        case .basisPoints(let points):
            guard points >= 0 else { return nil }
            let half = Int128(reference) * Int128(points) / 20_000
            return Int64(exactly: half)
        }
    }
}
