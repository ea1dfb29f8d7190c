/// Writes one JSON object member by member, in the order the calls come, so output is byte-for-byte stable.
///
/// It works on UTF-8 bytes: the simulator writes several events per command, and this is its hot path.
struct JSONWriter {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]

    private mutating func key(_ key: String) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func integer(_ key: String, _ value: some BinaryInteger) {
        self.key(key)
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        DecimalString.appendDigits(UInt64(value.magnitude), minimumCount: 1, to: &bytes)
    }

    /// A value in minor units as a decimal string with exactly `decimals` digits after the point.
    mutating func decimal(_ key: String, _ value: Int64, decimals: Int) {
        self.key(key)
        bytes.append(UInt8(ascii: "\""))
        DecimalString.append(value, decimals: decimals, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func string(_ key: String, _ value: String) {
        self.key(key)
        Self.appendQuoted(value, to: &bytes)
    }

    /// A string member, or `null` when the value is absent.
    mutating func optionalString(_ key: String, _ value: String?) {
        guard let value else {
            self.key(key)
            bytes.append(contentsOf: "null".utf8)
            return
        }
        string(key, value)
    }

    mutating func bool(_ key: String, _ value: Bool) {
        self.key(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// The finished object.
    var result: String {
        var bytes = bytes
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` as a JSON string literal.
    static func quoted(_ value: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20, 0x7F:
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(hexDigit(byte >> 4))
                bytes.append(hexDigit(byte & 0xF))
            default:
                // Bytes of multi-byte UTF-8 sequences pass through: the string is valid UTF-8 already.
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
