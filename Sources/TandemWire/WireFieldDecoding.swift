// Field checks shared by the generated decoders.

/// The case with code `raw`, or an invalid-value error naming the field.
@inlinable @inline(__always)
func wireEnumeration<Value: WireEnumeration>(
    _ raw: Value.RawValue, _ type: Wire.MessageType, offset: Int
) throws(WireError) -> Value {
    guard let value = Value(rawValue: raw) else { throw .invalidValue(type, offset: offset) }
    return value
}

/// Nil for the null code 0, else the case with code `raw`.
@inlinable @inline(__always)
func wireOptionalEnumeration<Value: WireEnumeration>(
    _ raw: Value.RawValue, _ type: Wire.MessageType, offset: Int
) throws(WireError) -> Value? {
    raw == 0 ? nil : try wireEnumeration(raw, type, offset: offset)
}

/// 0 is false, 1 is true; anything else is invalid, so that every valid message has one encoding.
@inlinable @inline(__always)
func wireBool(_ raw: UInt8, _ type: Wire.MessageType, offset: Int) throws(WireError) -> Bool {
    guard raw <= 1 else { throw .invalidValue(type, offset: offset) }
    return raw == 1
}

/// Nil when `raw` is the field's null value.
@inlinable @inline(__always)
func wireOptional<Value: FixedWidthInteger>(_ raw: Value, null: Value) -> Value? {
    raw == null ? nil : raw
}
