/// One complete frame in a framer's buffer: its type code and its block.
///
/// The block points into the framer's buffer and stays valid until the framer is next written to.
public struct WireFrame {
    /// The type code from the header, known to the schema or not.
    public let messageType: UInt8
    public let block: UnsafeRawPointer
    /// The block length from the header; it may exceed the schema's for a message of a later version.
    public let blockLength: Int

    @inlinable
    init(messageType: UInt8, block: UnsafeRawPointer, blockLength: Int) {
        self.messageType = messageType
        self.block = block
        self.blockLength = blockLength
    }

    /// The frame's message; the frame stays consumed when this throws.
    @inlinable
    public func decode() throws(WireError) -> Wire.Message {
        try Wire.Message(type: messageType, block: block, blockLength: blockLength)
    }

    /// The client id an order-entry request starts with, when the frame is one and is long enough to hold it,
    /// so that a refusal can name the request even when its other fields are invalid.
    public var clientId: UInt64? {
        guard let type = Wire.MessageType(rawValue: messageType), type.isOrderEntryRequest, blockLength >= 8 else {
            return nil
        }
        return block.wireLoad(UInt64.self, at: 0)
    }
}
