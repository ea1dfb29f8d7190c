/// An unsigned 256-bit product, only to compare cross-multiplied prices exactly.
///
/// Pool prices are ratios of reserves; comparing `a/b` with `c/d` as `a*d` against `b*c` needs more than
/// 128 bits once reserves, lot sizes and the fee scale are multiplied together.
public struct WideProduct: Comparable, Sendable {
    public var high: UInt128
    public var low: UInt128

    /// The exact product of two 128-bit values.
    @inlinable public init(_ a: UInt128, _ b: UInt128) {
        (high, low) = a.multipliedFullWidth(by: b)
    }

    /// The product times a 64-bit factor; nil if it would pass 256 bits.
    @inlinable public func multiplied(by factor: UInt64) -> WideProduct? {
        let (lowHigh, lowLow) = low.multipliedFullWidth(by: UInt128(factor))
        let (highProduct, highOverflow) = high.multipliedReportingOverflow(by: UInt128(factor))
        let (newHigh, carryOverflow) = highProduct.addingReportingOverflow(lowHigh)
        guard !highOverflow, !carryOverflow else { return nil }
        var result = self
        result.high = newHigh
        result.low = lowLow
        return result
    }

    @inlinable public static func < (lhs: WideProduct, rhs: WideProduct) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }
}
