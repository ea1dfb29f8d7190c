import TandemEngine
import TandemWire

extension Wire.Message {
    /// The execution report for an engine event, numbered `sequence` in its account's stream.
    ///
    /// `request` is the order-entry request whose command produced the event, known to the server: its client
    /// id goes into the reports that answer it (`order_rejected`, `order_replaced`, `mass_cancel_ack`,
    /// `liquidity_added`, `liquidity_removed`, `index_price_set`), and its type into `order_rejected`. Perpetual
    /// events become the perpetual reports of the same names (`insurance_fund` is `insurance_fund_update`, and
    /// `index_price` the administrator's `index_price_set`; market data's `mark_price` is `init(markPrice:)`).
    public init(event: Event, sequence: UInt64, request: (clientId: UInt64, type: Wire.MessageType)) {
        let timestamp = event.timestamp
        switch event.body {
        case .accepted(let order):
            self = .orderAccepted(
                Wire.OrderAccepted(
                    sequence: sequence, timestamp: timestamp, orderId: order.orderId,
                    clientOrderId: order.clientOrderId, price: order.price, quantity: order.quantity,
                    market: UInt32(order.market), side: Wire.Side(order.side), orderType: Wire.OrderType(order.type),
                    timeInForce: Wire.TimeInForce(order.timeInForce), postOnly: order.postOnly))
        case .rejected(let rejected):
            self = .orderRejected(
                Wire.OrderRejected(
                    sequence: sequence, timestamp: timestamp, clientId: request.clientId,
                    reason: Wire.RejectReason(rejected.reason), rejectedMessageType: request.type))
        case .fill(let fill):
            self = .fill(
                Wire.Fill(
                    sequence: sequence, timestamp: timestamp, tradeId: fill.tradeId, orderId: fill.orderId,
                    clientOrderId: fill.clientOrderId, price: fill.price, quantity: fill.quantity,
                    remaining: fill.remaining, fee: fill.fee, quoteAmount: 0, lpFee: 0, market: UInt32(fill.market),
                    side: Wire.Side(fill.side), liquidity: fill.liquidity == .maker ? .bookMaker : .bookTaker))
        case .poolFill(let fill):
            self = .fill(
                Wire.Fill(
                    sequence: sequence, timestamp: timestamp, tradeId: fill.tradeId, orderId: fill.orderId,
                    clientOrderId: fill.clientOrderId, price: fill.price, quantity: fill.quantity,
                    remaining: fill.remaining, fee: fill.fee, quoteAmount: fill.quoteAmount, lpFee: fill.lpFee,
                    market: UInt32(fill.market), side: Wire.Side(fill.side), liquidity: .pool))
        case .canceled(let canceled):
            self = .orderCanceled(
                Wire.OrderCanceled(
                    sequence: sequence, timestamp: timestamp, orderId: canceled.orderId,
                    clientOrderId: canceled.clientOrderId, canceledQuantity: canceled.canceledQuantity,
                    remaining: canceled.remaining, market: UInt32(canceled.market), side: Wire.Side(canceled.side),
                    reason: Wire.CancelReason(canceled.reason)))
        case .replaced(let replaced):
            self = .orderReplaced(
                Wire.OrderReplaced(
                    sequence: sequence, timestamp: timestamp, requestId: request.clientId, orderId: replaced.orderId,
                    clientOrderId: replaced.clientOrderId, price: replaced.price, quantity: replaced.quantity,
                    market: UInt32(replaced.market), side: Wire.Side(replaced.side),
                    keptPriority: replaced.keptPriority))
        case .massCancelDone(let done):
            self = .massCancelAck(
                Wire.MassCancelAck(
                    sequence: sequence, timestamp: timestamp, requestId: request.clientId,
                    count: UInt32(clamping: done.count), market: done.market.map { UInt32($0) },
                    side: done.side.map(Wire.Side.init)))
        case .balance(let balance):
            self = .balanceUpdate(
                Wire.BalanceUpdate(
                    sequence: sequence, timestamp: timestamp, available: balance.available,
                    reserved: balance.reserved, asset: UInt32(balance.asset)))
        case .liquidityAdded(let added):
            self = .liquidityAdded(
                Wire.LiquidityAdded(
                    sequence: sequence, timestamp: timestamp, requestId: request.clientId, base: added.base,
                    quote: added.quote, shares: added.shares, market: UInt32(added.market)))
        case .liquidityRemoved(let removed):
            self = .liquidityRemoved(
                Wire.LiquidityRemoved(
                    sequence: sequence, timestamp: timestamp, requestId: request.clientId, shares: removed.shares,
                    base: removed.base, quote: removed.quote, feeBase: removed.feeBase, feeQuote: removed.feeQuote,
                    market: UInt32(removed.market)))
        case .positionUpdate(let update):
            self = .positionUpdate(
                Wire.PositionUpdate(
                    sequence: sequence, timestamp: timestamp, size: update.size, entryPrice: update.entryPrice,
                    collateral: update.collateral, market: UInt32(update.market)))
        case .marginCall(let call):
            self = .marginCall(
                Wire.MarginCall(
                    sequence: sequence, timestamp: timestamp, equity: call.equity,
                    initialRequirement: call.initialRequirement, maintenanceRequirement: call.maintenanceRequirement,
                    market: UInt32(call.market)))
        case .liquidationStarted(let started):
            self = .liquidationStarted(
                Wire.LiquidationStarted(
                    sequence: sequence, timestamp: timestamp, size: started.size, markPrice: started.markPrice,
                    equity: started.equity, maintenanceRequirement: started.maintenanceRequirement,
                    market: UInt32(started.market)))
        case .liquidationEnded(let ended):
            self = .liquidationEnded(
                Wire.LiquidationEnded(
                    sequence: sequence, timestamp: timestamp, size: ended.size, collateral: ended.collateral,
                    insurancePaid: ended.insurancePaid, market: UInt32(ended.market)))
        case .insuranceFund(let update):
            self = .insuranceFundUpdate(
                Wire.InsuranceFundUpdate(
                    sequence: sequence, timestamp: timestamp, amount: update.amount, balance: update.balance,
                    market: UInt32(update.market)))
        case .deleveraged(let deleveraged):
            self = .deleveraged(
                Wire.Deleveraged(
                    sequence: sequence, timestamp: timestamp, tradeId: deleveraged.tradeId, price: deleveraged.price,
                    quantity: deleveraged.quantity, size: deleveraged.size, counterparty: deleveraged.counterparty,
                    market: UInt32(deleveraged.market), side: Wire.Side(deleveraged.side)))
        case .indexPrice(let update):
            self = .indexPriceSet(
                Wire.IndexPriceSet(
                    sequence: sequence, timestamp: timestamp, requestId: request.clientId,
                    indexPrice: update.indexPrice, markPrice: update.markPrice, market: UInt32(update.market)))
        }
    }

    /// The market-data message for a perpetual market's new index price and the mark right after it; its
    /// sequence is 0 until the publisher numbers it.
    public init(markPrice update: IndexPriceUpdate, timestamp: UInt64) {
        self = .markPrice(
            Wire.MarkPrice(
                sequence: 0, timestamp: timestamp, indexPrice: update.indexPrice, markPrice: update.markPrice,
                market: UInt32(update.market)))
    }
}
