/// The margin formulas of `Protocol/ENGINE.md` ("Perpetual markets"), in 128-bit integers.
enum Margin {
    static let million: Int128 = 1_000_000

    /// `lots * ticks * tickValue`.
    @inline(__always) static func notional(lots: Int64, ticks: Int64, tickValue: Int64) -> Int128 {
        Int128(lots) * Int128(ticks) * Int128(tickValue)
    }

    /// A requirement: `ceil(lots * mark * tickValue * ppm / 1e6)` for `lots >= 0`.
    @inline(__always) static func requirement(lots: Int64, mark: Int64, tickValue: Int64, ppm: Int64) -> Int128 {
        let (perTick, overflow) = lots.multipliedReportingOverflow(by: tickValue)
        let (notional, overflowAgain) = perTick.multipliedReportingOverflow(by: mark)
        guard !overflow && !overflowAgain else {
            return (Self.notional(lots: lots, ticks: mark, tickValue: tickValue) * Int128(ppm) + million - 1) / million
        }
        return Int128(fractionUp(UInt64(notional), ppm: UInt64(ppm)))
    }

    /// `ceil(value * ppm / 1e6)` with one 128-by-64-bit division (the hardware's), not a 128-bit one.
    @inline(__always) static func fractionUp(_ value: UInt64, ppm: UInt64) -> UInt64 {
        var wide = value.multipliedFullWidth(by: ppm)
        let (low, carry) = wide.low.addingReportingOverflow(999_999)
        wide.low = low
        if carry { wide.high += 1 }
        return UInt64(1_000_000).dividingFullWidth(wide).quotient
    }

    /// Collateral plus unrealised PnL at `mark`.
    @inline(__always) static func equity(_ position: Position, mark: Int64, tickValue: Int64) -> Int128 {
        Int128(position.collateral) + notional(lots: position.size, ticks: mark, tickValue: tickValue)
            - Int128(position.cost)
    }

    /// The initial requirement with resting lots on the worst side.
    static func initialRequirement(
        size: Int64, bids: Int64, asks: Int64, mark: Int64, tickValue: Int64, ppm: Int64
    ) -> Int128 {
        let worst = max(max(size, 0) + bids, max(-size, 0) + asks)
        return requirement(lots: worst, mark: mark, tickValue: tickValue, ppm: ppm)
    }

    /// The highest mark in `0...cap` at which a long is below `ppm` of its notional (-1 if none), or for a
    /// short the lowest such mark (`cap + 1` if none).
    static func threshold(size: Int64, cost: Int64, collateral: Int64, ppm: Int64, tickValue: Int64, cap: Int64)
        -> Int64
    {
        let slope = Int128(size.magnitude) * Int128(tickValue)
        let fraction = Int128(ppm)
        // Rounded-up requirement at mark `m`.
        func required(_ m: Int64) -> Int128 {
            requirement(lots: Int64(size.magnitude), mark: m, tickValue: tickValue, ppm: ppm)
        }
        // A floating-point first guess (exact evaluation corrects it to the integer answer).
        func guess(_ numerator: Int128, _ rate: Int128) -> Int128 {
            let estimate = approximate(numerator) / (approximate(slope) * approximate(rate) / 1e6)
            return estimate.isFinite ? Int128(Int64(max(min(estimate, 4e18), -4e18))) : 0
        }
        if size > 0 {
            // Below iff slope*m - required(m) < cost - collateral; the left side rises with m.
            let deficit = Int128(cost) - Int128(collateral)
            func below(_ m: Int64) -> Bool { slope * Int128(m) - required(m) < deficit }
            guard deficit > 0 else { return -1 }
            let estimate = guess(deficit, million - fraction)
            var mark = Int64(min(max(estimate, 0), Int128(cap)))
            while mark < cap && below(mark + 1) { mark += 1 }
            while mark >= 0 && !below(mark) { mark -= 1 }
            return mark
        }
        // A short is below iff slope*m + required(m) > collateral - cost; the left side rises with m.
        let surplus = Int128(collateral) - Int128(cost)
        func below(_ m: Int64) -> Bool { slope * Int128(m) + required(m) > surplus }
        guard surplus >= 0 else { return 0 }
        let estimate = guess(surplus, million + fraction)
        var mark = Int64(min(max(estimate, 0), Int128(cap) + 1))
        while mark > 0 && below(mark - 1) { mark -= 1 }
        while mark <= cap && !below(mark) { mark += 1 }
        return mark
    }

    /// A 128-bit value as a `Double`, through `Int64` (the generic conversion is slow); clamped to its range.
    @inline(__always) static func approximate(_ value: Int128) -> Double {
        Double(Int64(truncatingIfNeeded: min(max(value, Int128(Int64.min)), Int128(Int64.max))))
    }

    /// Clamps a 128-bit amount into `Int64` for an event.
    @inline(__always) static func clamped(_ value: Int128) -> Int64 {
        Int64(min(max(value, Int128(Int64.min)), Int128(Int64.max)))
    }
}
