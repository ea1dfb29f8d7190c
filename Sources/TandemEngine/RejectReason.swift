/// Why the engine refused a command. Codes are stable: they travel on the wire and in journals.
///
/// Checks run in the order of the codes' groups: account and market, order shape, price, quantity,
/// identity, balance, pool, margin. The first failing check names the reason.
public enum RejectReason: UInt16, Error, Sendable, CaseIterable {
    case unknownAccount = 1
    case unknownMarket = 2
    case unknownAsset = 3
    case unknownOrder = 4
    case invalidOrderType = 10
    case invalidTimeInForce = 11
    case invalidPrice = 20
    case priceNotOnTick = 21
    case priceOutOfRange = 22
    case noReferencePrice = 23
    case invalidQuantity = 30
    case quantityNotOnLot = 31
    case quantityBelowMinimum = 32
    case quantityAboveMaximum = 33
    case invalidAmount = 34
    case amountTooLarge = 35
    case duplicateClientOrderId = 40
    case postOnlyWouldTake = 41
    case insufficientBalance = 50
    case noPool = 60
    case liquidityTooSmall = 61
    case slippage = 62
    case insufficientShares = 63
    case emptyPool = 64
    case poolWouldCross = 65
    case notPerpetual = 70
    case noMarkPrice = 71
    case insufficientMargin = 72
    case reduceOnlyWouldIncrease = 73

    /// The snake_case name used in JSON and documentation.
    public var name: String {
        switch self {
        case .unknownAccount: "unknown_account"
        case .unknownMarket: "unknown_market"
        case .unknownAsset: "unknown_asset"
        case .unknownOrder: "unknown_order"
        case .invalidOrderType: "invalid_order_type"
        case .invalidTimeInForce: "invalid_time_in_force"
        case .invalidPrice: "invalid_price"
        case .priceNotOnTick: "price_not_on_tick"
        case .priceOutOfRange: "price_out_of_range"
        case .noReferencePrice: "no_reference_price"
        case .invalidQuantity: "invalid_quantity"
        case .quantityNotOnLot: "quantity_not_on_lot"
        case .quantityBelowMinimum: "quantity_below_minimum"
        case .quantityAboveMaximum: "quantity_above_maximum"
        case .invalidAmount: "invalid_amount"
        case .amountTooLarge: "amount_too_large"
        case .duplicateClientOrderId: "duplicate_client_order_id"
        case .postOnlyWouldTake: "post_only_would_take"
        case .insufficientBalance: "insufficient_balance"
        case .noPool: "no_pool"
        case .liquidityTooSmall: "liquidity_too_small"
        case .slippage: "slippage"
        case .insufficientShares: "insufficient_shares"
        case .emptyPool: "empty_pool"
        case .poolWouldCross: "pool_would_cross"
        case .notPerpetual: "not_perpetual"
        case .noMarkPrice: "no_mark_price"
        case .insufficientMargin: "insufficient_margin"
        case .reduceOnlyWouldIncrease: "reduce_only_would_increase"
        }
    }
}

/// Why an order left the book (or lost quantity) without trading.
public enum CancelReason: UInt8, Sendable, CaseIterable {
    /// The owner canceled it, or replaced it to zero quantity.
    case user = 1
    /// The unfilled remainder of an IOC or market order.
    case iocRemainder = 2
    /// A fill-or-kill order that could not fill in full.
    case fillOrKill = 3
    /// A post-only order that would have taken liquidity.
    case postOnly = 4
    /// Self-trade prevention.
    case selfTrade = 5
    /// A mass cancel.
    case massCancel = 6
    /// A perpetual position fell below its margin-call tier.
    case marginCall = 7
    /// A perpetual position is being liquidated.
    case liquidation = 8

    /// The snake_case name used in JSON and documentation.
    public var name: String {
        switch self {
        case .user: "user"
        case .iocRemainder: "ioc_remainder"
        case .fillOrKill: "fill_or_kill"
        case .postOnly: "post_only"
        case .selfTrade: "self_trade"
        case .massCancel: "mass_cancel"
        case .marginCall: "margin_call"
        case .liquidation: "liquidation"
        }
    }
}
