/// An engine's complete state as bytes: everything that affects its future events, and nothing else.
///
/// `Engine.snapshot()` makes one and `Engine.restore(configuration:snapshot:)` rebuilds an engine from it that
/// answers every later command exactly as the original does. The bytes are canonical (orders in priority
/// order, accounts and positions ascending), so two engines in the same state give the same bytes. The layout,
/// little-endian throughout, is in `Protocol/JOURNAL.md`.
public struct EngineSnapshot: Sendable, Equatable {
    /// The layout version written first; a snapshot of another version is refused.
    public static let formatVersion: UInt32 = 2

    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Bytes that are not a snapshot of an engine with the given configuration.
    public struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String

        public init(_ description: String) {
            self.description = description
        }
    }

    /// Appends little-endian integers.
    struct Writer {
        var bytes: [UInt8] = []

        mutating func u8(_ value: UInt8) { bytes.append(value) }

        mutating func u32(_ value: UInt32) { append(value) }

        mutating func u64(_ value: UInt64) { append(value) }

        mutating func i64(_ value: Int64) { append(UInt64(bitPattern: value)) }

        mutating func u128(_ value: UInt128) {
            append(UInt64(truncatingIfNeeded: value))
            append(UInt64(truncatingIfNeeded: value >> 64))
        }

        private mutating func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
    }

    /// Reads little-endian integers, throwing instead of reading past the end.
    struct Reader {
        let bytes: [UInt8]
        private(set) var offset = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        var isAtEnd: Bool { offset == bytes.count }

        mutating func u8() throws(DecodingError) -> UInt8 { try read(UInt8.self) }

        mutating func u32() throws(DecodingError) -> UInt32 { try read(UInt32.self) }

        mutating func u64() throws(DecodingError) -> UInt64 { try read(UInt64.self) }

        mutating func i64() throws(DecodingError) -> Int64 { Int64(bitPattern: try read(UInt64.self)) }

        mutating func u128() throws(DecodingError) -> UInt128 {
            let low = try u64()
            return UInt128(try u64()) << 64 | UInt128(low)
        }

        /// A count of items that each take at least `itemSize` bytes, so a corrupt count cannot ask for more
        /// items than the bytes left could hold.
        mutating func count(itemSize: Int, _ what: String) throws(DecodingError) -> Int {
            let count = Int(try u32())
            guard count <= (bytes.count - offset) / itemSize else {
                throw DecodingError("\(what): \(count) do not fit in the snapshot")
            }
            return count
        }

        private mutating func read<T: FixedWidthInteger>(_: T.Type) throws(DecodingError) -> T {
            let size = MemoryLayout<T>.size
            guard bytes.count - offset >= size else { throw DecodingError("truncated at byte \(offset)") }
            var value: T = 0
            for index in 0..<size { value |= T(bytes[offset + index]) << (8 * index) }
            offset += size
            return value
        }
    }
}
