/// A constant-product pool's reserves and LP fee, with the lot-exact integer swap math of the hybrid router.
///
/// Amounts are integers in minor units: `base` (X) and `quote` (Y). The LP fee is charged on the input and
/// kept outside the reserves, so splitting a swap into chunks changes the result only by rounding. Inputs
/// round up and outputs round down, so the pool never loses to rounding and `X * Y` never decreases.
public struct ConstantProductPool: Sendable, Equatable {
    public static let million: Int64 = 1_000_000
    /// Reserves stay at or below this bound, so every cross-multiplication fits in 256 bits.
    public static let maxReserve: Int64 = 1 << 62

    public var base: Int64
    public var quote: Int64
    public let feePPM: Int64
    public let lotSize: Int64

    public init(base: Int64, quote: Int64, feePPM: Int64, lotSize: Int64) {
        self.base = base
        self.quote = quote
        self.feePPM = feePPM
        self.lotSize = lotSize
    }

    @inlinable var product: UInt128 { UInt128(base) * UInt128(quote) }

    /// Whether the pool can trade at all.
    @inlinable public var isEmpty: Bool { base <= 0 || quote <= 0 }

    // MARK: Taker buys base from the pool

    /// What the taker pays for `lots` lots out: quote into the reserves and the LP fee; nil if the pool
    /// cannot give that many.
    @inlinable public func buyCost(lots: Int64) -> (netIn: Int64, fee: Int64)? {
        let out = lots * lotSize
        guard lots > 0, out < base else { return nil }
        let newQuote = Self.divideUp(product, UInt128(base - out))
        guard newQuote <= UInt128(Self.maxReserve) else { return nil }
        let netIn = Int64(newQuote) - quote
        let fee = Int64(Self.divideUp(UInt128(netIn) * UInt128(feePPM), UInt128(Self.million - feePPM)))
        return (netIn, fee)
    }

    /// Whether the exact (unrounded) cost of the `lot`-th lot, fee included, is below `pricePerLot`
    /// (or at most it when `inclusive`).
    ///
    /// The cost of lot k is `X*Y*L*1e6 / ((1e6 - f) * (X - kL) * (X - (k-1)L))`, rising with k.
    @inlinable public func buyLotQualifies(_ lot: Int64, pricePerLot: Int64, inclusive: Bool) -> Bool {
        let after = base - lot * lotSize
        guard after > 0, pricePerLot > 0 else { return false }
        let cost = WideProduct(product, UInt128(lotSize) * UInt128(Self.million))
        let limit = WideProduct(
            UInt128(pricePerLot) * UInt128(Self.million - feePPM), UInt128(after) * UInt128(after + lotSize))
        return inclusive ? cost <= limit : cost < limit
    }

    /// The lots a taker buying up to `maxLots` takes from the pool before its next lot would cost more than
    /// `pricePerLot` (at an equal price, only when `inclusive`), and whose rounded total cost stays within
    /// `lots * pricePerLot`.
    public func buyChunk(maxLots: Int64, pricePerLot: Int64, inclusive: Bool) -> Int64 {
        var lots = Self.lastQualifying(upTo: maxLots) {
            buyLotQualifies($0, pricePerLot: pricePerLot, inclusive: inclusive)
        }
        while lots > 0 {
            if let cost = buyCost(lots: lots), cost.netIn + cost.fee <= lots * pricePerLot { break }
            lots -= 1
        }
        return lots
    }

    /// Moves a buy of `lots` lots through the reserves; returns the quote paid in and the LP fee.
    public mutating func buy(lots: Int64) -> (netIn: Int64, fee: Int64) {
        let cost = buyCost(lots: lots)!
        base -= lots * lotSize
        quote += cost.netIn
        return cost
    }

    // MARK: Taker sells base to the pool

    /// What a taker selling `lots` lots gets: base into the reserves (after the LP fee), the LP fee in base,
    /// and the quote out.
    @inlinable public func sellProceeds(lots: Int64) -> (netIn: Int64, fee: Int64, out: Int64)? {
        let gross = lots * lotSize
        guard lots > 0 else { return nil }
        let fee = Self.multiplyDivideUp(gross, feePPM, Self.million)
        let netIn = gross - fee
        guard netIn > 0, base <= Self.maxReserve - netIn else { return nil }
        let out = quote - Int64(Self.divideUp(product, UInt128(base + netIn)))
        return (netIn, fee, out)
    }

    /// Whether the exact proceeds of the `lot`-th lot, after the fee, are above `pricePerLot` (or at least
    /// it when `inclusive`).
    ///
    /// With `L' = L(1e6 - f)/1e6`, lot k yields `X*Y*L' / ((X + (k-1)L') * (X + kL'))`, falling with k.
    @inlinable public func sellLotQualifies(_ lot: Int64, pricePerLot: Int64, inclusive: Bool) -> Bool {
        guard lot > 0, pricePerLot > 0 else { return false }
        let netLot = UInt128(lotSize) * UInt128(Self.million - feePPM)
        let scaledBase = UInt128(base) * UInt128(Self.million)
        let before = scaledBase + UInt128(lot - 1) * netLot
        let proceeds = WideProduct(product, netLot * UInt128(Self.million))
        guard let limit = WideProduct(before, before + netLot).multiplied(by: UInt64(pricePerLot)) else {
            return false
        }
        return inclusive ? proceeds >= limit : proceeds > limit
    }

    /// The lots a taker selling up to `maxLots` sells to the pool before its next lot would yield less than
    /// `pricePerLot` (an equal price only when `inclusive`), with rounded proceeds of at least
    /// `lots * pricePerLot`.
    public func sellChunk(maxLots: Int64, pricePerLot: Int64, inclusive: Bool) -> Int64 {
        var lots = Self.lastQualifying(upTo: maxLots) {
            sellLotQualifies($0, pricePerLot: pricePerLot, inclusive: inclusive)
        }
        // Rounding can also leave nothing to trade: a one-unit lot whose fee rounds up to the whole unit.
        while lots > 0 {
            if let proceeds = sellProceeds(lots: lots), proceeds.out >= lots * pricePerLot { break }
            lots -= 1
        }
        return lots
    }

    /// Moves a sell of `lots` lots through the reserves; returns the base kept, the LP fee and the quote out.
    public mutating func sell(lots: Int64) -> (netIn: Int64, fee: Int64, out: Int64) {
        let proceeds = sellProceeds(lots: lots)!
        base += proceeds.netIn
        quote -= proceeds.out
        return proceeds
    }

    // MARK: Arithmetic

    /// The largest `n` in `0...limit` for which `qualifies` holds, for a predicate true up to some point and
    /// false after it. Galloping first: chunks are usually small next to the order.
    @inlinable static func lastQualifying(upTo limit: Int64, _ qualifies: (Int64) -> Bool) -> Int64 {
        guard limit > 0, qualifies(1) else { return 0 }
        var good: Int64 = 1
        var bad = limit + 1
        var probe: Int64 = 2
        while probe <= limit {
            if !qualifies(probe) {
                bad = probe
                break
            }
            good = probe
            probe *= 2
        }
        while bad - good > 1 {
            let middle = good + (bad - good) / 2
            if qualifies(middle) { good = middle } else { bad = middle }
        }
        return good
    }

    @inlinable static func divideUp(_ numerator: UInt128, _ denominator: UInt128) -> UInt128 {
        (numerator + denominator - 1) / denominator
    }

    @inlinable static func multiplyDivideUp(_ value: Int64, _ numerator: Int64, _ denominator: Int64) -> Int64 {
        Int64(divideUp(UInt128(value) * UInt128(numerator), UInt128(denominator)))
    }
}
