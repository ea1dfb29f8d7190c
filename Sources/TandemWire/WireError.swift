/// Why bytes could not be read as a message.
///
/// Only `frameTooLarge` leaves a stream unreadable (the receiver cannot know where the next frame starts);
/// after any other error the frame has been consumed and the next one can be read.
public enum WireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A frame header announces more than `Wire.maxFrameLength` bytes.
    case frameTooLarge(frameLength: Int)
    /// The stream ended inside a frame, with this many bytes of it received.
    case truncatedFrame(bufferedBytes: Int)
    /// The type code is not in the schema.
    case unknownMessageType(UInt8)
    /// The block is shorter than the message's block length.
    case truncatedMessage(Wire.MessageType, blockLength: Int)
    /// A field holds a value its type does not allow: an unknown enumeration code, a boolean other than 0 or 1,
    /// a malformed symbol, an optional integer's null where a value is required, or a broken cross-field rule.
    case invalidValue(Wire.MessageType, offset: Int)

    public var description: String {
        switch self {
        case .frameTooLarge(let frameLength):
            "frame of \(frameLength) bytes exceeds the maximum of \(Wire.maxFrameLength)"
        case .truncatedFrame(let bufferedBytes):
            "stream ended inside a frame (\(bufferedBytes) bytes of it received)"
        case .unknownMessageType(let code):
            "unknown message type \(code)"
        case .truncatedMessage(let type, let blockLength):
            "\(type.name) block of \(blockLength) bytes is shorter than its \(type.blockLength)"
        case .invalidValue(let type, let offset):
            "\(type.name): invalid value in the field at offset \(offset)"
        }
    }
}
