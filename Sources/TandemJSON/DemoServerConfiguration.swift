/// The configuration `tandem serve` runs with when no `--config` is given: the assets and markets of
/// `DemoConfiguration` and the perpetual BTC-PERP (10 % initial, 7.5 % margin-call and 5 % maintenance margin,
/// a 1 % liquidation spread, a vault of 10 BTC and 650,000 USD virtual reserves held by account 9 with account
/// 6's shares); demo accounts 1 to 4 with API keys `tandem-demo-key-1` to `-4`, each funded; the insurance
/// fund, account 8, funded with 1,000,000 USD; and the administrator, account 10 with API key
/// `tandem-demo-admin-key`, the only account that may set BTC-PERP's index price.
///
/// The same text is checked in as `Protocol/examples/demo-server-config.json`; a test keeps the two equal.
public enum DemoServerConfiguration {
    /// The configuration as JSON: the simulator's demo with BTC-PERP after its markets, the accounts' keys and
    /// opening deposits, the insurance fund and the administrator.
    public static let json: String = {
        let demo = DemoConfiguration.json
        let marketsEnd = demo.firstRange(of: "\n  ],\n  \"accounts\": [")!.lowerBound
        return String(demo[..<marketsEnd]) + ",\n" + perpetualMarket + "\n  ],\n" + accounts
    }()

    private static let perpetualMarket = """
            {
              "symbol": "BTC-PERP", "base": "BTC", "quote": "USD",
              "tick_size": "0.01", "lot_size": "0.0001", "min_quantity": "0.0001", "max_quantity": "100",
              "max_price": "1000000", "price_band_ppm": 50000, "reference_price": "65000",
              "maker_fee_ppm": 0, "taker_fee_ppm": 500,
              "pool": {"fee_ppm": 1000, "initial_base": "10", "initial_quote": "650000", "owner": 6},
              "perpetual": {
                "initial_margin_ppm": 100000, "maintenance_margin_ppm": 50000, "margin_call_ppm": 75000,
                "liquidation_spread_ppm": 10000, "vault_account": 9
              }
            }
        """

    private static let accounts = """
          "accounts": [
            {"id": 1, "self_trade": "cancel_taker", "api_key": "tandem-demo-key-1",
             "deposits": {"BTC": "100", "ETH": "1000", "USD": "10000000"}},
            {"id": 2, "self_trade": "cancel_maker", "api_key": "tandem-demo-key-2",
             "deposits": {"BTC": "100", "ETH": "1000", "USD": "10000000"}},
            {"id": 3, "self_trade": "cancel_both", "api_key": "tandem-demo-key-3",
             "deposits": {"BTC": "100", "ETH": "1000", "USD": "10000000"}},
            {"id": 4, "self_trade": "decrement_both", "api_key": "tandem-demo-key-4",
             "deposits": {"BTC": "100", "ETH": "1000", "USD": "10000000"}},
            {"id": 8, "deposits": {"USD": "1000000"}},
            {"id": 10, "api_key": "tandem-demo-admin-key"}
          ],
          "fee_account": 0,
          "insurance_fund_account": 8,
          "admin_account": 10,
          "max_accounts": 1000,
          "default_self_trade": "cancel_taker"
        }
        """

    /// The decoded configuration.
    public static func configuration() throws(InputError) -> ServerConfiguration {
        try ServerConfiguration.decode(json)
    }
}
