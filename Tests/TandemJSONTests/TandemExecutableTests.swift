import Foundation
import XCTest

/// Runs the built `tandem` executable as a subprocess: exit statuses, messages, and the demo end to end.
final class TandemExecutableTests: XCTestCase {
    private struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The `tandem` executable in the build products folder that holds this test bundle.
    private func executable() throws -> URL {
        let testBinary = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var folder = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("tandem")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        throw TestFailure("no tandem executable near \(testBinary.path); build the package first")
    }

    private func run(_ arguments: [String], input: String = "") throws -> Run {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = TestSupport.packageRoot
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let error = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: error, as: UTF8.self))
    }

    private func temporaryFile(_ contents: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-test-\(UUID().uuidString)")
        try Data(contents.utf8).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testABadLineFailsWithItsLineNumberAndField() throws {
        let badOrder =
            #"{"type":"new_order","account":1,"market":"BTC-USD","client_order_id":1,"side":"buy","#
            + #""price":"100.0000005","quantity":"1"}"#
        let input = [TestSupport.deposits[0], badOrder, TestSupport.deposits[1]].joined(separator: "\n") + "\n"
        let result = try run(["simulate", "-"], input: input)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(
            result.standardError,
            "line 2: field \"price\": \"100.0000005\" has more decimals than the quote asset USD allows (6)\n")
        XCTAssertEqual(result.standardOutput.split(separator: "\n").count, 1)

        let kept = try run(["simulate", "--keep-going"], input: input)
        XCTAssertEqual(kept.status, 1)
        XCTAssertTrue(kept.standardError.hasSuffix("1 bad input line skipped\n"), kept.standardError)
        XCTAssertEqual(kept.standardOutput.split(separator: "\n").count, 2)
    }

    func testRunsTheDemoLikeTheLibrary() throws {
        let result = try run(["simulate", "Protocol/examples/demo.jsonl", "--summary"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.standardError, "")
        XCTAssertEqual(result.standardOutput, try TestSupport.example("demo.expected.txt"))
    }

    func testRunsTheHybridExampleWithItsConfiguration() throws {
        let result = try run([
            "simulate", "Protocol/examples/hybrid.jsonl", "--config", "Protocol/examples/hybrid-config.json",
            "--summary",
        ])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.standardError, "")
        XCTAssertEqual(result.standardOutput, try TestSupport.example("hybrid.expected.txt"))
    }

    func testReadsAConfigurationFile() throws {
        let configuration = try temporaryFile(
            """
            {"assets": [{"symbol": "A", "decimals": 0}, {"symbol": "B", "decimals": 2}],
             "markets": [{"symbol": "A-B", "base": "A", "quote": "B", "tick_size": "0.01", "lot_size": "1",
                          "min_quantity": "1", "max_quantity": "10", "price_band_ppm": 0, "reference_price": "1",
                          "maker_fee_ppm": 0, "taker_fee_ppm": 0}]}
            """)
        let result = try run(
            ["simulate", "--config", configuration.path],
            input: #"{"type":"deposit","account":9,"asset":"B","amount":"2.5"}"# + "\n")
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(
            result.standardOutput,
            #"{"seq":1,"ts":0,"type":"balance","account":9,"asset":"B","available":"2.50","reserved":"0.00"}"# + "\n")
    }

    func testABadConfigurationFailsNamingTheField() throws {
        let configuration = try temporaryFile(#"{"assets": [{"symbol": "A", "decimals": "2"}], "markets": []}"#)
        let result = try run(["simulate", "--config", configuration.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(
            result.standardError,
            "tandem: configuration \(configuration.path): field \"assets[0].decimals\": expected an integer, "
                + "found a string\n")
        XCTAssertEqual(result.standardOutput, "")
    }

    func testAMissingFileFails() throws {
        let result = try run(["simulate", "/nonexistent/commands.jsonl"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(
            result.standardError, "tandem: cannot open /nonexistent/commands.jsonl: No such file or directory\n")
    }

    func testReportsTheLibUVVersion() throws {
        let result = try run(["version"])
        XCTAssertEqual(result.status, 0)
        let lines = result.standardOutput.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].hasPrefix("tandem "), result.standardOutput)
        XCTAssertTrue(lines[1].hasPrefix("libuv 1."), result.standardOutput)
    }
}
