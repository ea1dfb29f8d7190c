/// The incoming side of matching: a new order, or a replaced order that lost its place.
///
/// It lives on the stack while it trades; only a remainder that rests gets (or keeps) an order slot.
struct Taker {
    var orderId: UInt64
    var clientOrderId: UInt64
    var account: UInt32
    var market: Int
    var side: Side
    var ticks: Int64
    var lots: Int64
    var selfTrade: SelfTradePrevention
    var postOnly: Bool
    /// False for the vault's own liquidation, which may not trade with the vault's pool.
    var usePool = true
}
