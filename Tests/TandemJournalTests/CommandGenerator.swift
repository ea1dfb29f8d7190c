import TandemEngine

/// Draws a replayable stream of commands in the style of the engine's differential test: every command kind and
/// option, prices in a narrow band so orders cross often, pools with liquidity coming and going, and a share of
/// invalid commands. It reads the engine the commands go to (live orders, balances, pools) to aim cancels,
/// replaces, withdrawals and removals at real things; the stream stays a pure function of the seed.
struct CommandGenerator {
    /// Five trading markets (two with pools, one starting empty), a quiet market, and a pool market with a
    /// one-unit lot, from the engine tests' configuration.
    static let configuration = EngineConfiguration(
        assets: [
            AssetConfiguration(symbol: "BTC", decimals: 8), AssetConfiguration(symbol: "USD", decimals: 2),
            AssetConfiguration(symbol: "ETH", decimals: 6), AssetConfiguration(symbol: "GLD", decimals: 2),
            AssetConfiguration(symbol: "SLV", decimals: 1), AssetConfiguration(symbol: "EUR", decimals: 2),
            AssetConfiguration(symbol: "ORE", decimals: 0), AssetConfiguration(symbol: "CRD", decimals: 0),
        ],
        markets: [
            MarketConfiguration(
                symbol: "BTC/USD", baseAsset: 0, quoteAsset: 1, tickSize: 100, lotSize: 1_000_000,
                minQuantity: 1_000_000, maxQuantity: 100_000_000, maxPrice: 10_000_000, priceBandPPM: 200,
                referencePrice: 3_000_000, makerFeePPM: -77, takerFeePPM: 333),
            MarketConfiguration(
                symbol: "ETH/USD", baseAsset: 2, quoteAsset: 1, tickSize: 5, lotSize: 1_000_000,
                minQuantity: 2_000_000, maxQuantity: 50_000_000, maxPrice: 1_000_000, priceBandPPM: 20_000,
                referencePrice: 200_000, makerFeePPM: 150, takerFeePPM: 250),
            MarketConfiguration(
                symbol: "ETH/BTC", baseAsset: 2, quoteAsset: 0, tickSize: 1_000, lotSize: 1_000, minQuantity: 5_000,
                maxQuantity: 200_000, maxPrice: 20_000_000, priceBandPPM: 1_000, referencePrice: 0,
                makerFeePPM: 1_200, takerFeePPM: 800),
            MarketConfiguration(
                symbol: "BTC/ETH", baseAsset: 0, quoteAsset: 2, tickSize: 1_000, lotSize: 100_000,
                minQuantity: 100_000, maxQuantity: 10_000_000, maxPrice: 1_000_000_000, priceBandPPM: 10_000,
                referencePrice: 0, makerFeePPM: 0, takerFeePPM: 0),
            MarketConfiguration(
                symbol: "GLD/EUR", baseAsset: 3, quoteAsset: 5, tickSize: 2, lotSize: 1_000, minQuantity: 1_000,
                maxQuantity: 40_000, maxPrice: 40_000, priceBandPPM: 5_000, referencePrice: 4_000, makerFeePPM: -100,
                takerFeePPM: 400,
                pool: PoolConfiguration(feePPM: 250, initialBase: 4_000_000, initialQuote: 160_000_000, owner: 6)),
            MarketConfiguration(
                symbol: "SLV/EUR", baseAsset: 4, quoteAsset: 5, tickSize: 2, lotSize: 50, minQuantity: 100,
                maxQuantity: 2_000, maxPrice: 3_000, priceBandPPM: 30_000, referencePrice: 0, makerFeePPM: 200,
                takerFeePPM: 100, pool: PoolConfiguration(feePPM: 3_000)),
            MarketConfiguration(
                symbol: "ORE/CRD", baseAsset: 6, quoteAsset: 7, tickSize: 2, lotSize: 1, minQuantity: 1,
                maxQuantity: 10, maxPrice: 8_000_000, priceBandPPM: 100_000, referencePrice: 1_800_000,
                makerFeePPM: 0, takerFeePPM: 1_000,
                pool: PoolConfiguration(feePPM: 0, initialBase: 16, initialQuote: 29_099_070, owner: 7)),
        ],
        accounts: [
            AccountConfiguration(id: 0), AccountConfiguration(id: 1, selfTradePrevention: .cancelTaker),
            AccountConfiguration(id: 2, selfTradePrevention: .cancelMaker),
            AccountConfiguration(id: 3, selfTradePrevention: .cancelBoth),
            AccountConfiguration(id: 4, selfTradePrevention: .decrementBoth),
            AccountConfiguration(id: 5, selfTradePrevention: .cancelMaker),
        ],
        feeAccount: 0, maxAccounts: 10, defaultSelfTradePrevention: .decrementBoth, initialOrderCapacity: 256)

    private static let tradingMarkets = [0, 1, 2, 4, 5, 6]
    private static let quietMarket = 3
    private static let poolMarkets = [4, 5]
    private static let centerTicks: [Int64] = [30_000, 40_000, 5_000, 0, 2_000, 150, 909_000]
    private static let tradingAccounts: [UInt32] = [1, 2, 3, 4, 5, 6, 7]
    private static let depositScale: [Int64] = [
        20_000_000, 5_000_000, 30_000_000, 40_000, 6_000, 2_000_000, 5, 20_000_000,
    ]

    private var random: SplitMix64
    private var pending: [Command]

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        pending = Self.tradingAccounts.flatMap { account in
            Self.configuration.assets.indices.map { asset in
                .deposit(Transfer(account: account, asset: asset, amount: Self.depositScale[asset] * 4))
            }
        }
        pending.reverse()
    }

    /// The next command for `engine`: first the funding deposits, then a random mix.
    mutating func next(engine: Engine) -> Command {
        if let command = pending.popLast() { return command }
        switch random.int(0...999) {
        case 0..<400: return limitOrder()
        case 400..<450: return marketOrder()
        case 450..<540: return cancel(engine)
        case 540..<720: return replace(engine)
        case 720..<735: return massCancel()
        case 735..<810: return deposit()
        case 810..<845: return withdraw(engine)
        case 845..<885: return addLiquidity(engine)
        case 885..<915: return removeLiquidity(engine)
        default: return invalidCommand()
        }
    }

    /// `count` commands drawn against `engine`, which applies each before the next is drawn.
    static func stream(seed: UInt64, count: Int, engine: Engine, apply: (Command, UInt64) -> Void) {
        var generator = CommandGenerator(seed: seed)
        for index in 0..<count {
            apply(generator.next(engine: engine), UInt64(1_000 + index * 7))
        }
    }

    private mutating func tradingAccount() -> UInt32 {
        random.chance(3) ? 0 : random.pick(Self.tradingAccounts)
    }

    private mutating func ticks(market: Int, side: Side) -> Int64 {
        let center = Self.centerTicks[market]
        return side == .buy ? center + random.int64(-10...3) : center + random.int64(-3...10)
    }

    private mutating func lots(market: Int) -> Int64 {
        let configuration = Self.configuration.markets[market]
        let minLots = configuration.minQuantity / configuration.lotSize
        let maxLots = configuration.maxQuantity / configuration.lotSize
        return random.chance(10) ? random.int64(minLots...maxLots) : min(minLots + random.int64(0...6), maxLots)
    }

    private mutating func selfTradePrevention() -> SelfTradePrevention? {
        random.chance(60) ? nil : random.pick(SelfTradePrevention.allCases)
    }

    private mutating func limitOrder() -> Command {
        let market = random.pick(Self.tradingMarkets)
        let configuration = Self.configuration.markets[market]
        let side = random.pick(Side.allCases)
        let timeInForce: TimeInForce = random.chance(70) ? .gtc : random.chance(50) ? .ioc : .fok
        return .newOrder(
            NewOrder(
                account: tradingAccount(), market: market, clientOrderId: UInt64(random.int(1...300)), side: side,
                timeInForce: timeInForce, postOnly: timeInForce == .gtc && random.chance(15),
                price: ticks(market: market, side: side) * configuration.tickSize,
                quantity: lots(market: market) * configuration.lotSize, selfTradePrevention: selfTradePrevention()))
    }

    private mutating func marketOrder() -> Command {
        let market = random.pick(Self.tradingMarkets + [Self.quietMarket])
        let configuration = Self.configuration.markets[market]
        return .newOrder(
            NewOrder(
                account: tradingAccount(), market: market, clientOrderId: UInt64(random.int(1...300)),
                side: random.pick(Side.allCases), type: .market, timeInForce: random.chance(60) ? .ioc : .fok,
                price: 0, quantity: lots(market: market) * configuration.lotSize,
                selfTradePrevention: selfTradePrevention()))
    }

    private func liveOrders(_ engine: Engine) -> [(market: Int, order: RestingOrder)] {
        Self.configuration.markets.indices.flatMap { market in
            Side.allCases.flatMap { side in engine.restingOrders(market: market, side: side).map { (market, $0) } }
        }
    }

    private mutating func reference(to order: RestingOrder) -> OrderReference {
        random.chance(50) ? .orderId(order.orderId) : .clientOrderId(order.clientOrderId)
    }

    private mutating func cancel(_ engine: Engine) -> Command {
        let live = liveOrders(engine)
        guard !live.isEmpty, random.chance(90) else {
            return .cancel(CancelOrder(account: tradingAccount(), order: .orderId(random.next() % 10_000)))
        }
        let order = random.pick(live).order
        return .cancel(CancelOrder(account: order.account, order: reference(to: order)))
    }

    private mutating func replace(_ engine: Engine) -> Command {
        let live = liveOrders(engine)
        guard !live.isEmpty else { return limitOrder() }
        let (market, order) = random.pick(live)
        let configuration = Self.configuration.markets[market]
        var replace = ReplaceOrder(account: order.account, order: reference(to: order))
        switch random.int(0...9) {
        case 0...3: replace.price = ticks(market: market, side: order.side) * configuration.tickSize
        case 4...6: replace.quantity = replacementQuantity(order, market: market)
        case 7...8:
            replace.price = ticks(market: market, side: order.side) * configuration.tickSize
            replace.quantity = replacementQuantity(order, market: market)
        default: replace.price = random.chance(50) ? order.price : nil
        }
        return .replace(replace)
    }

    private mutating func replacementQuantity(_ order: RestingOrder, market: Int) -> Int64 {
        let configuration = Self.configuration.markets[market]
        switch random.int(0...9) {
        case 0: return 0
        case 1...4: return max(order.quantity - configuration.lotSize * random.int64(1...3), configuration.minQuantity)
        case 5: return order.quantity
        default: return min(order.quantity + configuration.lotSize * random.int64(1...5), configuration.maxQuantity)
        }
    }

    private mutating func massCancel() -> Command {
        .massCancel(
            MassCancel(
                account: tradingAccount(), market: random.chance(50) ? random.pick(Self.tradingMarkets) : nil,
                side: random.chance(50) ? random.pick(Side.allCases) : nil))
    }

    private mutating func deposit() -> Command {
        let asset = random.int(0...(Self.configuration.assets.count - 1))
        return .deposit(
            Transfer(account: tradingAccount(), asset: asset, amount: random.int64(1...Self.depositScale[asset])))
    }

    private mutating func withdraw(_ engine: Engine) -> Command {
        let account = tradingAccount()
        let asset = random.int(0...(Self.configuration.assets.count - 1))
        let available = engine.balance(account: account, asset: asset)?.available ?? 0
        let amount = random.chance(10) ? available + 1 : random.int64(1...max(1, available / 4))
        return .withdraw(Transfer(account: account, asset: asset, amount: amount))
    }

    /// An add near the pool's ratio, or a first deposit into the empty pool priced near the middle of its band.
    private mutating func addLiquidity(_ engine: Engine) -> Command {
        let market = random.pick(Self.poolMarkets)
        let pool = engine.pool(market: market)!
        let configuration = Self.configuration.markets[market]
        let account = random.pick(Self.tradingAccounts)
        guard pool.totalShares > 0 else {
            let maxBase = random.int64(200...400) * configuration.lotSize
            let price = Self.centerTicks[market] * configuration.tickSize
            return .addLiquidity(
                AddLiquidity(account: account, market: market, maxBase: maxBase, maxQuote: maxBase * price / 10))
        }
        let maxBase = random.int64(1...max(1, pool.curve.base / configuration.lotSize / 50)) * configuration.lotSize
        let fairQuote = Int64(Int128(maxBase) * Int128(pool.curve.quote) / Int128(pool.curve.base))
        return .addLiquidity(
            AddLiquidity(
                account: account, market: market, maxBase: maxBase,
                maxQuote: max(1, fairQuote * random.int64(80...120) / 100)))
    }

    private mutating func removeLiquidity(_ engine: Engine) -> Command {
        let market = random.pick(Self.poolMarkets)
        let holders = engine.pool(market: market)!.positions.filter { $0.shares > 0 }
        guard !holders.isEmpty, random.chance(95) else {
            return .removeLiquidity(
                RemoveLiquidity(account: tradingAccount(), market: market, shares: random.int64(1...5_000)))
        }
        let holder = random.pick(holders)
        let shares = random.chance(10) ? holder.shares : random.int64(1...max(1, holder.shares / 10))
        return .removeLiquidity(RemoveLiquidity(account: holder.account, market: market, shares: shares))
    }

    private mutating func invalidCommand() -> Command {
        let market = random.pick(Self.tradingMarkets)
        let configuration = Self.configuration.markets[market]
        switch random.int(0...7) {
        case 0: return .deposit(Transfer(account: 11, asset: 0, amount: 1))
        case 1: return .deposit(Transfer(account: 1, asset: random.pick([-1, 8]), amount: 1))
        case 2: return .withdraw(Transfer(account: 1, asset: 0, amount: -5))
        case 3: return .massCancel(MassCancel(account: 1, market: random.pick([-1, 7])))
        case 4:
            return .newOrder(
                NewOrder(
                    account: 1, market: random.pick([-1, 7, Int.max]), clientOrderId: 1, side: .buy, price: 100,
                    quantity: 100))
        case 5:
            return .newOrder(
                NewOrder(
                    account: 1, market: market, clientOrderId: 1, side: .sell,
                    price: configuration.tickSize * 10 + 1, quantity: -configuration.lotSize, reduceOnly: true))
        case 6: return .replace(ReplaceOrder(account: 2, order: .clientOrderId(7), price: -1, quantity: 3))
        default: return .addLiquidity(AddLiquidity(account: 1, market: 0, maxBase: 0, maxQuote: -1, minShares: -1))
        }
    }
}
