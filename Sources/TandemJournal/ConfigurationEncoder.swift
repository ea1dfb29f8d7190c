import TandemEngine
import TandemJSON

/// Writes an engine configuration as the JSON that `ConfigurationDecoder` reads (`Protocol/SIMULATE.md`).
///
/// Amounts become decimal strings in their asset's units, so decoding the text gives the configuration back
/// exactly, except `initialOrderCapacity`, which the format does not carry (it changes no output).
public enum ConfigurationEncoder {
    /// The configuration as one line of JSON.
    ///
    /// - Precondition: every market names configured assets, and decimals are in 0...18 (as the engine requires).
    public static func encode(_ configuration: EngineConfiguration) -> String {
        let assets = configuration.assets
        var root = JSONLine()
        root.json("assets", JSONLine.array(assets.map(asset)))
        root.json("markets", JSONLine.array(configuration.markets.map { market($0, assets: assets) }))
        root.json("accounts", JSONLine.array(configuration.accounts.map(account)))
        root.integer("fee_account", configuration.feeAccount)
        // Written only when set, so configurations without perpetual markets encode as they always did.
        if configuration.insuranceFundAccount != 0 {
            root.integer("insurance_fund_account", configuration.insuranceFundAccount)
        }
        root.integer("max_accounts", configuration.maxAccounts)
        root.string("default_self_trade", configuration.defaultSelfTradePrevention.jsonName)
        return root.result
    }

    private static func asset(_ asset: AssetConfiguration) -> String {
        var object = JSONLine()
        object.string("symbol", asset.symbol)
        object.integer("decimals", asset.decimals)
        return object.result
    }

    private static func market(_ market: MarketConfiguration, assets: [AssetConfiguration]) -> String {
        let base = assets[market.baseAsset]
        let quote = assets[market.quoteAsset]
        var object = JSONLine()
        object.string("symbol", market.symbol)
        object.string("base", base.symbol)
        object.string("quote", quote.symbol)
        object.string("tick_size", DecimalString.format(market.tickSize, decimals: quote.decimals))
        object.string("lot_size", DecimalString.format(market.lotSize, decimals: base.decimals))
        object.string("min_quantity", DecimalString.format(market.minQuantity, decimals: base.decimals))
        object.string("max_quantity", DecimalString.format(market.maxQuantity, decimals: base.decimals))
        if market.maxPrice != 0 {
            object.string("max_price", DecimalString.format(market.maxPrice, decimals: quote.decimals))
        }
        object.integer("price_band_ppm", market.priceBandPPM)
        object.string("reference_price", DecimalString.format(market.referencePrice, decimals: quote.decimals))
        object.integer("maker_fee_ppm", market.makerFeePPM)
        object.integer("taker_fee_ppm", market.takerFeePPM)
        if let pool = market.pool {
            var poolObject = JSONLine()
            poolObject.integer("fee_ppm", pool.feePPM)
            poolObject.string("initial_base", DecimalString.format(pool.initialBase, decimals: base.decimals))
            poolObject.string("initial_quote", DecimalString.format(pool.initialQuote, decimals: quote.decimals))
            poolObject.integer("owner", pool.owner)
            object.json("pool", poolObject.result)
        }
        if let perpetual = market.perpetual {
            var perpetualObject = JSONLine()
            perpetualObject.integer("initial_margin_ppm", perpetual.initialMarginPPM)
            perpetualObject.integer("maintenance_margin_ppm", perpetual.maintenanceMarginPPM)
            perpetualObject.integer("margin_call_ppm", perpetual.marginCallPPM)
            perpetualObject.integer("liquidation_spread_ppm", perpetual.liquidationSpreadPPM)
            perpetualObject.integer("vault_account", perpetual.vaultAccount)
            object.json("perpetual", perpetualObject.result)
        }
        return object.result
    }

    private static func account(_ account: AccountConfiguration) -> String {
        var object = JSONLine()
        object.integer("id", account.id)
        object.string("self_trade", account.selfTradePrevention.jsonName)
        return object.result
    }
}
