/// How the report writes an engine state hash.
enum StateHash {
    /// `0x` and sixteen hexadecimal digits.
    static func hex(_ hash: UInt64) -> String {
        let digits = String(hash, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
