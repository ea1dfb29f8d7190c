import TandemAMM

/// How far a pool's first whole lot reaches: the lowest price at which a buyer gets it and the highest at
/// which a seller does. Most orders never reach the pool, and this lets matching see that without the
/// 256-bit chunk search; it is recomputed whenever the reserves change.
struct PoolReach {
    /// Buys bounded below this tick get nothing from the pool (`.max`: no buy does).
    var lowestBuyTicks: Int64
    /// Sells bounded above this tick get nothing from the pool (0: no sell does).
    var highestSellTicks: Int64

    static let unreachable = PoolReach(lowestBuyTicks: .max, highestSellTicks: 0)

    init(lowestBuyTicks: Int64, highestSellTicks: Int64) {
        self.lowestBuyTicks = lowestBuyTicks
        self.highestSellTicks = highestSellTicks
    }

    /// Finds both bounds with the exact first-lot predicates (inclusive), searching out from the spot price:
    /// both lie within about the LP fee of it.
    init(curve: ConstantProductPool, rules: MarketRules) {
        guard !curve.isEmpty else {
            self = .unreachable
            return
        }
        let spot = UInt128(curve.quote) * UInt128(curve.lotSize) / (UInt128(curve.base) * UInt128(rules.tickValue))
        let guess = Int64(min(max(spot, 1), UInt128(rules.maxTicks)))
        let limit = rules.maxTicks + 1
        lowestBuyTicks = Self.firstTrue(from: guess, limit: limit) {
            curve.buyLotQualifies(1, pricePerLot: rules.pricePerLot(ticks: $0), inclusive: true)
        }
        highestSellTicks =
            Self.firstTrue(from: guess, limit: limit) {
                !curve.sellLotQualifies(1, pricePerLot: rules.pricePerLot(ticks: $0), inclusive: true)
            } - 1
        if lowestBuyTicks == limit { lowestBuyTicks = .max }
    }

    /// Whether a taker of `side` bounded at `ticks` could get a lot from the pool (false means it cannot).
    @inline(__always) func reaches(side: Side, ticks: Int64) -> Bool {
        side == .buy ? ticks >= lowestBuyTicks : ticks <= highestSellTicks
    }

    /// The smallest tick in `1...limit` where `isTrue` holds (`limit` if none below it), for a predicate false
    /// then true: gallop from `guess` to bracket it, then bisect.
    static func firstTrue(from guess: Int64, limit: Int64, _ isTrue: (Int64) -> Bool) -> Int64 {
        var falseBelow: Int64 = 0  // a tick known false (0 stands for "below every tick")
        var trueAt = limit  // a tick known true (`limit` stands for "none")
        var step: Int64 = 1
        if isTrue(guess) {
            trueAt = guess
            while trueAt - step >= 1 && isTrue(trueAt - step) {
                trueAt -= step
                step *= 2
            }
            falseBelow = max(trueAt - step, 0)
        } else {
            falseBelow = guess
            while falseBelow + step < limit && !isTrue(falseBelow + step) {
                falseBelow += step
                step *= 2
            }
            trueAt = min(falseBelow + step, limit)
        }
        while trueAt - falseBelow > 1 {
            let middle = falseBelow + (trueAt - falseBelow) / 2
            if isTrue(middle) { trueAt = middle } else { falseBelow = middle }
        }
        return trueAt
    }
}
