/// Frames to send, encoded one after another into a buffer allocated once.
public final class WireOutputBuffer {
    /// The buffer's size.
    public let capacity: Int
    @usableFromInline let storage: UnsafeMutableRawPointer
    @usableFromInline var encodedCount = 0

    public init(capacity: Int = 64 * 1024) {
        precondition(capacity >= Wire.maxFrameLength, "an output buffer must hold at least one maximum frame")
        self.capacity = capacity
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        storage.deallocate()
    }

    /// Bytes encoded and not yet removed.
    public var count: Int { encodedCount }

    /// The encoded bytes, valid until the buffer next changes.
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage, count: count)
    }

    /// Appends `message` as one frame; false, writing nothing, when it does not fit.
    ///
    /// The message should be valid (`isValid`): an optional integer set to its null value or a broken
    /// cross-field rule would be read back differently or refused.
    @inlinable @discardableResult
    public func append(_ message: Wire.Message) -> Bool {
        assert(message.isValid, "encoding an invalid \(message.messageType.name)")
        let type = message.messageType
        guard let block = reserveFrame(type: type, blockLength: type.blockLength) else { return false }
        message.encodeBlock(to: block)
        return true
    }

    /// Appends `message` as one frame; false, writing nothing, when it does not fit.
    @inlinable @discardableResult
    public func append<Body: WireMessageBody>(_ message: Body) -> Bool {
        assert(message.isValid, "encoding an invalid \(Body.messageType.name)")
        guard let block = reserveFrame(type: Body.messageType, blockLength: Body.blockLength) else { return false }
        message.encodeBlock(to: block)
        return true
    }

    /// Drops the first `count` bytes, for example after a write that sent only those.
    public func removeFirst(_ count: Int) {
        precondition(count >= 0 && count <= self.count, "removing more bytes than the buffer holds")
        storage.copyMemory(from: storage + count, byteCount: encodedCount - count)
        encodedCount -= count
    }

    /// Drops every byte.
    public func removeAll() {
        encodedCount = 0
    }

    /// Writes a frame header and returns where its block goes, or nil when the frame does not fit.
    @inlinable @inline(__always)
    func reserveFrame(type: Wire.MessageType, blockLength: Int) -> UnsafeMutableRawPointer? {
        let frameLength = Wire.headerLength + blockLength
        guard capacity - encodedCount >= frameLength else { return nil }
        let frame = storage + encodedCount
        frame.wireStore(UInt16(blockLength), at: 0)
        frame.wireStore(type.rawValue, at: 2)
        encodedCount += frameLength
        return frame + Wire.headerLength
    }
}
