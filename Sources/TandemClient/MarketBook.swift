import TandemWire

/// A market as its market-data messages describe it: definition, depth per side, top of book, last trade,
/// pool, and a perpetual market's index and mark price.
public struct MarketBook: Sendable, Equatable {
    public let market: UInt32
    public internal(set) var instrument: Wire.InstrumentDefinition?
    /// Bid prices, best (highest) first.
    public internal(set) var bids: [BookLevel] = []
    /// Ask prices, best (lowest) first.
    public internal(set) var asks: [BookLevel] = []
    public internal(set) var topOfBook: Wire.TopOfBook?
    public internal(set) var lastTrade: Wire.Trade?
    public internal(set) var pool: Wire.PoolState?
    /// A perpetual market's last index price and the mark right after it; nil before the first.
    public internal(set) var markPrice: Wire.MarkPrice?

    public init(market: UInt32) {
        self.market = market
    }

    /// The level at `price` on `side`, if it is listed.
    public func level(side: Wire.Side, price: Int64) -> BookLevel? {
        let levels = side == .buy ? bids : asks
        let index = Self.position(of: price, in: levels, side: side)
        return index < levels.count && levels[index].price == price ? levels[index] : nil
    }

    /// The pool's price in quote minor units per whole base unit, rounded down, for a base asset with
    /// `baseDecimals`; nil without a pool, with an empty one, or when the price does not fit.
    public func poolPrice(baseDecimals: UInt8) -> Int64? {
        guard let pool, pool.baseReserve > 0, pool.quoteReserve >= 0, baseDecimals <= 18 else { return nil }
        var scale: Int128 = 1
        for _ in 0..<baseDecimals {
            scale *= 10
        }
        return Int64(exactly: Int128(pool.quoteReserve) * scale / Int128(pool.baseReserve))
    }

    /// Applies a market-data message about this market; messages about other markets or without a market are
    /// ignored.
    public mutating func apply(_ message: Wire.Message) {
        switch message {
        case .instrumentDefinition(let definition) where definition.market == market:
            instrument = definition
        case .depthLevel(let level) where level.market == market:
            apply(level)
        case .topOfBook(let top) where top.market == market:
            topOfBook = top
        case .trade(let trade) where trade.market == market:
            lastTrade = trade
        case .poolState(let state) where state.market == market:
            pool = state
        case .markPrice(let price) where price.market == market:
            markPrice = price
        default:
            break
        }
    }

    /// Sets, adds or (both quantities zero) removes one price.
    private mutating func apply(_ update: Wire.DepthLevel) {
        let level = BookLevel(
            price: update.price, bookQuantity: update.bookQuantity, poolQuantity: update.poolQuantity,
            orderCount: update.orderCount)
        let isRemoval = update.bookQuantity == 0 && update.poolQuantity == 0
        switch update.side {
        case .buy: Self.set(level, removing: isRemoval, in: &bids, side: .buy)
        case .sell: Self.set(level, removing: isRemoval, in: &asks, side: .sell)
        }
    }

    private static func set(_ level: BookLevel, removing: Bool, in levels: inout [BookLevel], side: Wire.Side) {
        let index = position(of: level.price, in: levels, side: side)
        let isListed = index < levels.count && levels[index].price == level.price
        switch (removing, isListed) {
        case (true, true): levels.remove(at: index)
        case (true, false): break
        case (false, true): levels[index] = level
        case (false, false): levels.insert(level, at: index)
        }
    }

    /// The index of the first level not better than `price`: where `price` is or would go.
    private static func position(of price: Int64, in levels: [BookLevel], side: Wire.Side) -> Int {
        var low = 0
        var high = levels.count
        while low < high {
            let middle = (low + high) / 2
            let isBetter = side == .buy ? levels[middle].price > price : levels[middle].price < price
            if isBetter {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
