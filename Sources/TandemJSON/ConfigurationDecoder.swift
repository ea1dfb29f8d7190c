import TandemEngine

/// Reads an engine configuration from JSON (the format is in `Protocol/SIMULATE.md`).
///
/// Sizes and prices are decimal strings in the units of their asset, fees and bands integers in parts per
/// million. Errors name the field by its path, e.g. `markets[1].tick_size`. The engine checks the rest (tick
/// value, fee bounds, price range) when it is built from the result.
public enum ConfigurationDecoder {
    private static let topLevelKeys = [
        "assets", "markets", "accounts", "fee_account", "insurance_fund_account", "max_accounts",
        "default_self_trade",
    ]
    private static let assetKeys = ["symbol", "decimals"]
    private static let marketKeys = [
        "symbol", "base", "quote", "tick_size", "lot_size", "min_quantity", "max_quantity", "max_price",
        "price_band_ppm", "reference_price", "maker_fee_ppm", "taker_fee_ppm", "pool",
        "perpetual",
    ]
    private static let poolKeys = ["fee_ppm", "initial_base", "initial_quote", "owner"]
    private static let perpetualKeys = [
        "initial_margin_ppm", "maintenance_margin_ppm", "margin_call_ppm", "liquidation_spread_ppm", "vault_account",
    ]
    private static let accountKeys = ["id", "self_trade"]

    /// Decodes a configuration document.
    public static func decode(_ text: String) throws(InputError) -> EngineConfiguration {
        try decode(parse(text), extraKeys: [], extraAccountKeys: [])
    }

    static func parse(_ text: String) throws(InputError) -> JSONValue {
        do {
            return try JSONParser.parse(text)
        } catch {
            throw InputError(field: nil, "invalid JSON at line \(error.line), column \(error.column): \(error.message)")
        }
    }

    /// Decodes a parsed configuration that may also hold `extraKeys`, and whose accounts may also hold
    /// `extraAccountKeys`, for their owner to read.
    static func decode(
        _ document: JSONValue, extraKeys: [String], extraAccountKeys: [String]
    ) throws(InputError) -> EngineConfiguration {
        let root = try JSONObject(document, path: "", what: "a configuration object")
        try root.rejectUnknownKeys(allowed: topLevelKeys + extraKeys, in: "the configuration")
        var assets: [AssetConfiguration] = []
        for (index, value) in try root.array("assets").enumerated() {
            let asset = try asset(value, path: "assets[\(index)].")
            guard !assets.contains(where: { $0.symbol == asset.symbol }) else {
                throw InputError(field: "assets[\(index)].symbol", "\"\(asset.symbol)\" is used more than once")
            }
            assets.append(asset)
        }
        var markets: [MarketConfiguration] = []
        for (index, value) in try root.array("markets").enumerated() {
            let market = try market(value, path: "markets[\(index)].", assets: assets)
            guard !markets.contains(where: { $0.symbol == market.symbol }) else {
                throw InputError(field: "markets[\(index)].symbol", "\"\(market.symbol)\" is used more than once")
            }
            markets.append(market)
        }
        let defaults = EngineConfiguration(assets: assets, markets: markets)
        let defaultSelfTrade =
            try root.name("default_self_trade", among: SelfTradePrevention.jsonNames)
            ?? defaults.defaultSelfTradePrevention
        var accounts: [AccountConfiguration] = []
        if root.value("accounts") != nil {
            for (index, value) in try root.array("accounts").enumerated() {
                accounts.append(
                    try account(
                        value, path: "accounts[\(index)].", defaultSelfTrade: defaultSelfTrade,
                        allowedKeys: accountKeys + extraAccountKeys))
            }
        }
        return EngineConfiguration(
            assets: assets, markets: markets, accounts: accounts,
            feeAccount: try root.optionalUnsigned("fee_account") ?? defaults.feeAccount,
            maxAccounts: try root.optionalUnsigned("max_accounts") ?? defaults.maxAccounts,
            defaultSelfTradePrevention: defaultSelfTrade,
            insuranceFundAccount: try root.optionalUnsigned("insurance_fund_account") ?? defaults.insuranceFundAccount)
    }

    private static func asset(_ value: JSONValue, path: String) throws(InputError) -> AssetConfiguration {
        let object = try JSONObject(value, path: path, what: "an asset object")
        try object.rejectUnknownKeys(allowed: assetKeys, in: "an asset")
        let symbol = try object.string("symbol")
        let decimals = try object.signed("decimals")
        guard DecimalString.supportedDecimals.contains(Int(decimals)) else {
            throw object.error("decimals", "must be in 0...18, found \(decimals)")
        }
        return AssetConfiguration(symbol: symbol, decimals: Int(decimals))
    }

    private static func market(
        _ value: JSONValue, path: String, assets: [AssetConfiguration]
    ) throws(InputError) -> MarketConfiguration {
        let object = try JSONObject(value, path: path, what: "a market object")
        try object.rejectUnknownKeys(allowed: marketKeys, in: "a market")
        let symbol = try object.string("symbol")
        let base = try assetIndex(object, "base", assets: assets)
        let quote = try assetIndex(object, "quote", assets: assets)
        let baseUnit = "the base asset \(assets[base].symbol)"
        let quoteUnit = "the quote asset \(assets[quote].symbol)"
        let baseDecimals = assets[base].decimals
        let quoteDecimals = assets[quote].decimals
        var market = MarketConfiguration(
            symbol: symbol, baseAsset: base, quoteAsset: quote,
            tickSize: try object.decimal("tick_size", decimals: quoteDecimals, unit: quoteUnit),
            lotSize: try object.decimal("lot_size", decimals: baseDecimals, unit: baseUnit),
            minQuantity: try object.decimal("min_quantity", decimals: baseDecimals, unit: baseUnit),
            maxQuantity: try object.decimal("max_quantity", decimals: baseDecimals, unit: baseUnit),
            maxPrice: try object.optionalDecimal("max_price", decimals: quoteDecimals, unit: quoteUnit) ?? 0,
            priceBandPPM: try object.signed("price_band_ppm"),
            referencePrice: try object.decimal("reference_price", decimals: quoteDecimals, unit: quoteUnit),
            makerFeePPM: try object.signed("maker_fee_ppm"),
            takerFeePPM: try object.signed("taker_fee_ppm"))
        if let value = object.value("pool") {
            market.pool = try pool(
                value, path: path + "pool.", baseDecimals: baseDecimals, baseUnit: baseUnit,
                quoteDecimals: quoteDecimals, quoteUnit: quoteUnit)
        }
        if let value = object.value("perpetual") {
            market.perpetual = try perpetual(value, path: path + "perpetual.")
        }
        return market
    }

    /// A perpetual market's margin fractions (ppm of the notional) and the account of its pool's vault.
    ///
    /// The fractions must be given; their order (`0 < maintenance < margin call < initial <= 1e6`) is the
    /// engine's to check, as it checks fees.
    private static func perpetual(_ value: JSONValue, path: String) throws(InputError) -> PerpetualConfiguration {
        let object = try JSONObject(value, path: path, what: "a perpetual object")
        try object.rejectUnknownKeys(allowed: perpetualKeys, in: "a perpetual section")
        return PerpetualConfiguration(
            initialMarginPPM: try object.signed("initial_margin_ppm"),
            maintenanceMarginPPM: try object.signed("maintenance_margin_ppm"),
            marginCallPPM: try object.signed("margin_call_ppm"),
            liquidationSpreadPPM: object.value("liquidation_spread_ppm") == nil
                ? 0 : try object.signed("liquidation_spread_ppm"),
            vaultAccount: try object.optionalUnsigned("vault_account") ?? 0)
    }

    /// A market's pool: its fee, and optionally liquidity that `owner` holds from the start.
    private static func pool(
        _ value: JSONValue, path: String, baseDecimals: Int, baseUnit: String, quoteDecimals: Int, quoteUnit: String
    ) throws(InputError) -> PoolConfiguration {
        let object = try JSONObject(value, path: path, what: "a pool object")
        try object.rejectUnknownKeys(allowed: poolKeys, in: "a pool")
        let feePPM = try object.signed("fee_ppm")
        let initialBase = try object.optionalDecimal("initial_base", decimals: baseDecimals, unit: baseUnit) ?? 0
        let initialQuote = try object.optionalDecimal("initial_quote", decimals: quoteDecimals, unit: quoteUnit) ?? 0
        for (key, amount) in [("initial_base", initialBase), ("initial_quote", initialQuote)] where amount < 0 {
            throw object.error(key, "must not be negative")
        }
        let owner: UInt32? = try object.optionalUnsigned("owner")
        if owner == nil && (initialBase != 0 || initialQuote != 0) {
            throw object.error("owner", "missing (the account that holds the initial liquidity)")
        }
        return PoolConfiguration(
            feePPM: feePPM, initialBase: initialBase, initialQuote: initialQuote, owner: owner ?? 0)
    }

    private static func assetIndex(
        _ object: JSONObject, _ key: String, assets: [AssetConfiguration]
    ) throws(InputError) -> Int {
        let symbol = try object.string(key)
        guard let index = assets.firstIndex(where: { $0.symbol == symbol }) else {
            throw object.error(key, "unknown asset \(JSONWriter.quoted(symbol))")
        }
        return index
    }

    private static func account(
        _ value: JSONValue, path: String, defaultSelfTrade: SelfTradePrevention, allowedKeys: [String]
    ) throws(InputError) -> AccountConfiguration {
        let object = try JSONObject(value, path: path, what: "an account object")
        try object.rejectUnknownKeys(allowed: allowedKeys, in: "an account")
        let id: UInt32 = try object.unsigned("id")
        let selfTrade = try object.name("self_trade", among: SelfTradePrevention.jsonNames)
        return AccountConfiguration(id: id, selfTradePrevention: selfTrade ?? defaultSelfTrade)
    }
}
