import TandemEngine
import TandemJSON
import XCTest

/// The README's worked example: one taker buy walking two ask levels and the pool between them.
final class HybridExampleTests: XCTestCase {
    private func runExample() throws -> Simulation.Output {
        try Simulation.run(
            input: try TestSupport.example("hybrid.jsonl"), configuration: try TestSupport.hybridConfiguration(),
            options: .init(summary: true))
    }

    func testMatchesTheGoldenFile() throws {
        let output = try runExample()
        XCTAssertEqual(output.exitStatus, 0)
        XCTAssertEqual(output.standardError, "")
        try assertMatchesExample(output.standardOutput, "hybrid.expected.txt")
    }

    /// The taker meets, in order: the pool below 100.50, the 100.50 level, the pool below 100.80, the 100.80
    /// level, the pool up to its limit; each pool chunk's average price lies between the prices around it.
    func testTheTakerWalksPoolAndBookInPriceOrder() throws {
        let output = try runExample()
        let trades = try output.standardOutput.split(separator: "\n").compactMap { line -> (String, String)? in
            guard line.hasPrefix("{"), case .object(let members) = try JSONParser.parse(line),
                case .string(let type) = members["type"], type == "pool_fill" || type == "fill",
                members["liquidity"] != .string("maker"), case .string(let price) = members["price"]
            else { return nil }
            return (type, price)
        }
        XCTAssertEqual(trades.map(\.0), ["pool_fill", "fill", "pool_fill", "fill", "pool_fill"])
        XCTAssertEqual(trades.map(\.1), ["100.41", "100.50", "100.66", "100.80", "100.91"])
    }
}
