import Testing

@testable import TandemAMM

/// Hand-checked swap amounts and lot-exact chunk sizes (values checked with exact rational arithmetic).
@Suite struct ConstantProductPoolTests {
    let small = ConstantProductPool(base: 1_000, quote: 100_000, feePPM: 3_000, lotSize: 1)

    @Test func buyCostRoundsTheInputUp() {
        let noFee = ConstantProductPool(base: 1_000, quote: 100_000, feePPM: 0, lotSize: 1)
        // ceil(1e8 / 999) = 100101, so one unit out costs 101 quote.
        #expect(noFee.buyCost(lots: 1)! == (netIn: 101, fee: 0))
        #expect(noFee.buyCost(lots: 10)! == (netIn: 1_011, fee: 0))
        // fee = ceil(net * f / (1e6 - f)): ceil(101 * 3000 / 997000) = 1.
        #expect(small.buyCost(lots: 1)! == (netIn: 101, fee: 1))
        #expect(small.buyCost(lots: 10)! == (netIn: 1_011, fee: 4))
        #expect(small.buyCost(lots: 1_000) == nil)
    }

    @Test func sellProceedsRoundTheOutputDownAndTheBaseFeeUp() {
        let pool = ConstantProductPool(base: 1_000_000, quote: 100_000_000, feePPM: 3_000, lotSize: 1_000)
        // fee = ceil(1000 * 0.003) = 3; out = 1e8 - ceil(1e14 / 1000997) = 99600.
        #expect(pool.sellProceeds(lots: 1)! == (netIn: 997, fee: 3, out: 99_600))
        let noFee = ConstantProductPool(base: 1_000_000, quote: 100_000_000, feePPM: 0, lotSize: 1_000)
        #expect(noFee.sellProceeds(lots: 5)! == (netIn: 5_000, fee: 0, out: 497_512))
    }

    @Test func aOneUnitLotCanBeEatenByTheBaseFee() {
        #expect(small.sellProceeds(lots: 1) == nil)
        // The exact price would qualify, but the rounded trade does not exist: the chunk is empty.
        #expect(small.sellLotQualifies(1, pricePerLot: 1, inclusive: true))
        #expect(small.sellChunk(maxLots: 1, pricePerLot: 1, inclusive: true) == 0)
        #expect(small.sellChunk(maxLots: 5, pricePerLot: 1, inclusive: true) == 5)
    }

    @Test func buyChunkStopsAtTheFirstLotDearerThanThePrice() {
        // Lot 1 costs 100.40 exactly and lot 10 costs 102.23; values from exact rational arithmetic.
        #expect(small.buyChunk(maxLots: 100, pricePerLot: 105, inclusive: true) == 23)
        #expect(small.buyChunk(maxLots: 100, pricePerLot: 101, inclusive: true) == 3)
        #expect(small.buyChunk(maxLots: 100, pricePerLot: 110, inclusive: true) == 45)
        #expect(small.buyChunk(maxLots: 7, pricePerLot: 110, inclusive: true) == 7)
        #expect(small.buyChunk(maxLots: 100, pricePerLot: 100, inclusive: true) == 0)
    }

    @Test func sellChunkStopsAtTheFirstLotCheaperThanThePrice() {
        let pool = ConstantProductPool(base: 1_000_000, quote: 100_000_000, feePPM: 3_000, lotSize: 1_000)
        #expect(pool.sellChunk(maxLots: 100, pricePerLot: 99_000, inclusive: true) == 4)
        #expect(pool.sellChunk(maxLots: 100, pricePerLot: 95_000, inclusive: true) == 25)
        #expect(pool.sellChunk(maxLots: 100, pricePerLot: 100_000, inclusive: true) == 0)
    }

    @Test func anEqualPriceQualifiesOnlyWhenInclusive() {
        // With no fee, lot 1 of (X=2, Y=2, L=1) costs exactly 2*2*1/(1*2) = 2.
        let pool = ConstantProductPool(base: 2, quote: 2, feePPM: 0, lotSize: 1)
        #expect(pool.buyLotQualifies(1, pricePerLot: 2, inclusive: true))
        #expect(!pool.buyLotQualifies(1, pricePerLot: 2, inclusive: false))
        // Selling one unit into (X=1, Y=2): 1*2*1/(1*2) = 1.
        let sellPool = ConstantProductPool(base: 1, quote: 2, feePPM: 0, lotSize: 1)
        #expect(sellPool.sellLotQualifies(1, pricePerLot: 1, inclusive: true))
        #expect(!sellPool.sellLotQualifies(1, pricePerLot: 1, inclusive: false))
    }

    @Test func reservesAtTheBoundNeitherTrapNorOverflow() {
        let bound = ConstantProductPool.maxReserve
        // Spot: 2^61 quote over 2^62 base, 2^29 quote per lot of 2^30 base.
        let pool = ConstantProductPool(base: bound, quote: bound / 2, feePPM: 3_000, lotSize: 1 << 30)
        #expect(pool.buyLotQualifies(1, pricePerLot: 1 << 30, inclusive: true))
        #expect(!pool.buyLotQualifies(1, pricePerLot: 1 << 29, inclusive: true))
        #expect(pool.sellLotQualifies(1, pricePerLot: 1 << 28, inclusive: true))
        #expect(pool.buyChunk(maxLots: 1_000, pricePerLot: Int64(1) << 40, inclusive: true) == 1_000)
        // Selling more base would pass the reserve bound: refused, never wrapped.
        #expect(pool.sellProceeds(lots: 1) == nil)
        #expect(pool.sellChunk(maxLots: 10, pricePerLot: 1, inclusive: true) == 0)
        // A full quote reserve cannot take more quote in.
        let full = ConstantProductPool(base: bound, quote: bound, feePPM: 0, lotSize: 1 << 30)
        #expect(full.buyChunk(maxLots: 10, pricePerLot: Int64(1) << 40, inclusive: true) == 0)
        let tiny = ConstantProductPool(base: 1, quote: 1, feePPM: 0, lotSize: 1)
        #expect(tiny.buyCost(lots: 1) == nil)
        #expect(tiny.buyChunk(maxLots: 10, pricePerLot: 1_000, inclusive: true) == 0)
    }
}
