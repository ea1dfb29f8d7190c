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
        let expected = try TestSupport.example("demo.expected.txt")
        if output.standardOutput != expected {
            let actualLines = output.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first =
                zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(actualLines.count, expectedLines.count)
            XCTFail(
                """
                demo output differs from Protocol/examples/demo.expected.txt at line \(first + 1):
                expected: \(first < expectedLines.count ? String(expectedLines[first]) : "<end>")
                actual:   \(first < actualLines.count ? String(actualLines[first]) : "<end>")
                """)
        }
    }

    func testIsDeterministic() throws {
        let first = try runDemo()
        let second = try runDemo()
        XCTAssertEqual(first, second)
    }

    func testCoversEveryEventType() throws {
        let output = try runDemo()
        for type in ["accepted", "rejected", "fill", "canceled", "replaced", "mass_cancel_done", "balance"] {
            XCTAssertTrue(output.standardOutput.contains("\"type\":\"\(type)\""), type)
        }
        for reason in CancelReason.allCases {
            XCTAssertTrue(output.standardOutput.contains("\"reason\":\"\(reason.name)\""), reason.name)
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

    /// Every asset's balances add up to what was deposited and not withdrawn: nothing is made or lost.
    func testConservesEveryAsset() throws {
        let simulation = try Simulation(configuration: TestSupport.demoConfiguration())
        _ = simulation.run(
            lines: try TestSupport.example("demo.jsonl").split(separator: "\n"), options: .init(), write: { _ in },
            report: { XCTFail($0) })
        let expected: [Int64] = [24 * 100_000_000, 150 * 100_000_000, 5_000_000 * 1_000_000]
        for asset in expected.indices {
            let total = simulation.engine.openAccounts.reduce(Int64(0)) { sum, account in
                let balance = simulation.engine.balance(account: account, asset: asset)!
                return sum + balance.available + balance.reserved
            }
            XCTAssertEqual(total, expected[asset], "asset \(asset)")
        }
    }
}
