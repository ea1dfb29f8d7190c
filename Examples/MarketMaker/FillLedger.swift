import TandemClient
import TandemWire

/// The bot's fills: how much it bought and sold, for how much, and the fees.
struct FillLedger {
    private(set) var fillCount = 0
    private(set) var bought: Int64 = 0
    private(set) var sold: Int64 = 0
    /// Quote minor units paid for what was bought, and received for what was sold.
    private(set) var paid: Int128 = 0
    private(set) var received: Int128 = 0
    private(set) var fees: Int64 = 0

    /// Records `fill` and returns the line that reports it.
    mutating func record(_ fill: Wire.Fill, _ format: UnitFormat) -> String {
        let notional = Self.notional(fill, baseDecimals: format.baseDecimals)
        fillCount += 1
        fees += fill.fee
        switch fill.side {
        case .buy:
            bought += fill.quantity
            paid += notional
        case .sell:
            sold += fill.quantity
            received += notional
        }
        let role =
            switch fill.liquidity {
            case .bookMaker: "maker"
            case .bookTaker: "taker"
            case .pool: "pool"
            }
        return "fill \(fill.side == .buy ? "buy " : "sell") \(format.quantity(fill.quantity)) \(format.baseSymbol) "
            + "@ \(format.price(fill.price)) \(format.quoteSymbol) (\(role), fee \(format.amount(fill.fee)), "
            + "order \(fill.orderId), remaining \(format.quantity(fill.remaining)))"
    }

    /// The closing lines: fills, volumes, average prices, fees and the net change of each asset.
    func summary(_ format: UnitFormat) -> String {
        let netBase = bought - sold
        let netQuote = received - paid - Int128(fees)
        let quoteText = Int64(exactly: netQuote).map(format.amount) ?? "\(netQuote) minor units"
        return """
            summary: \(fillCount) fill(s); bought \(format.quantity(bought)) \(format.baseSymbol)\
            \(average(paid, bought, format)), sold \(format.quantity(sold)) \(format.baseSymbol)\
            \(average(received, sold, format)); fees \(format.amount(fees))
            net: \(netBase >= 0 ? "+" : "")\(format.quantity(netBase)) \(format.baseSymbol), \
            \(netQuote >= 0 ? "+" : "")\(quoteText) (fees included)
            """
    }

    private func average(_ notional: Int128, _ quantity: Int64, _ format: UnitFormat) -> String {
        guard quantity > 0 else { return "" }
        var scale: Int128 = 1
        for _ in 0..<format.baseDecimals {
            scale *= 10
        }
        let price = notional * scale / Int128(quantity)
        let text = Int64(exactly: price).map { DecimalUnits.text($0, decimals: format.quoteDecimals) } ?? "?"
        return " at \(text) \(format.quoteSymbol) on average"
    }

    /// The quote amount of a fill: the pool's for a pool fill, else price times quantity (exact on the grid).
    private static func notional(_ fill: Wire.Fill, baseDecimals: UInt8) -> Int128 {
        if fill.liquidity == .pool { return Int128(fill.quoteAmount) }
        var scale: Int128 = 1
        for _ in 0..<baseDecimals {
            scale *= 10
        }
        return Int128(fill.price) * Int128(fill.quantity) / scale
    }
}
