/// Amounts in minor units written as decimals of whole units, for people: `6500000000` with 6 decimals is
/// `6500.000000`.
public enum DecimalUnits {
    /// The minor units of a decimal such as `0.25` or `-3` with at most `decimals` fraction digits; nil when the
    /// text is not such a number or the value does not fit in 64 bits.
    public static func minorUnits(_ text: String, decimals: UInt8) -> Int64? {
        var digits = Substring(text)
        let isNegative = digits.first == "-"
        if isNegative { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty || !fraction.isEmpty, fraction.count <= Int(decimals),
            (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var value: Int64 = 0
        for character in whole + fraction + String(repeating: "0", count: Int(decimals) - fraction.count) {
            let digit = Int64(character.asciiValue! - UInt8(ascii: "0"))
            let shifted = value.multipliedReportingOverflow(by: 10)
            let added = shifted.partialValue.addingReportingOverflow(digit)
            guard !shifted.overflow, !added.overflow else { return nil }
            value = added.partialValue
        }
        return isNegative ? -value : value
    }

    /// `value` minor units as a decimal with exactly `decimals` fraction digits.
    public static func text(_ value: Int64, decimals: UInt8) -> String {
        let magnitude = String(value.magnitude)
        let padded = String(repeating: "0", count: max(0, Int(decimals) + 1 - magnitude.count)) + magnitude
        let split = padded.index(padded.endIndex, offsetBy: -Int(decimals))
        let sign = value < 0 ? "-" : ""
        return decimals == 0 ? sign + padded : sign + padded[..<split] + "." + padded[split...]
    }
}
