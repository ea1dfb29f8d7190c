/// The configuration `tandem serve` runs with when no `--config` is given: the assets and markets of
/// `DemoConfiguration`, and demo accounts 1 to 4 with API keys `tandem-demo-key-1` to `-4`, each funded.
///
/// The same text is checked in as `Protocol/examples/demo-server-config.json`; a test keeps the two equal.
public enum DemoServerConfiguration {
    /// The configuration as JSON: the simulator's demo with the accounts' keys and opening deposits.
    public static let json: String = {
        let demo = DemoConfiguration.json
        let accountsStart = demo.firstRange(of: "  \"accounts\": [")!.lowerBound
        return String(demo[..<accountsStart]) + accounts
    }()

    private static let accounts = """
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
