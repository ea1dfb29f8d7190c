import TandemEngine

/// The market of every live order, followed from the event stream.
///
/// A replace names an order but not its market, and its price and quantity are decimal strings in that
/// market's units; this is how the simulator knows which decimals to read them with.
struct LiveOrders {
    private struct ClientKey: Hashable {
        var account: UInt32
        var clientOrderId: UInt64
    }

    private struct Order {
        var account: UInt32
        var clientOrderId: UInt64
        var market: Int
    }

    private var orders: [UInt64: Order] = [:]
    private var orderIds: [ClientKey: UInt64] = [:]

    /// The market of the live order `reference` of `account`; nil when there is none (the engine rejects it).
    func market(account: UInt32, reference: OrderReference) -> Int? {
        let orderId: UInt64
        switch reference {
        case .orderId(let id):
            orderId = id
        case .clientOrderId(let clientOrderId):
            guard let id = orderIds[ClientKey(account: account, clientOrderId: clientOrderId)] else { return nil }
            orderId = id
        }
        guard let order = orders[orderId], order.account == account else { return nil }
        return order.market
    }

    /// Follows one event: an accepted order is live until an event leaves it with nothing remaining.
    mutating func record(_ event: Event) {
        switch event.body {
        case .accepted(let accepted):
            orders[accepted.orderId] = Order(
                account: accepted.account, clientOrderId: accepted.clientOrderId, market: accepted.market)
            orderIds[ClientKey(account: accepted.account, clientOrderId: accepted.clientOrderId)] = accepted.orderId
        case .fill(let fill) where fill.remaining == 0:
            remove(fill.orderId)
        case .poolFill(let fill) where fill.remaining == 0:
            remove(fill.orderId)
        case .canceled(let canceled) where canceled.remaining == 0:
            remove(canceled.orderId)
        default:
            break
        }
    }

    private mutating func remove(_ orderId: UInt64) {
        guard let order = orders.removeValue(forKey: orderId) else { return }
        orderIds[ClientKey(account: order.account, clientOrderId: order.clientOrderId)] = nil
    }

    /// How many orders are live (for tests).
    var count: Int { orders.count }
}
