/// Stores fixed-width little-endian fields into memory the caller has sized: no checks, no allocation.
struct PayloadWriter {
    let base: UnsafeMutableRawPointer
    private(set) var offset: Int

    init(_ base: UnsafeMutableRawPointer, offset: Int = 0) {
        self.base = base
        self.offset = offset
    }

    @inline(__always) mutating func u8(_ value: UInt8) {
        base.storeBytes(of: value, toByteOffset: offset, as: UInt8.self)
        offset += 1
    }

    @inline(__always) mutating func bool(_ value: Bool) { u8(value ? 1 : 0) }

    @inline(__always) mutating func u16(_ value: UInt16) {
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt16.self)
        offset += 2
    }

    @inline(__always) mutating func u32(_ value: UInt32) {
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
        offset += 4
    }

    @inline(__always) mutating func u64(_ value: UInt64) {
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self)
        offset += 8
    }

    @inline(__always) mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }

    /// An index the engine keeps as `Int` and that always fits 32 bits in an event (markets, assets).
    @inline(__always) mutating func index(_ value: Int) { u32(UInt32(truncatingIfNeeded: value)) }

    @inline(__always) mutating func bytes(_ source: UnsafeRawBufferPointer) {
        guard let address = source.baseAddress else { return }
        (base + offset).copyMemory(from: address, byteCount: source.count)
        offset += source.count
    }
}
