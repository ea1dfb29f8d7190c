/// The configuration `loadtest tcp --spawn` starts a server with, and `--write-config` writes for a server
/// started by hand: the benchmark market (`BenchmarkMarket`, with the ec2018 start price and optionally its
/// pool) and one funded account with an API key per connection.
struct TcpServerConfiguration {
    /// The connections' accounts: `firstAccount ..< firstAccount + accounts`.
    var firstAccount: UInt32
    var accounts: Int
    /// Account a's API key is the prefix followed by a's number.
    var keyPrefix: String
    var baseDecimals: Int
    var pool: BenchmarkPool?

    /// The owner of the pool's initial liquidity: the account after the connections' (it never trades).
    var poolOwner: UInt32 { firstAccount + UInt32(accounts) }

    /// Base minor units per lot: one whole base unit.
    var lotSize: Int64 { BenchmarkMarket.lotSize(baseDecimals: baseDecimals) }

    /// Whether `prefix` can be written into the JSON as it is and typed on a command line.
    static func isValidKeyPrefix(_ prefix: String) -> Bool {
        !prefix.isEmpty
            && prefix.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" }
    }

    /// The configuration as the JSON `tandem serve --config` reads (Protocol/SIMULATE.md, with the server's
    /// `api_key` and `deposits` members).
    var json: String {
        let start = EC2018Generator.startPrice
        var market = [
            "\"symbol\": \"BASE-QUOTE\", \"base\": \"BASE\", \"quote\": \"QUOTE\",",
            "\"tick_size\": \"1\", \"lot_size\": \"1\", \"min_quantity\": \"1\", "
                + "\"max_quantity\": \"\(BenchmarkMarket.maxLots)\",",
            "\"max_price\": \"10000000\", \"price_band_ppm\": \(BenchmarkMarket.priceBandPPM), "
                + "\"reference_price\": \"\(start)\",",
            "\"maker_fee_ppm\": 100, \"taker_fee_ppm\": 200",
        ]
        if let pool {
            market[market.count - 1] += ","
            market.append(
                "\"pool\": {\"fee_ppm\": \(pool.feePPM), \"initial_base\": \"\(pool.depth)\", "
                    + "\"initial_quote\": \"\(pool.depth * start)\", \"owner\": \(poolOwner)}")
        }
        let accountLines = (0..<accounts).map { index in
            let account = firstAccount + UInt32(index)
            return "{\"id\": \(account), \"api_key\": \"\(keyPrefix)\(account)\", \"deposits\": "
                + "{\"BASE\": \"\(EC2018Generator.userBase)\", \"QUOTE\": \"\(EC2018Generator.userQuote)\"}}"
        }
        let lines =
            [
                "{",
                "  \"assets\": [",
                "    {\"symbol\": \"BASE\", \"decimals\": \(baseDecimals)},",
                "    {\"symbol\": \"QUOTE\", \"decimals\": 0}",
                "  ],",
                "  \"markets\": [",
                "    {",
            ] + market.map { "      " + $0 } + [
                "    }",
                "  ],",
                "  \"accounts\": [",
                accountLines.map { "    " + $0 }.joined(separator: ",\n"),
                "  ],",
                "  \"fee_account\": 0,",
                "  \"max_accounts\": \(poolOwner + 1)",
                "}",
            ]
        return lines.joined(separator: "\n") + "\n"
    }
}
