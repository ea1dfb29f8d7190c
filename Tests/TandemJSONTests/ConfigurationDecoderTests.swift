import TandemEngine
import TandemJSON
import XCTest

final class ConfigurationDecoderTests: XCTestCase {
    func testTheCheckedInDemoConfigurationIsTheEmbeddedOne() throws {
        XCTAssertEqual(try TestSupport.example("demo-config.json"), DemoConfiguration.json + "\n")
    }

    func testDecodesTheDemoConfiguration() throws {
        let configuration = try DemoConfiguration.configuration()
        XCTAssertEqual(configuration.assets.map(\.symbol), ["BTC", "ETH", "USD"])
        XCTAssertEqual(configuration.assets.map(\.decimals), [8, 8, 6])
        XCTAssertEqual(
            configuration.markets[0],
            MarketConfiguration(
                symbol: "BTC-USD", baseAsset: 0, quoteAsset: 2, tickSize: 10_000, lotSize: 10_000,
                minQuantity: 10_000, maxQuantity: 10_000_000_000, maxPrice: 1_000_000_000_000, priceBandPPM: 50_000,
                referencePrice: 65_000_000_000, makerFeePPM: -100, takerFeePPM: 500,
                pool: PoolConfiguration(
                    feePPM: 1_000, initialBase: 100 * 100_000_000, initialQuote: 6_500_000 * 1_000_000, owner: 6)))
        XCTAssertEqual(
            configuration.markets[1],
            MarketConfiguration(
                symbol: "ETH-USD", baseAsset: 1, quoteAsset: 2, tickSize: 10_000, lotSize: 100_000,
                minQuantity: 100_000, maxQuantity: 100_000_000_000, maxPrice: 0, priceBandPPM: 50_000,
                referencePrice: 3_000_000_000, makerFeePPM: 0, takerFeePPM: 300,
                pool: PoolConfiguration(
                    feePPM: 3_000, initialBase: 1_000 * 100_000_000, initialQuote: 3_000_000 * 1_000_000, owner: 6)))
        XCTAssertEqual(
            configuration.accounts,
            [
                AccountConfiguration(id: 1, selfTradePrevention: .cancelTaker),
                AccountConfiguration(id: 2, selfTradePrevention: .cancelMaker),
                AccountConfiguration(id: 3, selfTradePrevention: .cancelBoth),
                AccountConfiguration(id: 4, selfTradePrevention: .decrementBoth),
            ])
        XCTAssertEqual(configuration.feeAccount, 0)
        XCTAssertEqual(configuration.maxAccounts, 1000)
        XCTAssertEqual(configuration.defaultSelfTradePrevention, .cancelTaker)
    }

    func testTheEngineAcceptsTheDemoConfiguration() throws {
        let simulation = try Simulation(configuration: DemoConfiguration.configuration())
        // Account 6 holds the pools' initial liquidity: seeding them opens it.
        XCTAssertEqual(simulation.engine.openAccounts, [0, 1, 2, 3, 4, 6])
        XCTAssertEqual(simulation.engine.pool(market: 0)?.curve.base, 100 * 100_000_000)
        XCTAssertEqual(simulation.engine.pool(market: 1)?.shares(of: 6), 547_722_557_505 - 1_000)
    }

    func testOptionalFieldsTakeTheEngineDefaults() throws {
        let configuration = try ConfigurationDecoder.decode(
            #"{"assets": [], "markets": [], "default_self_trade": "cancel_both", "accounts": [{"id": 7}]}"#)
        let defaults = EngineConfiguration(assets: [], markets: [])
        XCTAssertEqual(configuration.feeAccount, defaults.feeAccount)
        XCTAssertEqual(configuration.maxAccounts, defaults.maxAccounts)
        XCTAssertEqual(configuration.accounts, [AccountConfiguration(id: 7, selfTradePrevention: .cancelBoth)])
    }

    /// The demo configuration with `old` replaced by `new` (which must occur exactly once).
    private func demo(replacing old: String, with new: String) -> String {
        let text = DemoConfiguration.json
        XCTAssertEqual(text.components(separatedBy: old).count, 2, "\(old) must occur once")
        return text.replacingOccurrences(of: old, with: new)
    }

    private func decodingError(_ text: String) -> String? {
        do {
            _ = try ConfigurationDecoder.decode(text)
            return nil
        } catch {
            return error.description
        }
    }

    func testErrorsNameTheField() {
        let cases: [(String, String, String)] = [
            (
                #""tick_size": "0.01", "lot_size": "0.0001""#, #""tick_size": "0.0000001", "lot_size": "0.0001""#,
                #"field "markets[0].tick_size": "0.0000001" has more decimals than the quote asset USD allows (6)"#
            ),
            (
                #""lot_size": "0.001""#, #""lot_size": "0.001x""#,
                #"field "markets[1].lot_size": "0.001x" is not a decimal number (digits, optionally '-' and one '.')"#
            ),
            (#""base": "ETH""#, #""base": "SOL""#, #"field "markets[1].base": unknown asset "SOL""#),
            (
                #"{"symbol": "ETH", "decimals": 8}"#, #"{"symbol": "BTC", "decimals": 8}"#,
                #"field "assets[1].symbol": "BTC" is used more than once"#
            ),
            (
                #"{"symbol": "USD", "decimals": 6}"#, #"{"symbol": "USD", "decimals": 19}"#,
                #"field "assets[2].decimals": must be in 0...18, found 19"#
            ),
            (
                #""taker_fee_ppm": 300"#, #""taker_fee_ppm": 300, "fee": 1"#,
                "field \"markets[1].fee\": unknown field in a market (known fields: symbol, base, quote, tick_size, "
                    + "lot_size, min_quantity, max_quantity, max_price, price_band_ppm, reference_price, "
                    + "maker_fee_ppm, taker_fee_ppm, pool, perpetual)"
            ),
            (#""reference_price": "3000","#, "", #"field "markets[1].reference_price": missing"#),
            (
                #"{"id": 3, "self_trade": "cancel_both"}"#, #"{"id": 3, "self_trade": "both"}"#,
                #"field "accounts[2].self_trade": "both" is not one of "cancel_taker", "cancel_maker", "cancel_both", "#
                    + #""decrement_both""#
            ),
            (
                #""max_accounts": 1000"#, #""max_accounts": -1"#,
                #"field "max_accounts": expected a non-negative integer, found -1"#
            ),
            (
                #""fee_account": 0"#, #""fee_account" 0"#,
                "invalid JSON at line 29, column 17: expected ':' after the key"
            ),
        ]
        for (old, new, message) in cases {
            XCTAssertEqual(decodingError(demo(replacing: old, with: new)), message, new)
        }
        XCTAssertEqual(decodingError("[]"), "expected a configuration object, found an array")
        XCTAssertEqual(decodingError(#"{"markets": []}"#), #"field "assets": missing"#)
        XCTAssertEqual(
            decodingError(#"{"assets": [1], "markets": []}"#),
            #"field "assets[0]": expected an asset object, found a number"#)
    }

    /// The ETH-USD pool of the demo configuration, written as `replacement`.
    private func demoWithETHPool(_ replacement: String) -> String {
        demo(
            replacing: #""pool": {"fee_ppm": 3000, "initial_base": "1000", "initial_quote": "3000000", "owner": 6}"#,
            with: replacement)
    }

    func testAPoolNeedsOnlyItsFee() throws {
        let configuration = try ConfigurationDecoder.decode(demoWithETHPool(#""pool": {"fee_ppm": 2500}"#))
        XCTAssertEqual(configuration.markets[1].pool, PoolConfiguration(feePPM: 2_500))
        let withoutPool = try ConfigurationDecoder.decode(demoWithETHPool(#""pool": null"#))
        XCTAssertNil(withoutPool.markets[1].pool)
    }

    func testPoolErrorsNameTheField() {
        let cases: [(String, String)] = [
            (#""pool": 3000"#, #"field "markets[1].pool": expected a pool object, found a number"#),
            (#""pool": {}"#, #"field "markets[1].pool.fee_ppm": missing"#),
            (
                #""pool": {"fee_ppm": 3000, "fee": 1}"#,
                #"field "markets[1].pool.fee": unknown field in a pool (known fields: fee_ppm, initial_base, "#
                    + #"initial_quote, owner)"#
            ),
            (
                #""pool": {"fee_ppm": 3000, "initial_base": "0.000000001", "initial_quote": "1", "owner": 6}"#,
                #"field "markets[1].pool.initial_base": "0.000000001" has more decimals than the base asset ETH "#
                    + "allows (8)"
            ),
            (
                #""pool": {"fee_ppm": 3000, "initial_base": "1", "initial_quote": 3000, "owner": 6}"#,
                #"field "markets[1].pool.initial_quote": expected a decimal string such as "12.5", found a number"#
            ),
            (
                #""pool": {"fee_ppm": 3000, "initial_base": "1", "initial_quote": "-3000", "owner": 6}"#,
                #"field "markets[1].pool.initial_quote": must not be negative"#
            ),
            (
                #""pool": {"fee_ppm": 3000, "initial_base": "1", "initial_quote": "3000"}"#,
                #"field "markets[1].pool.owner": missing (the account that holds the initial liquidity)"#
            ),
            (
                #""pool": {"fee_ppm": 3000, "owner": -6}"#,
                #"field "markets[1].pool.owner": expected a non-negative integer, found -6"#
            ),
        ]
        for (pool, message) in cases {
            XCTAssertEqual(decodingError(demoWithETHPool(pool)), message, pool)
        }
    }

    /// What decodes but the engine cannot run with: a fee out of range, liquidity off the lot or too small.
    func testTheEngineValidatesThePool() throws {
        let cases: [(String, String)] = [
            (#""pool": {"fee_ppm": 100000}"#, "market ETH-USD: pool fee must be in 0..<100000 ppm"),
            (
                #""pool": {"fee_ppm": 3000, "initial_base": "1.0005", "initial_quote": "3000", "owner": 6}"#,
                "market ETH-USD: initial pool liquidity must be positive, on the lot and large enough"
            ),
            (
                #""pool": {"fee_ppm": 3000, "initial_base": "1", "initial_quote": "0", "owner": 6}"#,
                "market ETH-USD: initial pool liquidity must be positive, on the lot and large enough"
            ),
        ]
        for (pool, message) in cases {
            let configuration = try ConfigurationDecoder.decode(demoWithETHPool(pool))
            XCTAssertThrowsError(try Simulation(configuration: configuration), pool) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
    }

    func testTheEngineValidatesWhatDecodes() throws {
        // 0.01 USD × 0.00000001 BTC is not a whole number of USD minor units.
        let text = demo(
            replacing: #""lot_size": "0.0001", "min_quantity": "0.0001""#,
            with: #""lot_size": "0.00000001", "min_quantity": "0.0001""#)
        let configuration = try ConfigurationDecoder.decode(text)
        XCTAssertThrowsError(try Simulation(configuration: configuration)) { error in
            XCTAssertTrue("\(error)".hasPrefix("market BTC-USD:"), "\(error)")
        }
    }
}

final class ServerConfigurationTests: XCTestCase {
    func testTheCheckedInDemoServerConfigurationIsTheEmbeddedOne() throws {
        XCTAssertEqual(try TestSupport.example("demo-server-config.json"), DemoServerConfiguration.json + "\n")
    }

    func testTheDemoServerConfigurationHasKeysAndDeposits() throws {
        let configuration = try DemoServerConfiguration.configuration()
        let demo = try DemoConfiguration.configuration()
        XCTAssertEqual(configuration.engine.assets, demo.assets)
        XCTAssertEqual(Array(configuration.engine.markets.prefix(2)), demo.markets)
        XCTAssertEqual(configuration.engine.markets.map(\.symbol), ["BTC-USD", "ETH-USD", "BTC-PERP"])
        XCTAssertEqual(Array(configuration.engine.accounts.prefix(4)), demo.accounts)
        XCTAssertEqual(configuration.engine.insuranceFundAccount, 8)
        XCTAssertEqual(configuration.adminAccount, 10)
        XCTAssertEqual(configuration.apiKey(account: 2), "tandem-demo-key-2")
        XCTAssertEqual(configuration.apiKey(account: 10), "tandem-demo-admin-key")
        XCTAssertNil(configuration.apiKey(account: 6))
        XCTAssertNil(configuration.apiKey(account: 8))
        XCTAssertEqual(configuration.depositCommands.count, 13)
        XCTAssertEqual(
            configuration.depositCommands.last, .deposit(Transfer(account: 8, asset: 2, amount: 1_000_000 * 1_000_000)))
        XCTAssertEqual(
            configuration.depositCommands.first, .deposit(Transfer(account: 1, asset: 0, amount: 100 * 100_000_000)))
    }

    func testTheAdministratorMustBeAnAccountWithAKey() {
        for (account, message) in [("8", "8 is not"), ("11", "11 is not")] {
            let text = DemoServerConfiguration.json.replacing(
                #""admin_account": 10"#, with: #""admin_account": "# + account)
            XCTAssertThrowsError(try ServerConfiguration.decode(text)) { error in
                XCTAssertEqual((error as? InputError)?.field, "admin_account")
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
        }
        let withoutAdministrator = DemoServerConfiguration.json.replacing(#""admin_account": 10,"#, with: "")
        XCTAssertNil(try ServerConfiguration.decode(withoutAdministrator).adminAccount)
        // The simulator's configuration has no administrator.
        let simulatorText = DemoConfiguration.json.replacing(
            #""fee_account": 0,"#, with: #""fee_account": 0, "admin_account": 1,"#)
        XCTAssertThrowsError(try ConfigurationDecoder.decode(simulatorText))
    }

    func testBadAccountExtrasAreErrorsThatNameTheField() {
        let text = DemoServerConfiguration.json.replacing("\"USD\": \"10000000\"}}", with: "\"XYZ\": \"1\"}}")
        XCTAssertThrowsError(try ServerConfiguration.decode(text)) { error in
            XCTAssertEqual((error as? InputError)?.field, "accounts[0].deposits.XYZ")
        }
    }
}
