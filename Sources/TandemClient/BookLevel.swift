/// One price of a market's combined book: what rests there and what the pool trades up to it.
public struct BookLevel: Sendable, Equatable {
    public var price: Int64
    /// Resting orders' quantity at exactly this price, base minor units.
    public var bookQuantity: Int64
    /// What the pool trades from the previous listed price up to and including this one.
    public var poolQuantity: Int64
    /// Resting orders at this price.
    public var orderCount: UInt32

    public init(price: Int64, bookQuantity: Int64, poolQuantity: Int64, orderCount: UInt32) {
        self.price = price
        self.bookQuantity = bookQuantity
        self.poolQuantity = poolQuantity
        self.orderCount = orderCount
    }
}
