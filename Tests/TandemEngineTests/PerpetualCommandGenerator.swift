@testable import TandemEngine

/// Draws a replayable stream of commands for the perpetual differential test: two perpetual markets (one with an
/// AMM vault, one without and without a reference price), a small spot market sharing the collateral asset,
/// index moves (mostly small, sometimes large enough for margin calls, liquidations, insurance payouts and
/// auto-deleveraging), reduce-only orders, margin adjustments, vault liquidity, an insurance fund that is
/// sometimes emptied, and a share of invalid commands.
///
/// Order prices follow the market's index (or its configured centre before the first index), so that traders
/// arbitrage the pool and the book towards the index and the mark follows it.
struct PerpetualCommandGenerator {
    static let collateral = 1
    static let fund: UInt32 = 9
    static let vault: UInt32 = 8
    static let poolOwner: UInt32 = 6

    /// PBT-PERP (market 0): tick 1, lot one whole unit (1,000 minor), tick value 1, price ~1,000; a vault over
    /// 200 virtual lots (one lot moves it ~1 %), margins 10 / 7.5 / 5 %, a 2 % liquidation spread, a maker fee.
    /// PET-PERP (market 1): tick 10, lot 50 minor units (2 decimals), tick value 5, price ~20,000; no pool and
    /// no reference price (no mark until the first index), margins 5 / 3 / 2 %, a 1 % spread, a maker rebate.
    /// SPT/USDP (market 2): spot, tick 1, lot 1, on the collateral asset.
    static let configuration = EngineConfiguration(
        assets: [
            AssetConfiguration(symbol: "PBT", decimals: 3), AssetConfiguration(symbol: "USDP", decimals: 0),
            AssetConfiguration(symbol: "PET", decimals: 2), AssetConfiguration(symbol: "SPT", decimals: 0),
        ],
        markets: [
            MarketConfiguration(
                symbol: "PBT-PERP", baseAsset: 0, quoteAsset: 1, tickSize: 1, lotSize: 1_000, minQuantity: 1_000,
                maxQuantity: 20_000, maxPrice: 10_000, priceBandPPM: 20_000, referencePrice: 1_000, makerFeePPM: 100,
                takerFeePPM: 300,
                pool: PoolConfiguration(feePPM: 3_000, initialBase: 200_000, initialQuote: 200_000, owner: poolOwner),
                perpetual: PerpetualConfiguration(
                    initialMarginPPM: 100_000, maintenanceMarginPPM: 50_000, marginCallPPM: 75_000,
                    liquidationSpreadPPM: 20_000, vaultAccount: vault)),
            MarketConfiguration(
                symbol: "PET-PERP", baseAsset: 2, quoteAsset: 1, tickSize: 10, lotSize: 50, minQuantity: 50,
                maxQuantity: 1_000, maxPrice: 100_000, priceBandPPM: 10_000, referencePrice: 0, makerFeePPM: -100,
                takerFeePPM: 400,
                perpetual: PerpetualConfiguration(
                    initialMarginPPM: 50_000, maintenanceMarginPPM: 20_000, marginCallPPM: 30_000,
                    liquidationSpreadPPM: 10_000)),
            MarketConfiguration(
                symbol: "SPT/USDP", baseAsset: 3, quoteAsset: 1, tickSize: 1, lotSize: 1, minQuantity: 1,
                maxQuantity: 10, maxPrice: 1_000, priceBandPPM: 50_000, referencePrice: 100, makerFeePPM: 0,
                takerFeePPM: 1_000),
        ],
        accounts: [
            AccountConfiguration(id: 0), AccountConfiguration(id: 1, selfTradePrevention: .cancelTaker),
            AccountConfiguration(id: 2, selfTradePrevention: .cancelMaker),
            AccountConfiguration(id: 3, selfTradePrevention: .cancelBoth),
            AccountConfiguration(id: 4, selfTradePrevention: .decrementBoth),
            AccountConfiguration(id: 5), AccountConfiguration(id: vault), AccountConfiguration(id: fund),
        ],
        feeAccount: 0, maxAccounts: 12, defaultSelfTradePrevention: .decrementBoth, insuranceFundAccount: fund)

    static let perpetualMarkets = [0, 1]
    static let spotMarket = 2
    static let tradingAccounts: [UInt32] = [1, 2, 3, 4, 5, 6, 7]
    static let poorAccount: UInt32 = 5
    /// Each market's price centre (ticks) before its first index.
    static let centerTicks: [Int64] = [1_000, 2_000, 100]
    /// Price steps (ticks) of the order spread around the centre.
    static let spreadStep: [Int64] = [3, 2, 1]

    private var random: SplitMix64
    private var pending: [Command]

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        var funding: [Command] = []
        for account in Self.tradingAccounts {
            let amount: Int64 = account == Self.poorAccount ? 8_000 : 400_000
            funding.append(.deposit(Transfer(account: account, asset: Self.collateral, amount: amount)))
            funding.append(.deposit(Transfer(account: account, asset: 3, amount: 1_000)))
        }
        funding.append(.deposit(Transfer(account: Self.fund, asset: Self.collateral, amount: 20_000)))
        pending = funding.reversed()
    }

    mutating func next(reference: ReferenceEngine) -> Command {
        if let command = pending.popLast() { return command }
        let roll = random.int(0...999)
        switch roll {
        case 0..<380: return limitOrder(reference)
        case 380..<430: return marketOrder(reference)
        case 430..<480: return reduceOnlyOrder(reference)
        case 480..<560: return cancel(reference)
        case 560..<690: return replace(reference)
        case 690..<700: return massCancel()
        case 700..<750: return deposit()
        case 750..<780: return withdraw(reference)
        case 780..<860: return indexMove(reference)
        case 860..<900: return adjustMargin(reference)
        case 900..<940: return vaultLiquidity(reference)
        default: return invalidCommand(reference)
        }
    }

    // MARK: - Orders

    private mutating func account() -> UInt32 { random.pick(Self.tradingAccounts) }

    private mutating func market() -> Int { random.chance(10) ? Self.spotMarket : random.pick(Self.perpetualMarkets) }

    private func center(_ reference: ReferenceEngine, market: Int) -> Int64 {
        guard market != Self.spotMarket else { return Self.centerTicks[market] }
        let index = reference.perp.indexTicks[market]
        return index > 0 ? index : Self.centerTicks[market]
    }

    private mutating func ticks(_ reference: ReferenceEngine, market: Int, side: Side) -> Int64 {
        let step = Self.spreadStep[market]
        let offset = side == .buy ? random.int64(-10...3) : random.int64(-3...10)
        let maxTicks = Self.configuration.markets[market].maxPrice / Self.configuration.markets[market].tickSize
        return min(max(center(reference, market: market) + offset * step, 1), maxTicks)
    }

    private mutating func lots(market: Int) -> Int64 {
        let rules = Self.configuration.markets[market]
        let maxLots = rules.maxQuantity / rules.lotSize
        return random.chance(15) ? random.int64(1...maxLots) : random.int64(1...4)
    }

    private mutating func limitOrder(_ reference: ReferenceEngine) -> Command {
        let market = market()
        let rules = Self.configuration.markets[market]
        let side = random.pick(Side.allCases)
        let timeInForce: TimeInForce = random.chance(70) ? .gtc : random.chance(50) ? .ioc : .fok
        return .newOrder(
            NewOrder(
                account: account(), market: market, clientOrderId: UInt64(random.int(1...200)), side: side,
                timeInForce: timeInForce, postOnly: timeInForce == .gtc && random.chance(15),
                price: ticks(reference, market: market, side: side) * rules.tickSize,
                quantity: lots(market: market) * rules.lotSize,
                selfTradePrevention: random.chance(70) ? nil : random.pick(SelfTradePrevention.allCases)))
    }

    private mutating func marketOrder(_ reference: ReferenceEngine) -> Command {
        let market = market()
        let rules = Self.configuration.markets[market]
        return .newOrder(
            NewOrder(
                account: account(), market: market, clientOrderId: UInt64(random.int(1...200)),
                side: random.pick(Side.allCases), type: .market, timeInForce: random.chance(70) ? .ioc : .fok,
                price: 0, quantity: lots(market: market) * rules.lotSize, reduceOnly: random.chance(20)))
    }

    /// Mostly against an existing position, at most its size (sometimes more, or on the wrong side).
    private mutating func reduceOnlyOrder(_ reference: ReferenceEngine) -> Command {
        let market = random.pick(Self.perpetualMarkets)
        let rules = Self.configuration.markets[market]
        let open = reference.positions(market: market).filter {
            $0.position.size != 0 && $0.account != Self.vault
        }
        var account = account()
        var side = random.pick(Side.allCases)
        var lots = lots(market: market)
        if let held = open.isEmpty || random.chance(10) ? nil : random.pick(open) {
            account = held.account
            side = held.position.size > 0 ? .sell : .buy
            let size = abs(held.position.size)
            lots = random.chance(15) ? size + 1 : random.int64(1...size)
            lots = min(lots, rules.maxQuantity / rules.lotSize)
            if random.chance(5) { side = side.opposite }
        }
        let aggressive = random.chance(70)
        var price = ticks(reference, market: market, side: side)
        if aggressive { price += (side == .buy ? 15 : -15) * Self.spreadStep[market] }
        let maxTicks = rules.maxPrice / rules.tickSize
        price = min(max(price, 1), maxTicks)
        return .newOrder(
            NewOrder(
                account: account, market: market, clientOrderId: UInt64(random.int(1...200)), side: side,
                timeInForce: random.chance(80) ? .ioc : .fok, price: price * rules.tickSize,
                quantity: lots * rules.lotSize, reduceOnly: true))
    }

    private mutating func orderReference(_ order: ReferenceEngine.Order) -> OrderReference {
        random.chance(50) ? .orderId(order.orderId) : .clientOrderId(order.clientOrderId)
    }

    private mutating func cancel(_ reference: ReferenceEngine) -> Command {
        let live = reference.liveOrders
        guard !live.isEmpty, random.chance(95) else {
            return .cancel(CancelOrder(account: account(), order: .orderId(random.next() % 10_000)))
        }
        let order = random.pick(live)
        return .cancel(CancelOrder(account: order.account, order: orderReference(order)))
    }

    private mutating func replace(_ reference: ReferenceEngine) -> Command {
        let live = reference.liveOrders
        guard !live.isEmpty else { return limitOrder(reference) }
        let order = random.pick(live)
        let rules = Self.configuration.markets[order.market]
        var price: Int64?
        var quantity: Int64?
        let newLots = { (random: inout SplitMix64) -> Int64 in
            switch random.int(0...9) {
            case 0: return 0
            case 1...4: return max(1, order.lots - random.int64(1...2))
            default: return min(order.lots + random.int64(1...6), rules.maxQuantity / rules.lotSize)
            }
        }
        switch random.int(0...9) {
        case 0...3: price = ticks(reference, market: order.market, side: order.side) * rules.tickSize
        case 4...6: quantity = newLots(&random) * rules.lotSize
        case 7...8:
            price = ticks(reference, market: order.market, side: order.side) * rules.tickSize
            quantity = newLots(&random) * rules.lotSize
        default: price = order.ticks * rules.tickSize
        }
        return .replace(
            ReplaceOrder(account: order.account, order: orderReference(order), price: price, quantity: quantity))
    }

    private mutating func massCancel() -> Command {
        .massCancel(
            MassCancel(
                account: account(), market: random.chance(30) ? nil : random.int(0...2),
                side: random.chance(50) ? nil : random.pick(Side.allCases)))
    }

    // MARK: - Money

    private mutating func deposit() -> Command {
        let account = random.chance(10) ? Self.fund : account()
        let amount = account == Self.poorAccount ? random.int64(1...2_000) : random.int64(1_000...100_000)
        return .deposit(Transfer(account: account, asset: random.chance(90) ? Self.collateral : 3, amount: amount))
    }

    /// Sometimes the insurance fund's whole balance, so that liquidations find it empty.
    private mutating func withdraw(_ reference: ReferenceEngine) -> Command {
        if random.chance(15), let fund = reference.balance(account: Self.fund, asset: Self.collateral),
            fund.available > 0
        {
            return .withdraw(Transfer(account: Self.fund, asset: Self.collateral, amount: fund.available))
        }
        let account = account()
        let available = reference.balance(account: account, asset: Self.collateral)?.available ?? 0
        let amount = available > 0 && random.chance(80) ? random.int64(1...max(1, available / 3)) : available + 1
        return .withdraw(Transfer(account: account, asset: Self.collateral, amount: max(amount, 1)))
    }

    /// Small steps mostly; now and then a jump of 10 to 45 % either way.
    private mutating func indexMove(_ reference: ReferenceEngine) -> Command {
        let market = random.pick(Self.perpetualMarkets)
        let rules = Self.configuration.markets[market]
        let maxTicks = rules.maxPrice / rules.tickSize
        let current = center(reference, market: market)
        var next: Int64
        if random.chance(15) {
            let jump = current * random.int64(100...450) / 1_000
            next = random.chance(50) ? current + jump : current - jump
        } else {
            next = current + random.int64(-15...15) * Self.spreadStep[market]
        }
        // Keep the index near its centre over a long run, so that prices do not drift off the grid.
        let centre = Self.centerTicks[market]
        next = min(max(next, centre / 3), centre * 3, maxTicks)
        return .indexPrice(IndexPrice(market: market, price: max(next, 1) * rules.tickSize))
    }

    private mutating func adjustMargin(_ reference: ReferenceEngine) -> Command {
        let market = random.pick(Self.perpetualMarkets)
        let open = reference.positions(market: market).filter { $0.account != Self.vault }
        let account = open.isEmpty || random.chance(20) ? account() : random.pick(open).account
        let collateral = reference.position(account: account, market: market).collateral
        let amount: Int64
        if random.chance(50) {
            amount = random.int64(1...20_000)
        } else {
            amount = -(collateral > 0 && random.chance(85) ? random.int64(1...collateral) : random.int64(1...5_000))
        }
        return .adjustMargin(AdjustMargin(account: account, market: market, amount: amount))
    }

    private mutating func vaultLiquidity(_ reference: ReferenceEngine) -> Command {
        let holders = reference.perp.vaultShares[0].filter { $0.value > 0 }.keys.sorted()
        // A deposit scales the curve by (E + d) / E: at most doubling it, and only while the curve is within ten
        // times its initial size, so that it stays inside ReferencePool's bounds.
        let vault = reference.position(account: Self.vault, market: 0)
        let equity = Int64(clamping: reference.equity(vault, market: 0, mark: reference.markTicks(market: 0)))
        let curveIsSmall = reference.pool(market: 0)!.base < 2_000_000
        if (random.chance(55) || holders.isEmpty) && curveIsSmall {
            return .addLiquidity(
                AddLiquidity(
                    account: account(), market: 0, maxBase: 0, maxQuote: random.int64(1...max(1, min(60_000, equity))),
                    minShares: random.chance(10) ? random.int64(0...100_000) : 0))
        }
        guard !holders.isEmpty else { return limitOrder(reference) }
        let holder = random.pick(holders)
        let held = reference.vaultShares(account: holder, market: 0)
        let shares = random.chance(10) ? held : random.int64(1...max(1, held / 4))
        return .removeLiquidity(
            RemoveLiquidity(
                account: holder, market: 0, shares: shares, minQuote: random.chance(10) ? random.int64(0...50_000) : 0))
    }

    // MARK: - Invalid commands

    private mutating func invalidCommand(_ reference: ReferenceEngine) -> Command {
        let market = random.pick(Self.perpetualMarkets)
        let rules = Self.configuration.markets[market]
        var order = NewOrder(
            account: account(), market: market, clientOrderId: UInt64(random.int(1...200)), side: .buy,
            timeInForce: .ioc, price: ticks(reference, market: market, side: .buy) * rules.tickSize,
            quantity: rules.minQuantity)
        switch random.int(0...15) {
        case 0: return .indexPrice(IndexPrice(market: random.pick([3, -1]), price: 100))
        case 1: return .indexPrice(IndexPrice(market: Self.spotMarket, price: 100))
        case 2: return .indexPrice(IndexPrice(market: market, price: -random.int64(0...1) * rules.tickSize))
        case 3: return .indexPrice(IndexPrice(market: 1, price: 2_005))
        case 4: return .indexPrice(IndexPrice(market: market, price: rules.maxPrice + rules.tickSize))
        case 5: return .adjustMargin(AdjustMargin(account: 11, market: market, amount: 1))
        case 6:
            return .adjustMargin(
                AdjustMargin(account: account(), market: random.pick([3, Self.spotMarket]), amount: 1))
        case 7: return .adjustMargin(AdjustMargin(account: account(), market: market, amount: 0))
        case 8: return .adjustMargin(AdjustMargin(account: Self.poorAccount, market: market, amount: 1_000_000))
        case 9:
            // Reduce-only on a spot market, or resting (GTC).
            if random.chance(50) { order.market = Self.spotMarket } else { order.timeInForce = .gtc }
            order.reduceOnly = true
            return .newOrder(order)
        case 10:
            // The poor account with the largest order: insufficient margin unless it happens to reduce risk.
            order.account = Self.poorAccount
            order.quantity = rules.maxQuantity
            order.timeInForce = random.chance(50) ? .gtc : .ioc
            return .newOrder(order)
        case 11: return .addLiquidity(AddLiquidity(account: account(), market: 0, maxBase: 1_000, maxQuote: 1_000))
        case 12:
            return .addLiquidity(
                AddLiquidity(account: account(), market: random.pick([1, 2]), maxBase: 0, maxQuote: 100))
        case 13: return .removeLiquidity(RemoveLiquidity(account: Self.poolOwner, market: 0, shares: 10, minBase: 1))
        case 14:
            let held = reference.vaultShares(account: Self.poolOwner, market: 0)
            return .removeLiquidity(RemoveLiquidity(account: Self.poolOwner, market: 0, shares: held + 1))
        default:
            order.price += rules.tickSize > 1 ? 1 : 0
            order.quantity = -rules.lotSize
            return .newOrder(order)
        }
    }
}
