import TandemEngine
import XCTest

@testable import TandemJSON

/// Perpetual markets at the JSON edge: the `perpetual` section and `insurance_fund_account` of a configuration,
/// the `index_price` command and `reduce_only`, and how each perpetual event is written. The configuration is
/// the server's demo, whose BTC-PERP is market 2.
final class PerpetualJSONTests: XCTestCase {
    private func perpetualDemo() throws -> EngineConfiguration {
        try DemoServerConfiguration.configuration().engine
    }

    /// The server demo configuration's BTC-PERP section, written as `replacement`.
    private func demoWithPerpetual(_ replacement: String) -> String {
        let old = """
            "perpetual": {
                    "initial_margin_ppm": 100000, "maintenance_margin_ppm": 50000, "margin_call_ppm": 75000,
                    "liquidation_spread_ppm": 10000, "vault_account": 9
                  }
            """
        let text = DemoServerConfiguration.json
        XCTAssertEqual(text.components(separatedBy: old).count, 2, "the demo's perpetual section must occur once")
        return text.replacingOccurrences(of: old, with: replacement)
    }

    private func decodingError(_ text: String) -> String? {
        do {
            _ = try ServerConfiguration.decode(text)
            return nil
        } catch {
            return error.description
        }
    }

    func testDecodesThePerpetualSectionAndTheInsuranceFund() throws {
        let configuration = try perpetualDemo()
        XCTAssertNil(configuration.markets[0].perpetual)
        XCTAssertEqual(
            configuration.markets[2].perpetual,
            PerpetualConfiguration(
                initialMarginPPM: 100_000, maintenanceMarginPPM: 50_000, marginCallPPM: 75_000,
                liquidationSpreadPPM: 10_000, vaultAccount: 9))
        XCTAssertEqual(configuration.markets[2].pool?.initialQuote, 650_000 * 1_000_000)
        XCTAssertEqual(configuration.insuranceFundAccount, 8)
    }

    func testTheSpreadAndTheVaultAreOptional() throws {
        let configuration = try ServerConfiguration.decode(
            demoWithPerpetual(
                #""perpetual": {"initial_margin_ppm": 200000, "maintenance_margin_ppm": 1, "margin_call_ppm": 2}"#)
        ).engine
        XCTAssertEqual(
            configuration.markets[2].perpetual,
            PerpetualConfiguration(initialMarginPPM: 200_000, maintenanceMarginPPM: 1, marginCallPPM: 2))
        let withoutFund = DemoServerConfiguration.json.replacingOccurrences(
            of: #""insurance_fund_account": 8,"#, with: "")
        XCTAssertEqual(try ServerConfiguration.decode(withoutFund).engine.insuranceFundAccount, 0)
    }

    func testPerpetualErrorsNameTheField() {
        let complete =
            #""initial_margin_ppm": 100000, "maintenance_margin_ppm": 50000, "margin_call_ppm": 75000"#
        let cases: [(String, String)] = [
            (
                #""perpetual": {"maintenance_margin_ppm": 50000, "margin_call_ppm": 75000}"#,
                #"field "markets[2].perpetual.initial_margin_ppm": missing"#
            ),
            (
                #""perpetual": {\#(complete), "funding_ppm": 10}"#,
                "field \"markets[2].perpetual.funding_ppm\": unknown field in a perpetual section (known fields: "
                    + "initial_margin_ppm, maintenance_margin_ppm, margin_call_ppm, liquidation_spread_ppm, "
                    + "vault_account)"
            ),
            (
                #""perpetual": {\#(complete), "vault_account": -9}"#,
                #"field "markets[2].perpetual.vault_account": expected a non-negative integer, found -9"#
            ),
            (
                #""perpetual": {\#(complete), "liquidation_spread_ppm": "1%"}"#,
                #"field "markets[2].perpetual.liquidation_spread_ppm": expected an integer, found a string"#
            ),
            (#""perpetual": true"#, #"field "markets[2].perpetual": expected a perpetual object, found a boolean"#),
        ]
        for (section, message) in cases {
            XCTAssertEqual(decodingError(demoWithPerpetual(section)), message, section)
        }
        let negativeFund = DemoServerConfiguration.json.replacingOccurrences(
            of: #""insurance_fund_account": 8"#, with: #""insurance_fund_account": -1"#)
        XCTAssertEqual(
            decodingError(negativeFund), #"field "insurance_fund_account": expected a non-negative integer, found -1"#)
    }

    func testTheEngineValidatesTheMarginFractions() throws {
        let configuration = try ServerConfiguration.decode(
            demoWithPerpetual(
                #""perpetual": {"initial_margin_ppm": 50000, "maintenance_margin_ppm": 50000, "margin_call_ppm": 1}"#)
        ).engine
        XCTAssertThrowsError(try Simulation(configuration: configuration)) { error in
            XCTAssertTrue("\(error)".contains("BTC-PERP"), "\(error)")
        }
    }

    // MARK: - Commands

    private func decode(_ line: String) throws -> Command {
        let symbols = try SymbolTable(perpetualDemo())
        let decoder = CommandDecoder(symbols: symbols)
        let object = try JSONObject(JSONParser.parse(line), path: "", what: "a command object")
        return try decoder.decode(object, kind: decoder.kind(object), liveOrders: LiveOrders())
    }

    private func commandError(_ line: String) -> String? {
        do {
            _ = try decode(line)
            return nil
        } catch {
            return "\(error)"
        }
    }

    func testDecodesAnIndexPriceInTheMarketsQuoteUnits() throws {
        XCTAssertEqual(
            try decode(#"{"type":"index_price","ts":5,"market":"BTC-PERP","price":"65000.25"}"#),
            .indexPrice(IndexPrice(market: 2, price: 65_000_250_000)))
    }

    func testIndexPriceErrorsNameTheField() {
        let cases: [(String, String)] = [
            (#"{"type":"index_price","market":"BTC-PERP"}"#, #"field "price": missing"#),
            (#"{"type":"index_price","price":"1"}"#, #"field "market": missing"#),
            (
                #"{"type":"index_price","market":"DOGE-PERP","price":"1"}"#,
                #"field "market": unknown market "DOGE-PERP""#
            ),
            (
                #"{"type":"index_price","market":"BTC-PERP","price":"1.0000001"}"#,
                #"field "price": "1.0000001" has more decimals than the quote asset USD allows (6)"#
            ),
            (
                #"{"type":"index_price","account":10,"market":"BTC-PERP","price":"1"}"#,
                #"field "account": unknown field in an index_price (known fields: type, ts, market, price)"#
            ),
        ]
        for (line, message) in cases {
            XCTAssertEqual(commandError(line), message, line)
        }
    }

    func testDecodesAMarginAdjustmentEitherWay() throws {
        XCTAssertEqual(
            try decode(#"{"type":"adjust_margin","account":1,"market":"BTC-PERP","amount":"50"}"#),
            .adjustMargin(AdjustMargin(account: 1, market: 2, amount: 50_000_000)))
        XCTAssertEqual(
            try decode(#"{"type":"adjust_margin","account":1,"market":"BTC-PERP","amount":"-25.5"}"#),
            .adjustMargin(AdjustMargin(account: 1, market: 2, amount: -25_500_000)))
        XCTAssertEqual(
            commandError(#"{"type":"adjust_margin","account":1,"market":"BTC-PERP"}"#), #"field "amount": missing"#)
        XCTAssertEqual(
            commandError(#"{"type":"adjust_margin","account":1,"market":"BTC-PERP","amount":"1","side":"buy"}"#),
            #"field "side": unknown field in an adjust_margin (known fields: type, ts, account, market, amount)"#)
    }

    func testDecodesReduceOnly() throws {
        let prefix = #"{"type":"new_order","account":1,"market":"BTC-PERP","client_order_id":1,"side":"sell","#
        let reducing = try decode(prefix + #""time_in_force":"ioc","price":"1","quantity":"1","reduce_only":true}"#)
        guard case .newOrder(let order) = reducing else { return XCTFail("\(reducing)") }
        XCTAssertTrue(order.reduceOnly)
        let plain = try decode(prefix + #""price":"1","quantity":"1"}"#)
        guard case .newOrder(let plainOrder) = plain else { return XCTFail("\(plain)") }
        XCTAssertFalse(plainOrder.reduceOnly)
        XCTAssertEqual(
            commandError(prefix + #""price":"1","quantity":"1","reduce_only":"yes"}"#),
            #"field "reduce_only": expected true or false, found a string"#)
    }

    func testTheEngineAnswersAnIndexPriceWithTheMark() throws {
        let events = try TestSupport.simulate(
            [
                #"{"type":"index_price","ts":7,"market":"BTC-PERP","price":"64000"}"#,
                #"{"type":"index_price","ts":8,"market":"BTC-USD","price":"64000"}"#,
            ], configuration: perpetualDemo())
        XCTAssertEqual(events.standardError, "")
        let lines = events.standardOutput.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(
            lines[0].hasPrefix(
                #"{"seq":1,"ts":7,"type":"index_price","market":"BTC-PERP","index_price":"64000.000000","#),
            String(lines[0]))
        XCTAssertEqual(
            lines[1],
            #"{"seq":2,"ts":8,"type":"rejected","account":0,"command":"index_price","reference":0,"#
                + #""reason":"not_perpetual"}"#)
    }

    // MARK: - The perpetual example

    /// `Protocol/examples/perpetual.jsonl` (SIMULATE.md, "The perpetual example") runs cleanly and shows the
    /// index, positions, the reduce-only rule, a margin call and a liquidation. Its numbers are the engine's to
    /// check (ENGINE.md, "Perpetual markets"), so only its shape is held here.
    func testThePerpetualExampleShowsACallAndALiquidation() throws {
        let output = try Simulation.run(
            input: try TestSupport.example("perpetual.jsonl"),
            configuration: try ConfigurationDecoder.decode(TestSupport.example("perpetual-config.json")),
            options: .init(summary: true))
        XCTAssertEqual(output.exitStatus, 0)
        XCTAssertEqual(output.standardError, "")
        for member in [
            #""type":"index_price""#, #""type":"position_update""#, #""type":"margin_call""#,
            #""type":"liquidation_started""#, #""type":"liquidation_ended""#, #""reason":"margin_call""#,
            #""reason":"liquidation""#, #""reason":"reduce_only_would_increase""#,
        ] {
            XCTAssertTrue(output.standardOutput.contains(member), member)
        }
        XCTAssertTrue(output.standardOutput.contains("perpetual BTC-PERP (index 840.00, mark 850.00)\n"))
    }

    func testTheEngineAnswersAMarginAdjustmentOfASpotMarketWithARejection() throws {
        let output = try TestSupport.simulate(
            [#"{"type":"adjust_margin","ts":3,"account":1,"market":"BTC-USD","amount":"1"}"#],
            configuration: perpetualDemo())
        XCTAssertEqual(
            output.standardOutput,
            #"{"seq":1,"ts":3,"type":"rejected","account":1,"command":"adjust_margin","reference":0,"#
                + #""reason":"not_perpetual"}"# + "\n")
    }

    // MARK: - Events

    /// One perpetual event on the demo's BTC-PERP (BTC 8 decimals, USD 6), written as a line.
    private func encoded(_ body: EventBody) throws -> String {
        let encoder = EventEncoder(symbols: try SymbolTable(perpetualDemo()))
        return encoder.encode(Event(sequence: 3, timestamp: 9, body: body))
    }

    func testWritesEveryMemberOfThePerpetualEvents() throws {
        let head = #"{"seq":3,"ts":9,"type":"#
        let cases: [(EventBody, String)] = [
            (
                .positionUpdate(
                    PositionUpdate(
                        account: 1, market: 2, size: -25_000_000, entryPrice: 64_990_123_456,
                        collateral: 1_625_000_000)),
                #""position_update","account":1,"market":"BTC-PERP","size":"-0.25000000","#
                    + #""entry_price":"64990.123456","collateral":"1625.000000"}"#
            ),
            (
                .marginCall(
                    MarginCall(
                        account: 1, market: 2, equity: -5, initialRequirement: 162_500_000,
                        maintenanceRequirement: 81_250_000)),
                #""margin_call","account":1,"market":"BTC-PERP","equity":"-0.000005","#
                    + #""initial_requirement":"162.500000","maintenance_requirement":"81.250000"}"#
            ),
            (
                .liquidationStarted(
                    LiquidationStarted(
                        account: 4, market: 2, size: 10_000, markPrice: 68_000_000_000, equity: 70_000_000,
                        maintenanceRequirement: 85_000_000)),
                #""liquidation_started","account":4,"market":"BTC-PERP","size":"0.00010000","#
                    + #""mark_price":"68000.000000","equity":"70.000000","maintenance_requirement":"85.000000"}"#
            ),
            (
                .liquidationEnded(
                    LiquidationEnded(account: 4, market: 2, size: 0, collateral: 0, insurancePaid: 1_200_000)),
                #""liquidation_ended","account":4,"market":"BTC-PERP","size":"0.00000000","collateral":"0.000000","#
                    + #""insurance_paid":"1.200000"}"#
            ),
            (
                .insuranceFund(InsuranceFundUpdate(account: 4, market: 2, amount: -1_200_000, balance: 998_800_000)),
                #""insurance_fund","account":4,"market":"BTC-PERP","amount":"-1.200000","balance":"998.800000"}"#
            ),
            (
                .deleveraged(
                    Deleveraged(
                        tradeId: 31, account: 4, counterparty: 7, market: 2, side: .buy, price: 68_100_000_000,
                        quantity: 10_000_000, size: -15_000_000)),
                #""deleveraged","trade_id":31,"account":4,"counterparty":7,"market":"BTC-PERP","side":"buy","#
                    + #""price":"68100.000000","quantity":"0.10000000","size":"-0.15000000"}"#
            ),
            (
                .indexPrice(IndexPriceUpdate(market: 2, indexPrice: 65_000_000_000, markPrice: 64_999_990_000)),
                #""index_price","market":"BTC-PERP","index_price":"65000.000000","mark_price":"64999.990000"}"#
            ),
        ]
        for (body, members) in cases {
            XCTAssertEqual(try encoded(body), head + members)
        }
    }
}
