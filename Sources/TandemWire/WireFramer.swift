/// Cuts a received byte stream into frames, in a buffer allocated once.
///
/// Bytes arrive in any split (`append`, or `writableSpace` and `didWrite` to receive in place); `nextFrame`
/// returns each complete frame once and nil while the next one is incomplete. A header announcing more than
/// `Wire.maxFrameLength` bytes makes the stream unreadable: that call and every later one throw
/// `frameTooLarge`, and the connection should be closed.
public final class WireFramer {
    /// The buffer's size: the most bytes held at once.
    public let capacity: Int
    @usableFromInline let storage: UnsafeMutableRawPointer
    /// Where the first unread byte is.
    @usableFromInline var start = 0
    /// Where the next received byte goes.
    @usableFromInline var end = 0
    /// The `frameTooLarge` error every call throws once the stream is unreadable.
    @usableFromInline var failure: WireError?

    /// A framer holding up to `capacity` bytes, at least one maximum frame.
    public init(capacity: Int = 64 * 1024) {
        precondition(capacity >= Wire.maxFrameLength, "a framer must hold at least one maximum frame")
        self.capacity = capacity
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        storage.deallocate()
    }

    /// Bytes received and not yet returned in a frame.
    public var bufferedByteCount: Int { end - start }

    /// Free space to receive into, after moving buffered bytes to the front; call `didWrite` with the count
    /// written. It is empty only while `capacity` bytes are buffered.
    public func writableSpace() -> UnsafeMutableRawBufferPointer {
        if start > 0 {
            (storage + 0).copyMemory(from: storage + start, byteCount: end - start)
            end -= start
            start = 0
        }
        return UnsafeMutableRawBufferPointer(start: storage + end, count: capacity - end)
    }

    /// Records that `count` bytes were written to the start of `writableSpace()`.
    public func didWrite(_ count: Int) {
        precondition(count >= 0 && end + count <= capacity, "wrote past the framer's writable space")
        end += count
    }

    /// Copies as many of `bytes` as fit and returns that count; read frames out to make room for the rest.
    public func append(_ bytes: UnsafeRawBufferPointer) -> Int {
        let space = writableSpace()
        let count = min(space.count, bytes.count)
        if count > 0, let source = bytes.baseAddress {
            space.baseAddress!.copyMemory(from: source, byteCount: count)
        }
        didWrite(count)
        return count
    }

    /// The next complete frame, or nil when it has not fully arrived.
    @inlinable
    public func nextFrame() throws(WireError) -> WireFrame? {
        if let failure { throw failure }
        let available = end - start
        guard available >= Wire.headerLength else { return nil }
        let frame = UnsafeRawPointer(storage + start)
        let blockLength = Int(frame.wireLoad(UInt16.self, at: 0))
        let frameLength = Wire.headerLength + blockLength
        guard frameLength <= Wire.maxFrameLength else {
            failure = .frameTooLarge(frameLength: frameLength)
            throw .frameTooLarge(frameLength: frameLength)
        }
        guard available >= frameLength else { return nil }
        start += frameLength
        return WireFrame(
            messageType: frame.wireLoad(UInt8.self, at: 2), block: frame + Wire.headerLength,
            blockLength: blockLength)
    }

    /// The next complete frame's message, or nil when it has not fully arrived. A frame whose message cannot be
    /// decoded is consumed and its error thrown; the next call goes on with the following frame.
    @inlinable
    public func nextMessage() throws(WireError) -> Wire.Message? {
        guard let frame = try nextFrame() else { return nil }
        return try frame.decode()
    }

    /// Checks, at the end of the stream, that it did not stop inside a frame.
    public func finish() throws(WireError) {
        if let failure { throw failure }
        if end > start { throw .truncatedFrame(bufferedBytes: end - start) }
    }
}
