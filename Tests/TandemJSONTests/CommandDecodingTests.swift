import TandemEngine
import TandemJSON
import XCTest

/// Good input lines: what they become in the engine, and how their events are written.
final class CommandDecodingTests: XCTestCase {
    private func string(_ value: JSONValue?) -> String? {
        guard case .string(let text) = value else { return nil }
        return text
    }

    private func number(_ value: JSONValue?) -> String? {
        guard case .number(let text) = value else { return nil }
        return text
    }

    func testTimestampsDefaultToThePreviousLine() throws {
        let events = try TestSupport.events([
            #"{"type":"deposit","account":1,"asset":"USD","amount":"1"}"#,
            #"{"type":"deposit","ts":42,"account":1,"asset":"USD","amount":"1"}"#,
            #"{"type":"deposit","account":1,"asset":"USD","amount":"1"}"#,
            #"{"type":"deposit","ts":18446744073709551615,"account":1,"asset":"USD","amount":"1"}"#,
        ])
        XCTAssertEqual(events.map { number($0["ts"]) }, ["0", "42", "42", "18446744073709551615"])
        XCTAssertEqual(events.map { number($0["seq"]) }, ["1", "2", "3", "4"])
    }

    func testSkipsBlankAndCommentLinesAndAcceptsCRLF() throws {
        let input =
            "\n   \n# a comment\n  # indented comment\r\n"
            + #"{"type":"deposit","account":1,"asset":"USD","amount":"1.5"}"# + "\r\n\t\n"
        let output = try Simulation.run(input: input, configuration: TestSupport.demoConfiguration())
        XCTAssertEqual(output.exitStatus, 0)
        XCTAssertEqual(output.standardError, "")
        XCTAssertEqual(
            output.standardOutput,
            #"{"seq":1,"ts":0,"type":"balance","account":1,"asset":"USD","available":"1.500000","reserved":"0.000000"}"#
                + "\n")
    }

    func testValuesOffTheGridGoToTheEngineWhichRejectsThem() throws {
        let prefix = #"{"type":"new_order","account":1,"market":"BTC-USD","client_order_id":9,"side":"buy","#
        let events = try TestSupport.events([
            TestSupport.deposits[0],
            prefix + #""price":"65000.005","quantity":"1"}"#,
            prefix + #""price":"65000","quantity":"0.00005"}"#,
            prefix + #""price":"0","quantity":"1"}"#,
            prefix + #""price":"-5","quantity":"1"}"#,
            #"{"type":"deposit","account":1,"asset":"USD","amount":"0"}"#,
        ])
        XCTAssertEqual(
            events.dropFirst().map { string($0["reason"]) },
            ["price_not_on_tick", "quantity_not_on_lot", "invalid_price", "invalid_price", "invalid_amount"])
        XCTAssertEqual(string(events[1]["command"]), "new_order")
        XCTAssertEqual(number(events[1]["reference"]), "9")
    }

    func testWritesEveryMemberOfAnAcceptedOrder() throws {
        let output = try TestSupport.simulate([
            TestSupport.deposits[0],
            #"{"type":"new_order","ts":7,"account":1,"market":"BTC-USD","client_order_id":3,"side":"buy","#
                + #""time_in_force":"gtc","post_only":true,"price":"64000.5","quantity":"0.25","#
                + #""self_trade":"cancel_both"}"#,
        ])
        XCTAssertEqual(
            output.standardOutput.split(separator: "\n")[1],
            #"{"seq":2,"ts":7,"type":"accepted","order_id":1,"client_order_id":3,"account":1,"market":"BTC-USD","#
                + #""side":"buy","order_type":"limit","time_in_force":"gtc","post_only":true,"#
                + #""price":"64000.500000","quantity":"0.25000000"}"#)
    }

    func testMarketOrdersTradeToTheBandEdge() throws {
        let events = try TestSupport.events([
            TestSupport.deposits[0],
            #"{"type":"new_order","account":1,"market":"BTC-USD","client_order_id":1,"side":"buy","#
                + #""order_type":"market","time_in_force":"ioc","quantity":"0.1"}"#,
        ])
        XCTAssertEqual(string(events[1]["order_type"]), "market")
        // The reference price 65000 plus the 5% band.
        XCTAssertEqual(string(events[1]["price"]), "68250.000000")
        // The book is empty: the pool sells the whole quantity, well inside the band.
        XCTAssertEqual(string(events[2]["type"]), "pool_fill")
        XCTAssertEqual(string(events[2]["remaining"]), "0.00000000")
    }

    func testMassCancelWithoutMarketOrSideWritesNull() throws {
        let output = try TestSupport.simulate([
            TestSupport.deposits[0], #"{"type":"mass_cancel","account":1}"#,
            #"{"type":"mass_cancel","account":1,"market":"ETH-USD","side":"sell"}"#,
        ])
        let lines = output.standardOutput.split(separator: "\n")
        XCTAssertEqual(
            lines[1], #"{"seq":2,"ts":0,"type":"mass_cancel_done","account":1,"market":null,"side":null,"count":0}"#)
        XCTAssertEqual(
            lines[2],
            #"{"seq":3,"ts":0,"type":"mass_cancel_done","account":1,"market":"ETH-USD","side":"sell","count":0}"#)
    }

    /// A replace names an order, not a market: its price and quantity are read in the order's market's units.
    func testReplaceReadsValuesInTheUnitsOfTheOrdersMarket() throws {
        let configuration = try ConfigurationDecoder.decode(
            """
            {"assets": [{"symbol": "GOLD", "decimals": 2}, {"symbol": "EUR", "decimals": 4},
                        {"symbol": "JPY", "decimals": 0}],
             "markets": [
               {"symbol": "GOLD-EUR", "base": "GOLD", "quote": "EUR", "tick_size": "0.01", "lot_size": "0.01",
                "min_quantity": "0.01", "max_quantity": "1000", "price_band_ppm": 0, "reference_price": "0",
                "maker_fee_ppm": 0, "taker_fee_ppm": 0},
               {"symbol": "EUR-JPY", "base": "EUR", "quote": "JPY", "tick_size": "100", "lot_size": "0.01",
                "min_quantity": "0.01", "max_quantity": "1000", "price_band_ppm": 0, "reference_price": "0",
                "maker_fee_ppm": 0, "taker_fee_ppm": 0}]}
            """)
        let input = [
            #"{"type":"deposit","account":1,"asset":"EUR","amount":"100000"}"#,
            #"{"type":"deposit","account":1,"asset":"JPY","amount":"100000000"}"#,
            #"{"type":"new_order","account":1,"market":"GOLD-EUR","client_order_id":1,"side":"buy","#
                + #""price":"2000.5","quantity":"1.25"}"#,
            #"{"type":"new_order","account":1,"market":"EUR-JPY","client_order_id":2,"side":"buy","#
                + #""price":"16000","quantity":"10.5"}"#,
            #"{"type":"replace","account":1,"client_order_id":1,"price":"2000.25","quantity":"1.5"}"#,
            #"{"type":"replace","account":1,"order_id":2,"price":"16100","quantity":"10.25"}"#,
            #"{"type":"replace","account":1,"order_id":2,"price":"16100.5"}"#,
        ].joined(separator: "\n")
        let output = try Simulation.run(input: input, configuration: configuration)
        let replaced = output.standardOutput.split(separator: "\n").filter { $0.contains("\"replaced\"") }
        XCTAssertEqual(replaced.count, 2)
        XCTAssertTrue(replaced[0].hasSuffix(#""price":"2000.2500","quantity":"1.50","kept_priority":false}"#))
        XCTAssertTrue(replaced[1].hasSuffix(#""price":"16100","quantity":"10.2500","kept_priority":false}"#))
        XCTAssertEqual(
            output.standardError,
            "line 7: field \"price\": \"16100.5\" has more decimals than the quote asset JPY allows (0)\n")
    }

    /// Without a live order there are no units to read a replace in; the engine rejects it as unknown.
    func testReplaceOfAnOrderThatIsNotLiveIsRejectedByTheEngine() throws {
        let events = try TestSupport.events([
            TestSupport.deposits[0],
            #"{"type":"replace","account":1,"order_id":77,"price":"1.123456789","quantity":"3"}"#,
            #"{"type":"replace","account":1,"client_order_id":78,"price":"100"}"#,
        ])
        XCTAssertEqual(events.dropFirst().map { string($0["reason"]) }, ["unknown_order", "unknown_order"])
        XCTAssertEqual(events.dropFirst().map { number($0["reference"]) }, ["77", "78"])
    }

    /// Another account's order is not live for the replacing account, even by the same order id.
    func testReplaceOfAnotherAccountsOrderIsUnknown() throws {
        let events = try TestSupport.events([
            TestSupport.deposits[0],
            #"{"type":"deposit","account":2,"asset":"USD","amount":"1000"}"#,
            #"{"type":"new_order","account":1,"market":"BTC-USD","client_order_id":1,"side":"buy","#
                + #""price":"60000","quantity":"0.01"}"#,
            #"{"type":"replace","account":2,"order_id":1,"price":"60001"}"#,
            #"{"type":"replace","account":2,"client_order_id":1,"price":"60001"}"#,
        ])
        XCTAssertEqual(events.suffix(2).map { string($0["reason"]) }, ["unknown_order", "unknown_order"])
    }

    /// Symbols are free text: the output escapes them, and they parse back to themselves.
    func testEscapesSymbolsInOutput() throws {
        let symbol = "\"q\\u\u{01}\té€😀"
        let configuration = EngineConfiguration(assets: [AssetConfiguration(symbol: symbol, decimals: 0)], markets: [])
        let input = #"{"type":"deposit","account":1,"asset":"# + "\"\\\"q\\\\u\\u0001\\té€😀\"" + #","amount":"7"}"#
        let output = try Simulation.run(input: input, configuration: configuration)
        XCTAssertEqual(output.standardError, "")
        XCTAssertTrue(output.standardOutput.contains(#""asset":"\"q\\u\u0001\té€😀","#), output.standardOutput)
        guard case .object(let members) = try JSONParser.parse(output.standardOutput.dropLast()) else {
            return XCTFail("not an object")
        }
        XCTAssertEqual(members["asset"], .string(symbol))
        XCTAssertEqual(members["available"], .string("7"))
    }
}
