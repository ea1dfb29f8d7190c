import TandemAMM

/// The single-writer matching engine: every market's book, every account's balances, one command at a time.
///
/// `apply(_:timestamp:)` runs a command to completion and leaves exactly its events in `events`. The engine
/// does no I/O, reads no clock and allocates nothing per order once its storage has grown to the working set.
public final class Engine {
    public let configuration: EngineConfiguration
    let rules: [MarketRules]
    let books: [OrderBook]
    /// Each market's AMM pool, or nil.
    var pools: [LiquidityPool?]
    /// Whether each market has a pool, read on every match without copying the pool.
    let hasPool: [Bool]
    /// How far each pool's first lot reaches, kept current with its reserves.
    var poolReach: [PoolReach]
    var orders: OrderStore
    var accounts: Accounts
    /// Live orders by engine order id (the key's high word is zero).
    var orderIds: OrderIndex
    /// Live orders by (account, client order id).
    var clientOrderIds: OrderIndex
    var lastTradeTicks: [Int64]
    /// Each market's perpetual state (a placeholder for a spot market), and the perpetual markets' indices.
    let perpetuals: UnsafeMutablePointer<PerpetualMarket>
    let perpetualMarkets: [Int]
    var positionLog = PositionLog()
    /// This command set an index or changed a perpetual market's resting orders: a mark may have moved.
    var markInputsChanged = false
    /// Flat positions without orders whose negative collateral the insurance fund could not pay yet (rare): they
    /// are settled again after every command until it can.
    var unpaidPositions: [(market: Int, slot: Int32)] = []
    var assetTotals: [Int64]
    var balanceLog: BalanceLog
    /// The events of the last command applied.
    public private(set) var events: [Event] = []
    var nextSequence: UInt64 = 1
    var nextOrderId: UInt64 = 1
    var nextTradeId: UInt64 = 1
    var timestamp: UInt64 = 0

    /// Builds an engine, or says which part of the configuration it cannot run with.
    public init(configuration: EngineConfiguration) throws(ConfigurationError) {
        self.configuration = configuration
        guard !configuration.assets.isEmpty else { throw ConfigurationError("at least one asset is required") }
        guard configuration.markets.count <= Int(UInt16.max) else { throw ConfigurationError("too many markets") }
        var rules: [MarketRules] = []
        for market in configuration.markets {
            rules.append(try MarketRules(market, assets: configuration.assets))
        }
        self.rules = rules
        books = rules.map { _ in OrderBook() }
        pools = zip(configuration.markets, rules).map { market, rules in
            market.pool.map { LiquidityPool(feePPM: $0.feePPM, lotSize: rules.lotSize) }
        }
        hasPool = configuration.markets.map { $0.pool != nil }
        poolReach = Array(repeating: .unreachable, count: rules.count)
        guard configuration.maxAccounts > 0, configuration.maxAccounts <= 1 << 26 else {
            throw ConfigurationError("max accounts must be in 1...\(1 << 26)")
        }
        let capacity = max(configuration.initialOrderCapacity, 16)
        orders = OrderStore(capacity: capacity)
        accounts = Accounts(assetCount: configuration.assets.count, maxAccounts: configuration.maxAccounts)
        orderIds = OrderIndex(capacity: capacity, sequentialKeys: true)
        clientOrderIds = OrderIndex(capacity: capacity, sequentialKeys: false)
        lastTradeTicks = Array(repeating: 0, count: rules.count)
        var perpetualStates: [PerpetualMarket] = []
        for market in configuration.markets {
            guard let perpetual = market.perpetual else {
                perpetualStates.append(.spotPlaceholder)
                continue
            }
            perpetualStates.append(try PerpetualMarket(validating: perpetual, market: market.symbol))
        }
        perpetuals = .allocate(capacity: max(perpetualStates.count, 1))
        perpetuals.initialize(from: perpetualStates, count: perpetualStates.count)
        perpetualMarkets = configuration.markets.indices.filter { configuration.markets[$0].perpetual != nil }
        assetTotals = Array(repeating: 0, count: configuration.assets.count)
        balanceLog = BalanceLog(assetCount: configuration.assets.count)
        events.reserveCapacity(1024)
        try openConfiguredAccounts()
        try seedPools()
        for market in perpetualMarkets {
            try seedVault(market: market)
            refreshMark(market)
        }
    }

    deinit {
        orders.deallocate()
        accounts.deallocate()
        orderIds.deallocate()
        clientOrderIds.deallocate()
        balanceLog.deallocate()
        positionLog.deallocate()
        for market in rules.indices { perpetuals[market].deallocate() }
        perpetuals.deinitialize(count: rules.count)
        perpetuals.deallocate()
    }

    private func openConfiguredAccounts() throws(ConfigurationError) {
        guard configuration.feeAccount < configuration.maxAccounts else {
            throw ConfigurationError("fee account \(configuration.feeAccount) is not below max accounts")
        }
        openAccount(configuration.feeAccount, selfTrade: configuration.defaultSelfTradePrevention)
        guard configuration.insuranceFundAccount < configuration.maxAccounts else {
            throw ConfigurationError("insurance fund account \(configuration.insuranceFundAccount) is not below max accounts")
        }
        if !accounts.contains(configuration.insuranceFundAccount) {
            openAccount(configuration.insuranceFundAccount, selfTrade: configuration.defaultSelfTradePrevention)
        }
        for account in configuration.accounts {
            guard account.id < configuration.maxAccounts else {
                throw ConfigurationError("account \(account.id) is not below max accounts")
            }
            openAccount(account.id, selfTrade: account.selfTradePrevention)
        }
    }

    func openAccount(_ account: UInt32, selfTrade: SelfTradePrevention) {
        accounts.open(account, selfTrade: selfTrade)
        balanceLog.grow(toAccounts: Int(account) + 1)
    }

    /// Applies one command; afterwards `events` holds exactly that command's events.
    public func apply(_ command: Command, timestamp: UInt64) {
        events.removeAll(keepingCapacity: true)
        balanceLog.beginCommand()
        positionLog.beginCommand()
        self.timestamp = timestamp
        switch command {
        case .deposit(let transfer): deposit(transfer)
        case .withdraw(let transfer): withdraw(transfer)
        case .newOrder(let order): placeOrder(order)
        case .cancel(let cancel): cancelOrder(cancel)
        case .replace(let replace): replaceOrder(replace)
        case .massCancel(let massCancel): cancelAll(massCancel)
        case .addLiquidity(let add): addLiquidity(add)
        case .removeLiquidity(let remove): removeLiquidity(remove)
        case .indexPrice(let index): setIndexPrice(index)
        case .adjustMargin(let adjust): adjustMargin(adjust)
        }
        if !perpetualMarkets.isEmpty { finishPerpetualCommand() }
        emitBalanceUpdates()
    }

    @inline(__always) func emit(_ body: EventBody) {
        events.append(Event(sequence: nextSequence, timestamp: timestamp, body: body))
        nextSequence += 1
    }

    func reject(_ account: UInt32, _ command: CommandKind, reference: UInt64, _ reason: RejectReason) {
        emit(.rejected(CommandRejected(account: account, command: command, reference: reference, reason: reason)))
    }

    private func emitBalanceUpdates() {
        balanceLog.forEachChange(available: accounts.available, reserved: accounts.reserved) { index, available, reserved in
            let account = UInt32(index / accounts.assetCount)
            let asset = index % accounts.assetCount
            emit(.balance(BalanceUpdate(account: account, asset: asset, available: available, reserved: reserved)))
        }
    }
}
