import TandemEngine

/// What `tandem serve` runs with: the engine configuration, each account's API key and its opening deposits.
///
/// The JSON is the configuration of `tandem simulate` (Protocol/SIMULATE.md) whose accounts may also hold
/// `"api_key"` (the secret its logins are signed with) and `"deposits"` (an object of asset symbol to decimal
/// amount, credited when the server starts on a new data directory), and whose root may hold `"admin_account"`
/// (the account whose session may send administrators' requests: `index_price`).
public struct ServerConfiguration: Sendable {
    /// An account's login key and opening balances.
    public struct AccountSetup: Sendable, Equatable {
        public var account: UInt32
        public var apiKey: String?
        /// Deposits in configuration order: (asset index, minor units).
        public var deposits: [(asset: Int, amount: Int64)]

        public static func == (lhs: AccountSetup, rhs: AccountSetup) -> Bool {
            lhs.account == rhs.account && lhs.apiKey == rhs.apiKey
                && lhs.deposits.elementsEqual(rhs.deposits) { $0.asset == $1.asset && $0.amount == $1.amount }
        }
    }

    public var engine: EngineConfiguration
    /// One entry per configured account, in configuration order.
    public var accounts: [AccountSetup]
    /// The account allowed to send administrators' requests; nil: no account is.
    public var adminAccount: UInt32?

    public init(engine: EngineConfiguration, accounts: [AccountSetup], adminAccount: UInt32? = nil) {
        self.engine = engine
        self.accounts = accounts
        self.adminAccount = adminAccount
    }

    /// The opening deposits as engine commands, in configuration order.
    public var depositCommands: [Command] {
        accounts.flatMap { setup in
            setup.deposits.map { .deposit(Transfer(account: setup.account, asset: $0.asset, amount: $0.amount)) }
        }
    }

    /// The API key of `account`, nil when it has none (it cannot log in).
    public func apiKey(account: UInt32) -> String? {
        accounts.first { $0.account == account }?.apiKey
    }

    /// Decodes a server configuration document; errors name the field by its path.
    public static func decode(_ text: String) throws(InputError) -> ServerConfiguration {
        let document = try ConfigurationDecoder.parse(text)
        let engine = try ConfigurationDecoder.decode(
            document, extraKeys: ["admin_account"], extraAccountKeys: ["api_key", "deposits"])
        let root = try JSONObject(document, path: "", what: "a configuration object")
        var accounts: [AccountSetup] = []
        if root.value("accounts") != nil {
            for (index, value) in try root.array("accounts").enumerated() {
                accounts.append(try setup(value, path: "accounts[\(index)].", assets: engine.assets))
            }
        }
        let adminAccount: UInt32? = try root.optionalUnsigned("admin_account")
        if let adminAccount, !accounts.contains(where: { $0.account == adminAccount && $0.apiKey != nil }) {
            throw root.error("admin_account", "\(adminAccount) is not a configured account with an api_key")
        }
        return ServerConfiguration(engine: engine, accounts: accounts, adminAccount: adminAccount)
    }

    private static func setup(
        _ value: JSONValue, path: String, assets: [AssetConfiguration]
    ) throws(InputError) -> AccountSetup {
        let object = try JSONObject(value, path: path, what: "an account object")
        let account: UInt32 = try object.unsigned("id")
        let apiKey = try object.optionalString("api_key")
        if let apiKey, apiKey.isEmpty { throw object.error("api_key", "must not be empty") }
        var deposits: [(asset: Int, amount: Int64)] = []
        if let depositsValue = object.value("deposits") {
            let amounts = try JSONObject(depositsValue, path: path + "deposits.", what: "an object of asset amounts")
            for asset in assets.indices where amounts.value(assets[asset].symbol) != nil {
                let symbol = assets[asset].symbol
                let amount = try amounts.decimal(symbol, decimals: assets[asset].decimals, unit: symbol)
                guard amount > 0 else { throw amounts.error(symbol, "must be positive") }
                deposits.append((asset, amount))
            }
            try amounts.rejectUnknownKeys(allowed: assets.map(\.symbol), in: "deposits (asset symbols)")
        }
        return AccountSetup(account: account, apiKey: apiKey, deposits: deposits)
    }
}
