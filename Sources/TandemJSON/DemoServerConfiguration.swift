/// The configuration `tandem serve` runs with when no `--config` is given: the demo markets of
/// `DemoConfiguration`, and demo accounts 1 to 4 with API keys `tandem-demo-key-1` to `-4`, each funded.
///
/// The same text is checked in as `Protocol/examples/demo-server-config.json`; a test keeps the two equal.
public enum DemoServerConfiguration {
    /// The configuration as JSON.
    public static let json = """
        {
          "assets": [
            {"symbol": "BTC", "decimals": 8},
            {"symbol": "ETH", "decimals": 8},
            {"symbol": "USD", "decimals": 6}
          ],
          "markets": [
            {
              "symbol": "BTC-USD", "base": "BTC", "quote": "USD",
              "tick_size": "0.01", "lot_size": "0.0001", "min_quantity": "0.0001", "max_quantity": "100",
              "max_price": "1000000", "price_band_ppm": 50000, "reference_price": "65000",
              "maker_fee_ppm": -100, "taker_fee_ppm": 500,
              "pool": {"fee_ppm": 1000, "initial_base": "100", "initial_quote": "6500000", "owner": 6}
            },
            {
              "symbol": "ETH-USD", "base": "ETH", "quote": "USD",
              "tick_size": "0.01", "lot_size": "0.001", "min_quantity": "0.001", "max_quantity": "1000",
              "price_band_ppm": 50000, "reference_price": "3000",
              "maker_fee_ppm": 0, "taker_fee_ppm": 300,
              "pool": {"fee_ppm": 3000, "initial_base": "1000", "initial_quote": "3000000", "owner": 6}
            }
          ],
          "accounts": [
            {"id": 1, "self_trade": "cancel_taker", "api_key": "tandem-demo-key-1",
             "deposits": {"BTC": "100", "ETH": "1000", "USD": "10000000"}},
            {"id": 2, "self_trade": "cancel_maker", "api_key": "tandem-demo-key-2",
             "deposits": {"BTC": "100", "ETH": "1000", "USD": "10000000"}},
            {"id": 3, "self_trade": "cancel_both", "api_key": "tandem-demo-key-3",
             "deposits": {"BTC": "100", "ETH": "1000", "USD": "10000000"}},
            {"id": 4, "self_trade": "decrement_both", "api_key": "tandem-demo-key-4",
             "deposits": {"BTC": "100", "ETH": "1000", "USD": "10000000"}}
          ],
          "fee_account": 0,
          "max_accounts": 1000,
          "default_self_trade": "cancel_taker"
        }
        """

    /// The decoded configuration.
    public static func configuration() throws(InputError) -> ServerConfiguration {
        try ServerConfiguration.decode(json)
    }
}
