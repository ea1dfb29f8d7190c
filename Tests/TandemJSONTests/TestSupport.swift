import Foundation
import TandemEngine
import TandemJSON
import XCTest

/// Paths and fixtures shared by the TandemJSON tests.
enum TestSupport {
    /// The package root, found from this file's path (Tests/TandemJSONTests/TestSupport.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let examples = packageRoot.appendingPathComponent("Protocol/examples")

    static func example(_ name: String) throws -> String {
        try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)
    }

    static func demoConfiguration() throws -> EngineConfiguration {
        try DemoConfiguration.configuration()
    }

    /// The configuration of the hybrid worked example: GEM-USD with a pool of 10,000 GEM and 1,000,000 USD.
    static func hybridConfiguration() throws -> EngineConfiguration {
        try ConfigurationDecoder.decode(example("hybrid-config.json"))
    }

    /// Runs `lines` (joined with newlines) on the demo configuration, or on `configuration`.
    static func simulate(
        _ lines: [String], configuration: EngineConfiguration? = nil, options: Simulation.Options = .init()
    ) throws -> Simulation.Output {
        try Simulation.run(
            input: lines.joined(separator: "\n") + "\n", configuration: configuration ?? demoConfiguration(),
            options: options)
    }

    /// The events of `lines` on the demo configuration (or `configuration`), parsed back, for checks on single
    /// members.
    static func events(_ lines: [String], configuration: EngineConfiguration? = nil) throws -> [[JSONMember]] {
        let output = try simulate(lines, configuration: configuration)
        XCTAssertEqual(output.standardError, "")
        return try output.standardOutput.split(separator: "\n").map { line in
            guard case .object(let members) = try JSONParser.parse(line) else {
                throw TestFailure("not an object: \(line)")
            }
            return members
        }
    }

    static let deposits = [
        #"{"type":"deposit","account":1,"asset":"USD","amount":"1000000"}"#,
        #"{"type":"deposit","account":2,"asset":"BTC","amount":"10"}"#,
        #"{"type":"deposit","account":2,"asset":"ETH","amount":"10"}"#,
    ]
}

/// Fails with the first differing line when `actual` is not the checked-in example file `name`.
func assertMatchesExample(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let expected = try TestSupport.example(name)
    guard actual != expected else { return }
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let first =
        zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(actualLines.count, expectedLines.count)
    XCTFail(
        """
        output differs from Protocol/examples/\(name) at line \(first + 1):
        expected: \(first < expectedLines.count ? String(expectedLines[first]) : "<end>")
        actual:   \(first < actualLines.count ? String(actualLines[first]) : "<end>")
        """, file: file, line: line)
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

extension Array where Element == JSONMember {
    /// The value of member `key`, if any.
    subscript(_ key: String) -> JSONValue? {
        first { $0.key == key }?.value
    }
}
