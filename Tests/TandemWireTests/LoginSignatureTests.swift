import XCTest

@testable import TandemWire

/// SHA-256 and HMAC-SHA256 against published vectors, and login signing and checking.
final class LoginSignatureTests: XCTestCase {
    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    func testSHA256() {
        XCTAssertEqual(hex(SHA256.hash([])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(
            hex(SHA256.hash(Array("abc".utf8))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        XCTAssertEqual(hex(SHA256.hash(twoBlocks)), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(
            hex(SHA256.hash([UInt8](repeating: 0x61, count: 1_000))),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    func testHMACSHA256RFC4231() {
        XCTAssertEqual(
            hex(SHA256.authenticationCode(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        XCTAssertEqual(
            hex(
                SHA256.authenticationCode(
                    key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertEqual(
            hex(
                SHA256.authenticationCode(
                    key: [UInt8](repeating: 0xaa, count: 131),
                    message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// Whether `login`, framed (with `extra` bytes appended to its block), passes the check.
    private func check(_ login: Wire.Login, appending extra: [UInt8] = [], nonce: WireBytes32, key: String) throws
        -> Bool
    {
        var bytes = WireTesting.encode(.login(login)) + extra
        bytes[0] += UInt8(extra.count)
        let framer = WireFramer()
        _ = bytes.withUnsafeBytes { framer.append($0) }
        let frame = try XCTUnwrap(try framer.nextFrame())
        return withExtendedLifetime(framer) { LoginSignature.isValid(frame: frame, nonce: nonce, apiKey: key) }
    }

    func testSignedLoginsAreCheckedAgainstNonceKeyAndEveryByte() throws {
        let nonce = WireBytes32(words: (1, 2, 3, 4))
        var login = Wire.Login(
            account: 7, protocolVersion: 1, session: 0, nextSequence: 12, signature: WireBytes32(words: (0, 0, 0, 0)),
            cancelOnDisconnect: true)
        login.signature = LoginSignature.sign(login, nonce: nonce, apiKey: "secret")
        XCTAssertTrue(try check(login, nonce: nonce, key: "secret"))
        XCTAssertFalse(try check(login, nonce: nonce, key: "secreT"))
        XCTAssertFalse(try check(login, nonce: WireBytes32(words: (1, 2, 3, 5)), key: "secret"))
        var other = login
        other.nextSequence = 13
        XCTAssertFalse(try check(other, nonce: nonce, key: "secret"))
        // Bytes a later version appends are signed too.
        XCTAssertFalse(try check(login, appending: [1, 2], nonce: nonce, key: "secret"))
    }

    func testTheSignatureSitsAtItsOffset() {
        let login = Wire.Login(
            account: 0, protocolVersion: 0, session: 0, nextSequence: 0,
            signature: WireBytes32(words: (.max, .max, .max, .max)), cancelOnDisconnect: false)
        let bytes = WireTesting.encode(.login(login))
        let start = Wire.headerLength + LoginSignature.signatureOffset
        XCTAssertEqual(Array(bytes[start..<start + 32]), [UInt8](repeating: 0xFF, count: 32))
        XCTAssertEqual(bytes[3..<start].filter { $0 != 0 }, [])
    }
}
