/// Integer helpers for money: products that may pass 64 bits go through 128 bits.
enum FixedPoint {
    static let million: Int64 = 1_000_000
    /// Per-asset totals stay below this bound, so no balance or sum of balances can overflow.
    static let maxAssetTotal: Int64 = 1 << 62

    /// `ceil(value * numerator / denominator)` for non-negative inputs.
    @inline(__always) static func multiplyDivideUp(_ value: Int64, _ numerator: Int64, _ denominator: Int64) -> Int64 {
        let (product, overflow) = value.multipliedReportingOverflow(by: numerator)
        if !overflow { return (product + denominator - 1) / denominator }
        let wide = Int128(value) * Int128(numerator)
        return Int64((wide + Int128(denominator) - 1) / Int128(denominator))
    }

    /// `floor(value * numerator / denominator)` for non-negative inputs.
    @inline(__always) static func multiplyDivideDown(_ value: Int64, _ numerator: Int64, _ denominator: Int64) -> Int64 {
        let (product, overflow) = value.multipliedReportingOverflow(by: numerator)
        if !overflow { return product / denominator }
        return Int64(Int128(value) * Int128(numerator) / Int128(denominator))
    }
}
