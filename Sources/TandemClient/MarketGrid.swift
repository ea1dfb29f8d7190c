import TandemWire

/// A market's price and quantity grid: prices are multiples of the tick, quantities multiples of the lot
/// between the minimum and the maximum (the engine rejects anything else, never rounds).
public struct MarketGrid: Sendable, Equatable {
    public var tickSize: Int64
    public var lotSize: Int64
    public var minQuantity: Int64
    public var maxQuantity: Int64
    public var maxPrice: Int64

    /// A grid; nil unless the tick and lot are positive and the limits ordered.
    public init?(tickSize: Int64, lotSize: Int64, minQuantity: Int64, maxQuantity: Int64, maxPrice: Int64) {
        guard tickSize > 0, lotSize > 0, minQuantity <= maxQuantity, maxPrice >= tickSize else { return nil }
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.minQuantity = minQuantity
        self.maxQuantity = maxQuantity
        self.maxPrice = maxPrice
    }

    /// The grid an `instrument_definition` announces.
    public init?(_ instrument: Wire.InstrumentDefinition) {
        self.init(
            tickSize: instrument.tickSize, lotSize: instrument.lotSize, minQuantity: instrument.minQuantity,
            maxQuantity: instrument.maxQuantity, maxPrice: instrument.maxPrice)
    }

    /// The highest tick price at or below `price` (0 or less when there is none).
    public func tickAtOrBelow(_ price: Int64) -> Int64 {
        let remainder = price % tickSize
        return remainder >= 0 ? price - remainder : price - remainder - tickSize
    }

    /// The lowest tick price at or above `price`.
    public func tickAtOrAbove(_ price: Int64) -> Int64 {
        let below = tickAtOrBelow(price)
        return below == price ? price : below + tickSize
    }

    /// Whether the engine accepts `price` for a limit order.
    public func isValidPrice(_ price: Int64) -> Bool {
        price > 0 && price <= maxPrice && price % tickSize == 0
    }

    /// `quantity` rounded down to the lot, or nil when that is outside the market's limits.
    public func lotQuantity(atMost quantity: Int64) -> Int64? {
        guard quantity > 0 else { return nil }
        let rounded = quantity - quantity % lotSize
        return rounded >= max(minQuantity, lotSize) && rounded <= maxQuantity ? rounded : nil
    }
}
