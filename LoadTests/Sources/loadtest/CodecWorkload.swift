import TandemWire

/// The order-entry messages the codec benchmark encodes and decodes: for each type, a ring of messages that
/// differ in their values, so that no work can be hoisted out of the loop. Message `i` of every ring has client
/// id `1_000 + i`.
struct CodecWorkload {
    /// Messages per ring; a power of two.
    static let ringSize = 1_024

    let newOrders: [Wire.NewOrder]
    let cancels: [Wire.CancelOrder]
    let replaces: [Wire.ReplaceOrder]
    let massCancels: [Wire.MassCancel]
    let adds: [Wire.AddLiquidity]
    let removes: [Wire.RemoveLiquidity]

    init() {
        let indices = (0..<UInt64(Self.ringSize))
        newOrders = indices.map { index in
            Wire.NewOrder(
                clientOrderId: Self.clientId(index), price: Self.price(index), quantity: Self.quantity(index),
                market: UInt32(index % 2), side: index % 2 == 0 ? .buy : .sell, orderType: .limit,
                timeInForce: index % 3 == 0 ? .ioc : .gtc, postOnly: index % 5 == 0, reduceOnly: false,
                selfTrade: index % 7 == 0 ? .cancelMaker : nil)
        }
        cancels = indices.map { index in
            Wire.CancelOrder(
                requestId: Self.clientId(index), orderId: index % 2 == 0 ? index + 1 : 0,
                clientOrderId: index % 2 == 0 ? 0 : Self.clientId(index) - 1)
        }
        replaces = indices.map { index in
            Wire.ReplaceOrder(
                requestId: Self.clientId(index), orderId: index + 1, clientOrderId: 0,
                price: index % 3 == 0 ? nil : Self.price(index), quantity: Self.quantity(index))
        }
        massCancels = indices.map { index in
            Wire.MassCancel(
                requestId: Self.clientId(index), market: index % 2 == 0 ? UInt32(index % 4) : nil,
                side: index % 3 == 0 ? .sell : nil)
        }
        adds = indices.map { index in
            Wire.AddLiquidity(
                requestId: Self.clientId(index), maxBase: Self.quantity(index), maxQuote: Self.price(index),
                minShares: Int64(index), market: UInt32(index % 2))
        }
        removes = indices.map { index in
            Wire.RemoveLiquidity(
                requestId: Self.clientId(index), shares: Self.quantity(index), minBase: 0, minQuote: Int64(index),
                market: UInt32(index % 2))
        }
    }

    /// The client id of message `index` of any ring.
    static func clientId(_ index: UInt64) -> UInt64 {
        1_000 + index
    }

    /// The client id a decoded order-entry message starts with.
    @inline(__always)
    static func clientId(of message: Wire.Message) -> UInt64 {
        switch message {
        case .newOrder(let order): order.clientOrderId
        case .cancelOrder(let cancel): cancel.requestId
        case .replaceOrder(let replace): replace.requestId
        case .massCancel(let massCancel): massCancel.requestId
        case .addLiquidity(let add): add.requestId
        case .removeLiquidity(let remove): remove.requestId
        default: 0
        }
    }

    private static func price(_ index: UInt64) -> Int64 {
        Int64(65_000_000_000 + 10_000 * (index % 100))
    }

    private static func quantity(_ index: UInt64) -> Int64 {
        Int64(10_000 * (1 + index % 50))
    }
}
