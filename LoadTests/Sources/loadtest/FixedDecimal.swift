/// A decimal number kept as an integer count of `10^-places`, so reports print exactly, without floating point.
struct FixedDecimal: CustomStringConvertible {
    /// The value times `10^places`.
    let scaled: Int
    let places: Int

    /// `numerator / denominator`, rounded half away from zero to `places` decimals; zero when the denominator is
    /// not positive (an empty run).
    init(_ numerator: Int, over denominator: Int, places: Int) {
        self.places = places
        guard denominator > 0 else {
            scaled = 0
            return
        }
        let magnitude = Int128(numerator.magnitude) * Int128(Self.powerOfTen(places)) * 2 + Int128(denominator)
        let rounded = Int(magnitude / (2 * Int128(denominator)))
        scaled = numerator < 0 ? -rounded : rounded
    }

    var description: String {
        let unit = Self.powerOfTen(places)
        let whole = (scaled.magnitude / UInt(unit)).description
        let sign = scaled < 0 ? "-" : ""
        guard places > 0 else { return sign + whole }
        let fraction = (scaled.magnitude % UInt(unit)).description
        return sign + whole + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    private static func powerOfTen(_ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { power, _ in power * 10 }
    }
}
