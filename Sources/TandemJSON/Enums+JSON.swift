import TandemEngine

/// An engine enumeration with a snake_case name in JSON.
public protocol JSONNamed: CaseIterable {
    /// The name in JSON.
    var jsonName: String { get }
}

extension JSONNamed {
    /// Every case with its name, in declaration order (for parsing and for listing the choices in errors).
    public static var jsonNames: [(String, Self)] { allCases.map { ($0.jsonName, $0) } }
}

extension Side: JSONNamed {
    /// `buy` or `sell`.
    public var jsonName: String {
        switch self {
        case .buy: "buy"
        case .sell: "sell"
        }
    }
}

extension OrderType: JSONNamed {
    /// `limit` or `market`.
    public var jsonName: String {
        switch self {
        case .limit: "limit"
        case .market: "market"
        }
    }
}

extension TimeInForce: JSONNamed {
    /// `gtc`, `ioc` or `fok`.
    public var jsonName: String {
        switch self {
        case .gtc: "gtc"
        case .ioc: "ioc"
        case .fok: "fok"
        }
    }
}

extension SelfTradePrevention: JSONNamed {
    /// `cancel_taker`, `cancel_maker`, `cancel_both` or `decrement_both`.
    public var jsonName: String {
        switch self {
        case .cancelTaker: "cancel_taker"
        case .cancelMaker: "cancel_maker"
        case .cancelBoth: "cancel_both"
        case .decrementBoth: "decrement_both"
        }
    }
}

extension CommandKind: JSONNamed {
    /// The command's `type` in JSON: `deposit`, `withdraw`, `new_order`, `cancel`, `replace`, `mass_cancel`,
    /// `add_liquidity`, `remove_liquidity`, `index_price`, `adjust_margin`.
    public var jsonName: String {
        switch self {
        case .deposit: "deposit"
        case .withdraw: "withdraw"
        case .newOrder: "new_order"
        case .cancel: "cancel"
        case .replace: "replace"
        case .massCancel: "mass_cancel"
        case .addLiquidity: "add_liquidity"
        case .removeLiquidity: "remove_liquidity"
        case .indexPrice: "index_price"
        case .adjustMargin: "adjust_margin"
        }
    }
}

extension Liquidity {
    /// `maker` or `taker`.
    public var jsonName: String {
        switch self {
        case .maker: "maker"
        case .taker: "taker"
        }
    }
}
