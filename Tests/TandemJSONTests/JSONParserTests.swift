import TandemJSON
import XCTest

final class JSONParserTests: XCTestCase {
    private func parse(_ text: String) -> Result<JSONValue, JSONSyntaxError> {
        Result { () throws(JSONSyntaxError) in try JSONParser.parse(text) }
    }

    private func syntaxError(_ text: String) -> JSONSyntaxError? {
        guard case .failure(let error) = parse(text) else { return nil }
        return error
    }

    func testParsesObjectsInInputOrder() throws {
        let value = try JSONParser.parse(#" { "b" : 1 , "a" : [true, false, null, -0.5e+3], "c": {} } "#)
        XCTAssertEqual(
            value,
            .object([
                JSONMember(key: "b", value: .number("1")),
                JSONMember(key: "a", value: .array([.bool(true), .bool(false), .null, .number("-0.5e+3")])),
                JSONMember(key: "c", value: .object([])),
            ]))
    }

    func testKeepsNumbersExactly() throws {
        XCTAssertEqual(try JSONParser.parse("18446744073709551615"), .number("18446744073709551615"))
        XCTAssertEqual(
            try JSONParser.parse("123456789012345678901234567890"), .number("123456789012345678901234567890"))
    }

    func testDecodesStringEscapes() throws {
        XCTAssertEqual(
            try JSONParser.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#), .string("a\"b\\c/d\n\té😀"))
        XCTAssertEqual(try JSONParser.parse(#""héllo""#), .string("héllo"))
    }

    func testRefusesInvalidJSON() {
        for text in [
            "", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "01", "1.", ".5", "-", "1e", "+1", "tru",
            "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"a\nb\"", "1 2", "{\"a\":1}x", "'a'", "NaN",
        ] {
            XCTAssertNotNil(syntaxError(text), "\(text.debugDescription) should not parse")
        }
    }

    func testRefusesDuplicateKeys() {
        let error = syntaxError(#"{"price":"1","price":"2"}"#)
        XCTAssertEqual(error?.message, #"duplicate key "price""#)
        XCTAssertEqual(error?.column, 14)
    }

    func testReportsLineAndColumn() {
        let error = syntaxError("{\n  \"a\": 1,\n  \"b\" 2\n}")
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.column, 7)
        XCTAssertEqual(error?.message, "expected ':' after the key")
        XCTAssertEqual(syntaxError(#"{"a":tru}"#)?.description, "invalid JSON at column 6: expected a value")
    }

    func testRefusesNestingBeyondTheLimit() {
        let deep =
            String(repeating: "[", count: JSONParser.maximumDepth + 1)
            + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        XCTAssertEqual(syntaxError(deep)?.message, "nesting deeper than \(JSONParser.maximumDepth) levels")
        let limit =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        XCTAssertNil(syntaxError(limit))
    }
}
