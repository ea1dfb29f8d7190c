import TandemWire

/// One order-entry request of a `loadtest tcp` workload: which connection sends it and what it asks for. The
/// connection gives it its client id when it is sent.
///
/// Requests name orders by *request number*: the position of the order's `new_order` among the requests its
/// connection sent, counting from 1. A connection's client ids are its starting id plus the request number, so
/// the order's client order id follows from it.
struct TcpRequest: Equatable {
    /// The request's message type: the key of the per-type latencies.
    enum Kind: Int, CaseIterable {
        case newOrder
        case cancel
        case replace
        case massCancel

        /// The wire protocol's name of the message.
        var name: String {
            switch self {
            case .newOrder: "new_order"
            case .cancel: "cancel_order"
            case .replace: "replace_order"
            case .massCancel: "mass_cancel"
            }
        }
    }

    enum Body: Equatable {
        case newOrder(NewOrderFields)
        /// Cancels the order the connection sent as request number `target`.
        case cancel(target: Int)
        /// Moves the order the connection sent as request number `target` to `price`, and sets its remaining
        /// quantity to `quantity` when given.
        case replace(target: Int, price: Int64, quantity: Int64? = nil)
        /// Cancels every order of the connection's account.
        case massCancel
    }

    /// The fields of a new order (market 0).
    struct NewOrderFields: Equatable {
        var side: Wire.Side
        var orderType: Wire.OrderType = .limit
        var timeInForce: Wire.TimeInForce = .gtc
        /// The limit price; 0 for a market order.
        var price: Int64
        var quantity: Int64
        /// Nil: the account's own self-trade mode.
        var selfTrade: Wire.SelfTradeMode? = nil
    }

    /// The connection's index, from 0.
    var connection: Int
    var body: Body

    var kind: Kind {
        switch body {
        case .newOrder: .newOrder
        case .cancel: .cancel
        case .replace: .replace
        case .massCancel: .massCancel
        }
    }
}
