import TandemEngine
import TandemJSON
import XCTest

/// Bad input lines: each is reported with its line number and field, and changes nothing.
final class CommandLineErrorTests: XCTestCase {
    /// A new order of account 1 on BTC-USD with `fields` added.
    private func order(_ fields: String) -> String {
        #"{"type":"new_order","account":1,"market":"BTC-USD","client_order_id":7,"side":"buy","# + fields + "}"
    }

    private func deposit(_ fields: String) -> String {
        #"{"type":"deposit","# + fields + "}"
    }

    /// The error reported for `line`, placed as line 3 after a comment and a deposit.
    private func error(_ line: String) throws -> String {
        let output = try TestSupport.simulate(["# comment", TestSupport.deposits[0], line, TestSupport.deposits[1]])
        XCTAssertEqual(output.exitStatus, Simulation.badInputStatus)
        XCTAssertEqual(output.standardOutput.split(separator: "\n").count, 1, "only the first deposit ran")
        return output.standardError
    }

    func testNamesTheLineAndTheField() throws {
        XCTAssertEqual(
            try error(order(#""price":"100.0000005","quantity":"1""#)),
            "line 3: field \"price\": \"100.0000005\" has more decimals than the quote asset USD allows (6)\n")
        XCTAssertEqual(
            try error(order(#""price":"100","quantity":"0.000000001""#)),
            "line 3: field \"quantity\": \"0.000000001\" has more decimals than the base asset BTC allows (8)\n")
        XCTAssertEqual(
            try error(deposit(#""account":1,"asset":"USD","amount":"1.2.3""#)),
            "line 3: field \"amount\": \"1.2.3\" is not a decimal number (digits, optionally '-' and one '.')\n")
        XCTAssertEqual(
            try error(deposit(#""account":1,"asset":"USD","amount":"99999999999999""#)),
            "line 3: field \"amount\": \"99999999999999\" is too large for USD (6 decimals, 64-bit minor units)\n")
        XCTAssertEqual(
            try error(deposit(#""account":1,"asset":"USD","amount":5"#)),
            "line 3: field \"amount\": expected a decimal string such as \"12.5\", found a number\n")
    }

    func testReportsStructuralProblems() throws {
        let cases: [(line: String, message: String)] = [
            ("not json", "invalid JSON at column 1: expected a value"),
            ("[1]", "expected a command object, found an array"),
            (#"{"account":1}"#, #"field "type": missing"#),
            (
                #"{"type":"buy"}"#,
                #"field "type": "buy" is not one of "deposit", "withdraw", "new_order", "cancel", "replace", "#
                    + #""mass_cancel", "add_liquidity", "remove_liquidity", "index_price", "#
                    + #""adjust_margin""#
            ),
            (deposit(#""asset":"USD","amount":"1""#), #"field "account": missing"#),
            (
                deposit(#""account":-1,"asset":"USD","amount":"1""#),
                #"field "account": expected a non-negative integer, found -1"#
            ),
            (
                deposit(#""account":4294967296,"asset":"USD","amount":"1""#),
                #"field "account": 4294967296 is too large (at most 4294967295)"#
            ),
            (
                deposit(#""account":"1","asset":"USD","amount":"1""#),
                #"field "account": expected an integer, found a string"#
            ),
            (
                deposit(#""account":1.0,"asset":"USD","amount":"1""#),
                #"field "account": expected an integer, found 1.0"#
            ),
            (deposit(#""account":1,"asset":"EUR","amount":"1""#), #"field "asset": unknown asset "EUR""#),
            (
                deposit(#""account":1,"asset":"USD","amount":"1","memo":"x""#),
                #"field "memo": unknown field in a deposit (known fields: type, ts, account, asset, amount)"#
            ),
            (
                deposit(#""ts":-5,"account":1,"asset":"USD","amount":"1""#),
                #"field "ts": expected a non-negative integer, found -5"#
            ),
            (order(#""market":"X""#), #"invalid JSON at column 85: duplicate key "market""#),
            (
                order(#""price":"1","quantity":"1""#).replacingOccurrences(of: "BTC-USD", with: "DOGE-USD"),
                #"field "market": unknown market "DOGE-USD""#
            ),
            (order(#""price":"1""#), #"field "quantity": missing"#),
            (order(#""quantity":"1""#), #"field "price": missing"#),
            (
                order(#""order_type":"market","price":"1","quantity":"1""#),
                #"field "price": a market order takes no price"#
            ),
            (
                order(#""order_type":"stop","quantity":"1""#),
                #"field "order_type": "stop" is not one of "limit", "market""#
            ),
            (
                order(#""time_in_force":"day","price":"1","quantity":"1""#),
                #"field "time_in_force": "day" is not one of "gtc", "ioc", "fok""#
            ),
            (
                order(#""post_only":"yes","price":"1","quantity":"1""#),
                #"field "post_only": expected true or false, found a string"#
            ),
            (
                order(#""self_trade":"allow","price":"1","quantity":"1""#),
                #"field "self_trade": "allow" is not one of "cancel_taker", "cancel_maker", "cancel_both", "#
                    + #""decrement_both""#
            ),
            (
                #"{"type":"cancel","account":1}"#,
                #"field "order_id": missing (name the order by order_id or client_order_id)"#
            ),
            (
                #"{"type":"cancel","account":1,"order_id":1,"client_order_id":1}"#,
                #"field "order_id": give order_id or client_order_id, not both"#
            ),
            (
                #"{"type":"replace","account":1,"order_id":1,"price":"abc"}"#,
                #"field "price": "abc" is not a decimal number"#
            ),
            (
                #"{"type":"mass_cancel","account":1,"side":"both"}"#,
                #"field "side": "both" is not one of "buy", "sell""#
            ),
        ]
        for (line, message) in cases {
            XCTAssertEqual(try error(line), "line 3: \(message)\n", line)
        }
    }

    func testReportsBadLiquidityCommands() throws {
        let add = #"{"type":"add_liquidity","account":1,"market":"BTC-USD","#
        let remove = #"{"type":"remove_liquidity","account":1,"market":"BTC-USD","#
        let cases: [(line: String, message: String)] = [
            (
                add + #""max_base":"0.000000001","max_quote":"1"}"#,
                #"field "max_base": "0.000000001" has more decimals than the base asset BTC allows (8)"#
            ),
            (
                add + #""max_base":"1","max_quote":"1.0000001"}"#,
                #"field "max_quote": "1.0000001" has more decimals than the quote asset USD allows (6)"#
            ),
            (add + #""max_base":"1"}"#, #"field "max_quote": missing"#),
            (
                add + #""max_base":1,"max_quote":"1"}"#,
                #"field "max_base": expected a decimal string such as "12.5", found a number"#
            ),
            (
                add + #""max_base":"1","max_quote":"1","min_shares":"12x"}"#,
                #"field "min_shares": "12x" is not an integer (digits, optionally a leading '-')"#
            ),
            (
                add + #""max_base":"1","max_quote":"1","min_shares":1.5}"#,
                #"field "min_shares": expected an integer, found 1.5"#
            ),
            (
                add + #""max_base":"1","max_quote":"1","shares":1}"#,
                #"field "shares": unknown field in an add_liquidity (known fields: type, ts, account, market, "#
                    + #"max_base, max_quote, min_shares)"#
            ),
            (
                #"{"type":"add_liquidity","account":1,"market":"DOGE-USD","max_base":"1","max_quote":"1"}"#,
                #"field "market": unknown market "DOGE-USD""#
            ),
            (remove + #""min_base":"1"}"#, #"field "shares": missing"#),
            (
                remove + #""shares":true}"#,
                #"field "shares": expected an integer (a number or a string of digits), found a boolean"#
            ),
            (
                remove + #""shares":"99999999999999999999"}"#,
                #"field "shares": 99999999999999999999 is out of range "#
                    + #"(-9223372036854775808...9223372036854775807)"#
            ),
            (
                remove + #""shares":"+5"}"#,
                #"field "shares": "+5" is not an integer (digits, optionally a leading '-')"#
            ),
            (
                remove + #""shares":"-"}"#,
                #"field "shares": "-" is not an integer (digits, optionally a leading '-')"#
            ),
            (
                remove + #""shares":1,"min_quote":"0.0000001"}"#,
                #"field "min_quote": "0.0000001" has more decimals than the quote asset USD allows (6)"#
            ),
            (
                remove + #""shares":1,"max_base":"1"}"#,
                #"field "max_base": unknown field in a remove_liquidity (known fields: type, ts, account, market, "#
                    + #"shares, min_base, min_quote)"#
            ),
        ]
        for (line, message) in cases {
            XCTAssertEqual(try error(line), "line 3: \(message)\n", line)
        }
    }

    func testStopsAtTheFirstBadLineWithoutKeepGoing() throws {
        let output = try TestSupport.simulate(
            [TestSupport.deposits[0], "{}", TestSupport.deposits[1]], options: .init(summary: true))
        XCTAssertEqual(output.exitStatus, 1)
        XCTAssertEqual(output.standardError, "line 2: field \"type\": missing\n")
        XCTAssertFalse(output.standardOutput.contains("summary"), "no summary after a bad line")
        XCTAssertFalse(output.standardOutput.contains("\"account\":2"), "nothing after the bad line runs")
    }

    func testKeepGoingSkipsBadLinesAndStillFails() throws {
        let lines = [
            TestSupport.deposits[0], "{}", TestSupport.deposits[1], "garbage", TestSupport.deposits[2],
        ]
        let output = try TestSupport.simulate(lines, options: .init(summary: true, keepGoing: true))
        XCTAssertEqual(output.exitStatus, 1)
        XCTAssertEqual(
            output.standardError,
            "line 2: field \"type\": missing\nline 4: invalid JSON at column 1: expected a value\n"
                + "2 bad input lines skipped\n")
        let events = output.standardOutput.split(separator: "\n").filter { $0.hasPrefix("{") }
        XCTAssertEqual(events.count, 3, "the three good lines ran")
        for (index, event) in events.enumerated() {
            XCTAssertTrue(event.hasPrefix("{\"seq\":\(index + 1),"), String(event))
        }
        XCTAssertTrue(output.standardOutput.contains("--- summary ---"))
    }

    func testABadLineChangesNeitherTheEngineNorTheClock() throws {
        let simulation = try Simulation(configuration: TestSupport.demoConfiguration())
        _ = try simulation.apply(line: deposit(#""ts":10,"account":1,"asset":"USD","amount":"5""#)[...])
        let hash = simulation.engine.stateHash()
        XCTAssertThrowsError(
            try simulation.apply(line: deposit(#""ts":99,"account":1,"asset":"USD","amount":"x""#)[...]))
        XCTAssertEqual(simulation.engine.stateHash(), hash)
        XCTAssertEqual(simulation.timestamp, 10)
    }
}
