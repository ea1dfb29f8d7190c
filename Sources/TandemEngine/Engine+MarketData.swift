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
            let poolTicks = curve.flatMap {
                nextPoolTicks($0, side: side, after: lastTicks, beyond: poolLots, market: market)
            }
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
    func poolLotsWithin(_ curve: ConstantProductPool, side: Side, ticks: Int64, market: Int) -> Int64 {
        poolChunk(
            curve, market: market, side: side.opposite, maxLots: rules[market].maxLots, boundTicks: ticks,
            inclusive: true)
    }

    /// The first price past `after` (0: from the start) where the pool offers more than `beyond` lots.
    ///
    /// The price of lot `beyond + 1`, computed in floating point, is only where the search starts: the answer
    /// comes from exact integer checks, galloping outward from there and then halving, so it is the price a
    /// binary search over every price gives (the tests hold it to one), in a few checks instead of ~30.
    func nextPoolTicks(
        _ curve: ConstantProductPool, side: Side, after: Int64, beyond: Int64, market: Int
    ) -> Int64? {
        let rules = rules[market]
        let offers = { (ticks: Int64) in self.poolLotsWithin(curve, side: side, ticks: ticks, market: market) > beyond }
        let lowest: Int64 = side == .sell ? after + 1 : 1
        let highest: Int64 = side == .sell || after == 0 ? rules.maxTicks : after - 1
        guard lowest <= highest else { return nil }
        let start = min(
            max(Self.estimatedTicks(curve, side: side, lot: beyond + 1, tickValue: rules.tickValue), lowest), highest)
        // The pool offers more at higher prices on the ask side and at lower prices on the bid side: search the
        // bid side on negated prices, so that both look for the first price that offers.
        if side == .sell { return Self.firstTrue(in: lowest...highest, from: start, offers) }
        return Self.firstTrue(in: -highest...(-lowest), from: -start) { offers(-$0) }.map { -$0 }
    }

    /// Where the pool's `lot`-th lot on `side` costs (asks) or yields (bids), in ticks rounded up: an estimate.
    private static func estimatedTicks(_ curve: ConstantProductPool, side: Side, lot: Int64, tickValue: Int64) -> Int64
    {
        let base = Double(curve.base)
        let quote = Double(curve.quote)
        let lotSize = Double(curve.lotSize)
        let keep = 1 - Double(curve.feePPM) / 1e6
        let perLot: Double
        if side == .sell {
            perLot =
                base * quote * lotSize / (keep * (base - Double(lot) * lotSize) * (base - Double(lot - 1) * lotSize))
        } else {
            let net = lotSize * keep
            perLot = base * quote * net / ((base + Double(lot - 1) * net) * (base + Double(lot) * net))
        }
        let ticks = (perLot / Double(tickValue)).rounded(.up)
        return ticks.isFinite && ticks >= 1 && ticks < 9e18 ? Int64(ticks) : Int64.max / 2
    }

    /// The first value in `range` where `holds` is true, for a predicate false up to some value and true from
    /// it; nil when it holds nowhere. The search gallops from `start` toward the answer, then halves.
    static func firstTrue(in range: ClosedRange<Int64>, from start: Int64, _ holds: (Int64) -> Bool) -> Int64? {
        var bad = range.lowerBound - 1
        var good = range.upperBound + 1
        var step: Int64 = 1
        if holds(start) {
            good = start
            while good - step >= range.lowerBound {
                if !holds(good - step) {
                    bad = good - step
                    break
                }
                good -= step
                step *= 2
            }
        } else {
            bad = start
            while bad + step <= range.upperBound {
                if holds(bad + step) {
                    good = bad + step
                    break
                }
                bad += step
                step *= 2
            }
            if good > range.upperBound {
                guard bad < range.upperBound, holds(range.upperBound) else { return nil }
                good = range.upperBound
            }
        }
        while good - bad > 1 {
            let middle = bad + (good - bad) / 2
            if holds(middle) { good = middle } else { bad = middle }
        }
        return good
    }
}
