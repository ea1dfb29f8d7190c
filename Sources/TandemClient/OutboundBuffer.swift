import TandemWire

/// Frames waiting for the socket, encoded back to back into a buffer that grows as needed and never shrinks,
/// so that a steady flow of messages allocates nothing.
final class OutboundBuffer {
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    /// Where the first unwritten byte is.
    private var start = 0
    /// Where the next encoded byte goes.
    private var end = 0

    init(capacity: Int = 64 * 1024) {
        self.capacity = max(capacity, Wire.maxFrameLength)
        storage = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit {
        storage.deallocate()
    }

    /// Bytes encoded and not yet written.
    var count: Int { end - start }

    /// The bytes not yet written, valid until the buffer next changes.
    var pendingBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage + start, count: end - start)
    }

    /// Drops the first `count` pending bytes once the socket took them.
    func consume(_ count: Int) {
        start += count
        if start == end {
            start = 0
            end = 0
        }
    }

    /// Encodes `message` as one frame.
    func append(_ message: Wire.Message) {
        let block = reserveFrame(type: message.messageType, blockLength: message.messageType.blockLength)
        message.encodeBlock(to: block)
    }

    /// Encodes `message` as one frame.
    func append<Body: WireMessageBody>(_ message: Body) {
        let block = reserveFrame(type: Body.messageType, blockLength: Body.blockLength)
        message.encodeBlock(to: block)
    }

    /// Appends bytes as they are, framed or not.
    func append(rawBytes: UnsafeRawBufferPointer) {
        guard let source = rawBytes.baseAddress, rawBytes.count > 0 else { return }
        reserve(rawBytes.count).copyMemory(from: source, byteCount: rawBytes.count)
    }

    /// Writes a frame header and returns where its block goes.
    private func reserveFrame(type: Wire.MessageType, blockLength: Int) -> UnsafeMutableRawPointer {
        let frame = reserve(Wire.headerLength + blockLength)
        frame.storeBytes(of: UInt16(blockLength).littleEndian, as: UInt16.self)
        frame.storeBytes(of: type.rawValue, toByteOffset: 2, as: UInt8.self)
        return frame + Wire.headerLength
    }

    /// Makes room for `count` bytes at the end and returns where they go.
    private func reserve(_ count: Int) -> UnsafeMutableRawPointer {
        if capacity - end < count {
            makeRoom(for: count)
        }
        let position = storage + end
        end += count
        return position
    }

    /// Moves pending bytes to the front, and doubles the buffer while they and `count` more do not fit.
    private func makeRoom(for count: Int) {
        let pending = end - start
        var newCapacity = capacity
        while newCapacity - pending < count {
            newCapacity *= 2
        }
        if newCapacity == capacity {
            storage.copyMemory(from: storage + start, byteCount: pending)
        } else {
            let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            grown.copyMemory(from: storage + start, byteCount: pending)
            storage.deallocate()
            storage = grown
            capacity = newCapacity
        }
        start = 0
        end = pending
    }
}
