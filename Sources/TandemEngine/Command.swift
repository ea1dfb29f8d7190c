/// Names a live order: by the engine's order id, or by the owner's client order id.
public enum OrderReference: Sendable, Equatable, Hashable {
    case orderId(UInt64)
    case clientOrderId(UInt64)
}

/// A deposit to or a withdrawal from an account, in the asset's minor units.
public struct Transfer: Sendable, Equatable {
    public var account: UInt32
    public var asset: Int
    public var amount: Int64

    public init(account: UInt32, asset: Int, amount: Int64) {
        self.account = account
        self.asset = asset
        self.amount = amount
    }
}

/// A new order. Price (ignored for market orders) and quantity are in external units.
public struct NewOrder: Sendable, Equatable {
    public var account: UInt32
    public var market: Int
    public var clientOrderId: UInt64
    public var side: Side
    public var type: OrderType
    public var timeInForce: TimeInForce
    public var postOnly: Bool
    public var price: Int64
    public var quantity: Int64
    /// Nil takes the account's default.
    public var selfTradePrevention: SelfTradePrevention?
    /// Perpetual markets only: the order may only reduce the position (an immediate order, at most its size).
    public var reduceOnly: Bool

    public init(
        account: UInt32, market: Int, clientOrderId: UInt64, side: Side, type: OrderType = .limit,
        timeInForce: TimeInForce = .gtc, postOnly: Bool = false, price: Int64, quantity: Int64,
        selfTradePrevention: SelfTradePrevention? = nil, reduceOnly: Bool = false
    ) {
        self.account = account
        self.market = market
        self.clientOrderId = clientOrderId
        self.side = side
        self.type = type
        self.timeInForce = timeInForce
        self.postOnly = postOnly
        self.price = price
        self.quantity = quantity
        self.selfTradePrevention = selfTradePrevention
        self.reduceOnly = reduceOnly
    }
}

/// Cancels one of the account's live orders.
public struct CancelOrder: Sendable, Equatable {
    public var account: UInt32
    public var order: OrderReference

    public init(account: UInt32, order: OrderReference) {
        self.account = account
        self.order = order
    }
}

/// Changes a live order's price and/or remaining quantity (nil leaves a field as it is).
///
/// A price change or a quantity increase sends the order to the back of its level; a decrease keeps its
/// place; a quantity of zero cancels it.
public struct ReplaceOrder: Sendable, Equatable {
    public var account: UInt32
    public var order: OrderReference
    public var price: Int64?
    public var quantity: Int64?

    public init(account: UInt32, order: OrderReference, price: Int64? = nil, quantity: Int64? = nil) {
        self.account = account
        self.order = order
        self.price = price
        self.quantity = quantity
    }
}

/// Cancels every live order of an account, optionally only in one market and/or on one side.
public struct MassCancel: Sendable, Equatable {
    public var account: UInt32
    public var market: Int?
    public var side: Side?

    public init(account: UInt32, market: Int? = nil, side: Side? = nil) {
        self.account = account
        self.market = market
        self.side = side
    }
}

/// Adds liquidity to a market's pool: at most these amounts, at the pool's ratio, for at least `minShares`.
public struct AddLiquidity: Sendable, Equatable {
    public var account: UInt32
    public var market: Int
    public var maxBase: Int64
    public var maxQuote: Int64
    public var minShares: Int64

    public init(account: UInt32, market: Int, maxBase: Int64, maxQuote: Int64, minShares: Int64 = 0) {
        self.account = account
        self.market = market
        self.maxBase = maxBase
        self.maxQuote = maxQuote
        self.minShares = minShares
    }
}

/// Burns LP shares for their part of the reserves plus the fees they earned, if at least the minimums.
public struct RemoveLiquidity: Sendable, Equatable {
    public var account: UInt32
    public var market: Int
    public var shares: Int64
    public var minBase: Int64
    public var minQuote: Int64

    public init(account: UInt32, market: Int, shares: Int64, minBase: Int64 = 0, minQuote: Int64 = 0) {
        self.account = account
        self.market = market
        self.shares = shares
        self.minBase = minBase
        self.minQuote = minQuote
    }
}

/// Sets a perpetual market's index price: the oracle feed the mark price follows (an administrator's command).
public struct IndexPrice: Sendable, Equatable {
    public var market: Int
    public var price: Int64

    public init(market: Int, price: Int64) {
        self.market = market
        self.price = price
    }
}

/// Moves collateral into a perpetual position (positive) or back out to the account's available quote
/// (negative), which must leave the position at or above its initial requirement.
public struct AdjustMargin: Sendable, Equatable {
    public var account: UInt32
    public var market: Int
    public var amount: Int64

    public init(account: UInt32, market: Int, amount: Int64) {
        self.account = account
        self.market = market
        self.amount = amount
    }
}

/// One input to the engine.
public enum Command: Sendable, Equatable {
    case deposit(Transfer)
    case withdraw(Transfer)
    case newOrder(NewOrder)
    case cancel(CancelOrder)
    case replace(ReplaceOrder)
    case massCancel(MassCancel)
    case addLiquidity(AddLiquidity)
    case removeLiquidity(RemoveLiquidity)
    case indexPrice(IndexPrice)
    case adjustMargin(AdjustMargin)

    /// The kind, as named in a rejection.
    public var kind: CommandKind {
        switch self {
        case .deposit: .deposit
        case .withdraw: .withdraw
        case .newOrder: .newOrder
        case .cancel: .cancel
        case .replace: .replace
        case .massCancel: .massCancel
        case .addLiquidity: .addLiquidity
        case .removeLiquidity: .removeLiquidity
        case .indexPrice: .indexPrice
        case .adjustMargin: .adjustMargin
        }
    }

    /// The account the command acts for (0 for an index price, which no account sends).
    public var account: UInt32 {
        switch self {
        case .deposit(let transfer), .withdraw(let transfer): transfer.account
        case .newOrder(let order): order.account
        case .cancel(let cancel): cancel.account
        case .replace(let replace): replace.account
        case .massCancel(let massCancel): massCancel.account
        case .addLiquidity(let add): add.account
        case .removeLiquidity(let remove): remove.account
        case .indexPrice: 0
        case .adjustMargin(let adjust): adjust.account
        }
    }
}
