@testable import TandemEngine

/// Draws a replayable stream of commands for the differential test: every command kind and option, prices in a
/// narrow band so orders cross often, liquidity adds and removals, and a share of deliberately invalid commands.
///
/// It reads the reference engine's state (live orders, balances, pools) only to aim cancels and replaces at real
/// orders, to size withdrawals, to size liquidity near the pool's ratio and minimums near what a command would
/// get, and to price orders at the tie pool's lot prices; the stream stays a pure function of the seed.
struct CommandGenerator {
    /// Six trading markets with different grids and fees, three of them with pools, and a quiet one.
    ///
    /// BTC/USD has a maker rebate; ETH/BTC a maker fee above its taker fee and no reference price, so market
    /// orders there are rejected until its first trade. Their price bands (6 and 5 ticks) are narrower than the
    /// spread of resting prices, so market orders stop at the band edge; ETH/USD's band is wide. BTC/ETH only
    /// ever sees market orders, which it rejects for want of a reference price.
    ///
    /// GLD/EUR and SLV/EUR trade against pools with LP fees of 0.025 % and 0.3 %. Their lots are 1,000 and 50
    /// base minor units, so the base LP fee of a sell, rounded up to a whole unit, costs a one-lot sell 0.1 %
    /// and 2 %: chunks of several lots pass the rounding guard where one lot does not. GLD/EUR's pool starts
    /// with 4,000 lots at 40.00 EUR owned by account 6; one lot moves it by about a tick (5 bp), so orders a
    /// few ticks through the pool's price trade a few lots with it. SLV/EUR's pool starts empty and gets its
    /// first deposit from `add_liquidity`; its tick is 0.67 % and one lot of a first deposit moves it by about
    /// 0.5 to 1 tick. Both stay well inside `ReferencePool`'s bounds: prices of a lot below 2^20, lots of at
    /// most 2^10 units, reserves far below 2^32 (their assets are only ever deposited in small amounts).
    ///
    /// ORE/CRD is there for exact ties between the pool and resting orders, which the other pools almost never
    /// produce. Its pool has no LP fee, lots of one unit and the product `X * Y = 2 * lcm(1...22)`: while its
    /// base stays within 1...22 units, every swap keeps the product, and every lot's exact price is an even
    /// number of credits, a price on the tick. Orders there are mostly priced exactly at one of those lot
    /// prices (`tiePrice`), and sells that could take the pool past 22 units are kept above what it pays.
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
        feeAccount: 0, maxAccounts: 10, defaultSelfTradePrevention: .decrementBoth)

    private static let tradingMarkets = [0, 1, 2, 4, 5]
    private static let quietMarket = 3
    private static let poolMarkets = [4, 5]
    /// The market whose pool sits on exact prices; no liquidity commands go there, which would break that.
    private static let tieMarket = 6
    /// Sells may trade with the tie pool only while it holds at most this many units, so that even a
    /// maximum-size sell leaves it within the 22 units its product is divisible by.
    private static let tieMaxBaseForSells: Int64 = 12
    private static let unknownMarket = configuration.markets.count
    /// The pool that starts empty, and the number of commands before the generator tries to fill it (until
    /// then, liquidity commands there are rejected: `empty_pool`, `liquidity_too_small`, `pool_would_cross`).
    private static let emptyPoolMarket = 5
    private static let emptyPoolQuietCommands = 400
    /// The assets deposits of up to 2^62 may go to; the pools' assets stay small.
    private static let bookAssets = 0...2
    /// The middle of each market's price band, in ticks (none for the quiet market).
    private static let centerTicks: [Int64] = [30_000, 40_000, 5_000, 0, 2_000, 150, 0]
    /// Accounts 6 and 7 open by deposit (with the engine's default self-trade prevention) during funding.
    private static let tradingAccounts: [UInt32] = [1, 2, 3, 4, 5, 6, 7]
    /// Account 5 gets small deposits only, so it keeps running out of balance.
    private static let poorAccount: UInt32 = 5
    /// A typical deposit per asset: enough for tens of orders.
    private static let depositScale: [Int64] = [
        20_000_000, 5_000_000, 30_000_000, 40_000, 6_000, 2_000_000, 5, 20_000_000,
    ]

    private var random: SplitMix64
    /// Commands to send before drawing new ones, last first: the funding deposits, and follow-ups.
    private var pending: [Command]
    private var drawn = 0
    /// The tie pool's reserves when the current command was drawn.
    private var tieReserves: (base: Int64, quote: Int64) = (0, 0)

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        pending = Self.tradingAccounts.flatMap { account in
            Self.configuration.assets.indices.map { asset in
                .deposit(Transfer(account: account, asset: asset, amount: Self.depositScale[asset] * 4))
            }
        }
        pending.reverse()
    }

    /// The next command: first the funding deposits, then a random mix.
    mutating func next(reference: ReferenceEngine) -> Command {
        if let command = pending.popLast() { return command }
        drawn += 1
        let tiePool = reference.pool(market: Self.tieMarket)!
        tieReserves = (tiePool.base, tiePool.quote)
        let roll = random.int(0...999)
        switch roll {
        case 0..<400: return limitOrder()
        case 400..<450: return marketOrder(market: random.pick(Self.tradingMarkets))
        case 450..<540: return cancel(reference)
        case 540..<730: return replace(reference)
        case 730..<740: return massCancel()
        case 740..<820: return deposit()
        case 820..<855: return withdraw(reference)
        case 855..<885: return addLiquidity(reference)
        case 885..<910: return removeLiquidity(reference)
        default: return invalidCommand(reference)
        }
    }

    // MARK: - Valid commands (most are accepted; some fail on balance or duplicates by chance)

    private mutating func tradingAccount() -> UInt32 {
        random.chance(3) ? 0 : random.pick(Self.tradingAccounts)
    }

    private mutating func selfTradePrevention() -> SelfTradePrevention? {
        random.chance(60) ? nil : random.pick(SelfTradePrevention.allCases)
    }

    /// Buys lean low and sells lean high, with a wide overlap so that about half of the orders cross.
    private mutating func ticks(market: Int, side: Side) -> Int64 {
        if market == Self.tieMarket { return tiePrice(side: side) / Self.configuration.markets[market].tickSize }
        let center = Self.centerTicks[market]
        return side == .buy ? center + random.int64(-10...3) : center + random.int64(-3...10)
    }

    private mutating func lots(market: Int) -> Int64 {
        let configuration = Self.configuration.markets[market]
        let minLots = configuration.minQuantity / configuration.lotSize
        let maxLots = configuration.maxQuantity / configuration.lotSize
        return random.chance(10) ? random.int64(minLots...maxLots) : minLots + random.int64(0...6)
    }

    private mutating func limitOrder() -> Command {
        if random.chance(12) { return tieOrder() }
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

    private mutating func marketOrder(market: Int) -> Command {
        let configuration = Self.configuration.markets[market]
        let lotCount = Self.tradingMarkets.contains(market) ? lots(market: market) : 1
        return .newOrder(
            NewOrder(
                account: tradingAccount(), market: market, clientOrderId: UInt64(random.int(1...300)),
                side: random.pick(Side.allCases), type: .market, timeInForce: random.chance(60) ? .ioc : .fok,
                price: random.chance(50) ? 0 : random.int64(-5...5), quantity: lotCount * configuration.lotSize,
                selfTradePrevention: selfTradePrevention()))
    }

    private mutating func reference(to order: ReferenceEngine.Order) -> OrderReference {
        random.chance(50) ? .orderId(order.orderId) : .clientOrderId(order.clientOrderId)
    }

    private mutating func cancel(_ reference: ReferenceEngine) -> Command {
        let live = reference.liveOrders
        guard !live.isEmpty, random.chance(90) else {
            let target: OrderReference =
                random.chance(50) ? .orderId(random.next() % 100_000) : .clientOrderId(UInt64(random.int(1...300)))
            return .cancel(CancelOrder(account: tradingAccount(), order: target))
        }
        let order = random.pick(live)
        return .cancel(CancelOrder(account: order.account, order: self.reference(to: order)))
    }

    /// Price and/or quantity changes: same, up, down, zero; sometimes neither.
    private mutating func replace(_ reference: ReferenceEngine) -> Command {
        let live = reference.liveOrders
        guard !live.isEmpty else { return limitOrder() }
        let order = random.pick(live)
        let configuration = Self.configuration.markets[order.market]
        var price: Int64?
        var quantity: Int64?
        switch random.int(0...9) {
        case 0...3: price = ticks(market: order.market, side: order.side) * configuration.tickSize
        case 4...6: quantity = replacementLots(order, market: order.market) * configuration.lotSize
        case 7...8:
            price = ticks(market: order.market, side: order.side) * configuration.tickSize
            quantity = replacementLots(order, market: order.market) * configuration.lotSize
        default:
            price = random.chance(50) ? order.ticks * configuration.tickSize : nil
        }
        return .replace(
            ReplaceOrder(account: order.account, order: self.reference(to: order), price: price, quantity: quantity))
    }

    private mutating func replacementLots(_ order: ReferenceEngine.Order, market: Int) -> Int64 {
        let minLots = Self.configuration.markets[market].minQuantity / Self.configuration.markets[market].lotSize
        switch random.int(0...9) {
        case 0: return 0
        case 1: return order.lots
        case 2...5: return max(minLots, order.lots - random.int64(1...3))
        default: return order.lots + random.int64(1...4)
        }
    }

    private mutating func massCancel() -> Command {
        let market: Int? = random.chance(40) ? nil : random.int(Self.configuration.markets.indices)
        let side: Side? = random.chance(50) ? nil : random.pick(Side.allCases)
        return .massCancel(MassCancel(account: tradingAccount(), market: market, side: side))
    }

    private mutating func deposit() -> Command {
        // Accounts 8 and 9 open late in the run, rarely; until then they are unknown to every other command.
        let account = random.chance(1) && random.chance(5) ? UInt32(random.int(8...9)) : tradingAccount()
        let asset = random.int(Self.configuration.assets.indices)
        let scale = account == Self.poorAccount ? max(1, Self.depositScale[asset] / 20) : Self.depositScale[asset]
        return .deposit(Transfer(account: account, asset: asset, amount: random.int64(1...scale)))
    }

    private mutating func withdraw(_ reference: ReferenceEngine) -> Command {
        let account = tradingAccount()
        let asset = random.int(Self.configuration.assets.indices)
        let available = reference.balance(account: account, asset: asset)?.available ?? 0
        let amount = available > 0 && random.chance(90) ? random.int64(1...available) : available + random.int64(1...9)
        return .withdraw(Transfer(account: account, asset: asset, amount: amount))
    }

    // MARK: - The tie market

    /// A limit order of one to three lots, or now and then a market order, in the tie market.
    private mutating func tieOrder() -> Command {
        let account = tradingAccount()
        let clientOrderId = UInt64(random.int(1...300))
        if random.chance(10) {
            // A market sell trades with the pool whatever its size, so only while the pool is small.
            let side: Side = tieReserves.base > Self.tieMaxBaseForSells ? .buy : random.pick(Side.allCases)
            return .newOrder(
                NewOrder(
                    account: account, market: Self.tieMarket, clientOrderId: clientOrderId, side: side, type: .market,
                    timeInForce: random.chance(60) ? .ioc : .fok, price: 0, quantity: random.int64(1...3),
                    selfTradePrevention: selfTradePrevention()))
        }
        let side = random.pick(Side.allCases)
        let timeInForce: TimeInForce = random.chance(70) ? .gtc : random.chance(50) ? .ioc : .fok
        return .newOrder(
            NewOrder(
                account: account, market: Self.tieMarket, clientOrderId: clientOrderId, side: side,
                timeInForce: timeInForce, postOnly: timeInForce == .gtc && random.chance(15),
                price: tiePrice(side: side), quantity: random.int64(1...3), selfTradePrevention: selfTradePrevention()))
    }

    /// A price in the tie market: the exact price of the pool's next first, second or third lot for a buyer or
    /// for a seller, or within 10 % of the pool's price. A sell while the pool holds more than
    /// `tieMaxBaseForSells` units gets a buyer's lot price, which neither a bid nor the pool pays.
    private mutating func tiePrice(side: Side) -> Int64 {
        let rules = Self.configuration.markets[Self.tieMarket]
        let (x, y) = (Int128(tieReserves.base), Int128(tieReserves.quote))
        let k = Int128(random.int(1...3))
        let buyersPrice = x > k ? x * y / ((x - k) * (x - k + 1)) : y
        let exact: Int128
        if side == .sell && tieReserves.base > Self.tieMaxBaseForSells {
            exact = buyersPrice
        } else {
            switch random.int(0...9) {
            case 0...3: exact = buyersPrice
            case 4...7: exact = x * y / ((x + k - 1) * (x + k))
            default: exact = y * Int128(random.int(90...110)) / (x * 100)
            }
        }
        let price = Int64(exact) / rules.tickSize * rules.tickSize
        return min(max(price, rules.tickSize), rules.maxPrice)
    }

    // MARK: - Liquidity

    /// An add near the pool's ratio (one side up to 20 % short) by an account that may not afford it, sometimes
    /// with `minShares` exactly at what it mints (accepted) or one above (slippage); into the empty pool, a first
    /// deposit.
    private mutating func addLiquidity(_ reference: ReferenceEngine) -> Command {
        let market = random.pick(Self.poolMarkets)
        let pool = reference.pool(market: market)!
        let account = tradingAccount()
        guard pool.totalShares > 0 else {
            let fundedAccount = random.pick(Self.tradingAccounts.filter { $0 != Self.poorAccount })
            return firstDeposit(reference, market: market, account: fundedAccount)
        }
        // Up to 2 % of the pool, so neither adds nor removals (up to a tenth of a position) swamp it.
        let lotSize = Self.configuration.markets[market].lotSize
        let maxBase = random.int64(1...max(1, pool.base / lotSize / 50)) * lotSize
        let fairQuote = Int64(Int128(maxBase) * Int128(pool.quote) / Int128(pool.base))
        let maxQuote = max(1, fairQuote * random.int64(80...120) / 100)
        var minShares: Int64 = 0
        if random.chance(20),
            case .success(let deposit) = pool.deposit(maxBase: maxBase, maxQuote: maxQuote, minShares: 0)
        {
            minShares = deposit.shares + random.int64(0...1)
        }
        return .addLiquidity(
            AddLiquidity(account: account, market: market, maxBase: maxBase, maxQuote: maxQuote, minShares: minShares))
    }

    /// The empty pool's first deposit, of 200 to 400 lots. During the quiet start it is priced 20 ticks through
    /// the book so the pool would trade with the best order (or too small while the book is empty); afterwards
    /// it is priced between the best bid and ask (or at one of them, or at the center), where it usually fits.
    private mutating func firstDeposit(_ reference: ReferenceEngine, market: Int, account: UInt32) -> Command {
        let rules = Self.configuration.markets[market]
        let bid = reference.bookLevels(market: market, side: .buy, limit: 1).first?.price
        let ask = reference.bookLevels(market: market, side: .sell, limit: 1).first?.price
        let price: Int64
        if drawn < Self.emptyPoolQuietCommands {
            guard bid != nil || ask != nil else {
                return .addLiquidity(
                    AddLiquidity(account: account, market: market, maxBase: rules.lotSize, maxQuote: 1))
            }
            price = bid.map { $0 - 20 * rules.tickSize } ?? ask! + 20 * rules.tickSize
        } else if let bid, let ask {
            price = (bid + ask) / 2
        } else {
            price = bid ?? ask ?? Self.centerTicks[market] * rules.tickSize
        }
        var unit: Int64 = 1
        for _ in 0..<Self.configuration.assets[rules.baseAsset].decimals { unit *= 10 }
        let maxBase = random.int64(200...400) * rules.lotSize
        return .addLiquidity(
            AddLiquidity(account: account, market: market, maxBase: maxBase, maxQuote: maxBase * price / unit))
    }

    /// A removal by a holder: up to a tenth of its shares, or all of a small position, sometimes with a minimum
    /// exactly at what it pays (accepted) or one unit above (slippage). Rarely an account that may hold nothing.
    private mutating func removeLiquidity(_ reference: ReferenceEngine) -> Command {
        let market = random.pick(Self.poolMarkets)
        let pool = reference.pool(market: market)!
        let holders = pool.positions.filter { $0.shares > 0 }
        guard !holders.isEmpty, random.chance(95) else {
            return .removeLiquidity(
                RemoveLiquidity(account: tradingAccount(), market: market, shares: random.int64(1...5_000)))
        }
        let holder = random.pick(holders)
        // All of a small position now and then; at most a tenth of a large one, so the pool keeps its depth.
        let isSmall = holder.shares * 10 <= pool.totalShares
        let shares = isSmall && random.chance(10) ? holder.shares : random.int64(1...max(1, holder.shares / 10))
        var remove = RemoveLiquidity(account: holder.account, market: market, shares: shares)
        if random.chance(20) {
            let payout = pool.withdrawal(account: holder.account, shares: shares)
            if random.chance(50) {
                remove.minBase = payout.base + payout.feeBase + random.int64(0...1)
            } else {
                remove.minQuote = payout.quote + payout.feeQuote + random.int64(0...1)
            }
        }
        return .removeLiquidity(remove)
    }

    // MARK: - Invalid commands

    /// A command that breaks one rule (or, for balance and self-trade cases, very likely does).
    private mutating func invalidCommand(_ reference: ReferenceEngine) -> Command {
        let unknownAccount = UInt32(random.int(10...12))
        switch random.int(0...35) {
        case 0: return .deposit(Transfer(account: unknownAccount, asset: 0, amount: 1))
        case 1: return .deposit(Transfer(account: tradingAccount(), asset: random.pick([3, -1]), amount: 1))
        case 2: return .deposit(Transfer(account: tradingAccount(), asset: 1, amount: -random.int64(0...5)))
        case 3:
            let amount = random.chance(50) ? Int64.max - random.int64(0...9) : (1 << 62) + random.int64(0...9)
            return .deposit(Transfer(account: tradingAccount(), asset: random.int(Self.bookAssets), amount: amount))
        case 4: return .withdraw(Transfer(account: unknownAccount, asset: 0, amount: 1))
        case 5: return .withdraw(Transfer(account: tradingAccount(), asset: 3, amount: 1))
        case 6: return .withdraw(Transfer(account: tradingAccount(), asset: 0, amount: -random.int64(0...5)))
        case 7: return marketOrder(market: Self.quietMarket)
        case 8: return .massCancel(MassCancel(account: unknownAccount))
        case 9: return .massCancel(MassCancel(account: tradingAccount(), market: random.pick([Self.unknownMarket, -1])))
        case 10: return .cancel(CancelOrder(account: unknownAccount, order: .orderId(1)))
        case 11: return .replace(ReplaceOrder(account: unknownAccount, order: .clientOrderId(1), quantity: 0))
        case 12: return .replace(ReplaceOrder(account: tradingAccount(), order: .orderId(0), price: 1))
        case 13: return postOnlyReplaceThatCrosses(reference)
        case 14...18: return invalidReplace(reference)
        case 19: return duplicateClientOrderId(reference)
        case 20: return depositToTheCeiling(reference)
        case 21...25: return invalidAddLiquidity(reference, unknownAccount: unknownAccount)
        case 26...28: return invalidRemoveLiquidity(reference, unknownAccount: unknownAccount)
        default: return invalidNewOrder(unknownAccount: unknownAccount)
        }
    }

    private mutating func invalidNewOrder(unknownAccount: UInt32) -> Command {
        let market = random.pick(Self.tradingMarkets)
        let configuration = Self.configuration.markets[market]
        let side = random.pick(Side.allCases)
        var order = NewOrder(
            account: tradingAccount(), market: market, clientOrderId: UInt64(random.int(1...300)), side: side,
            price: ticks(market: market, side: side) * configuration.tickSize,
            quantity: lots(market: market) * configuration.lotSize)
        switch random.int(0...13) {
        case 0: order.account = unknownAccount
        case 1: order.market = random.pick([Self.unknownMarket, 7, -1])
        case 2: (order.type, order.timeInForce, order.postOnly) = (.market, .ioc, true)
        case 3: (order.type, order.timeInForce) = (.market, .gtc)
        case 4: (order.timeInForce, order.postOnly) = (random.chance(50) ? .ioc : .fok, true)
        case 5: order.price = -random.int64(0...3) * configuration.tickSize
        case 6: order.price += random.int64(1...(configuration.tickSize - 1))
        case 7: order.price = configuration.maxPrice + configuration.tickSize * random.int64(1...3)
        case 8: order.quantity = -random.int64(0...2) * configuration.lotSize
        case 9: order.quantity += random.int64(1...(configuration.lotSize - 1))
        case 10: order.quantity = configuration.minQuantity - configuration.lotSize
        case 11: order.quantity = configuration.maxQuantity + configuration.lotSize
        case 12:
            // The poor account with a large order: insufficient balance, unless it happens to be rich enough.
            order.account = Self.poorAccount
            order.quantity = configuration.maxQuantity
        default:
            // Several problems at once: the first in check order must be reported.
            order.price += 1
            order.quantity = -configuration.lotSize
            order.postOnly = random.chance(50)
        }
        return .newOrder(order)
    }

    private mutating func invalidReplace(_ reference: ReferenceEngine) -> Command {
        let live = reference.liveOrders
        guard !live.isEmpty else { return limitOrder() }
        let order = random.pick(live)
        let configuration = Self.configuration.markets[order.market]
        var replace = ReplaceOrder(account: order.account, order: self.reference(to: order))
        switch random.int(0...8) {
        case 0: replace.price = -random.int64(0...2) * configuration.tickSize
        case 1: replace.price = order.ticks * configuration.tickSize + random.int64(1...(configuration.tickSize - 1))
        case 2: replace.price = configuration.maxPrice + configuration.tickSize
        case 3: replace.quantity = -random.int64(1...3) * configuration.lotSize
        case 4:
            // Off the lot; the tie market's one-unit lot has no such quantity, so a negative one there.
            let lotSize = configuration.lotSize
            replace.quantity = lotSize > 1 ? order.lots * lotSize + random.int64(1...(lotSize - 1)) : -1
        case 5: replace.quantity = configuration.minQuantity - configuration.lotSize
        case 6: replace.quantity = configuration.maxQuantity + configuration.lotSize
        case 7:
            // Another account's order: unknown to this one.
            replace.account = order.account == 1 ? 2 : 1
            replace.quantity = order.lots * configuration.lotSize
        default:
            // A bad price together with a zero quantity: the price check comes first.
            replace.price = order.ticks * configuration.tickSize + 1
            replace.quantity = 0
        }
        return .replace(replace)
    }

    private mutating func postOnlyReplaceThatCrosses(_ reference: ReferenceEngine) -> Command {
        guard let order = reference.liveOrders.filter(\.postOnly).last,
            let best = reference.bookLevels(market: order.market, side: order.side.opposite, limit: 1).first
        else { return limitOrder() }
        let tickSize = Self.configuration.markets[order.market].tickSize
        let price = best.price + (order.side == .buy ? 1 : -1) * random.int64(0...2) * tickSize
        return .replace(ReplaceOrder(account: order.account, order: .orderId(order.orderId), price: price))
    }

    private mutating func duplicateClientOrderId(_ reference: ReferenceEngine) -> Command {
        let live = reference.liveOrders
        guard !live.isEmpty else { return limitOrder() }
        let order = random.pick(live)
        let configuration = Self.configuration.markets[order.market]
        return .newOrder(
            NewOrder(
                account: order.account, market: order.market, clientOrderId: order.clientOrderId,
                side: order.side, price: order.ticks * configuration.tickSize,
                quantity: configuration.minQuantity))
    }

    /// A deposit that takes a book asset's total to exactly 2^62 (accepted), then one unit more (rejected), then
    /// the withdrawal of it, so the run goes on with ordinary totals.
    private mutating func depositToTheCeiling(_ reference: ReferenceEngine) -> Command {
        let asset = random.int(Self.bookAssets)
        let account = tradingAccount()
        let amount = (1 << 62) - reference.netDeposits[asset]
        pending = [
            .withdraw(Transfer(account: account, asset: asset, amount: amount)),
            .deposit(Transfer(account: account, asset: asset, amount: 1)),
        ]
        return .deposit(Transfer(account: account, asset: asset, amount: amount))
    }

    private mutating func invalidAddLiquidity(_ reference: ReferenceEngine, unknownAccount: UInt32) -> Command {
        let market = random.pick(Self.poolMarkets)
        let lotSize = Self.configuration.markets[market].lotSize
        var add = AddLiquidity(
            account: tradingAccount(), market: market, maxBase: random.int64(1...20) * lotSize,
            maxQuote: random.int64(1...400_000))
        switch random.int(0...9) {
        case 0: add.account = unknownAccount
        case 1: add.market = random.pick([Self.unknownMarket, -1])
        case 2: add.market = random.pick([0, 1, 2, Self.quietMarket])
        case 3: add.maxBase = -random.int64(0...2) * lotSize
        case 4: add.maxQuote = -random.int64(0...5)
        case 5: add.minShares = -random.int64(1...3)
        case 6: add.maxBase += random.int64(1...(lotSize - 1))
        case 7:
            // One quote minor unit buys no share (and a first deposit this small mints fewer than 1,000).
            add.maxQuote = 1
        case 8:
            // Past the 2^62 reserve ceiling, before the balance check.
            add.maxBase = (1 << 62) / lotSize * lotSize
            add.maxQuote = .max - random.int64(0...9)
        default:
            // The poor account with a large add to the pool that never starts empty: insufficient balance,
            // unless it happens to be rich enough.
            add.account = Self.poorAccount
            add.market = Self.poolMarkets[0]
            add.maxBase = 400 * Self.configuration.markets[add.market].lotSize
            add.maxQuote = random.int64(100_000...20_000_000)
        }
        return .addLiquidity(add)
    }

    private mutating func invalidRemoveLiquidity(_ reference: ReferenceEngine, unknownAccount: UInt32) -> Command {
        let market = random.pick(Self.poolMarkets)
        var remove = RemoveLiquidity(account: tradingAccount(), market: market, shares: random.int64(1...1_000))
        switch random.int(0...6) {
        case 0: remove.account = unknownAccount
        case 1: remove.market = random.pick([Self.unknownMarket, -1])
        case 2: remove.market = random.pick([0, 1, 2, Self.quietMarket])
        case 3: remove.shares = -random.int64(0...2)
        case 4:
            if random.chance(50) { remove.minBase = -1 } else { remove.minQuote = -random.int64(1...5) }
        case 5:
            // More than the account holds (in the empty pool: empty_pool comes first).
            remove.shares = reference.pool(market: market)!.shares(of: remove.account) + random.int64(1...10)
        default:
            // Two problems: no_pool comes before invalid_amount.
            remove.market = random.pick([0, Self.quietMarket])
            remove.shares = 0
        }
        return .removeLiquidity(remove)
    }
}
