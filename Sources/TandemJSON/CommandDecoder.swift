import TandemEngine

/// Turns one JSON command object into an engine command (the format is in `Protocol/SIMULATE.md`).
///
/// Symbols become indices and decimal strings become integers in the asset's minor units. Anything that
/// cannot be converted exactly is an `InputError`; values that convert but break a market rule (off the tick,
/// below the minimum, zero) go to the engine, which rejects them.
struct CommandDecoder {
    let symbols: SymbolTable

    private static let common = ["type", "ts"]
    private static let transferKeys = common + ["account", "asset", "amount"]
    private static let newOrderKeys =
        common + [
            "account", "market", "client_order_id", "side", "order_type", "time_in_force", "post_only", "price",
            "quantity", "self_trade", "reduce_only",
        ]
    private static let cancelKeys = common + ["account", "order_id", "client_order_id"]
    private static let replaceKeys = cancelKeys + ["price", "quantity"]
    private static let massCancelKeys = common + ["account", "market", "side"]
    private static let addLiquidityKeys = common + ["account", "market", "max_base", "max_quote", "min_shares"]
    private static let removeLiquidityKeys = common + ["account", "market", "shares", "min_base", "min_quote"]
    private static let indexPriceKeys = common + ["market", "price"]
    private static let adjustMarginKeys = common + ["account", "market", "amount"]

    /// The command's kind, from its `type` member.
    func kind(_ object: JSONObject) throws(InputError) -> CommandKind {
        guard let kind = try object.name("type", among: CommandKind.jsonNames) else {
            throw object.error("type", "missing")
        }
        return kind
    }

    /// Decodes a command object of `kind`; `liveOrders` gives the market of the order a replace names.
    func decode(_ object: JSONObject, kind: CommandKind, liveOrders: LiveOrders) throws(InputError) -> Command {
        switch kind {
        case .deposit:
            return .deposit(try transfer(object, in: "a deposit"))
        case .withdraw:
            return .withdraw(try transfer(object, in: "a withdraw"))
        case .newOrder:
            return .newOrder(try newOrder(object))
        case .cancel:
            try object.rejectUnknownKeys(allowed: Self.cancelKeys, in: "a cancel")
            return .cancel(CancelOrder(account: try object.unsigned("account"), order: try orderReference(object)))
        case .replace:
            return .replace(try replace(object, liveOrders: liveOrders))
        case .massCancel:
            return .massCancel(try massCancel(object))
        case .addLiquidity:
            return .addLiquidity(try addLiquidity(object))
        case .removeLiquidity:
            return .removeLiquidity(try removeLiquidity(object))
        case .indexPrice:
            try object.rejectUnknownKeys(allowed: Self.indexPriceKeys, in: "an index_price")
            let market = try marketIndex(object, "market")
            return .indexPrice(IndexPrice(market: market, price: try price(object, market: market)))
        case .adjustMargin:
            try object.rejectUnknownKeys(allowed: Self.adjustMarginKeys, in: "an adjust_margin")
            let account: UInt32 = try object.unsigned("account")
            let market = try marketIndex(object, "market")
            let amount = try quoteAmount(object, "amount", market: market)
            return .adjustMargin(AdjustMargin(account: account, market: market, amount: amount))
        }
    }

    private func transfer(_ object: JSONObject, in what: String) throws(InputError) -> Transfer {
        try object.rejectUnknownKeys(allowed: Self.transferKeys, in: what)
        let account: UInt32 = try object.unsigned("account")
        let asset = try assetIndex(object, "asset")
        let decimals = symbols.assets[asset].decimals
        let amount = try object.decimal("amount", decimals: decimals, unit: symbols.assets[asset].symbol)
        return Transfer(account: account, asset: asset, amount: amount)
    }

    private func newOrder(_ object: JSONObject) throws(InputError) -> NewOrder {
        try object.rejectUnknownKeys(allowed: Self.newOrderKeys, in: "a new_order")
        let account: UInt32 = try object.unsigned("account")
        let market = try marketIndex(object, "market")
        let clientOrderId: UInt64 = try object.unsigned("client_order_id")
        guard let side = try object.name("side", among: Side.jsonNames) else { throw object.error("side", "missing") }
        let type = try object.name("order_type", among: OrderType.jsonNames) ?? .limit
        let price: Int64
        if type == .market {
            guard object.value("price") == nil else { throw object.error("price", "a market order takes no price") }
            price = 0
        } else {
            price = try self.price(object, market: market)
        }
        return NewOrder(
            account: account, market: market, clientOrderId: clientOrderId, side: side, type: type,
            timeInForce: try object.name("time_in_force", among: TimeInForce.jsonNames) ?? .gtc,
            postOnly: try object.bool("post_only") ?? false, price: price,
            quantity: try quantity(object, market: market),
            selfTradePrevention: try object.name("self_trade", among: SelfTradePrevention.jsonNames),
            reduceOnly: try object.bool("reduce_only") ?? false)
    }

    private func replace(_ object: JSONObject, liveOrders: LiveOrders) throws(InputError) -> ReplaceOrder {
        try object.rejectUnknownKeys(allowed: Self.replaceKeys, in: "a replace")
        let account: UInt32 = try object.unsigned("account")
        let reference = try orderReference(object)
        guard let market = liveOrders.market(account: account, reference: reference) else {
            // The engine rejects the replace as `unknown_order` before it looks at price or quantity, so only
            // their form is checked here: without a live order there are no decimals to read them with.
            for key in ["price", "quantity"] {
                if let text = try object.optionalString(key), !DecimalString.isWellFormed(text) {
                    throw object.error(key, "\(JSONWriter.quoted(text)) is not a decimal number")
                }
            }
            return ReplaceOrder(account: account, order: reference)
        }
        return ReplaceOrder(
            account: account, order: reference,
            price: object.value("price") == nil ? nil : try price(object, market: market),
            quantity: object.value("quantity") == nil ? nil : try quantity(object, market: market))
    }

    private func massCancel(_ object: JSONObject) throws(InputError) -> MassCancel {
        try object.rejectUnknownKeys(allowed: Self.massCancelKeys, in: "a mass_cancel")
        let account: UInt32 = try object.unsigned("account")
        let market = object.value("market") == nil ? nil : try marketIndex(object, "market")
        return MassCancel(account: account, market: market, side: try object.name("side", among: Side.jsonNames))
    }

    private func addLiquidity(_ object: JSONObject) throws(InputError) -> AddLiquidity {
        try object.rejectUnknownKeys(allowed: Self.addLiquidityKeys, in: "an add_liquidity")
        let account: UInt32 = try object.unsigned("account")
        let market = try marketIndex(object, "market")
        return AddLiquidity(
            account: account, market: market, maxBase: try baseAmount(object, "max_base", market: market),
            maxQuote: try quoteAmount(object, "max_quote", market: market),
            minShares: try object.optionalLargeInteger("min_shares") ?? 0)
    }

    private func removeLiquidity(_ object: JSONObject) throws(InputError) -> RemoveLiquidity {
        try object.rejectUnknownKeys(allowed: Self.removeLiquidityKeys, in: "a remove_liquidity")
        let account: UInt32 = try object.unsigned("account")
        let market = try marketIndex(object, "market")
        let shares = try object.largeInteger("shares")
        return RemoveLiquidity(
            account: account, market: market, shares: shares,
            minBase: object.value("min_base") == nil ? 0 : try baseAmount(object, "min_base", market: market),
            minQuote: object.value("min_quote") == nil ? 0 : try quoteAmount(object, "min_quote", market: market))
    }

    /// `order_id` or `client_order_id`: exactly one of them.
    private func orderReference(_ object: JSONObject) throws(InputError) -> OrderReference {
        let orderId: UInt64? = try object.optionalUnsigned("order_id")
        let clientOrderId: UInt64? = try object.optionalUnsigned("client_order_id")
        switch (orderId, clientOrderId) {
        case (let orderId?, nil): return .orderId(orderId)
        case (nil, let clientOrderId?): return .clientOrderId(clientOrderId)
        case (nil, nil): throw object.error("order_id", "missing (name the order by order_id or client_order_id)")
        case (_?, _?): throw object.error("order_id", "give order_id or client_order_id, not both")
        }
    }

    private func price(_ object: JSONObject, market: Int) throws(InputError) -> Int64 {
        try quoteAmount(object, "price", market: market)
    }

    private func quantity(_ object: JSONObject, market: Int) throws(InputError) -> Int64 {
        try baseAmount(object, "quantity", market: market)
    }

    /// A decimal string in the units of the market's quote asset.
    private func quoteAmount(_ object: JSONObject, _ key: String, market: Int) throws(InputError) -> Int64 {
        let quote = symbols.markets[market].quote
        return try object.decimal(key, decimals: quote.decimals, unit: "the quote asset \(quote.symbol)")
    }

    /// A decimal string in the units of the market's base asset.
    private func baseAmount(_ object: JSONObject, _ key: String, market: Int) throws(InputError) -> Int64 {
        let base = symbols.markets[market].base
        return try object.decimal(key, decimals: base.decimals, unit: "the base asset \(base.symbol)")
    }

    private func assetIndex(_ object: JSONObject, _ key: String) throws(InputError) -> Int {
        let symbol = try object.string(key)
        guard let index = symbols.assetIndex(symbol) else {
            throw object.error(key, "unknown asset \(JSONWriter.quoted(symbol))")
        }
        return index
    }

    private func marketIndex(_ object: JSONObject, _ key: String) throws(InputError) -> Int {
        let symbol = try object.string(key)
        guard let index = symbols.marketIndex(symbol) else {
            throw object.error(key, "unknown market \(JSONWriter.quoted(symbol))")
        }
        return index
    }
}
