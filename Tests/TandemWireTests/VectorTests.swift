import TandemWire
import XCTest

/// Every vector of `Protocol/vectors` decodes to its JSON and its JSON encodes to its bytes.
final class VectorTests: XCTestCase {
    func testEveryMessageTypeHasAVector() throws {
        let vectors = try Vector.all()
        let covered = Set(vectors.map(\.messageName))
        for type in Wire.MessageType.allCases {
            XCTAssertTrue(covered.contains(type.name), "no vector for \(type.name)")
        }
        for vector in vectors {
            XCTAssertEqual(vector.name, vector.messageName, "a vector file is named after its message")
            XCTAssertEqual(Wire.MessageType(name: vector.messageName)?.rawValue, vector.typeCode, vector.name)
        }
    }

    func testVectorsDecodeToTheirJSON() throws {
        for vector in try Vector.all() {
            let results = WireTesting.decodeStream(vector.bytes)
            guard results.count == 1, case .success(let message) = results[0] else {
                XCTFail("\(vector.name): expected one message, got \(results)")
                continue
            }
            XCTAssertEqual(message.messageType.name, vector.messageName)
            let decoded = vectorFields(of: message)
            let expected = try vector.fieldValues()
            XCTAssertEqual(decoded.map(\.0), expected.map(\.0), "\(vector.name): field names and order")
            for ((name, value), (_, expectedValue)) in zip(decoded, expected) {
                XCTAssertEqual(value, expectedValue, "\(vector.name).\(name)")
            }
            XCTAssertTrue(message.isValid, vector.name)
        }
    }

    func testVectorsEncodeToTheirBytes() throws {
        for vector in try Vector.all() {
            let message = try vector.message()
            XCTAssertEqual(WireTesting.encode(message), vector.bytes, vector.name)
        }
    }

    func testTheLoginVectorIsSignedWithTheExampleKeyOverTheChallengeVector() throws {
        guard case .challenge(let challenge) = try Vector.load("challenge").message(),
            case .login(let login) = try Vector.load("login").message()
        else { return XCTFail("unexpected vector messages") }
        XCTAssertEqual(LoginSignature.sign(login, nonce: challenge.nonce, apiKey: "tandem-demo-key-1"), login.signature)
    }
}
