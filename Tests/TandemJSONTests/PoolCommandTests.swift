import TandemEngine
import XCTest

@testable import TandemJSON

/// Liquidity commands and pool events on the hybrid example's market: GEM (3 decimals) against USD (2), a pool
/// of 10,000 GEM and 1,000,000 USD with a 0.3 % LP fee, a 0.1 % taker fee.
final class PoolCommandTests: XCTestCase {
    private let funding = [
        #"{"type":"deposit","account":3,"asset":"GEM","amount":"10000"}"#,
        #"{"type":"deposit","account":3,"asset":"USD","amount":"1000000"}"#,
        #"{"type":"deposit","account":1,"asset":"GEM","amount":"10000"}"#,
        #"{"type":"deposit","account":2,"asset":"USD","amount":"10000"}"#,
    ]

    private func order(_ account: Int, _ side: String, _ price: String, _ quantity: String) -> String {
        #"{"type":"new_order","account":\#(account),"market":"GEM-USD","client_order_id":1,"side":"\#(side)","#
            + #""time_in_force":"ioc","price":"\#(price)","quantity":"\#(quantity)"}"#
    }

    /// The events of `lines` other than balance updates.
    private func run(_ lines: [String]) throws -> [String] {
        let output = try TestSupport.simulate(lines, configuration: TestSupport.hybridConfiguration())
        XCTAssertEqual(output.standardError, "")
        return output.standardOutput.split(separator: "\n").map(String.init).filter {
            !$0.contains(#""type":"balance""#)
        }
    }

    /// Account 3 doubles the pool, a buyer and a seller trade with it, and account 3 takes out its half with the
    /// LP fees its shares earned: half of 1.51 USD and of 0.015 GEM, rounded down.
    func testWritesEveryMemberOfLiquidityAndPoolFillEvents() throws {
        let lines = try run(
            funding + [
                #"{"type":"add_liquidity","account":3,"market":"GEM-USD","max_base":"10000","max_quote":"1000000"}"#,
                order(2, "buy", "101", "5"), order(1, "sell", "99", "5"),
                #"{"type":"remove_liquidity","account":3,"market":"GEM-USD","shares":"31622776"}"#,
            ])
        let added: String =
            #"{"seq":5,"ts":0,"type":"liquidity_added","account":3,"market":"GEM-USD","base":"10000.000","#
            + #""quote":"1000000.00","shares":31622776}"#
        let buy: String =
            #"{"seq":9,"ts":0,"type":"pool_fill","trade_id":1,"order_id":1,"client_order_id":1,"account":2,"#
            + #""market":"GEM-USD","side":"buy","price":"100.33","quantity":"5.000","quote_amount":"501.64","#
            + #""lp_fee":"1.51","lp_fee_asset":"USD","fee":"0.51","remaining":"0.000"}"#
        let sell: String =
            #"{"seq":14,"ts":0,"type":"pool_fill","trade_id":2,"order_id":2,"client_order_id":1,"account":1,"#
            + #""market":"GEM-USD","side":"sell","price":"99.72","quantity":"5.000","quote_amount":"498.62","#
            + #""lp_fee":"0.015","lp_fee_asset":"GEM","fee":"0.50","remaining":"0.000"}"#
        let removed: String =
            #"{"seq":18,"ts":0,"type":"liquidity_removed","account":3,"market":"GEM-USD","shares":31622776,"#
            + #""base":"9999.992","quote":"1000000.75","fee_base":"0.007","fee_quote":"0.75"}"#
        XCTAssertEqual(lines.filter { !$0.contains(#""type":"accepted""#) }, [added, buy, sell, removed])
    }

    /// A taker that the pool fills completely has left: the simulator no longer reads replaces in its market.
    func testForgetsATakerThePoolFilled() throws {
        let simulation = try Simulation(configuration: TestSupport.hybridConfiguration())
        for line in funding + [order(2, "buy", "101", "5")] {
            _ = try simulation.apply(line: line[...])
        }
        XCTAssertTrue(simulation.engine.events.contains { if case .poolFill = $0.body { true } else { false } })
        XCTAssertEqual(simulation.liveOrders.count, 0)
        XCTAssertNil(simulation.liveOrders.market(account: 2, reference: .orderId(1)))
    }

    /// Shares are integers written as numbers or as strings of digits; both read the same.
    func testSharesAreNumbersOrStrings() throws {
        let add = #"{"type":"add_liquidity","account":3,"market":"GEM-USD","max_base":"10","max_quote":"1000","#
        let remove = #"{"type":"remove_liquidity","account":3,"market":"GEM-USD","shares":"#
        let lines = try run(
            funding + [
                add + #""min_shares":31622}"#, add + #""min_shares":"31622"}"#, remove + "31621}",
                remove + #""31621"}"#, remove + #""3"}"#,
            ])
        let liquidity = lines.filter { $0.contains("liquidity_") || $0.contains("rejected") }
        XCTAssertEqual(liquidity.count, 5)
        XCTAssertTrue(liquidity[0].hasSuffix(#""shares":31622}"#), liquidity[0])
        XCTAssertTrue(liquidity[1].hasSuffix(#""shares":31622}"#), liquidity[1])
        XCTAssertTrue(liquidity[2].contains(#""shares":31621,"#), liquidity[2])
        XCTAssertTrue(liquidity[3].contains(#""shares":31621,"#), liquidity[3])
        XCTAssertTrue(liquidity[4].hasSuffix(#""reason":"insufficient_shares"}"#), liquidity[4])
    }

    /// The reject reasons of the liquidity commands on a market with a funded pool, from JSON to `rejected`.
    func testRejectsLiquidityCommandsWithTheEnginesReasons() throws {
        let add = #"{"type":"add_liquidity","market":"GEM-USD","#
        let remove = #"{"type":"remove_liquidity","market":"GEM-USD","#
        let cases: [(line: String, account: Int, reason: String)] = [
            (add + #""account":3,"max_base":"0","max_quote":"100"}"#, 3, "invalid_amount"),
            (add + #""account":3,"max_base":"10","max_quote":"-1"}"#, 3, "invalid_amount"),
            (add + #""account":3,"max_base":"10.5","max_quote":"1000"}"#, 3, "quantity_not_on_lot"),
            (add + #""account":3,"max_base":"10","max_quote":"0.01"}"#, 3, "liquidity_too_small"),
            (add + #""account":3,"max_base":"10","max_quote":"1000","min_shares":40000}"#, 3, "slippage"),
            (add + #""account":3,"max_base":"100000","max_quote":"10000000"}"#, 3, "insufficient_balance"),
            (add + #""account":8,"max_base":"1","max_quote":"1"}"#, 8, "unknown_account"),
            (remove + #""account":3,"shares":0}"#, 3, "invalid_amount"),
            (remove + #""account":3,"shares":1,"min_base":"-1"}"#, 3, "invalid_amount"),
            (remove + #""account":3,"shares":1}"#, 3, "insufficient_shares"),
            (remove + #""account":9,"shares":1000,"min_quote":"100"}"#, 9, "slippage"),
        ]
        for (line, account, reason) in cases {
            let command = line.contains("add_liquidity") ? "add_liquidity" : "remove_liquidity"
            XCTAssertEqual(
                try run(funding + [line]).last,
                #"{"seq":5,"ts":0,"type":"rejected","account":\#(account),"command":"\#(command)","reference":0,"#
                    + #""reason":"\#(reason)"}"#, line)
        }
    }

    /// GEM-USD with an empty pool, GEM-EUR without one.
    private func emptyPoolConfiguration() throws -> EngineConfiguration {
        try ConfigurationDecoder.decode(
            """
            {"assets": [{"symbol": "GEM", "decimals": 3}, {"symbol": "USD", "decimals": 2},
                        {"symbol": "EUR", "decimals": 2}],
             "markets": [
               {"symbol": "GEM-USD", "base": "GEM", "quote": "USD", "tick_size": "0.01", "lot_size": "1",
                "min_quantity": "1", "max_quantity": "1000", "price_band_ppm": 0, "reference_price": "0",
                "maker_fee_ppm": 0, "taker_fee_ppm": 0, "pool": {"fee_ppm": 3000}},
               {"symbol": "GEM-EUR", "base": "GEM", "quote": "EUR", "tick_size": "0.01", "lot_size": "1",
                "min_quantity": "1", "max_quantity": "1000", "price_band_ppm": 0, "reference_price": "0",
                "maker_fee_ppm": 0, "taker_fee_ppm": 0}]}
            """)
    }

    /// `no_pool`, `empty_pool`, and `pool_would_cross`: a first deposit priced at 100 would buy the ask at 90.
    func testRejectsWhatAnEmptyPoolOrAMissingOneCannotDo() throws {
        let lines = [
            #"{"type":"deposit","account":1,"asset":"GEM","amount":"20000"}"#,
            #"{"type":"deposit","account":1,"asset":"USD","amount":"2000000"}"#,
            #"{"type":"deposit","account":1,"asset":"EUR","amount":"1000"}"#,
            #"{"type":"add_liquidity","account":1,"market":"GEM-EUR","max_base":"1","max_quote":"100"}"#,
            #"{"type":"remove_liquidity","account":1,"market":"GEM-USD","shares":1}"#,
            #"{"type":"new_order","account":1,"market":"GEM-USD","client_order_id":1,"side":"sell","#
                + #""price":"90","quantity":"1"}"#,
            #"{"type":"add_liquidity","account":1,"market":"GEM-USD","max_base":"10000","max_quote":"1000000"}"#,
            #"{"type":"add_liquidity","account":1,"market":"GEM-USD","max_base":"10000","max_quote":"800000"}"#,
        ]
        let output = try TestSupport.simulate(
            lines, configuration: emptyPoolConfiguration(), options: .init(summary: true))
        let events = output.standardOutput.split(separator: "\n").filter { $0.hasPrefix("{") }
        let reasons = events.compactMap { line -> String? in
            guard let range = line.range(of: #""reason":""#) else { return nil }
            return String(line[range.upperBound...].prefix { $0 != "\"" })
        }
        XCTAssertEqual(reasons, ["no_pool", "empty_pool", "pool_would_cross"])
        XCTAssertTrue(
            events.contains {
                $0.contains(#""type":"liquidity_added","account":1,"market":"GEM-USD","base":"10000.000","#)
            })
    }

    /// A pool without liquidity is listed with zero reserves and no positions; a market without a pool has no
    /// pool or depth section.
    func testSummarizesAnEmptyPoolAndNoPoolForAMarketWithout() throws {
        let output = try TestSupport.simulate(
            [
                #"{"type":"deposit","account":1,"asset":"USD","amount":"1000"}"#,
                #"{"type":"new_order","account":1,"market":"GEM-USD","client_order_id":1,"side":"buy","#
                    + #""price":"99.5","quantity":"2"}"#,
            ], configuration: emptyPoolConfiguration(), options: .init(summary: true))
        let summary = output.standardOutput[output.standardOutput.range(of: "--- summary ---\n")!.upperBound...]
        XCTAssertTrue(
            summary.hasPrefix(
                """
                book GEM-USD (no trade yet)
                  side  price  quantity  orders
                  buy   99.50     2.000       1
                pool GEM-USD (fee 3000 ppm)
                                  GEM   USD
                  reserves      0.000  0.00
                  held LP fees  0.000  0.00
                  total shares 0 (0 locked)
                  (no positions)
                depth GEM-USD (best 5 prices per side, book and pool)
                  side  price   book  orders   pool
                  buy   99.50  2.000       1  0.000
                book GEM-EUR (no trade yet)
                  (empty)
                balances

                """), String(summary))
    }
}
