import Testing

@testable import TandemAMM

/// Random pools checked against brute force with exact rational comparisons.
@Suite struct ConstantProductPoolPropertyTests {
    /// Lot k's exact cost compared with a price, by cross-multiplication in 128 bits (small pools only).
    static func buyLotCostBelow(_ pool: ConstantProductPool, lot: Int64, price: Int64, inclusive: Bool) -> Bool {
        let after = pool.base - lot * pool.lotSize
        guard after > 0 else { return false }
        let cost = Int128(pool.base) * Int128(pool.quote) * Int128(pool.lotSize) * 1_000_000
        let limit = Int128(price) * Int128(1_000_000 - pool.feePPM) * Int128(after) * Int128(after + pool.lotSize)
        return inclusive ? cost <= limit : cost < limit
    }

    static func bruteForceBuyChunk(_ pool: ConstantProductPool, maxLots: Int64, price: Int64, inclusive: Bool) -> Int64 {
        var lots: Int64 = 0
        while lots < maxLots && buyLotCostBelow(pool, lot: lots + 1, price: price, inclusive: inclusive) { lots += 1 }
        while lots > 0 && (pool.buyCost(lots: lots).map { $0.netIn + $0.fee > lots * price } ?? true) { lots -= 1 }
        return lots
    }

    @Test func buyChunkMatchesBruteForce() {
        var random = SplitMix(seed: 11)
        for _ in 0..<3_000 {
            let pool = ConstantProductPool(
                base: random.next(in: 2...5_000), quote: random.next(in: 1...500_000),
                feePPM: random.next(in: 0...30_000), lotSize: random.next(in: 1...20))
            let price = random.next(in: 1...2_000)
            let maxLots = random.next(in: 1...300)
            let inclusive = random.next(in: 0...1) == 1
            #expect(
                pool.buyChunk(maxLots: maxLots, pricePerLot: price, inclusive: inclusive)
                    == Self.bruteForceBuyChunk(pool, maxLots: maxLots, price: price, inclusive: inclusive))
        }
    }

    /// Lot k's exact proceeds compared with a price, by cross-multiplication in 128 bits (small pools only).
    static func sellLotProceedsAbove(_ pool: ConstantProductPool, lot: Int64, price: Int64, inclusive: Bool) -> Bool {
        let netLot = Int128(pool.lotSize) * Int128(1_000_000 - pool.feePPM)
        let before = Int128(pool.base) * 1_000_000 + Int128(lot - 1) * netLot
        let proceeds = Int128(pool.base) * Int128(pool.quote) * netLot * 1_000_000
        let limit = Int128(price) * before * (before + netLot)
        return inclusive ? proceeds >= limit : proceeds > limit
    }

    static func bruteForceSellChunk(_ pool: ConstantProductPool, maxLots: Int64, price: Int64, inclusive: Bool) -> Int64 {
        var lots: Int64 = 0
        while lots < maxLots && sellLotProceedsAbove(pool, lot: lots + 1, price: price, inclusive: inclusive) {
            lots += 1
        }
        while lots > 0 && (pool.sellProceeds(lots: lots).map { $0.out < lots * price } ?? true) { lots -= 1 }
        return lots
    }

    @Test func sellChunkMatchesBruteForce() {
        var random = SplitMix(seed: 12)
        for _ in 0..<3_000 {
            let pool = ConstantProductPool(
                base: random.next(in: 100...5_000_000), quote: random.next(in: 100...5_000_000),
                feePPM: random.next(in: 0...30_000), lotSize: random.next(in: 1...2_000))
            let price = random.next(in: 1...5_000)
            let maxLots = random.next(in: 1...300)
            let inclusive = random.next(in: 0...1) == 1
            #expect(
                pool.sellChunk(maxLots: maxLots, pricePerLot: price, inclusive: inclusive)
                    == Self.bruteForceSellChunk(pool, maxLots: maxLots, price: price, inclusive: inclusive))
        }
    }

    @Test func swapsNeverLowerTheProductAndKeepReservesPositive() {
        var random = SplitMix(seed: 13)
        for _ in 0..<200 {
            var pool = ConstantProductPool(
                base: random.next(in: 1_000...10_000_000), quote: random.next(in: 1_000...10_000_000),
                feePPM: random.next(in: 0...10_000), lotSize: random.next(in: 1...500))
            for _ in 0..<50 {
                let before = UInt128(pool.base) * UInt128(pool.quote)
                let lots = random.next(in: 1...20)
                if random.next(in: 0...1) == 0 {
                    if pool.buyCost(lots: lots) != nil { _ = pool.buy(lots: lots) }
                } else if pool.sellProceeds(lots: lots) != nil {
                    _ = pool.sell(lots: lots)
                }
                #expect(UInt128(pool.base) * UInt128(pool.quote) >= before)
                #expect(pool.base > 0 && pool.quote > 0)
            }
        }
    }

    @Test func chunksCostTheSameAsOneSwapUpToRounding() {
        var random = SplitMix(seed: 14)
        for _ in 0..<1_000 {
            let start = ConstantProductPool(
                base: random.next(in: 10_000...1_000_000), quote: random.next(in: 10_000...1_000_000),
                feePPM: random.next(in: 0...10_000), lotSize: random.next(in: 1...100))
            let total = random.next(in: 2...40)
            guard let whole = start.buyCost(lots: total) else { continue }
            var split = start
            var paid: Int64 = 0
            var pieces: Int64 = 0
            var left = total
            while left > 0 {
                let piece = min(left, random.next(in: 1...10))
                let cost = split.buy(lots: piece)
                paid += cost.netIn + cost.fee
                left -= piece
                pieces += 1
            }
            // Each piece rounds its input and its fee up by less than one unit each.
            #expect(paid >= whole.netIn + whole.fee)
            #expect(paid <= whole.netIn + whole.fee + 2 * pieces)
        }
    }
}

/// A small deterministic generator for the property tests.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    mutating func next(in range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}
