import TandemWire

/// The order-entry requests: each takes the next client id, enqueues the request (no system call; `flush`
/// sends it) and returns that id. A request its encoding cannot carry throws `invalidMessage` and uses no id.
extension OrderEntrySession {
    /// Enters an order; returns its client order id. A market order's price is ignored (send 0).
    @discardableResult
    public func newOrder(
        market: UInt32, side: Wire.Side, price: Int64, quantity: Int64, orderType: Wire.OrderType = .limit,
        timeInForce: Wire.TimeInForce = .gtc, postOnly: Bool = false, reduceOnly: Bool = false,
        selfTrade: Wire.SelfTradeMode? = nil
    ) throws(ClientError) -> UInt64 {
        try request { id in
            Wire.NewOrder(
                clientOrderId: id, price: price, quantity: quantity, market: market, side: side,
                orderType: orderType, timeInForce: timeInForce, postOnly: postOnly, reduceOnly: reduceOnly,
                selfTrade: selfTrade)
        }
    }

    /// Cancels the order with this engine order id.
    @discardableResult
    public func cancel(orderId: UInt64) throws(ClientError) -> UInt64 {
        try request { id in Wire.CancelOrder(requestId: id, orderId: orderId, clientOrderId: 0) }
    }

    /// Cancels the live order with this client order id.
    @discardableResult
    public func cancel(clientOrderId: UInt64) throws(ClientError) -> UInt64 {
        try request { id in Wire.CancelOrder(requestId: id, orderId: 0, clientOrderId: clientOrderId) }
    }

    /// Changes the price and/or remaining quantity (nil: unchanged; quantity 0 cancels) of the order with this
    /// engine order id.
    @discardableResult
    public func replace(orderId: UInt64, price: Int64? = nil, quantity: Int64? = nil) throws(ClientError) -> UInt64 {
        try request { id in
            Wire.ReplaceOrder(requestId: id, orderId: orderId, clientOrderId: 0, price: price, quantity: quantity)
        }
    }

    /// Changes the price and/or remaining quantity (nil: unchanged; quantity 0 cancels) of the live order with
    /// this client order id.
    @discardableResult
    public func replace(clientOrderId: UInt64, price: Int64? = nil, quantity: Int64? = nil)
        throws(ClientError) -> UInt64
    {
        try request { id in
            Wire.ReplaceOrder(
                requestId: id, orderId: 0, clientOrderId: clientOrderId, price: price, quantity: quantity)
        }
    }

    /// Cancels the account's live orders, in one market or all (nil), on one side or both (nil).
    @discardableResult
    public func massCancel(market: UInt32? = nil, side: Wire.Side? = nil) throws(ClientError) -> UInt64 {
        try request { id in Wire.MassCancel(requestId: id, market: market, side: side) }
    }

    /// Adds at most `maxBase` and `maxQuote` to the market's pool, at its ratio, for at least `minShares`.
    @discardableResult
    public func addLiquidity(market: UInt32, maxBase: Int64, maxQuote: Int64, minShares: Int64 = 0)
        throws(ClientError) -> UInt64
    {
        try request { id in
            Wire.AddLiquidity(requestId: id, maxBase: maxBase, maxQuote: maxQuote, minShares: minShares, market: market)
        }
    }

    /// Burns `shares` of the market's pool for at least `minBase` and `minQuote`.
    @discardableResult
    public func removeLiquidity(market: UInt32, shares: Int64, minBase: Int64 = 0, minQuote: Int64 = 0)
        throws(ClientError) -> UInt64
    {
        try request { id in
            Wire.RemoveLiquidity(requestId: id, shares: shares, minBase: minBase, minQuote: minQuote, market: market)
        }
    }

    /// Moves `amount` quote minor units of collateral into the account's position in a perpetual market, or
    /// (negative) back out of it.
    @discardableResult
    public func adjustMargin(market: UInt32, amount: Int64) throws(ClientError) -> UInt64 {
        try request { id in Wire.AdjustMargin(requestId: id, amount: amount, market: market) }
    }

    /// Sets a perpetual market's index price; only the server's administrator account may (others get
    /// `message_rejected`, `not_permitted`).
    @discardableResult
    public func setIndexPrice(market: UInt32, price: Int64) throws(ClientError) -> UInt64 {
        try request { id in Wire.IndexPrice(requestId: id, price: price, market: market) }
    }

    /// Builds the request for the next client id and enqueues it; the id is only used when it is enqueued.
    private func request<Body: WireMessageBody>(_ make: (UInt64) -> Body) throws(ClientError) -> UInt64 {
        let id = lastClientId + 1
        try connection.enqueue(make(id))
        return nextClientId()
    }
}
