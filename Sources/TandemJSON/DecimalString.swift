/// Converts between decimal text such as `"65000.25"` and integers counted in `10^-decimals` units.
///
/// This is the only place where Tandem meets decimal fractions: the engine sees integers only, and a value
/// converts exactly or not at all (never rounded).
public enum DecimalString {
    /// Why a text is not a value with the given number of decimals.
    public enum ParseError: Error, Sendable, Equatable {
        /// Not of the form `-?digits(.digits)?`.
        case malformed
        /// More digits after the point than the unit has decimals.
        case tooManyDecimals
        /// The value does not fit in a signed 64-bit integer of minor units.
        case overflow
    }

    /// The decimals this conversion supports: `10^18` is the largest power of ten in an `Int64`.
    public static let supportedDecimals = 0...18

    /// Parses `-?digits(.digits)?` (at least one digit on each side of a point) into minor units.
    ///
    /// - Precondition: `decimals` is in `supportedDecimals`.
    public static func parse(_ text: String, decimals: Int) throws(ParseError) -> Int64 {
        precondition(supportedDecimals.contains(decimals), "decimals must be in 0...18")
        let utf8 = Array(text.utf8)
        var index = 0
        let negative = utf8.first == UInt8(ascii: "-")
        if negative { index += 1 }
        var magnitude: UInt64 = 0
        var overflow = false
        let integerDigits = accumulateDigits(utf8, from: &index, into: &magnitude, overflow: &overflow)
        guard integerDigits > 0 else { throw .malformed }
        var fractionDigits = 0
        if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
            index += 1
            fractionDigits = accumulateDigits(utf8, from: &index, into: &magnitude, overflow: &overflow)
            guard fractionDigits > 0 else { throw .malformed }
        }
        guard index == utf8.count else { throw .malformed }
        guard fractionDigits <= decimals else { throw .tooManyDecimals }
        for _ in fractionDigits..<decimals {
            let (scaled, scaleOverflow) = magnitude.multipliedReportingOverflow(by: 10)
            magnitude = scaled
            overflow = overflow || scaleOverflow
        }
        guard !overflow, magnitude <= UInt64(Int64.max) else { throw .overflow }
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }

    /// Whether `text` has the form `parse` reads, whatever its number of decimals or size.
    public static func isWellFormed(_ text: String) -> Bool {
        do {
            _ = try parse(text, decimals: 0)
            return true
        } catch {
            return error != .malformed
        }
    }

    /// Reads digits from `index` on into `magnitude`, noting overflow; returns how many it read.
    private static func accumulateDigits(
        _ utf8: [UInt8], from index: inout Int, into magnitude: inout UInt64, overflow: inout Bool
    ) -> Int {
        let start = index
        while index < utf8.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[index]) {
            let (scaled, scaleOverflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, addOverflow) = scaled.addingReportingOverflow(UInt64(utf8[index] - UInt8(ascii: "0")))
            magnitude = sum
            overflow = overflow || scaleOverflow || addOverflow
            index += 1
        }
        return index - start
    }

    /// Formats minor units with exactly `decimals` digits after the point (none, and no point, for zero).
    ///
    /// - Precondition: `decimals` is in `supportedDecimals`.
    public static func format(_ value: Int64, decimals: Int) -> String {
        var bytes: [UInt8] = []
        append(value, decimals: decimals, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `format(value, decimals:)` as UTF-8, without building a string.
    static func append(_ value: Int64, decimals: Int, to bytes: inout [UInt8]) {
        precondition(supportedDecimals.contains(decimals), "decimals must be in 0...18")
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude / scale, minimumCount: 1, to: &bytes)
        guard decimals > 0 else { return }
        bytes.append(UInt8(ascii: "."))
        appendDigits(value.magnitude % scale, minimumCount: decimals, to: &bytes)
    }

    /// Appends the decimal digits of `value`, left-padded with zeros to `minimumCount`.
    static func appendDigits(_ value: UInt64, minimumCount: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        var remaining = value
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(remaining % 10))
            remaining /= 10
        } while remaining > 0 || bytes.count - start < minimumCount
        bytes[start...].reverse()
    }
}
