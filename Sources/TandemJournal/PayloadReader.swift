/// Reads fixed-width little-endian fields from a record's payload, failing instead of reading past its end.
struct PayloadReader {
    /// A payload that ended early or held a value no field can have.
    struct Failure: Error {
        var message: String
    }

    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - offset }

    @inline(__always) private mutating func need(_ count: Int) throws(Failure) {
        guard bytes.count - offset >= count else {
            throw Failure(message: "payload ends at byte \(bytes.count), a field needs \(count) more from \(offset)")
        }
    }

    @inline(__always) mutating func u8() throws(Failure) -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return bytes.load(fromByteOffset: offset, as: UInt8.self)
    }

    @inline(__always) mutating func u16() throws(Failure) -> UInt16 {
        try need(2)
        defer { offset += 2 }
        return UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inline(__always) mutating func u32() throws(Failure) -> UInt32 {
        try need(4)
        defer { offset += 4 }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always) mutating func u64() throws(Failure) -> UInt64 {
        try need(8)
        defer { offset += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always) mutating func i64() throws(Failure) -> Int64 { Int64(bitPattern: try u64()) }

    @inline(__always) mutating func index() throws(Failure) -> Int { Int(try u32()) }

    @inline(__always) mutating func bool() throws(Failure) -> Bool {
        let value = try u8()
        guard value <= 1 else { throw Failure(message: "\(value) is not a boolean") }
        return value == 1
    }

    /// One of an enumeration's raw values.
    @inline(__always) mutating func code<T: RawRepresentable>(_: T.Type) throws(Failure) -> T
    where T.RawValue == UInt8 {
        let raw = try u8()
        guard let value = T(rawValue: raw) else { throw Failure(message: "\(raw) is not a valid \(T.self)") }
        return value
    }

    /// The rest of the payload.
    mutating func rest() -> UnsafeRawBufferPointer {
        defer { offset = bytes.count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset...])
    }

    /// Fails unless every byte was read.
    func expectEnd() throws(Failure) {
        guard offset == bytes.count else {
            throw Failure(message: "\(bytes.count - offset) unexpected bytes after the last field")
        }
    }
}
