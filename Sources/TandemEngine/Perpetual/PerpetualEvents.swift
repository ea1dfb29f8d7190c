/// A perpetual position after a command changed it: its size, average entry and isolated collateral.
public struct PositionUpdate: Sendable, Equatable {
    public var account: UInt32
    public var market: Int
    /// Signed, in base minor units: positive long, negative short.
    public var size: Int64
    /// The average entry price (external units, rounded down); 0 without a position.
    public var entryPrice: Int64
    /// The position's collateral in quote minor units; realised PnL and fees settle into it.
    public var collateral: Int64

    public init(account: UInt32, market: Int, size: Int64, entryPrice: Int64, collateral: Int64) {
        self.account = account
        self.market = market
        self.size = size
        self.entryPrice = entryPrice
        self.collateral = collateral
    }
}

/// A position fell below its margin-call tier: its open orders in the market were canceled.
public struct MarginCall: Sendable, Equatable {
    public var account: UInt32
    public var market: Int
    /// Collateral plus unrealised PnL at the mark price.
    public var equity: Int64
    public var initialRequirement: Int64
    public var maintenanceRequirement: Int64

    public init(account: UInt32, market: Int, equity: Int64, initialRequirement: Int64, maintenanceRequirement: Int64) {
        self.account = account
        self.market = market
        self.equity = equity
        self.initialRequirement = initialRequirement
        self.maintenanceRequirement = maintenanceRequirement
    }
}

/// A position below maintenance is being liquidated; its fills and deleveraging follow, then `LiquidationEnded`.
public struct LiquidationStarted: Sendable, Equatable {
    public var account: UInt32
    public var market: Int
    public var size: Int64
    public var markPrice: Int64
    public var equity: Int64
    public var maintenanceRequirement: Int64

    public init(
        account: UInt32, market: Int, size: Int64, markPrice: Int64, equity: Int64, maintenanceRequirement: Int64
    ) {
        self.account = account
        self.market = market
        self.size = size
        self.markPrice = markPrice
        self.equity = equity
        self.maintenanceRequirement = maintenanceRequirement
    }
}

/// A liquidation finished: the position is back above maintenance or closed.
public struct LiquidationEnded: Sendable, Equatable {
    public var account: UInt32
    public var market: Int
    /// The size left, signed as in `PositionUpdate`.
    public var size: Int64
    public var collateral: Int64
    /// What the insurance fund paid to bring the collateral of the closed position back to zero.
    public var insurancePaid: Int64

    public init(account: UInt32, market: Int, size: Int64, collateral: Int64, insurancePaid: Int64) {
        self.account = account
        self.market = market
        self.size = size
        self.collateral = collateral
        self.insurancePaid = insurancePaid
    }
}

/// The insurance fund paid (negative) or received (positive) for a liquidation of `account`.
public struct InsuranceFundUpdate: Sendable, Equatable {
    public var account: UInt32
    public var market: Int
    public var amount: Int64
    /// The fund's available balance after.
    public var balance: Int64

    public init(account: UInt32, market: Int, amount: Int64, balance: Int64) {
        self.account = account
        self.market = market
        self.amount = amount
        self.balance = balance
    }
}

/// One side of an auto-deleveraging trade at the bankruptcy price: a liquidated position against an opposing one.
public struct Deleveraged: Sendable, Equatable {
    public var tradeId: UInt64
    public var account: UInt32
    public var counterparty: UInt32
    public var market: Int
    public var side: Side
    public var price: Int64
    public var quantity: Int64
    /// The account's position after, signed.
    public var size: Int64

    public init(
        tradeId: UInt64, account: UInt32, counterparty: UInt32, market: Int, side: Side, price: Int64, quantity: Int64,
        size: Int64
    ) {
        self.tradeId = tradeId
        self.account = account
        self.counterparty = counterparty
        self.market = market
        self.side = side
        self.price = price
        self.quantity = quantity
        self.size = size
    }
}

/// A perpetual market's index price was set; `markPrice` is the mark right after.
public struct IndexPriceUpdate: Sendable, Equatable {
    public var market: Int
    public var indexPrice: Int64
    public var markPrice: Int64

    public init(market: Int, indexPrice: Int64, markPrice: Int64) {
        self.market = market
        self.indexPrice = indexPrice
        self.markPrice = markPrice
    }
}
