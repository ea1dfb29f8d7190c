import Foundation
import XCTest

/// A fresh temporary directory for one test, removed when the test ends.
enum TestDirectory {
    static func make(_ test: XCTestCase) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-journal-\(UUID().uuidString)")
            .path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// A copy of `path` in a new temporary directory (removed when the test ends).
    static func copy(_ path: String, _ test: XCTestCase) throws -> String {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-journal-\(UUID().uuidString)")
            .path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: copy) }
        return copy
    }
}
