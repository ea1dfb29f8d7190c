import TandemClient

/// Prints a market's prices, quantities and quote amounts as decimals, without the digits its grid keeps at 0.
struct UnitFormat {
    let baseSymbol: String
    let quoteSymbol: String
    let baseDecimals: UInt8
    let quoteDecimals: UInt8
    /// How many trailing digits of every price (quantity) are 0 because of the tick (lot).
    let priceZeros: UInt8
    let quantityZeros: UInt8

    init(baseSymbol: String, quoteSymbol: String, baseDecimals: UInt8, quoteDecimals: UInt8, grid: MarketGrid) {
        self.baseSymbol = baseSymbol
        self.quoteSymbol = quoteSymbol
        self.baseDecimals = baseDecimals
        self.quoteDecimals = quoteDecimals
        priceZeros = Self.trailingZeros(grid.tickSize, atMost: quoteDecimals)
        quantityZeros = Self.trailingZeros(grid.lotSize, atMost: baseDecimals)
    }

    /// A price (on the tick) in whole quote units per whole base unit.
    func price(_ value: Int64) -> String {
        DecimalUnits.text(value / Self.power(priceZeros), decimals: quoteDecimals - priceZeros)
    }

    /// A quantity (on the lot) in whole base units.
    func quantity(_ value: Int64) -> String {
        DecimalUnits.text(value / Self.power(quantityZeros), decimals: baseDecimals - quantityZeros)
    }

    /// A quote amount with all its decimals, and the quote symbol.
    func amount(_ value: Int64) -> String {
        DecimalUnits.text(value, decimals: quoteDecimals) + " " + quoteSymbol
    }

    private static func trailingZeros(_ step: Int64, atMost limit: UInt8) -> UInt8 {
        var zeros: UInt8 = 0
        var rest = step
        while zeros < limit, rest % 10 == 0 {
            rest /= 10
            zeros += 1
        }
        return zeros
    }

    private static func power(_ exponent: UInt8) -> Int64 {
        (0..<exponent).reduce(1) { value, _ in value * 10 }
    }
}
