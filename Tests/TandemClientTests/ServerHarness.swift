import XCTest

extension XCTestCase {
    /// Starts a fake server running `script` for each connection, runs `body` with its port, and fails the test
    /// with the server's recorded failures.
    func withServer(
        _ script: @escaping @Sendable (FakeServer, FakePeer, Int) throws -> Void,
        _ body: (Int) throws -> Void,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let server = try FakeServer(script: script)
        do {
            try body(server.port)
        } catch {
            XCTFail("client: \(error); server: \(server.stop())", file: file, line: line)
            return
        }
        XCTAssertEqual(server.stop(), [], file: file, line: line)
    }
}
