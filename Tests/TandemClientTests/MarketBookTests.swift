import TandemClient
import TandemWire
import XCTest

/// The local book of one market, message by message.
final class MarketBookTests: XCTestCase {
    func testLevelsStaySortedBestFirstAndBothZeroRemovesAPrice() {
        var book = MarketBook(market: 0)
        for price in [105, 101, 103, 102] as [Int64] {
            book.apply(TestMessages.depth(1, .buy, price: price, book: price))
            book.apply(TestMessages.depth(1, .sell, price: price + 10, book: price))
        }
        XCTAssertEqual(book.bids.map(\.price), [105, 103, 102, 101])
        XCTAssertEqual(book.asks.map(\.price), [111, 112, 113, 115])
        book.apply(TestMessages.depth(2, .buy, price: 103, book: 0, pool: 7))
        XCTAssertEqual(book.level(side: .buy, price: 103)?.poolQuantity, 7)
        book.apply(TestMessages.depth(3, .buy, price: 103, book: 0, pool: 0))
        book.apply(TestMessages.depth(3, .sell, price: 111, book: 0, pool: 0))
        book.apply(TestMessages.depth(3, .sell, price: 999, book: 0, pool: 0))
        XCTAssertEqual(book.bids.map(\.price), [105, 102, 101])
        XCTAssertEqual(book.asks.map(\.price), [112, 113, 115])
    }

    func testMessagesOfOtherMarketsAreIgnored() {
        var book = MarketBook(market: 1)
        book.apply(TestMessages.depth(1, .buy, price: 100, book: 1))
        book.apply(TestMessages.pool(1, base: 1, quote: 1))
        XCTAssertEqual(book, MarketBook(market: 1))
    }

    func testThePoolPriceIsInQuoteMinorUnitsPerWholeBaseUnit() {
        var book = MarketBook(market: 0)
        XCTAssertNil(book.poolPrice(baseDecimals: 8))
        book.apply(TestMessages.pool(1, base: 0, quote: 5))
        XCTAssertNil(book.poolPrice(baseDecimals: 8))
        // 1000 ETH and 3,000,000 USD: 3000 USD.
        book.apply(TestMessages.pool(2, base: 100_000_000_000, quote: 3_000_000_000_000))
        XCTAssertEqual(book.poolPrice(baseDecimals: 8), 3_000_000_000)
        // Near the reserves' limit the product needs more than 64 bits.
        book.apply(TestMessages.pool(3, base: 1 << 62, quote: 1 << 62))
        XCTAssertEqual(book.poolPrice(baseDecimals: 8), 100_000_000)
        book.apply(TestMessages.pool(4, base: 1, quote: 1 << 62))
        XCTAssertNil(book.poolPrice(baseDecimals: 8))
    }
}
