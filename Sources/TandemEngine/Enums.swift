/// Which side of the book an order rests on.
public enum Side: UInt8, Sendable, CaseIterable, BitwiseCopyable {
    case buy = 1
    case sell = 2

    /// The side an order of this side trades against.
    @inlinable public var opposite: Side { self == .buy ? .sell : .buy }
}

/// How an order is priced.
public enum OrderType: UInt8, Sendable, CaseIterable, BitwiseCopyable {
    /// Trades at its limit price or better.
    case limit = 1
    /// Trades at any price inside the market's price band; always immediate (IOC or FOK).
    case market = 2
}

/// How long an order stays live.
public enum TimeInForce: UInt8, Sendable, CaseIterable, BitwiseCopyable {
    /// Good till canceled: the remainder rests on the book.
    case gtc = 1
    /// Immediate or cancel: the remainder is canceled.
    case ioc = 2
    /// Fill or kill: the whole quantity fills at once or nothing does.
    case fok = 3
}

/// What happens when an order would trade with a resting order of the same account.
public enum SelfTradePrevention: UInt8, Sendable, CaseIterable, BitwiseCopyable {
    /// The incoming order's remainder is canceled; the resting order stays.
    case cancelTaker = 1
    /// The resting order is canceled and matching goes on.
    case cancelMaker = 2
    /// Both the resting order and the incoming remainder are canceled.
    case cancelBoth = 3
    /// Both are reduced by the smaller remaining quantity, without a trade.
    case decrementBoth = 4
}

/// Whether a fill added liquidity (maker) or took it (taker).
public enum Liquidity: UInt8, Sendable, BitwiseCopyable {
    case maker = 1
    case taker = 2
}

/// The kinds of command, named in rejections.
public enum CommandKind: UInt8, Sendable, CaseIterable, BitwiseCopyable {
    case deposit = 1
    case withdraw = 2
    case newOrder = 3
    case cancel = 4
    case replace = 5
    case massCancel = 6
    case addLiquidity = 7
    case removeLiquidity = 8
    case indexPrice = 9
    case adjustMargin = 10
}
