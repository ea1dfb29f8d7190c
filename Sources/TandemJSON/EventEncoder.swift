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
        case .positionUpdate(let update): write(update, to: &writer)
        case .marginCall(let call): write(call, to: &writer)
        case .liquidationStarted(let started): write(started, to: &writer)
        case .liquidationEnded(let ended): write(ended, to: &writer)
        case .insuranceFund(let update): write(update, to: &writer)
        case .deleveraged(let deleveraged): write(deleveraged, to: &writer)
        case .indexPrice(let update): write(update, to: &writer)
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

    /// The members a perpetual event of one account's position begins with.
    private func writePosition(type: String, account: UInt32, market: Int, to writer: inout JSONWriter) {
        writer.string("type", type)
        writer.integer("account", account)
        writer.string("market", symbols.markets[market].symbol)
    }

    private func write(_ event: PositionUpdate, to writer: inout JSONWriter) {
        writePosition(type: "position_update", account: event.account, market: event.market, to: &writer)
        writer.decimal("size", event.size, decimals: baseDecimals(event.market))
        writer.decimal("entry_price", event.entryPrice, decimals: quoteDecimals(event.market))
        writer.decimal("collateral", event.collateral, decimals: quoteDecimals(event.market))
    }

    private func write(_ event: MarginCall, to writer: inout JSONWriter) {
        writePosition(type: "margin_call", account: event.account, market: event.market, to: &writer)
        writer.decimal("equity", event.equity, decimals: quoteDecimals(event.market))
        writer.decimal("initial_requirement", event.initialRequirement, decimals: quoteDecimals(event.market))
        writer.decimal("maintenance_requirement", event.maintenanceRequirement, decimals: quoteDecimals(event.market))
    }

    private func write(_ event: LiquidationStarted, to writer: inout JSONWriter) {
        writePosition(type: "liquidation_started", account: event.account, market: event.market, to: &writer)
        writer.decimal("size", event.size, decimals: baseDecimals(event.market))
        writer.decimal("mark_price", event.markPrice, decimals: quoteDecimals(event.market))
        writer.decimal("equity", event.equity, decimals: quoteDecimals(event.market))
        writer.decimal("maintenance_requirement", event.maintenanceRequirement, decimals: quoteDecimals(event.market))
    }

    private func write(_ event: LiquidationEnded, to writer: inout JSONWriter) {
        writePosition(type: "liquidation_ended", account: event.account, market: event.market, to: &writer)
        writer.decimal("size", event.size, decimals: baseDecimals(event.market))
        writer.decimal("collateral", event.collateral, decimals: quoteDecimals(event.market))
        writer.decimal("insurance_paid", event.insurancePaid, decimals: quoteDecimals(event.market))
    }

    private func write(_ event: InsuranceFundUpdate, to writer: inout JSONWriter) {
        writePosition(type: "insurance_fund", account: event.account, market: event.market, to: &writer)
        writer.decimal("amount", event.amount, decimals: quoteDecimals(event.market))
        writer.decimal("balance", event.balance, decimals: quoteDecimals(event.market))
    }

    private func write(_ event: Deleveraged, to writer: inout JSONWriter) {
        writer.string("type", "deleveraged")
        writer.integer("trade_id", event.tradeId)
        writer.integer("account", event.account)
        writer.integer("counterparty", event.counterparty)
        writer.string("market", symbols.markets[event.market].symbol)
        writer.string("side", event.side.jsonName)
        writer.decimal("price", event.price, decimals: quoteDecimals(event.market))
        writer.decimal("quantity", event.quantity, decimals: baseDecimals(event.market))
        writer.decimal("size", event.size, decimals: baseDecimals(event.market))
    }

    private func write(_ event: IndexPriceUpdate, to writer: inout JSONWriter) {
        writer.string("type", "index_price")
        writer.string("market", symbols.markets[event.market].symbol)
        writer.decimal("index_price", event.indexPrice, decimals: quoteDecimals(event.market))
        writer.decimal("mark_price", event.markPrice, decimals: quoteDecimals(event.market))
    }
}
