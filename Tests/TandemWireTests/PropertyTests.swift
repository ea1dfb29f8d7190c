import TandemWire
import XCTest

/// Random and mutated bytes never trap the decoder, and whatever decodes is valid and re-encodes to the bytes
/// it came from.
final class PropertyTests: XCTestCase {
    /// SplitMix64: a small deterministic generator, so a failure can be replayed from its seed.
    private struct SplitMix64: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476C_E5E4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Reads every frame of `bytes` and checks each decoded message against its frame.
    private func checkStream(_ bytes: [UInt8], _ context: @autoclosure () -> String) -> (decoded: Int, errors: Int) {
        let framer = WireFramer(capacity: Wire.maxFrameLength)
        var decoded = 0
        var errors = 0
        var offset = 0
        bytes.withUnsafeBytes { all in
            while true {
                offset += framer.append(UnsafeRawBufferPointer(rebasing: all[offset...]))
                do throws(WireError) {
                    guard let frame = try framer.nextFrame() else {
                        if offset == all.count { return }
                        continue
                    }
                    do throws(WireError) {
                        let message = try frame.decode()
                        decoded += 1
                        checkMessage(message, frame: frame, context())
                    } catch {
                        errors += 1
                    }
                } catch {
                    errors += 1
                    return
                }
            }
        }
        return (decoded, errors)
    }

    private func checkMessage(_ message: Wire.Message, frame: WireFrame, _ context: String) {
        XCTAssertTrue(message.isValid, "\(context): decoded an invalid \(message.messageType.name)")
        let encoded = WireTesting.encode(message)
        let blockLength = message.messageType.blockLength
        let original = Array(UnsafeRawBufferPointer(start: frame.block, count: blockLength))
        XCTAssertEqual(Array(encoded[Wire.headerLength...]), original, "\(context): not canonical")
        XCTAssertEqual(encoded[2], frame.messageType)
        XCTAssertEqual(WireTesting.decodeStream(encoded), [.success(message)], context)
    }

    func testRandomBytesNeverTrapAndNeverDecodeIntoInvalidMessages() {
        var random = SplitMix64(state: 1)
        for round in 0..<2_000 {
            let count = Int.random(in: 0...300, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = checkStream(bytes, "random round \(round)")
        }
    }

    func testRandomFramesOfKnownTypesDecodeOnlyIntoValidMessages() {
        var random = SplitMix64(state: 2)
        let types = Wire.MessageType.allCases
        var decoded = 0
        for round in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let type = types.randomElement(using: &random)!
                let blockLength = max(0, type.blockLength + Int.random(in: -2...3, using: &random))
                bytes += [UInt8(blockLength & 0xFF), UInt8(blockLength >> 8), type.rawValue]
                // Mostly small values, so that enumerations, booleans and symbols are sometimes valid.
                bytes += (0..<blockLength).map { _ in
                    Bool.random(using: &random)
                        ? UInt8.random(in: 0...2, using: &random) : UInt8.random(in: 0...255, using: &random)
                }
            }
            decoded += checkStream(bytes, "frames round \(round)").decoded
        }
        XCTAssertGreaterThan(decoded, 1_000, "the generator should reach valid messages")
    }

    func testMutatedVectorsNeverTrapAndNeverDecodeIntoInvalidMessages() throws {
        var random = SplitMix64(state: 3)
        let vectors = try Vector.all()
        for round in 0..<20_000 {
            var bytes = vectors.randomElement(using: &random)!.bytes
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                case 2: bytes.removeLast(min(bytes.count - 1, Int.random(in: 1...4, using: &random)))
                default: bytes += [UInt8.random(in: 0...255, using: &random)]
                }
            }
            _ = checkStream(bytes, "mutation round \(round)")
        }
    }
}
