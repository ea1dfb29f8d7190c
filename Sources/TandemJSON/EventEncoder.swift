import TandemEngine

/// Writes engine events as JSON objects with a fixed member order and decimal strings for every amount.
///
/// Every event starts with `seq`, `ts` and `type`; the members that follow are listed in `Protocol/SIMULATE.md`.
struct EventEncoder {
    let symbols: SymbolTable

    /// One event as a JSON object on one line (no newline).
    func encode(_ event: Event) -> String {
        var writer = JSONWriter()
        writer.integer("seq", event.sequence)
        writer.integer("ts", event.timestamp)
        switch event.body {
        case .accepted(let accepted): write(accepted, to: &writer)
        case .rejected(let rejected): write(rejected, to: &writer)
        case .fill(let fill): write(fill, to: &writer)
        case .poolFill(let fill): write(fill, to: &writer)
        case .canceled(let canceled): write(canceled, to: &writer)
        case .replaced(let replaced): write(replaced, to: &writer)
        case .massCancelDone(let done): write(done, to: &writer)
        case .balance(let balance): write(balance, to: &writer)
        case .liquidityAdded(let added): write(added, to: &writer)
        case .liquidityRemoved(let removed): write(removed, to: &writer)
        }
        return writer.result
    }

    private func quoteDecimals(_ market: Int) -> Int { symbols.markets[market].quote.decimals }

    private func baseDecimals(_ market: Int) -> Int { symbols.markets[market].base.decimals }

    private func writeOrder(
        type: String, orderId: UInt64, clientOrderId: UInt64, account: UInt32, market: Int, side: Side,
        to writer: inout JSONWriter
    ) {
        writer.string("type", type)
        writer.integer("order_id", orderId)
        writer.integer("client_order_id", clientOrderId)
        writer.integer("account", account)
        writer.string("market", symbols.markets[market].symbol)
        writer.string("side", side.jsonName)
    }

    private func write(_ event: OrderAccepted, to writer: inout JSONWriter) {
        writeOrder(
            type: "accepted", orderId: event.orderId, clientOrderId: event.clientOrderId, account: event.account,
            market: event.market, side: event.side, to: &writer)
        writer.string("order_type", event.type.jsonName)
        writer.string("time_in_force", event.timeInForce.jsonName)
        writer.bool("post_only", event.postOnly)
        writer.decimal("price", event.price, decimals: quoteDecimals(event.market))
        writer.decimal("quantity", event.quantity, decimals: baseDecimals(event.market))
    }

    private func write(_ event: CommandRejected, to writer: inout JSONWriter) {
        writer.string("type", "rejected")
        writer.integer("account", event.account)
        writer.string("command", event.command.jsonName)
        writer.integer("reference", event.reference)
        writer.string("reason", event.reason.name)
    }

    private func write(_ event: Fill, to writer: inout JSONWriter) {
        writeTrade(
            type: "fill", tradeId: event.tradeId, orderId: event.orderId, clientOrderId: event.clientOrderId,
            account: event.account, market: event.market, side: event.side, to: &writer)
        writer.string("liquidity", event.liquidity.jsonName)
        writer.decimal("price", event.price, decimals: quoteDecimals(event.market))
        writer.decimal("quantity", event.quantity, decimals: baseDecimals(event.market))
        writer.decimal("remaining", event.remaining, decimals: baseDecimals(event.market))
        writer.decimal("fee", event.fee, decimals: quoteDecimals(event.market))
    }

    private func write(_ event: PoolFill, to writer: inout JSONWriter) {
        writeTrade(
            type: "pool_fill", tradeId: event.tradeId, orderId: event.orderId, clientOrderId: event.clientOrderId,
            account: event.account, market: event.market, side: event.side, to: &writer)
        writer.decimal("price", event.price, decimals: quoteDecimals(event.market))
        writer.decimal("quantity", event.quantity, decimals: baseDecimals(event.market))
        writer.decimal("quote_amount", event.quoteAmount, decimals: quoteDecimals(event.market))
        // The pool charges its fee on what it receives: quote from a buyer, base from a seller.
        let feeAsset = event.side == .buy ? symbols.markets[event.market].quote : symbols.markets[event.market].base
        writer.decimal("lp_fee", event.lpFee, decimals: feeAsset.decimals)
        writer.string("lp_fee_asset", feeAsset.symbol)
        writer.decimal("fee", event.fee, decimals: quoteDecimals(event.market))
        writer.decimal("remaining", event.remaining, decimals: baseDecimals(event.market))
    }

    /// The members a book fill and a pool fill begin with.
    private func writeTrade(
        type: String, tradeId: UInt64, orderId: UInt64, clientOrderId: UInt64, account: UInt32, market: Int,
        side: Side, to writer: inout JSONWriter
    ) {
        writer.string("type", type)
        writer.integer("trade_id", tradeId)
        writer.integer("order_id", orderId)
        writer.integer("client_order_id", clientOrderId)
        writer.integer("account", account)
        writer.string("market", symbols.markets[market].symbol)
        writer.string("side", side.jsonName)
    }

    private func write(_ event: LiquidityAdded, to writer: inout JSONWriter) {
        writer.string("type", "liquidity_added")
        writer.integer("account", event.account)
        writer.string("market", symbols.markets[event.market].symbol)
        writer.decimal("base", event.base, decimals: baseDecimals(event.market))
        writer.decimal("quote", event.quote, decimals: quoteDecimals(event.market))
        writer.integer("shares", event.shares)
    }

    private func write(_ event: LiquidityRemoved, to writer: inout JSONWriter) {
        writer.string("type", "liquidity_removed")
        writer.integer("account", event.account)
        writer.string("market", symbols.markets[event.market].symbol)
        writer.integer("shares", event.shares)
        writer.decimal("base", event.base, decimals: baseDecimals(event.market))
        writer.decimal("quote", event.quote, decimals: quoteDecimals(event.market))
        writer.decimal("fee_base", event.feeBase, decimals: baseDecimals(event.market))
        writer.decimal("fee_quote", event.feeQuote, decimals: quoteDecimals(event.market))
    }

    private func write(_ event: OrderCanceled, to writer: inout JSONWriter) {
        writeOrder(
            type: "canceled", orderId: event.orderId, clientOrderId: event.clientOrderId, account: event.account,
            market: event.market, side: event.side, to: &writer)
        writer.decimal("canceled_quantity", event.canceledQuantity, decimals: baseDecimals(event.market))
        writer.decimal("remaining", event.remaining, decimals: baseDecimals(event.market))
        writer.string("reason", event.reason.name)
    }

    private func write(_ event: OrderReplaced, to writer: inout JSONWriter) {
        writeOrder(
            type: "replaced", orderId: event.orderId, clientOrderId: event.clientOrderId, account: event.account,
            market: event.market, side: event.side, to: &writer)
        writer.decimal("price", event.price, decimals: quoteDecimals(event.market))
        writer.decimal("quantity", event.quantity, decimals: baseDecimals(event.market))
        writer.bool("kept_priority", event.keptPriority)
    }

    private func write(_ event: MassCancelDone, to writer: inout JSONWriter) {
        writer.string("type", "mass_cancel_done")
        writer.integer("account", event.account)
        writer.optionalString("market", event.market.map { symbols.markets[$0].symbol })
        writer.optionalString("side", event.side?.jsonName)
        writer.integer("count", event.count)
    }

    private func write(_ event: BalanceUpdate, to writer: inout JSONWriter) {
        writer.string("type", "balance")
        writer.integer("account", event.account)
        writer.string("asset", symbols.assets[event.asset].symbol)
        writer.decimal("available", event.available, decimals: symbols.assets[event.asset].decimals)
        writer.decimal("reserved", event.reserved, decimals: symbols.assets[event.asset].decimals)
    }
}
