import TandemEngine
import XCTest

@testable import TandemJSON

/// The bundled demo scenario, run in-process exactly as `tandem simulate Protocol/examples/demo.jsonl --summary`.
final class DemoScenarioTests: XCTestCase {
    private func runDemo() throws -> Simulation.Output {
        try Simulation.run(
            input: try TestSupport.example("demo.jsonl"), configuration: try TestSupport.demoConfiguration(),
            options: .init(summary: true))
    }

    func testMatchesTheGoldenFile() throws {
        let output = try runDemo()
        XCTAssertEqual(output.exitStatus, 0)
        XCTAssertEqual(output.standardError, "")
        try assertMatchesExample(output.standardOutput, "demo.expected.txt")
    }

    func testIsDeterministic() throws {
        let first = try runDemo()
        let second = try runDemo()
        XCTAssertEqual(first, second)
    }

    func testCoversEveryEventType() throws {
        let output = try runDemo()
        let types = [
            "accepted", "rejected", "fill", "pool_fill", "canceled", "replaced", "mass_cancel_done", "balance",
            "liquidity_added", "liquidity_removed",
        ]
        for type in types {
            XCTAssertTrue(output.standardOutput.contains("\"type\":\"\(type)\""), type)
        }
        // The demo's markets are spot: the perpetual reasons (margin call, liquidation) cannot occur in it.
        for reason in CancelReason.allCases where reason != .marginCall && reason != .liquidation {
            XCTAssertTrue(output.standardOutput.contains("\"reason\":\"\(reason.name)\""), reason.name)
        }
        for asset in ["USD", "BTC"] {
            XCTAssertTrue(output.standardOutput.contains("\"lp_fee_asset\":\"\(asset)\""), asset)
        }
    }

    /// The orders the simulator follows for replaces are exactly the engine's resting orders.
    func testFollowsTheLiveOrdersOfTheEngine() throws {
        let simulation = try Simulation(configuration: TestSupport.demoConfiguration())
        let input = try TestSupport.example("demo.jsonl")
        for line in input.split(separator: "\n") {
            _ = try simulation.apply(line: line)
            let resting = simulation.engine.configuration.markets.indices.map {
                simulation.engine.restingOrderCount(market: $0)
            }
            XCTAssertEqual(simulation.liveOrders.count, resting.reduce(0, +), String(line))
        }
        for market in simulation.engine.configuration.markets.indices {
            for side in Side.allCases {
                for order in simulation.engine.restingOrders(market: market, side: side) {
                    XCTAssertEqual(
                        simulation.liveOrders.market(account: order.account, reference: .orderId(order.orderId)),
                        market)
                    XCTAssertEqual(
                        simulation.liveOrders.market(
                            account: order.account, reference: .clientOrderId(order.clientOrderId)),
                        market)
                }
            }
        }
    }

    /// Every asset's balances, pool reserves and held LP fees add up to what was deposited (the pools' seed
    /// included) and not withdrawn: nothing is made or lost.
    func testConservesEveryAsset() throws {
        let simulation = try Simulation(configuration: TestSupport.demoConfiguration())
        _ = simulation.run(
            lines: try TestSupport.example("demo.jsonl").split(separator: "\n"), options: .init(), write: { _ in },
            report: { XCTFail($0) })
        // Deposits minus withdrawals, plus the seeded pools: BTC 100, ETH 1,000, USD 6,500,000 + 3,000,000.
        let expected: [Int64] = [
            126 * 100_000_000, 1_150 * 100_000_000, 14_640_000 * 1_000_000,
        ]
        let engine = simulation.engine
        for asset in expected.indices {
            var total = engine.openAccounts.reduce(Int64(0)) { sum, account in
                let balance = engine.balance(account: account, asset: asset)!
                return sum + balance.available + balance.reserved
            }
            for (market, configuration) in engine.configuration.markets.enumerated() {
                let pool = engine.pool(market: market)!
                if configuration.baseAsset == asset { total += pool.curve.base + pool.heldFeeBase }
                if configuration.quoteAsset == asset { total += pool.curve.quote + pool.heldFeeQuote }
            }
            XCTAssertEqual(total, expected[asset], "asset \(asset)")
        }
    }

    /// Every pool fill of the demo is priced within its taker's limit, and the pools end where the summary says.
    func testPoolFillsStayWithinTheTakersLimit() throws {
        let output = try runDemo()
        var limits: [String: String] = [:]
        var poolFills = 0
        for line in output.standardOutput.split(separator: "\n") where line.hasPrefix("{") {
            guard case .object(let members) = try JSONParser.parse(line),
                case .string(let type) = members["type"], case .number(let orderId) = members["order_id"] ?? .null
            else { continue }
            guard case .string(let price) = members["price"] else { continue }
            if type == "accepted" { limits[orderId] = price }
            guard type == "pool_fill", case .string(let side) = members["side"], let limit = limits[orderId] else {
                continue
            }
            poolFills += 1
            let fillPrice = try DecimalString.parse(price, decimals: 6)
            let limitPrice = try DecimalString.parse(limit, decimals: 6)
            XCTAssertTrue(side == "buy" ? fillPrice <= limitPrice : fillPrice >= limitPrice, String(line))
        }
        XCTAssertEqual(poolFills, 8)
    }
}
