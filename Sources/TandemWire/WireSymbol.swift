/// A symbol of up to 16 ASCII characters, such as `BTC-USD`, carried as `char[16]` padded with zero bytes.
///
/// Every value of this type is valid on the wire: 1 to 16 printable characters without spaces (0x21...0x7E).
public struct WireSymbol: Sendable, Hashable, CustomStringConvertible {
    public static let capacity = 16

    /// The 16 bytes as two little-endian words: bytes 0...7 and 8...15.
    public let words: (UInt64, UInt64)

    /// The symbol for `text`, or nil when it is empty, longer than 16 bytes or not printable ASCII.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard (1...Self.capacity).contains(bytes.count), bytes.allSatisfy(Self.isSymbolByte) else { return nil }
        var words: (UInt64, UInt64) = (0, 0)
        for (index, byte) in bytes.enumerated() {
            if index < 8 {
                words.0 |= UInt64(byte) << (8 * index)
            } else {
                words.1 |= UInt64(byte) << (8 * (index - 8))
            }
        }
        self.words = words
    }

    private init(words: (UInt64, UInt64)) {
        self.words = words
    }

    /// The symbol in two wire words, or an invalid-value error when the bytes are not a valid symbol.
    @usableFromInline
    static func decode(_ low: UInt64, _ high: UInt64, _ type: Wire.MessageType, offset: Int) throws(WireError)
        -> WireSymbol
    {
        var length = 0
        var ended = false
        for index in 0..<Self.capacity {
            let byte = UInt8(truncatingIfNeeded: (index < 8 ? low : high) >> (8 * (index % 8)))
            if byte == 0 {
                ended = true
            } else if ended || !isSymbolByte(byte) {
                throw .invalidValue(type, offset: offset)
            } else {
                length += 1
            }
        }
        guard length > 0 else { throw .invalidValue(type, offset: offset) }
        return WireSymbol(words: (low, high))
    }

    /// The symbol's characters.
    public var text: String {
        var bytes: [UInt8] = []
        for index in 0..<Self.capacity {
            let byte = UInt8(truncatingIfNeeded: (index < 8 ? words.0 : words.1) >> (8 * (index % 8)))
            guard byte != 0 else { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { text }

    public static func == (lhs: WireSymbol, rhs: WireSymbol) -> Bool {
        lhs.words == rhs.words
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
    }

    private static func isSymbolByte(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte)
    }
}
