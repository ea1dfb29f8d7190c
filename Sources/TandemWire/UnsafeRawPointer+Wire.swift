extension UnsafeRawPointer {
    /// Loads a little-endian integer from `offset`, which need not be aligned.
    @inlinable @inline(__always)
    func wireLoad<Value: FixedWidthInteger>(_: Value.Type, at offset: Int) -> Value {
        Value(littleEndian: loadUnaligned(fromByteOffset: offset, as: Value.self))
    }
}

extension UnsafeMutableRawPointer {
    /// Stores `value` little-endian at `offset`, which need not be aligned.
    @inlinable @inline(__always)
    func wireStore<Value: FixedWidthInteger>(_ value: Value, at offset: Int) {
        storeBytes(of: value.littleEndian, toByteOffset: offset, as: Value.self)
    }
}
