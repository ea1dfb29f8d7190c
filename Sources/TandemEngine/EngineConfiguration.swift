/// An asset that accounts hold: amounts are integers in its minor unit (`10^-decimals` of one unit).
public struct AssetConfiguration: Sendable, Equatable {
    public var symbol: String
    public var decimals: Int

    public init(symbol: String, decimals: Int) {
        self.symbol = symbol
        self.decimals = decimals
    }
}

/// A market's constant-product pool: its LP fee and, optionally, liquidity present from the start.
public struct PoolConfiguration: Sendable, Equatable {
    /// The LP fee in parts per million of the input, kept outside the reserves for the providers.
    public var feePPM: Int64
    /// Liquidity that `owner` provides at start-up, as if it had deposited and added it (zero: an empty pool).
    public var initialBase: Int64
    public var initialQuote: Int64
    public var owner: UInt32

    public init(feePPM: Int64, initialBase: Int64 = 0, initialQuote: Int64 = 0, owner: UInt32 = 0) {
        self.feePPM = feePPM
        self.initialBase = initialBase
        self.initialQuote = initialQuote
        self.owner = owner
    }
}

/// A spot or perpetual market: the grid its orders live on, its limits and its fees.
///
/// Prices are integers in quote minor units per one whole base unit; quantities are integers in base minor
/// units. Inside the engine they become ticks and lots, and the notional of one lot at one tick
/// (`tickSize * lotSize / 10^baseDecimals`, in quote minor units) must be a whole number.
public struct MarketConfiguration: Sendable, Equatable {
    public var symbol: String
    public var baseAsset: Int
    public var quoteAsset: Int
    public var tickSize: Int64
    public var lotSize: Int64
    public var minQuantity: Int64
    public var maxQuantity: Int64
    /// The highest accepted price; zero lets the engine derive the largest price that cannot overflow.
    public var maxPrice: Int64
    /// Market orders trade no further than this many parts per million from the reference price.
    public var priceBandPPM: Int64
    /// The reference price before the first trade (zero: market orders are rejected until a trade happens).
    public var referencePrice: Int64
    /// Fee paid by the resting side, in parts per million of the notional; negative is a rebate.
    public var makerFeePPM: Int64
    /// Fee paid by the incoming side, in parts per million of the notional.
    public var takerFeePPM: Int64
    /// The market's AMM pool, if it has one. On a perpetual market it is the LP vault's virtual curve: the
    /// initial base and quote are its virtual reserves, and the owner deposits the initial quote as collateral.
    public var pool: PoolConfiguration?
    /// Nil for a spot market; the margin rules of a perpetual market.
    public var perpetual: PerpetualConfiguration?

    public init(
        symbol: String, baseAsset: Int, quoteAsset: Int, tickSize: Int64, lotSize: Int64,
        minQuantity: Int64, maxQuantity: Int64, maxPrice: Int64 = 0, priceBandPPM: Int64,
        referencePrice: Int64, makerFeePPM: Int64, takerFeePPM: Int64, pool: PoolConfiguration? = nil,
        perpetual: PerpetualConfiguration? = nil
    ) {
        self.symbol = symbol
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.minQuantity = minQuantity
        self.maxQuantity = maxQuantity
        self.maxPrice = maxPrice
        self.priceBandPPM = priceBandPPM
        self.referencePrice = referencePrice
        self.makerFeePPM = makerFeePPM
        self.takerFeePPM = takerFeePPM
        self.pool = pool
        self.perpetual = perpetual
    }
}

/// An account known before any command: its id and its default self-trade prevention.
public struct AccountConfiguration: Sendable, Equatable {
    public var id: UInt32
    public var selfTradePrevention: SelfTradePrevention

    public init(id: UInt32, selfTradePrevention: SelfTradePrevention = .cancelTaker) {
        self.id = id
        self.selfTradePrevention = selfTradePrevention
    }
}

/// Everything an engine is built from.
public struct EngineConfiguration: Sendable, Equatable {
    public var assets: [AssetConfiguration]
    public var markets: [MarketConfiguration]
    public var accounts: [AccountConfiguration]
    /// The account that collects trading fees (and pays rebates).
    public var feeAccount: UInt32
    /// The account whose available quote balance is the insurance fund of perpetual markets: it pays the
    /// shortfall of a liquidation that closed past the bankruptcy price.
    public var insuranceFundAccount: UInt32
    /// Account ids must stay below this bound; a deposit to a new id below it opens the account.
    public var maxAccounts: UInt32
    /// The self-trade prevention of accounts opened by a deposit.
    public var defaultSelfTradePrevention: SelfTradePrevention
    /// Initial order capacity; storage grows by doubling when it runs out.
    public var initialOrderCapacity: Int

    public init(
        assets: [AssetConfiguration], markets: [MarketConfiguration], accounts: [AccountConfiguration] = [],
        feeAccount: UInt32 = 0, maxAccounts: UInt32 = 1 << 20,
        defaultSelfTradePrevention: SelfTradePrevention = .cancelTaker, initialOrderCapacity: Int = 1 << 16,
        insuranceFundAccount: UInt32 = 0
    ) {
        self.assets = assets
        self.markets = markets
        self.accounts = accounts
        self.feeAccount = feeAccount
        self.insuranceFundAccount = insuranceFundAccount
        self.maxAccounts = maxAccounts
        self.defaultSelfTradePrevention = defaultSelfTradePrevention
        self.initialOrderCapacity = initialOrderCapacity
    }
}

/// A configuration the engine cannot run with.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
