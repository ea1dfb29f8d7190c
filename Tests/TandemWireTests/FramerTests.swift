import TandemWire
import XCTest

/// The framer: any split of a stream gives the same messages; bad frames are errors, never traps.
final class FramerTests: XCTestCase {
    private func vectorStream() throws -> (bytes: [UInt8], messages: [Wire.Message]) {
        let vectors = try Vector.all()
        return (vectors.flatMap(\.bytes), try vectors.map { try $0.message() })
    }

    func testAStreamSplitAtEveryByteBoundaryDecodesToTheSameMessages() throws {
        let (bytes, messages) = try vectorStream()
        let expected = messages.map { Result<Wire.Message, WireError>.success($0) }
        XCTAssertEqual(WireTesting.decodeStream(bytes), expected)
        for split in 0...bytes.count {
            let framer = WireFramer(capacity: 4096)
            var decoded: [Wire.Message] = []
            for part in [bytes[..<split], bytes[split...]] {
                let copied = part.withUnsafeBytes { framer.append($0) }
                XCTAssertEqual(copied, part.count)
                while let message = try framer.nextMessage() {
                    decoded.append(message)
                }
            }
            try framer.finish()
            XCTAssertEqual(decoded, messages, "split at \(split)")
        }
    }

    func testByteByByteAndSmallBuffersDecodeTheSame() throws {
        let (bytes, messages) = try vectorStream()
        let expected = messages.map { Result<Wire.Message, WireError>.success($0) }
        for chunk in [1, 2, 3, 7, 64, 1000] {
            XCTAssertEqual(WireTesting.decodeStream(bytes, chunk: chunk, capacity: Wire.maxFrameLength), expected)
        }
    }

    func testReceivingInPlace() throws {
        let (bytes, messages) = try vectorStream()
        let framer = WireFramer(capacity: Wire.maxFrameLength)
        var offset = 0
        var decoded: [Wire.Message] = []
        while offset < bytes.count {
            let space = framer.writableSpace()
            let count = min(space.count, bytes.count - offset, 5)
            space.copyBytes(from: bytes[offset..<offset + count])
            framer.didWrite(count)
            offset += count
            while let message = try framer.nextMessage() {
                decoded.append(message)
            }
        }
        XCTAssertEqual(decoded, messages)
        XCTAssertEqual(framer.bufferedByteCount, 0)
    }

    func testAnOversizeFrameIsAnErrorThatStaysAndEndsTheStream() {
        let bytes: [UInt8] = [0xFE, 0x03, 0x10] + [UInt8](repeating: 0, count: 20)
        XCTAssertEqual(WireTesting.decodeStream(bytes), [.failure(.frameTooLarge(frameLength: 1025))])
        let framer = WireFramer()
        _ = bytes.withUnsafeBytes { framer.append($0) }
        for _ in 0..<2 {
            XCTAssertThrowsError(try framer.nextFrame()) { error in
                XCTAssertEqual(error as? WireError, .frameTooLarge(frameLength: 1025))
            }
        }
        XCTAssertThrowsError(try framer.finish())
    }

    func testTheLargestFrameIsAccepted() throws {
        let blockLength = Wire.maxFrameLength - Wire.headerLength
        let header = [UInt8(blockLength & 0xFF), UInt8(blockLength >> 8), 0x05]
        let bytes = header + [UInt8](repeating: 7, count: blockLength)
        XCTAssertEqual(WireTesting.decodeStream(bytes), [.success(.heartbeat(Wire.Heartbeat()))])
    }

    func testAStreamEndingInsideAFrameIsTruncated() throws {
        let bytes = try Vector.load("new_order").bytes
        for cut in 1..<bytes.count {
            XCTAssertEqual(
                WireTesting.decodeStream(Array(bytes[..<cut])), [.failure(.truncatedFrame(bufferedBytes: cut))])
        }
    }

    func testAShortBlockIsATruncatedMessageAndTheStreamGoesOn() throws {
        let newOrder = try Vector.load("new_order").bytes
        let short: [UInt8] = [33, 0, 0x10] + newOrder[3..<36]
        let heartbeat: [UInt8] = [0, 0, 5]
        XCTAssertEqual(
            WireTesting.decodeStream(short + heartbeat),
            [.failure(.truncatedMessage(.newOrder, blockLength: 33)), .success(.heartbeat(Wire.Heartbeat()))])
    }

    func testAnUnknownTypeIsAnErrorAndTheStreamGoesOn() throws {
        let unknown: [UInt8] = [2, 0, 0xC8, 1, 2]
        let heartbeat: [UInt8] = [0, 0, 5]
        XCTAssertEqual(
            WireTesting.decodeStream(unknown + heartbeat),
            [.failure(.unknownMessageType(0xC8)), .success(.heartbeat(Wire.Heartbeat()))])
    }

    func testBytesAppendedByALaterVersionAreSkipped() throws {
        let vector = try Vector.load("new_order")
        var longer = vector.bytes + [9, 9, 9, 9]
        longer[0] += 4
        XCTAssertEqual(WireTesting.decodeStream(longer), [.success(try vector.message())])
    }

    func testInvalidFieldValuesAreRefusedWithTheirOffset() throws {
        let newOrder = try Vector.load("new_order").bytes
        func decodeWith(_ offset: Int, _ value: UInt8) -> [Result<Wire.Message, WireError>] {
            var bytes = newOrder
            bytes[Wire.headerLength + offset] = value
            return WireTesting.decodeStream(bytes)
        }
        XCTAssertEqual(decodeWith(28, 3), [.failure(.invalidValue(.newOrder, offset: 28))])  // side
        XCTAssertEqual(decodeWith(31, 2), [.failure(.invalidValue(.newOrder, offset: 31))])  // post_only
        XCTAssertEqual(decodeWith(33, 5), [.failure(.invalidValue(.newOrder, offset: 33))])  // self_trade
        XCTAssertFalse(Wire.CancelOrder(requestId: 5, orderId: 1, clientOrderId: 2).isValid)
        XCTAssertFalse(Wire.MassCancel(requestId: 5, market: .max, side: nil).isValid)
        XCTAssertFalse(Wire.ReplaceOrder(requestId: 5, orderId: 1, clientOrderId: 0, price: .min).isValid)
        XCTAssertTrue(Wire.ReplaceOrder(requestId: 5, orderId: 1, clientOrderId: 0, price: .max).isValid)
        var both = try Vector.load("cancel_order").bytes
        both[Wire.headerLength + 8] = 1
        XCTAssertEqual(WireTesting.decodeStream(both), [.failure(.invalidValue(.cancelOrder, offset: 8))])
        var neither = try Vector.load("cancel_order").bytes
        for index in Wire.headerLength + 8..<neither.count { neither[index] = 0 }
        XCTAssertEqual(WireTesting.decodeStream(neither), [.failure(.invalidValue(.cancelOrder, offset: 8))])
    }

    func testSymbolsMustBePrintableAndZeroPadded() throws {
        let vector = try Vector.load("asset_definition").bytes
        let symbolStart = Wire.headerLength + 21
        for (index, byte) in [(0, UInt8(0)), (0, 0x20), (1, 0x80), (5, 0x41)] {
            var bytes = vector
            bytes[symbolStart + index] = byte
            XCTAssertEqual(WireTesting.decodeStream(bytes), [.failure(.invalidValue(.assetDefinition, offset: 21))])
        }
        XCTAssertNil(WireSymbol(""))
        XCTAssertNil(WireSymbol("BTC USD"))
        XCTAssertNil(WireSymbol(String(repeating: "A", count: 17)))
        XCTAssertEqual(WireSymbol(String(repeating: "A", count: 16))?.text, String(repeating: "A", count: 16))
    }

    func testFrameClientIdNamesARequestEvenWhenItsFieldsAreInvalid() throws {
        var bytes = try Vector.load("new_order").bytes
        bytes[Wire.headerLength + 28] = 9
        let framer = WireFramer()
        _ = bytes.withUnsafeBytes { framer.append($0) }
        let frame = try XCTUnwrap(try framer.nextFrame())
        XCTAssertEqual(frame.clientId, 1001)
        XCTAssertThrowsError(try frame.decode())
        let heartbeat: [UInt8] = [0, 0, 5]
        _ = heartbeat.withUnsafeBytes { framer.append($0) }
        XCTAssertNil(try XCTUnwrap(try framer.nextFrame()).clientId)
    }

    func testTheOutputBufferRefusesWhatDoesNotFitAndDropsSentBytes() throws {
        let buffer = WireOutputBuffer(capacity: Wire.maxFrameLength)
        let order = try Vector.load("new_order")
        guard case .newOrder(let newOrder) = try order.message() else { return XCTFail() }
        var frames = 0
        while buffer.append(newOrder) {
            frames += 1
        }
        XCTAssertEqual(frames, Wire.maxFrameLength / order.bytes.count)
        XCTAssertEqual(buffer.count, frames * order.bytes.count)
        buffer.removeFirst(order.bytes.count + 1)
        XCTAssertEqual(Array(buffer.bytes.prefix(order.bytes.count - 1)), Array(order.bytes.dropFirst()))
        buffer.removeAll()
        XCTAssertEqual(buffer.count, 0)
        XCTAssertTrue(buffer.append(Wire.Message.newOrder(newOrder)))
        XCTAssertEqual(Array(buffer.bytes), order.bytes)
    }

    func testMessagesHoldNoReferencesSoCodingThemCannotAllocate() {
        XCTAssertTrue(_isPOD(Wire.Message.self))
        XCTAssertTrue(_isPOD(Wire.NewOrder.self))
        XCTAssertTrue(_isPOD(Wire.InstrumentDefinition.self))
        XCTAssertTrue(_isPOD(WireFrame.self))
        XCTAssertLessThanOrEqual(MemoryLayout<Wire.Message>.size, 160)
    }
}
