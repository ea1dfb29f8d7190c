import TandemJSON
import XCTest

final class DecimalStringTests: XCTestCase {
    private func parse(_ text: String, _ decimals: Int) -> Result<Int64, DecimalString.ParseError> {
        Result { () throws(DecimalString.ParseError) in try DecimalString.parse(text, decimals: decimals) }
    }

    func testParsesExactValues() {
        XCTAssertEqual(parse("65000.25", 6), .success(65_000_250_000))
        XCTAssertEqual(parse("0.5", 8), .success(50_000_000))
        XCTAssertEqual(parse("0", 8), .success(0))
        XCTAssertEqual(parse("-0", 2), .success(0))
        XCTAssertEqual(parse("100", 0), .success(100))
        XCTAssertEqual(parse("007.10", 2), .success(710))
        XCTAssertEqual(parse("-1.5", 6), .success(-1_500_000))
        XCTAssertEqual(parse("0.00000001", 8), .success(1))
        XCTAssertEqual(parse("1.000000000000000000", 18), .success(1_000_000_000_000_000_000))
    }

    func testRefusesMalformedText() {
        for text in ["", "-", "+1", "1.", ".5", "-.5", "1.2.3", "1e5", " 1", "1 ", "1,5", "0x10", "abc", "１", "--1"] {
            XCTAssertEqual(parse(text, 8), .failure(.malformed), "\(text)")
            XCTAssertFalse(DecimalString.isWellFormed(text), "\(text)")
        }
    }

    func testRefusesMoreDecimalsThanTheUnitHas() {
        XCTAssertEqual(parse("100.005", 2), .failure(.tooManyDecimals))
        XCTAssertEqual(parse("1.0", 0), .failure(.tooManyDecimals))
        // Trailing zeros count too: the rule is about the text, not the value.
        XCTAssertEqual(parse("1.1000000", 6), .failure(.tooManyDecimals))
        XCTAssertTrue(DecimalString.isWellFormed("100.005"))
    }

    func testRefusesValuesBeyond64Bits() {
        XCTAssertEqual(parse("9223372036854775807", 0), .success(.max))
        XCTAssertEqual(parse("9223372036854775808", 0), .failure(.overflow))
        XCTAssertEqual(parse("-9223372036854775807", 0), .success(-.max))
        XCTAssertEqual(parse("-9223372036854775808", 0), .failure(.overflow))
        XCTAssertEqual(parse("92233720368.54775807", 8), .success(.max))
        XCTAssertEqual(parse("92233720368.54775808", 8), .failure(.overflow))
        XCTAssertEqual(parse("92233720369", 8), .failure(.overflow))
        XCTAssertEqual(parse("99999999999999999999999999", 0), .failure(.overflow))
        XCTAssertEqual(parse("10", 18), .failure(.overflow))
        XCTAssertTrue(DecimalString.isWellFormed("99999999999999999999999999"))
    }

    func testFormatsWithExactlyTheUnitsDecimals() {
        XCTAssertEqual(DecimalString.format(65_000_250_000, decimals: 6), "65000.250000")
        XCTAssertEqual(DecimalString.format(0, decimals: 6), "0.000000")
        XCTAssertEqual(DecimalString.format(1, decimals: 8), "0.00000001")
        XCTAssertEqual(DecimalString.format(-1, decimals: 6), "-0.000001")
        XCTAssertEqual(DecimalString.format(-1_300_000, decimals: 6), "-1.300000")
        XCTAssertEqual(DecimalString.format(123, decimals: 0), "123")
        XCTAssertEqual(DecimalString.format(.max, decimals: 18), "9.223372036854775807")
        XCTAssertEqual(DecimalString.format(.min, decimals: 18), "-9.223372036854775808")
        XCTAssertEqual(DecimalString.format(.min, decimals: 0), "-9223372036854775808")
    }

    func testFormattedValuesParseBackToThemselves() {
        let values: [Int64] = [0, 1, -1, 9, 10, 99, 100, 123_456_789, -987_654_321, .max, -.max]
        for decimals in DecimalString.supportedDecimals {
            for value in values {
                let text = DecimalString.format(value, decimals: decimals)
                XCTAssertEqual(parse(text, decimals), .success(value), "\(value) with \(decimals) decimals")
            }
        }
    }
}
