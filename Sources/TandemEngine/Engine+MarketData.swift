import TandemAMM

/// One price of the combined book: resting orders and the pool's lots at that price.
public struct DepthLevel: Sendable, Equatable {
    public var price: Int64
    /// Resting orders' quantity at exactly this price.
    public var bookQuantity: Int64
    public var orderCount: Int
    /// What the pool trades from the previous price up to and including this one (whole lots).
    public var poolQuantity: Int64

    public init(price: Int64, bookQuantity: Int64, orderCount: Int, poolQuantity: Int64) {
        self.price = price
        self.bookQuantity = bookQuantity
        self.orderCount = orderCount
        self.poolQuantity = poolQuantity
    }
}

extension Engine {
    /// A market's pool (curve, shares, held fees, positions); nil when the market has none.
    public func pool(market: Int) -> LiquidityPool? {
        pools[market]
    }

    /// Up to `limit` prices of the combined book on `side`, best first.
    ///
    /// A taker walking the other way meets exactly these quantities: at each price, the pool's lots whose
    /// cost falls between the previous price and this one, then the resting orders.
    public func depth(market: Int, side: Side, limit: Int) -> [DepthLevel] {
        let rules = rules[market]
        let book = books[market]
        let bookSide = book.side(side)
        let curve = pools[market].flatMap { $0.curve.isEmpty ? nil : $0.curve }
        var levels: [DepthLevel] = []
        var rank = 0
        var poolLots: Int64 = 0
        var lastTicks: Int64 = 0
        while levels.count < limit {
            let bookTicks = rank < bookSide.count ? book.level(bookSide.level(rank: rank)).pointee.ticks : nil
            let poolTicks = curve.flatMap { nextPoolTicks($0, side: side, after: lastTicks, beyond: poolLots, market: market) }
            guard let ticks = [bookTicks, poolTicks].compactMap({ $0 }).min(by: { side == .sell ? $0 < $1 : $0 > $1 })
            else { break }
            var level = DepthLevel(price: ticks * rules.tickSize, bookQuantity: 0, orderCount: 0, poolQuantity: 0)
            if ticks == bookTicks {
                let resting = book.level(bookSide.level(rank: rank)).pointee
                level.bookQuantity = resting.lots * rules.lotSize
                level.orderCount = Int(resting.count)
                rank += 1
            }
            if let curve {
                let cumulative = poolLotsWithin(curve, side: side, ticks: ticks, market: market)
                level.poolQuantity = (cumulative - poolLots) * rules.lotSize
                poolLots = cumulative
            }
            levels.append(level)
            lastTicks = ticks
        }
        return levels
    }

    /// The lots the pool gives a taker against `side` resting at `ticks` or better: asks are pool sales.
    private func poolLotsWithin(_ curve: ConstantProductPool, side: Side, ticks: Int64, market: Int) -> Int64 {
        poolChunk(
            curve, market: market, side: side.opposite, maxLots: rules[market].maxLots, boundTicks: ticks,
            inclusive: true)
    }

    /// The first price past `after` (0: from the start) where the pool offers more than `beyond` lots.
    private func nextPoolTicks(
        _ curve: ConstantProductPool, side: Side, after: Int64, beyond: Int64, market: Int
    ) -> Int64? {
        let rules = rules[market]
        // The pool offers more at higher prices on the ask side and at lower prices on the bid side, so the
        // search runs between the most generous price and the last one listed.
        var good = side == .sell ? rules.maxTicks : 1
        var bad = side == .sell ? after : (after == 0 ? rules.maxTicks + 1 : after)
        guard abs(good - bad) >= 1, poolLotsWithin(curve, side: side, ticks: good, market: market) > beyond else { return nil }
        while abs(good - bad) > 1 {
            let middle = bad + (good - bad) / 2
            if poolLotsWithin(curve, side: side, ticks: middle, market: market) > beyond { good = middle } else { bad = middle }
        }
        return good
    }
}
