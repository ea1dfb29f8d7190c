import TandemEngine
import TandemJSON

/// Journal records, commands and events as one-line JSON objects, for `tandem journal dump` and what-if
/// replays (`Protocol/JOURNAL.md`).
///
/// Values are the journal's own: amounts and prices as integers in minor units, markets and assets by index,
/// enumerations by their snake_case names. Members come in a fixed order, so equal records print equal lines.
public enum JournalJSON {
    /// One record: its sequence number, timestamp, kind, and what it holds.
    public static func record(_ record: JournalRecord) throws(JournalError) -> String {
        var line = JSONLine()
        line.integer("seq", record.sequence)
        line.integer("ts", record.timestamp)
        line.string("record", record.type.name)
        switch record.type {
        case .configuration:
            let configuration = try record.configuration()
            line.integer("initial_order_capacity", configuration.initialOrderCapacity)
            line.json("configuration", ConfigurationEncoder.encode(configuration))
        case .command:
            let request = try record.request()
            line.integer("client_id", request.clientId)
            line.integer("request_type", request.type)
            line.json("command", command(try record.command()))
        case .events:
            var events: [Event] = []
            try record.events(into: &events)
            line.bool("continued", record.isContinued)
            line.json("events", JSONLine.array(events.map(event)))
        }
        return line.result
    }

    public static func command(_ command: Command) -> String {
        var line = JSONLine()
        line.string("type", command.kind.jsonName)
        line.integer("account", command.account)
        switch command {
        case .deposit(let transfer), .withdraw(let transfer):
            line.integer("asset", transfer.asset)
            line.integer("amount", transfer.amount)
        case .newOrder(let order):
            line.integer("market", order.market)
            line.integer("client_order_id", order.clientOrderId)
            line.string("side", order.side.jsonName)
            line.string("order_type", order.type.jsonName)
            line.string("time_in_force", order.timeInForce.jsonName)
            line.bool("post_only", order.postOnly)
            line.bool("reduce_only", order.reduceOnly)
            line.integer("price", order.price)
            line.integer("quantity", order.quantity)
            if let mode = order.selfTradePrevention { line.string("self_trade", mode.jsonName) }
        case .cancel(let cancel):
            reference(cancel.order, to: &line)
        case .replace(let replace):
            reference(replace.order, to: &line)
            if let price = replace.price { line.integer("price", price) }
            if let quantity = replace.quantity { line.integer("quantity", quantity) }
        case .massCancel(let massCancel):
            if let market = massCancel.market { line.integer("market", market) }
            if let side = massCancel.side { line.string("side", side.jsonName) }
        case .addLiquidity(let add):
            line.integer("market", add.market)
            line.integer("max_base", add.maxBase)
            line.integer("max_quote", add.maxQuote)
            line.integer("min_shares", add.minShares)
        case .removeLiquidity(let remove):
            line.integer("market", remove.market)
            line.integer("shares", remove.shares)
            line.integer("min_base", remove.minBase)
            line.integer("min_quote", remove.minQuote)
        case .indexPrice(let index):
            line.integer("market", index.market)
            line.integer("price", index.price)
        case .adjustMargin(let adjust):
            line.integer("market", adjust.market)
            line.integer("amount", adjust.amount)
        }
        return line.result
    }

    private static func reference(_ reference: OrderReference, to line: inout JSONLine) {
        switch reference {
        case .orderId(let id): line.integer("order_id", id)
        case .clientOrderId(let id): line.integer("client_order_id", id)
        }
    }

    public static func event(_ event: Event) -> String {
        var line = JSONLine()
        line.integer("seq", event.sequence)
        line.integer("ts", event.timestamp)
        switch event.body {
        case .accepted(let accepted):
            order(
                "accepted", accepted.orderId, accepted.clientOrderId, accepted.account, accepted.market, accepted.side,
                &line)
            line.string("order_type", accepted.type.jsonName)
            line.string("time_in_force", accepted.timeInForce.jsonName)
            line.bool("post_only", accepted.postOnly)
            line.integer("price", accepted.price)
            line.integer("quantity", accepted.quantity)
        case .rejected(let rejected):
            line.string("type", "rejected")
            line.integer("account", rejected.account)
            line.string("command", rejected.command.jsonName)
            line.integer("reference", rejected.reference)
            line.string("reason", rejected.reason.name)
        case .fill(let fill):
            line.string("type", "fill")
            line.integer("trade_id", fill.tradeId)
            order(nil, fill.orderId, fill.clientOrderId, fill.account, fill.market, fill.side, &line)
            line.string("liquidity", fill.liquidity.jsonName)
            line.integer("price", fill.price)
            line.integer("quantity", fill.quantity)
            line.integer("remaining", fill.remaining)
            line.integer("fee", fill.fee)
        case .poolFill(let fill):
            line.string("type", "pool_fill")
            line.integer("trade_id", fill.tradeId)
            order(nil, fill.orderId, fill.clientOrderId, fill.account, fill.market, fill.side, &line)
            line.integer("price", fill.price)
            line.integer("quantity", fill.quantity)
            line.integer("quote_amount", fill.quoteAmount)
            line.integer("lp_fee", fill.lpFee)
            line.integer("fee", fill.fee)
            line.integer("remaining", fill.remaining)
        case .canceled(let canceled):
            order(
                "canceled", canceled.orderId, canceled.clientOrderId, canceled.account, canceled.market, canceled.side,
                &line)
            line.integer("canceled_quantity", canceled.canceledQuantity)
            line.integer("remaining", canceled.remaining)
            line.string("reason", canceled.reason.name)
        case .replaced(let replaced):
            order(
                "replaced", replaced.orderId, replaced.clientOrderId, replaced.account, replaced.market, replaced.side,
                &line)
            line.integer("price", replaced.price)
            line.integer("quantity", replaced.quantity)
            line.bool("kept_priority", replaced.keptPriority)
        case .massCancelDone(let done):
            line.string("type", "mass_cancel_done")
            line.integer("account", done.account)
            if let market = done.market { line.integer("market", market) }
            if let side = done.side { line.string("side", side.jsonName) }
            line.integer("count", done.count)
        case .balance(let balance):
            line.string("type", "balance")
            line.integer("account", balance.account)
            line.integer("asset", balance.asset)
            line.integer("available", balance.available)
            line.integer("reserved", balance.reserved)
        case .liquidityAdded(let added):
            line.string("type", "liquidity_added")
            line.integer("account", added.account)
            line.integer("market", added.market)
            line.integer("base", added.base)
            line.integer("quote", added.quote)
            line.integer("shares", added.shares)
        case .liquidityRemoved(let removed):
            line.string("type", "liquidity_removed")
            line.integer("account", removed.account)
            line.integer("market", removed.market)
            line.integer("shares", removed.shares)
            line.integer("base", removed.base)
            line.integer("quote", removed.quote)
            line.integer("fee_base", removed.feeBase)
            line.integer("fee_quote", removed.feeQuote)
        case .positionUpdate(let update):
            position("position_update", update.account, update.market, &line)
            line.integer("size", update.size)
            line.integer("entry_price", update.entryPrice)
            line.integer("collateral", update.collateral)
        case .marginCall(let call):
            position("margin_call", call.account, call.market, &line)
            line.integer("equity", call.equity)
            line.integer("initial_requirement", call.initialRequirement)
            line.integer("maintenance_requirement", call.maintenanceRequirement)
        case .liquidationStarted(let started):
            position("liquidation_started", started.account, started.market, &line)
            line.integer("size", started.size)
            line.integer("mark_price", started.markPrice)
            line.integer("equity", started.equity)
            line.integer("maintenance_requirement", started.maintenanceRequirement)
        case .liquidationEnded(let ended):
            position("liquidation_ended", ended.account, ended.market, &line)
            line.integer("size", ended.size)
            line.integer("collateral", ended.collateral)
            line.integer("insurance_paid", ended.insurancePaid)
        case .insuranceFund(let update):
            position("insurance_fund", update.account, update.market, &line)
            line.integer("amount", update.amount)
            line.integer("balance", update.balance)
        case .deleveraged(let deleveraged):
            line.string("type", "deleveraged")
            line.integer("trade_id", deleveraged.tradeId)
            line.integer("account", deleveraged.account)
            line.integer("counterparty", deleveraged.counterparty)
            line.integer("market", deleveraged.market)
            line.string("side", deleveraged.side.jsonName)
            line.integer("price", deleveraged.price)
            line.integer("quantity", deleveraged.quantity)
            line.integer("size", deleveraged.size)
        case .indexPrice(let update):
            line.string("type", "index_price")
            line.integer("market", update.market)
            line.integer("index_price", update.indexPrice)
            line.integer("mark_price", update.markPrice)
        }
        return line.result
    }

    /// The members a perpetual event of one position begins with.
    private static func position(_ type: String, _ account: UInt32, _ market: Int, _ line: inout JSONLine) {
        line.string("type", type)
        line.integer("account", account)
        line.integer("market", market)
    }

    /// The members that name an order, after `type` when one is given.
    private static func order(
        _ type: String?, _ orderId: UInt64, _ clientOrderId: UInt64, _ account: UInt32, _ market: Int, _ side: Side,
        _ line: inout JSONLine
    ) {
        if let type { line.string("type", type) }
        line.integer("order_id", orderId)
        line.integer("client_order_id", clientOrderId)
        line.integer("account", account)
        line.integer("market", market)
        line.string("side", side.jsonName)
    }
}
