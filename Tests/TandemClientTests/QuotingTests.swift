import TandemClient
import TandemWire
import XCTest

/// The quoting helpers behind the example market maker: the grid, the quote ladder, decimal units.
final class QuotingTests: XCTestCase {
    /// BTC-USD of the demo configuration: tick 0.01 USD, lot and minimum 0.0001 BTC, maximum 100 BTC.
    private let grid = MarketGrid(
        tickSize: 10_000, lotSize: 10_000, minQuantity: 10_000, maxQuantity: 10_000_000_000,
        maxPrice: 1_000_000_000_000)!
    private let price: Int64 = 65_000_000_000

    func testTheGridRoundsPricesToTicksAndQuantitiesDownToLots() {
        XCTAssertEqual(grid.tickAtOrBelow(65_000_019_999), 65_000_010_000)
        XCTAssertEqual(grid.tickAtOrAbove(65_000_010_001), 65_000_020_000)
        XCTAssertEqual(grid.tickAtOrAbove(65_000_010_000), 65_000_010_000)
        XCTAssertEqual(grid.tickAtOrBelow(-1), -10_000)
        XCTAssertEqual(grid.lotQuantity(atMost: 1_009_999), 1_000_000)
        XCTAssertNil(grid.lotQuantity(atMost: 9_999))
        XCTAssertNil(grid.lotQuantity(atMost: 10_000_010_000))
        XCTAssertFalse(grid.isValidPrice(0))
        XCTAssertFalse(grid.isValidPrice(1_000_000_010_000))
        XCTAssertFalse(grid.isValidPrice(65_000_000_001))
        XCTAssertNil(MarketGrid(tickSize: 0, lotSize: 1, minQuantity: 1, maxQuantity: 1, maxPrice: 1))
        let definition = TestMessages.btcUSD()
        guard case .instrumentDefinition(let instrument) = definition else { return XCTFail() }
        XCTAssertEqual(MarketGrid(instrument), grid)
    }

    func testQuotesStraddleTheReferenceByHalfTheSpreadOnTheGrid() {
        let quotes = QuotePlanner.quotes(
            reference: price + 3_333, spread: .ticks(10), quantity: 1_234_567, levels: 2, stepTicks: 5, grid: grid)
        XCTAssertEqual(
            quotes,
            [
                Quote(side: .buy, level: 0, price: 64_999_950_000, quantity: 1_230_000),
                Quote(side: .buy, level: 1, price: 64_999_900_000, quantity: 1_230_000),
                Quote(side: .sell, level: 0, price: 65_000_060_000, quantity: 1_230_000),
                Quote(side: .sell, level: 1, price: 65_000_110_000, quantity: 1_230_000),
            ])
    }

    func testTheBestQuotesAreStrictlyOnEitherSideOfTheReference() {
        for spread in [QuoteSpread.ticks(0), .ticks(1), .basisPoints(0)] {
            let quotes = QuotePlanner.quotes(
                reference: price, spread: spread, quantity: 10_000, levels: 1, stepTicks: 1, grid: grid)
            XCTAssertEqual(quotes.map(\.price), [price - 10_000, price + 10_000], "\(spread)")
        }
        // 10 bps of 65,000 USD is 65 USD: 32.50 USD a side.
        let quotes = QuotePlanner.quotes(
            reference: price, spread: .basisPoints(10), quantity: 10_000, levels: 1, stepTicks: 1, grid: grid)
        XCTAssertEqual(quotes.map(\.price), [price - 32_500_000, price + 32_500_000])
    }

    func testEveryQuoteIsOnTheGridForManyReferences() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let reference = Int64.random(in: 1...2_000_000_000, using: &generator)
            let spread: QuoteSpread =
                Bool.random(using: &generator)
                ? .ticks(.random(in: 0...50, using: &generator)) : .basisPoints(.random(in: 0...500, using: &generator))
            let quotes = QuotePlanner.quotes(
                reference: reference, spread: spread, quantity: .random(in: 10_000...50_000_000, using: &generator),
                levels: 3, stepTicks: 2, grid: grid)
            for quote in quotes {
                XCTAssertTrue(grid.isValidPrice(quote.price), "\(quote) around \(reference)")
                XCTAssertEqual(quote.quantity % grid.lotSize, 0)
                XCTAssertTrue(quote.side == .buy ? quote.price < reference : quote.price > reference)
            }
        }
    }

    func testNothingIsQuotedWhereTheGridForbidsIt() {
        // Below the minimum quantity, no reference, a negative spread.
        XCTAssertEqual(
            QuotePlanner.quotes(
                reference: price, spread: .ticks(2), quantity: 9_999, levels: 1, stepTicks: 1, grid: grid),
            [])
        XCTAssertEqual(
            QuotePlanner.quotes(reference: 0, spread: .ticks(2), quantity: 10_000, levels: 1, stepTicks: 1, grid: grid),
            [])
        XCTAssertEqual(
            QuotePlanner.quotes(
                reference: price, spread: .ticks(-2), quantity: 10_000, levels: 1, stepTicks: 1, grid: grid), [])
        // Near zero the bids run out; near the maximum price the asks do.
        let low = QuotePlanner.quotes(
            reference: 25_000, spread: .ticks(2), quantity: 10_000, levels: 3, stepTicks: 1, grid: grid)
        XCTAssertEqual(low.map(\.price), [10_000, 40_000, 50_000, 60_000])
        let high = QuotePlanner.quotes(
            reference: grid.maxPrice - 15_000, spread: .ticks(2), quantity: 10_000, levels: 2, stepTicks: 1,
            grid: grid)
        XCTAssertEqual(high.map(\.price), [grid.maxPrice - 30_000, grid.maxPrice - 40_000, grid.maxPrice])
    }

    func testDecimalUnitsParseAndPrint() {
        XCTAssertEqual(DecimalUnits.minorUnits("0.01", decimals: 8), 1_000_000)
        XCTAssertEqual(DecimalUnits.minorUnits("65000", decimals: 6), 65_000_000_000)
        XCTAssertEqual(DecimalUnits.minorUnits("-1.5", decimals: 1), -15)
        XCTAssertEqual(DecimalUnits.minorUnits(".5", decimals: 2), 50)
        for bad in ["", "-", ".", "1.2.3", "1e5", "0.001", " 1", "99999999999999999999"] {
            XCTAssertNil(DecimalUnits.minorUnits(bad, decimals: 2), bad)
        }
        XCTAssertEqual(DecimalUnits.text(1_000_000, decimals: 8), "0.01000000")
        XCTAssertEqual(DecimalUnits.text(-6_500, decimals: 6), "-0.006500")
        XCTAssertEqual(DecimalUnits.text(65_000_000_000, decimals: 6), "65000.000000")
        XCTAssertEqual(DecimalUnits.text(42, decimals: 0), "42")
        XCTAssertEqual(DecimalUnits.text(.min, decimals: 2), "-92233720368547758.08")
    }
}
