// libFuzzer target for the wire decoder and framer; built by `make fuzz` into the TandemWire module itself.
//
// The input is a byte stream. It is framed twice, whole and in pieces of 1 to 7 bytes through a framer of the
// smallest capacity; both must give the same results. Every decoded message must be valid, re-encode to the
// bytes it came from (canonical), and decode again to itself. A failed check traps, which libFuzzer reports.

@_cdecl("LLVMFuzzerTestOneInput")
public func wireFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let whole = FuzzRun.results(of: input, chunk: max(size, 1))
    let pieces = FuzzRun.results(of: input, chunk: size % 7 + 1)
    guard whole == pieces else { fatalError("a split changed the decoded stream") }
    return 0
}

/// One framing of the input, checking each message on the way.
enum FuzzRun {
    /// What each frame gave: a message or an error.
    enum Outcome: Equatable {
        case message(Wire.Message)
        case failure(WireError)
    }

    static func results(of input: UnsafeRawBufferPointer, chunk: Int) -> [Outcome] {
        let framer = WireFramer(capacity: Wire.maxFrameLength)
        let output = WireOutputBuffer(capacity: Wire.maxFrameLength)
        var outcomes: [Outcome] = []
        var offset = 0
        while true {
            if offset < input.count {
                let end = min(input.count, offset + chunk)
                offset += framer.append(UnsafeRawBufferPointer(rebasing: input[offset..<end]))
            }
            do throws(WireError) {
                while let frame = try framer.nextFrame() {
                    _ = frame.clientId
                    do throws(WireError) {
                        let message = try frame.decode()
                        check(message, frame: frame, output: output)
                        outcomes.append(.message(message))
                    } catch {
                        outcomes.append(.failure(error))
                    }
                }
            } catch {
                outcomes.append(.failure(error))
                return outcomes
            }
            if offset == input.count { break }
        }
        do throws(WireError) {
            try framer.finish()
        } catch {
            outcomes.append(.failure(error))
        }
        return outcomes
    }

    static func check(_ message: Wire.Message, frame: WireFrame, output: WireOutputBuffer) {
        guard message.isValid else { fatalError("decoded an invalid \(message.messageType.name)") }
        output.removeAll()
        guard output.append(message) else { fatalError("a decoded message does not fit a maximum frame") }
        let encoded = output.bytes
        let blockLength = message.messageType.blockLength
        let received = UnsafeRawBufferPointer(start: frame.block, count: blockLength)
        guard encoded.count == Wire.headerLength + blockLength, encoded[2] == frame.messageType,
            UnsafeRawBufferPointer(rebasing: encoded[Wire.headerLength...]).elementsEqual(received)
        else { fatalError("\(message.messageType.name) does not re-encode to its bytes") }
        let again = try? Wire.Message(
            type: encoded[2], block: encoded.baseAddress! + Wire.headerLength,
            blockLength: blockLength)
        guard again == message else { fatalError("\(message.messageType.name) does not decode to itself") }
        if case .login = message {
            _ = LoginSignature.isValid(frame: frame, nonce: WireBytes32(words: (1, 2, 3, 4)), apiKey: "fuzz")
        }
    }
}
