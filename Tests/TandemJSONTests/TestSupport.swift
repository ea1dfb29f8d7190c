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

    /// Runs `lines` (joined with newlines) on the demo configuration.
    static func simulate(_ lines: [String], options: Simulation.Options = .init()) throws -> Simulation.Output {
        try Simulation.run(
            input: lines.joined(separator: "\n") + "\n", configuration: demoConfiguration(), options: options)
    }

    /// The events of `lines` on the demo configuration, parsed back, for checks on single members.
    static func events(_ lines: [String]) throws -> [[JSONMember]] {
        let output = try simulate(lines)
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
