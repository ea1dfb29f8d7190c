import TandemEngine
import TandemWire

extension Command {
    /// The engine command for an order-entry request of `account`: nil when `request` is not an order-entry
    /// request. An `index_price` names no account (the server lets only its administrator send one).
    public static func from(_ request: Wire.Message, account: UInt32) -> Command? {
        switch request {
        case .newOrder(let order):
            .newOrder(
                NewOrder(
                    account: account, market: Int(order.market), clientOrderId: order.clientOrderId,
                    side: Side(order.side), type: OrderType(order.orderType),
                    timeInForce: TimeInForce(order.timeInForce), postOnly: order.postOnly, price: order.price,
                    quantity: order.quantity, selfTradePrevention: order.selfTrade.map(SelfTradePrevention.init),
                    reduceOnly: order.reduceOnly))
        case .cancelOrder(let cancel):
            .cancel(
                CancelOrder(
                    account: account, order: reference(orderId: cancel.orderId, clientOrderId: cancel.clientOrderId)))
        case .replaceOrder(let replace):
            .replace(
                ReplaceOrder(
                    account: account, order: reference(orderId: replace.orderId, clientOrderId: replace.clientOrderId),
                    price: replace.price, quantity: replace.quantity))
        case .massCancel(let massCancel):
            .massCancel(
                MassCancel(
                    account: account, market: massCancel.market.map { Int($0) }, side: massCancel.side.map(Side.init)))
        case .addLiquidity(let add):
            .addLiquidity(
                AddLiquidity(
                    account: account, market: Int(add.market), maxBase: add.maxBase, maxQuote: add.maxQuote,
                    minShares: add.minShares))
        case .removeLiquidity(let remove):
            .removeLiquidity(
                RemoveLiquidity(
                    account: account, market: Int(remove.market), shares: remove.shares, minBase: remove.minBase,
                    minQuote: remove.minQuote))
        case .indexPrice(let index):
            .indexPrice(IndexPrice(market: Int(index.market), price: index.price))
        case .adjustMargin(let adjust):
            .adjustMargin(AdjustMargin(account: account, market: Int(adjust.market), amount: adjust.amount))
        default:
            nil
        }
    }

    /// A valid cancel or replace names its order by exactly one nonzero id.
    private static func reference(orderId: UInt64, clientOrderId: UInt64) -> OrderReference {
        orderId != 0 ? .orderId(orderId) : .clientOrderId(clientOrderId)
    }
}
