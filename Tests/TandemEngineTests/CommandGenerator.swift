@testable import TandemEngine

/// Draws a replayable stream of commands for the differential test: every command kind and option, prices in a
/// narrow band so orders cross often, and a share of deliberately invalid commands.
///
/// It reads the reference engine's state (live orders, balances) only to aim cancels and replaces at real
/// orders and to size withdrawals; the stream stays a pure function of the seed.
struct CommandGenerator {
    /// Three trading markets with different grids and fees, and a quiet one that never trades.
    ///
    /// BTC/USD has a maker rebate; ETH/BTC a maker fee above its taker fee and no reference price, so market
    /// orders there are rejected until its first trade. Their price bands (6 and 5 ticks) are narrower than the
    /// spread of resting prices, so market orders stop at the band edge; ETH/USD's band is wide. BTC/ETH only
    /// ever sees market orders, which it rejects for want of a reference price.
    static let configuration = EngineConfiguration(
        assets: [
            AssetConfiguration(symbol: "BTC", decimals: 8), AssetConfiguration(symbol: "USD", decimals: 2),
            AssetConfiguration(symbol: "ETH", decimals: 6),
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
        ],
        accounts: [
            AccountConfiguration(id: 0), AccountConfiguration(id: 1, selfTradePrevention: .cancelTaker),
            AccountConfiguration(id: 2, selfTradePrevention: .cancelMaker),
            AccountConfiguration(id: 3, selfTradePrevention: .cancelBoth),
            AccountConfiguration(id: 4, selfTradePrevention: .decrementBoth),
            AccountConfiguration(id: 5, selfTradePrevention: .cancelMaker),
        ],
        feeAccount: 0, maxAccounts: 10, defaultSelfTradePrevention: .decrementBoth)

    private static let tradingMarkets = 0...2
    private static let quietMarket = 3
    /// The middle of each trading market's price band, in ticks.
    private static let centerTicks: [Int64] = [30_000, 40_000, 5_000]
    /// Accounts 6 and 7 open by deposit (with the engine's default self-trade prevention) during funding.
    private static let tradingAccounts: [UInt32] = [1, 2, 3, 4, 5, 6, 7]
    /// Account 5 gets small deposits only, so it keeps running out of balance.
    private static let poorAccount: UInt32 = 5
    /// A typical deposit per asset: enough for tens of orders.
    private static let depositScale: [Int64] = [20_000_000, 5_000_000, 30_000_000]

    private var random: SplitMix64
    private var fundingSteps: [Command]

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        fundingSteps = Self.tradingAccounts.flatMap { account in
            Self.configuration.assets.indices.map { asset in
                .deposit(Transfer(account: account, asset: asset, amount: Self.depositScale[asset] * 4))
            }
        }
        fundingSteps.reverse()
    }

    /// The next command: first the funding deposits, then a random mix.
    mutating func next(reference: ReferenceEngine) -> Command {
        if let funding = fundingSteps.popLast() { return funding }
        let roll = random.int(0...999)
        switch roll {
        case 0..<420: return limitOrder()
        case 420..<470: return marketOrder(market: random.int(Self.tradingMarkets))
        case 470..<560: return cancel(reference)
        case 560..<760: return replace(reference)
        case 760..<770: return massCancel()
        case 770..<860: return deposit()
        case 860..<900: return withdraw(reference)
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
        let market = random.int(Self.tradingMarkets)
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
        let market: Int? = random.chance(40) ? nil : random.int(0...Self.quietMarket)
        let side: Side? = random.chance(50) ? nil : random.pick(Side.allCases)
        return .massCancel(MassCancel(account: tradingAccount(), market: market, side: side))
    }

    private mutating func deposit() -> Command {
        // Accounts 8 and 9 open late in the run, rarely; until then they are unknown to every other command.
        let account = random.chance(1) && random.chance(5) ? UInt32(random.int(8...9)) : tradingAccount()
        let asset = random.int(0...2)
        let scale = account == Self.poorAccount ? Self.depositScale[asset] / 20 : Self.depositScale[asset]
        return .deposit(Transfer(account: account, asset: asset, amount: random.int64(1...scale)))
    }

    private mutating func withdraw(_ reference: ReferenceEngine) -> Command {
        let account = tradingAccount()
        let asset = random.int(0...2)
        let available = reference.balance(account: account, asset: asset)?.available ?? 0
        let amount = available > 0 && random.chance(90) ? random.int64(1...available) : available + random.int64(1...9)
        return .withdraw(Transfer(account: account, asset: asset, amount: amount))
    }

    // MARK: - Invalid commands

    /// A command that breaks one rule (or, for balance and self-trade cases, very likely does).
    private mutating func invalidCommand(_ reference: ReferenceEngine) -> Command {
        let unknownAccount = UInt32(random.int(10...12))
        switch random.int(0...27) {
        case 0: return .deposit(Transfer(account: unknownAccount, asset: 0, amount: 1))
        case 1: return .deposit(Transfer(account: tradingAccount(), asset: random.pick([3, -1]), amount: 1))
        case 2: return .deposit(Transfer(account: tradingAccount(), asset: 1, amount: -random.int64(0...5)))
        case 3:
            let amount = random.chance(50) ? Int64.max - random.int64(0...9) : (1 << 62) + random.int64(0...9)
            return .deposit(Transfer(account: tradingAccount(), asset: random.int(0...2), amount: amount))
        case 4: return .withdraw(Transfer(account: unknownAccount, asset: 0, amount: 1))
        case 5: return .withdraw(Transfer(account: tradingAccount(), asset: 3, amount: 1))
        case 6: return .withdraw(Transfer(account: tradingAccount(), asset: 0, amount: -random.int64(0...5)))
        case 7: return marketOrder(market: Self.quietMarket)
        case 8: return .massCancel(MassCancel(account: unknownAccount))
        case 9: return .massCancel(MassCancel(account: tradingAccount(), market: random.pick([4, -1])))
        case 10: return .cancel(CancelOrder(account: unknownAccount, order: .orderId(1)))
        case 11: return .replace(ReplaceOrder(account: unknownAccount, order: .clientOrderId(1), quantity: 0))
        case 12: return .replace(ReplaceOrder(account: tradingAccount(), order: .orderId(0), price: 1))
        case 13: return postOnlyReplaceThatCrosses(reference)
        case 14...18: return invalidReplace(reference)
        case 19: return duplicateClientOrderId(reference)
        default: return invalidNewOrder(unknownAccount: unknownAccount)
        }
    }

    private mutating func invalidNewOrder(unknownAccount: UInt32) -> Command {
        let market = random.int(Self.tradingMarkets)
        let configuration = Self.configuration.markets[market]
        let side = random.pick(Side.allCases)
        var order = NewOrder(
            account: tradingAccount(), market: market, clientOrderId: UInt64(random.int(1...300)), side: side,
            price: ticks(market: market, side: side) * configuration.tickSize,
            quantity: lots(market: market) * configuration.lotSize)
        switch random.int(0...13) {
        case 0: order.account = unknownAccount
        case 1: order.market = random.pick([4, 7, -1])
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
        case 4: replace.quantity = order.lots * configuration.lotSize + random.int64(1...(configuration.lotSize - 1))
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
}
