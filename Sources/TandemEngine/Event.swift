/// An order entered the engine and was given its order id.
public struct OrderAccepted: Sendable, Equatable {
    public var orderId: UInt64
    public var clientOrderId: UInt64
    public var account: UInt32
    public var market: Int
    public var side: Side
    public var type: OrderType
    public var timeInForce: TimeInForce
    public var postOnly: Bool
    /// The limit price; for a market order, the edge of the price band it may trade to.
    public var price: Int64
    public var quantity: Int64

    public init(
        orderId: UInt64, clientOrderId: UInt64, account: UInt32, market: Int, side: Side, type: OrderType,
        timeInForce: TimeInForce, postOnly: Bool, price: Int64, quantity: Int64
    ) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.account = account
        self.market = market
        self.side = side
        self.type = type
        self.timeInForce = timeInForce
        self.postOnly = postOnly
        self.price = price
        self.quantity = quantity
    }
}

/// A command was refused; nothing changed.
public struct CommandRejected: Sendable, Equatable {
    public var account: UInt32
    public var command: CommandKind
    /// The client order id of a new order, or the order named by a cancel or replace (zero otherwise).
    public var reference: UInt64
    public var reason: RejectReason

    public init(account: UInt32, command: CommandKind, reference: UInt64, reason: RejectReason) {
        self.account = account
        self.command = command
        self.reference = reference
        self.reason = reason
    }
}

/// One side of a trade.
public struct Fill: Sendable, Equatable {
    public var tradeId: UInt64
    public var orderId: UInt64
    public var clientOrderId: UInt64
    public var account: UInt32
    public var market: Int
    public var side: Side
    public var liquidity: Liquidity
    public var price: Int64
    public var quantity: Int64
    /// The order's quantity still open after this fill.
    public var remaining: Int64
    /// The fee in quote minor units; negative is a rebate paid to the account.
    public var fee: Int64

    public init(
        tradeId: UInt64, orderId: UInt64, clientOrderId: UInt64, account: UInt32, market: Int, side: Side,
        liquidity: Liquidity, price: Int64, quantity: Int64, remaining: Int64, fee: Int64
    ) {
        self.tradeId = tradeId
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.account = account
        self.market = market
        self.side = side
        self.liquidity = liquidity
        self.price = price
        self.quantity = quantity
        self.remaining = remaining
        self.fee = fee
    }
}

/// A taker's trade with a market's pool: one chunk, between two book levels or up to the taker's limit.
public struct PoolFill: Sendable, Equatable {
    public var tradeId: UInt64
    public var orderId: UInt64
    public var clientOrderId: UInt64
    public var account: UInt32
    public var market: Int
    public var side: Side
    /// The chunk's average price, rounded to a tick in the pool's favour (up for a buy, down for a sell).
    public var price: Int64
    public var quantity: Int64
    /// The quote the taker paid the pool (a buy, LP fee included) or received from it (a sell).
    public var quoteAmount: Int64
    /// The LP fee: in quote for a buy, in base for a sell.
    public var lpFee: Int64
    /// The exchange's taker fee, in quote.
    public var fee: Int64
    public var remaining: Int64

    public init(
        tradeId: UInt64, orderId: UInt64, clientOrderId: UInt64, account: UInt32, market: Int, side: Side, price: Int64,
        quantity: Int64, quoteAmount: Int64, lpFee: Int64, fee: Int64, remaining: Int64
    ) {
        self.tradeId = tradeId
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.account = account
        self.market = market
        self.side = side
        self.price = price
        self.quantity = quantity
        self.quoteAmount = quoteAmount
        self.lpFee = lpFee
        self.fee = fee
        self.remaining = remaining
    }
}

/// Liquidity went into a pool.
public struct LiquidityAdded: Sendable, Equatable {
    public var account: UInt32
    public var market: Int
    public var base: Int64
    public var quote: Int64
    public var shares: Int64

    public init(account: UInt32, market: Int, base: Int64, quote: Int64, shares: Int64) {
        self.account = account
        self.market = market
        self.base = base
        self.quote = quote
        self.shares = shares
    }
}

/// Liquidity came out of a pool: the share of the reserves plus the LP fees the shares earned.
public struct LiquidityRemoved: Sendable, Equatable {
    public var account: UInt32
    public var market: Int
    public var shares: Int64
    public var base: Int64
    public var quote: Int64
    public var feeBase: Int64
    public var feeQuote: Int64

    public init(
        account: UInt32, market: Int, shares: Int64, base: Int64, quote: Int64, feeBase: Int64, feeQuote: Int64
    ) {
        self.account = account
        self.market = market
        self.shares = shares
        self.base = base
        self.quote = quote
        self.feeBase = feeBase
        self.feeQuote = feeQuote
    }
}

/// An order lost quantity without trading; when `remaining` is zero it has left the book.
public struct OrderCanceled: Sendable, Equatable {
    public var orderId: UInt64
    public var clientOrderId: UInt64
    public var account: UInt32
    public var market: Int
    public var side: Side
    public var canceledQuantity: Int64
    public var remaining: Int64
    public var reason: CancelReason

    public init(
        orderId: UInt64, clientOrderId: UInt64, account: UInt32, market: Int, side: Side, canceledQuantity: Int64,
        remaining: Int64, reason: CancelReason
    ) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.account = account
        self.market = market
        self.side = side
        self.canceledQuantity = canceledQuantity
        self.remaining = remaining
        self.reason = reason
    }
}

/// A replace took effect.
public struct OrderReplaced: Sendable, Equatable {
    public var orderId: UInt64
    public var clientOrderId: UInt64
    public var account: UInt32
    public var market: Int
    public var side: Side
    public var price: Int64
    public var quantity: Int64
    /// False when the order went to the back of its level.
    public var keptPriority: Bool

    public init(
        orderId: UInt64, clientOrderId: UInt64, account: UInt32, market: Int, side: Side, price: Int64, quantity: Int64,
        keptPriority: Bool
    ) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.account = account
        self.market = market
        self.side = side
        self.price = price
        self.quantity = quantity
        self.keptPriority = keptPriority
    }
}

/// A mass cancel finished; it canceled `count` orders.
public struct MassCancelDone: Sendable, Equatable {
    public var account: UInt32
    public var market: Int?
    public var side: Side?
    public var count: Int

    public init(account: UInt32, market: Int?, side: Side?, count: Int) {
        self.account = account
        self.market = market
        self.side = side
        self.count = count
    }
}

/// An account's balance in one asset after a command changed it.
public struct BalanceUpdate: Sendable, Equatable {
    public var account: UInt32
    public var asset: Int
    public var available: Int64
    public var reserved: Int64

    public init(account: UInt32, asset: Int, available: Int64, reserved: Int64) {
        self.account = account
        self.asset = asset
        self.available = available
        self.reserved = reserved
    }
}

/// What an event says.
public enum EventBody: Sendable, Equatable {
    case accepted(OrderAccepted)
    case rejected(CommandRejected)
    case fill(Fill)
    case poolFill(PoolFill)
    case canceled(OrderCanceled)
    case replaced(OrderReplaced)
    case massCancelDone(MassCancelDone)
    case balance(BalanceUpdate)
    case liquidityAdded(LiquidityAdded)
    case liquidityRemoved(LiquidityRemoved)
    case positionUpdate(PositionUpdate)
    case marginCall(MarginCall)
    case liquidationStarted(LiquidationStarted)
    case liquidationEnded(LiquidationEnded)
    case insuranceFund(InsuranceFundUpdate)
    case deleveraged(Deleveraged)
    case indexPrice(IndexPriceUpdate)
}

/// One output of the engine, numbered in the engine's sequence and stamped with its command's logical time.
public struct Event: Sendable, Equatable {
    public var sequence: UInt64
    public var timestamp: UInt64
    public var body: EventBody

    public init(sequence: UInt64, timestamp: UInt64, body: EventBody) {
        self.sequence = sequence
        self.timestamp = timestamp
        self.body = body
    }
}
