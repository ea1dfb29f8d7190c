@testable import TandemEngine

/// A perpetual position of the reference engine, in lots and quote minor units.
struct ReferencePosition: Equatable {
    var size: Int64 = 0
    var cost: Int64 = 0
    var collateral: Int64 = 0
    /// Margin-called since its size, cost or collateral last changed.
    var called = false

    /// Size, cost and collateral: what a `position_update` reports a change of.
    func sameValues(as other: ReferencePosition) -> Bool {
        size == other.size && cost == other.cost && collateral == other.collateral
    }
}

struct PositionKey: Hashable, Comparable {
    var account: UInt32
    var market: Int

    static func < (a: PositionKey, b: PositionKey) -> Bool {
        (a.account, a.market) < (b.account, b.market)
    }
}

/// Everything perpetual the reference engine holds: plain dictionaries, scanned and sorted when read.
struct ReferencePerpetualState: Equatable {
    var positions: [PositionKey: ReferencePosition] = [:]
    /// Per market, in ticks (0: no index yet / no mark).
    var indexTicks: [Int64]
    var markTicks: [Int64]
    /// Per market, the vault shares by account, and the total (the 1,000 locked ones included).
    var vaultShares: [[UInt32: Int64]]
    var totalVaultShares: [Int64]

    init(markets: Int) {
        indexTicks = Array(repeating: 0, count: markets)
        markTicks = Array(repeating: 0, count: markets)
        vaultShares = Array(repeating: [:], count: markets)
        totalVaultShares = Array(repeating: 0, count: markets)
    }
}

extension ReferenceEngine {
    static let lockedVaultShares: Int64 = 1_000

    // MARK: - Queries

    func isPerpetual(_ market: Int) -> Bool {
        configuration.markets.indices.contains(market) && configuration.markets[market].perpetual != nil
    }

    func position(account: UInt32, market: Int) -> ReferencePosition {
        perp.positions[PositionKey(account: account, market: market)] ?? ReferencePosition()
    }

    func markTicks(market: Int) -> Int64 { perp.markTicks[market] }

    func markPrice(market: Int) -> Int64 { perp.markTicks[market] * configuration.markets[market].tickSize }

    func vaultShares(account: UInt32, market: Int) -> Int64 { perp.vaultShares[market][account] ?? 0 }

    func totalVaultShares(market: Int) -> Int64 { perp.totalVaultShares[market] }

    /// Every position of a market with a size or collateral, by ascending account.
    func positions(market: Int) -> [(account: UInt32, position: ReferencePosition)] {
        perp.positions.filter { $0.key.market == market && ($0.value.size != 0 || $0.value.collateral != 0) }
            .sorted { $0.key < $1.key }.map { ($0.key.account, $0.value) }
    }

    /// Lots of the account's resting orders in the market, by scanning the book.
    func restingLots(account: UInt32, market: Int) -> (bids: Int64, asks: Int64) {
        let bids = books[market][0].filter { $0.account == account }.reduce(0) { $0 + $1.lots }
        let asks = books[market][1].filter { $0.account == account }.reduce(0) { $0 + $1.lots }
        return (bids, asks)
    }

    // MARK: - Margin arithmetic (Int128, at a given mark)

    func tv(_ market: Int) -> Int128 { Int128(tickValue(configuration.markets[market])) }

    func maxTicks(_ market: Int) -> Int64 {
        configuration.markets[market].maxPrice / configuration.markets[market].tickSize
    }

    func unrealised(_ p: ReferencePosition, market: Int, mark: Int64) -> Int128 {
        Int128(p.size) * Int128(mark) * tv(market) - Int128(p.cost)
    }

    func equity(_ p: ReferencePosition, market: Int, mark: Int64) -> Int128 {
        Int128(p.collateral) + unrealised(p, market: market, mark: mark)
    }

    private func requirement(lots: Int64, market: Int, mark: Int64, ppm: Int64) -> Int128 {
        Self.ceilDiv(Int128(lots) * Int128(mark) * tv(market) * Int128(ppm), Self.million)
    }

    func maintenance(_ p: ReferencePosition, market: Int, mark: Int64) -> Int128 {
        requirement(
            lots: abs(p.size), market: market, mark: mark,
            ppm: configuration.markets[market].perpetual!.maintenanceMarginPPM)
    }

    func callRequirement(_ p: ReferencePosition, market: Int, mark: Int64) -> Int128 {
        requirement(
            lots: abs(p.size), market: market, mark: mark, ppm: configuration.markets[market].perpetual!.marginCallPPM)
    }

    /// Open orders count on the worst side: `max(long + bids, short + asks)`.
    func initial(_ p: ReferencePosition, bids: Int64, asks: Int64, market: Int, mark: Int64) -> Int128 {
        let worst = max(max(p.size, 0) + bids, max(-p.size, 0) + asks)
        return requirement(
            lots: worst, market: market, mark: mark, ppm: configuration.markets[market].perpetual!.initialMarginPPM)
    }

    func isLiquidatable(_ p: ReferencePosition, market: Int, mark: Int64) -> Bool {
        let mmr = maintenance(p, market: market, mark: mark)
        return mmr > 0 && equity(p, market: market, mark: mark) < mmr
    }

    func isInCallZone(_ p: ReferencePosition, market: Int, mark: Int64) -> Bool {
        let call = callRequirement(p, market: market, mark: mark)
        return call > 0 && equity(p, market: market, mark: mark) < call
    }

    /// The highest mark at which a long meets `test` (the lowest for a short), by binary search over
    /// `1...maxTicks`; `test` must hold at `mark`. A long's test holds on `1...T`, a short's on `T...maxTicks`.
    func threshold(_ p: ReferencePosition, market: Int, mark: Int64, test: (Int64) -> Bool) -> Int64 {
        precondition(test(mark))
        if p.size > 0 {
            var (low, high) = (mark, maxTicks(market))
            while low < high {
                let middle = (low + high + 1) / 2
                if test(middle) { low = middle } else { high = middle - 1 }
            }
            return low
        }
        var (low, high) = (Int64(1), mark)
        while low < high {
            let middle = (low + high) / 2
            if test(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Where the position's equity would be zero, rounded against it (up for a long, down for a short), >= 1.
    func bankruptcyTicks(_ p: ReferencePosition, market: Int) -> Int64 {
        precondition(p.size != 0)
        let owed = Int128(p.cost) - Int128(p.collateral)
        let ticks =
            p.size > 0
            ? Self.ceilDiv(owed, Int128(p.size) * tv(market))
            : Self.floorDiv(-owed, Int128(-p.size) * tv(market))
        return Int64(max(ticks, 1))
    }

    // MARK: - Fills

    /// A trade of `delta` signed lots (positive buys) at `notional`: same side adds to the cost; a shrinking
    /// size keeps its proportional share (toward zero) and realises the rest; a flip opens the new side with its
    /// share of the notional (`notional * opened / lots`, toward zero) and closes the old size with the rest.
    static func traded(_ position: ReferencePosition, delta: Int64, notional: Int64) -> ReferencePosition {
        var p = position
        let sign: Int64 = delta > 0 ? 1 : -1
        if p.size == 0 || (p.size > 0) == (delta > 0) {
            p.size += delta
            p.cost += sign * notional
            return p
        }
        let lots = abs(delta)
        let closed = min(lots, abs(p.size))
        // A flip: the opened part's share of the notional rounds toward zero, the closed part takes the rest.
        let openedNotional = Int64(Int128(notional) * Int128(lots - closed) / Int128(lots))
        let closedNotional = notional - openedNotional
        let newSize = p.size + sign * closed
        let kept = Int64(Int128(p.cost) * Int128(newSize) / Int128(p.size))
        p.collateral -= (p.cost + sign * closedNotional) - kept
        p.size = newSize
        p.cost = kept
        if closed < lots {
            p.size += sign * (lots - closed)
            p.cost += sign * (notional - closedNotional)
        }
        return p
    }

    func setPosition(_ p: ReferencePosition, account: UInt32, market: Int) {
        let key = PositionKey(account: account, market: market)
        var p = p
        if let old = perp.positions[key], !old.sameValues(as: p) { p.called = false }
        perp.positions[key] = p
    }

    /// One side of a book trade on a perpetual market: the fee comes out of (a rebate goes into) the collateral.
    func perpetualFill(account: UInt32, market: Int, side: Side, lots: Int64, notional: Int64, fee: Int64) {
        var p = Self.traded(
            position(account: account, market: market), delta: side == .buy ? lots : -lots, notional: notional)
        p.collateral -= fee
        setPosition(p, account: account, market: market)
    }

    /// A pool chunk: a trade between the taker and the vault at the chunk's quote amount.
    func perpetualPoolFill(taker: Order, lots: Int64, quoteAmount: Int64, fee: Int64) {
        perpetualFill(
            account: taker.account, market: taker.market, side: taker.side, lots: lots, notional: quoteAmount, fee: fee)
        let vault = configuration.markets[taker.market].perpetual!.vaultAccount
        perpetualFill(
            account: vault, market: taker.market, side: taker.side.opposite, lots: lots, notional: quoteAmount, fee: 0)
    }

    // MARK: - The vault

    func vaultPosition(_ market: Int) -> ReferencePosition? {
        guard isPerpetual(market), configuration.markets[market].pool != nil else { return nil }
        return position(account: configuration.markets[market].perpetual!.vaultAccount, market: market)
    }

    func vaultAfter(
        _ vault: ReferencePosition, market: Int, takerSide: Side, lots: Int64, quoteAmount: Int64
    ) -> ReferencePosition {
        Self.traded(vault, delta: takerSide == .buy ? -lots : lots, notional: quoteAmount)
    }

    /// The largest `n <= lots` for which the vault after the chunk reduces its size without changing side, or
    /// has `equity >= IMR` at the mark; tried from `lots` down.
    func vaultLimit(market: Int, pool: ReferencePool, vault: ReferencePosition, takerSide: Side, lots: Int64) -> Int64 {
        let mark = perp.markTicks[market]
        let orders = restingLots(account: configuration.markets[market].perpetual!.vaultAccount, market: market)
        var n = lots
        while n > 0 {
            if let swap = takerSide == .buy ? pool.buyQuote(lots: n) : pool.sellQuote(lots: n) {
                let after = vaultAfter(
                    vault, market: market, takerSide: takerSide, lots: n, quoteAmount: swap.quoteAmount)
                let reduces =
                    abs(after.size) < abs(vault.size) && (after.size == 0 || (after.size > 0) == (vault.size > 0))
                if reduces
                    || equity(after, market: market, mark: mark)
                        >= initial(after, bids: orders.bids, asks: orders.asks, market: market, mark: mark)
                {
                    return n
                }
            }
            n -= 1
        }
        return 0
    }

    /// The pool's chunk for a taker as the router takes it: none during the vault's own liquidation, and on a
    /// perpetual market bounded by the vault's margin.
    func routedPoolChunk(for taker: Order, boundTicks: Int64, inclusive: Bool) -> Int64 {
        if bookOnly { return 0 }
        let lots = poolChunk(pools[taker.market], for: taker, boundTicks: boundTicks, inclusive: inclusive)
        guard lots > 0, let vault = vaultPosition(taker.market) else { return lots }
        return vaultLimit(
            market: taker.market, pool: pools[taker.market]!, vault: vault, takerSide: taker.side, lots: lots)
    }

    /// The configured pool of a perpetual market: virtual reserves, and the owner's deposit of the initial quote
    /// as the vault's collateral for the first shares (1,000 of them locked).
    func addInitialVault(market: Int) {
        let configuration = configuration.markets[market]
        guard let pool = configuration.pool, pool.initialQuote > 0 else { return }
        precondition(
            deposit(Transfer(account: pool.owner, asset: configuration.quoteAsset, amount: pool.initialQuote)) == nil)
        accounts[accountIndex(pool.owner)!].available[configuration.quoteAsset] -= pool.initialQuote
        var vault = position(account: configuration.perpetual!.vaultAccount, market: market)
        vault.collateral += pool.initialQuote
        setPosition(vault, account: configuration.perpetual!.vaultAccount, market: market)
        pools[market]!.setCurve(base: pool.initialBase, quote: pool.initialQuote, totalShares: pool.initialQuote)
        perp.vaultShares[market][pool.owner] = pool.initialQuote - Self.lockedVaultShares
        perp.totalVaultShares[market] = pool.initialQuote
    }

    func addVaultLiquidity(_ command: AddLiquidity) -> RejectReason? {
        let market = command.market
        let rules = configuration.markets[market]
        let vaultAccount = rules.perpetual!.vaultAccount
        if command.maxBase != 0 || command.maxQuote <= 0 || command.minShares < 0 { return .invalidAmount }
        var vault = position(account: vaultAccount, market: market)
        let e = equity(vault, market: market, mark: perp.markTicks[market])
        if e <= 0 { return .emptyPool }
        let d = Int128(command.maxQuote)
        let total = Int128(perp.totalVaultShares[market])
        let shares = d * total / e
        if shares <= 0 { return .liquidityTooSmall }
        if shares < Int128(command.minShares) { return .slippage }
        var pool = pools[market]!
        let newBase = Int128(pool.base) + Int128(pool.base) * d / e
        let newQuote = Int128(pool.quote) + Int128(pool.quote) * d / e
        let ceiling: Int128 = 1 << 62
        if newBase > ceiling || newQuote > ceiling || total + shares > ceiling { return .amountTooLarge }
        let index = accountIndex(command.account)!
        if command.maxQuote > accounts[index].available[rules.quoteAsset] { return .insufficientBalance }
        pool.setCurve(base: Int64(newBase), quote: Int64(newQuote), totalShares: Int64(total + shares))
        if poolCrossesBook(pool, market: market) { return .poolWouldCross }

        pools[market] = pool
        accounts[index].available[rules.quoteAsset] -= command.maxQuote
        vault.collateral += command.maxQuote
        setPosition(vault, account: vaultAccount, market: market)
        perp.vaultShares[market][command.account, default: 0] += Int64(shares)
        perp.totalVaultShares[market] += Int64(shares)
        emit(
            .liquidityAdded(
                LiquidityAdded(
                    account: command.account, market: market, base: 0, quote: command.maxQuote,
                    shares: Int64(shares))))
        return nil
    }

    func removeVaultLiquidity(_ command: RemoveLiquidity) -> RejectReason? {
        let market = command.market
        let rules = configuration.markets[market]
        let vaultAccount = rules.perpetual!.vaultAccount
        if command.shares <= 0 || command.minBase != 0 || command.minQuote < 0 { return .invalidAmount }
        let total = Int128(perp.totalVaultShares[market])
        if total == 0 { return .emptyPool }
        if vaultShares(account: command.account, market: market) < command.shares { return .insufficientShares }
        let mark = perp.markTicks[market]
        var vault = position(account: vaultAccount, market: market)
        let e = equity(vault, market: market, mark: mark)
        // ENGINE.md says nothing of a vault without equity: the payout is then zero (the fast engine's reading,
        // `floor(shares * max(E, 0) / S)`), not a negative one.
        let shares = Int128(command.shares)
        let payout = shares * max(e, 0) / total
        if payout < Int128(command.minQuote) { return .slippage }
        let orders = restingLots(account: vaultAccount, market: market)
        if e - payout < initial(vault, bids: orders.bids, asks: orders.asks, market: market, mark: mark) {
            return .insufficientMargin
        }
        var pool = pools[market]!
        // "Scales the curve by (S - shares) / S": each reserve times that fraction, rounded down.
        let newBase = Int128(pool.base) * (total - shares) / total
        let newQuote = Int128(pool.quote) * (total - shares) / total
        pool.setCurve(base: Int64(newBase), quote: Int64(newQuote), totalShares: Int64(total - shares))
        if poolCrossesBook(pool, market: market) { return .poolWouldCross }

        pools[market] = pool
        let index = accountIndex(command.account)!
        accounts[index].available[rules.quoteAsset] += Int64(payout)
        vault.collateral -= Int64(payout)
        setPosition(vault, account: vaultAccount, market: market)
        perp.vaultShares[market][command.account]! -= command.shares
        perp.totalVaultShares[market] -= command.shares
        emit(
            .liquidityRemoved(
                LiquidityRemoved(
                    account: command.account, market: market, shares: command.shares, base: 0,
                    quote: Int64(payout), feeBase: 0, feeQuote: 0)))
        return nil
    }

    // MARK: - The mark

    /// The median of the base (index, else the market-order reference), the combined best bid and the combined
    /// best ask (a missing one counts as the base). The pool's prices are found by binary search over the ticks.
    func computeMark(_ market: Int) -> Int64 {
        let base = perp.indexTicks[market] > 0 ? perp.indexTicks[market] : referenceTicks(market)
        var bid = books[market][0].first?.ticks
        var ask = books[market][1].first?.ticks
        if let pool = pools[market], pool.totalShares > 0 {
            let tickValue = tickValue(configuration.markets[market])
            // By default a whole lot the pool would trade (the exact cost and the rounded amount, as a taker's
            // chunk); `exactFirstLotMark` reads the first lot's exact cost alone (the fast engine's reading).
            let exact = exactFirstLotMark
            let sells = { (t: Int64) in
                exact
                    ? pool.sellLotQualifies(1, pricePerLot: t * tickValue, inclusive: true)
                    : pool.chunk(takerSide: .sell, pricePerLot: t * tickValue, inclusive: true, maxLots: 1) == 1
            }
            let buys = { (t: Int64) in
                exact
                    ? pool.buyLotQualifies(1, pricePerLot: t * tickValue, inclusive: true)
                    : pool.chunk(takerSide: .buy, pricePerLot: t * tickValue, inclusive: true, maxLots: 1) == 1
            }
            // The highest tick at which the pool buys a lot (a selling taker at t gets it on 1...T).
            if sells(1) {
                var (low, high) = (Int64(1), maxTicks(market))
                while low < high {
                    let middle = (low + high + 1) / 2
                    if sells(middle) { low = middle } else { high = middle - 1 }
                }
                bid = max(bid ?? low, low)
            }
            // The lowest tick at which it sells one (a buying taker at t gets it on T...maxTicks).
            if buys(maxTicks(market)) {
                var (low, high) = (Int64(1), maxTicks(market))
                while low < high {
                    let middle = (low + high) / 2
                    if buys(middle) { high = middle } else { low = middle + 1 }
                }
                ask = min(ask ?? low, low)
            }
        }
        let (b, a) = (bid ?? base, ask ?? base)
        return max(min(base, b), min(max(base, b), a))
    }

    func refreshMark(_ market: Int) { perp.markTicks[market] = computeMark(market) }

    // MARK: - Commands

    func indexPrice(_ command: IndexPrice) -> RejectReason? {
        guard configuration.markets.indices.contains(command.market) else { return .unknownMarket }
        let market = configuration.markets[command.market]
        guard market.perpetual != nil else { return .notPerpetual }
        if let problem = priceProblem(command.price, market: market) { return problem }
        perp.indexTicks[command.market] = command.price / market.tickSize
        refreshMark(command.market)
        emit(
            .indexPrice(
                IndexPriceUpdate(
                    market: command.market, indexPrice: command.price, markPrice: markPrice(market: command.market))))
        return nil
    }

    func adjustMargin(_ command: AdjustMargin) -> RejectReason? {
        guard let index = accountIndex(command.account) else { return .unknownAccount }
        guard configuration.markets.indices.contains(command.market) else { return .unknownMarket }
        let market = configuration.markets[command.market]
        guard market.perpetual != nil else { return .notPerpetual }
        if command.amount == 0 { return .invalidAmount }
        var p = position(account: command.account, market: command.market)
        if command.amount > 0 {
            if command.amount > accounts[index].available[market.quoteAsset] { return .insufficientBalance }
        } else {
            let out = -Int128(command.amount)
            if out > Int128(p.collateral) { return .insufficientMargin }
            let mark = perp.markTicks[command.market]
            let orders = restingLots(account: command.account, market: command.market)
            if equity(p, market: command.market, mark: mark) - out
                < initial(p, bids: orders.bids, asks: orders.asks, market: command.market, mark: mark)
            {
                return .insufficientMargin
            }
        }
        accounts[index].available[market.quoteAsset] -= command.amount
        p.collateral += command.amount
        setPosition(p, account: command.account, market: command.market)
        return nil
    }

    // MARK: - Margin checks on orders

    private struct SavedState {
        var books: [[[Order]]]
        var accounts: [Account]
        var lastTradeTicks: [Int64]
        var pools: [ReferencePool?]
        var netDeposits: [Int64]
        var perp: ReferencePerpetualState
        var nextOrderId: UInt64
        var nextTradeId: UInt64
        var nextSequence: UInt64
        var events: [Event]
    }

    private func save() -> SavedState {
        SavedState(
            books: books, accounts: accounts, lastTradeTicks: lastTradeTicks, pools: pools, netDeposits: netDeposits,
            perp: perp, nextOrderId: nextOrderId, nextTradeId: nextTradeId, nextSequence: nextSequence, events: events)
    }

    private func restore(_ saved: SavedState) {
        books = saved.books
        accounts = saved.accounts
        lastTradeTicks = saved.lastTradeTicks
        pools = saved.pools
        perp = saved.perp
        nextOrderId = saved.nextOrderId
        nextTradeId = saved.nextTradeId
        nextSequence = saved.nextSequence
        netDeposits = saved.netDeposits
        events = saved.events
    }

    /// The position and resting lots of `account` after running `walk` on the live state, which is then put
    /// back exactly as it was; and the lots of order `orderId` left resting.
    private func preview(
        account: UInt32, market: Int, orderId: UInt64, walk: () -> RejectReason?
    ) -> (position: ReferencePosition, bids: Int64, asks: Int64, resting: Int64) {
        let saved = save()
        previewing = true
        let problem = walk()
        precondition(problem == nil, "a previewed walk passed its checks once already")
        let after = position(account: account, market: market)
        let orders = restingLots(account: account, market: market)
        let resting = (books[market][0] + books[market][1]).first { $0.orderId == orderId }?.lots ?? 0
        previewing = false
        restore(saved)
        return (after, orders.bids, orders.asks, resting)
    }

    /// Step 8 of a new order on a perpetual market: the mark, reduce-only, then the margin rule on the preview.
    func perpetualOrderCheck(_ command: NewOrder, ticks: Int64) -> RejectReason? {
        if previewing { return nil }
        let market = command.market
        guard perp.markTicks[market] > 0 else { return .noMarkPrice }
        let lots = command.quantity / configuration.markets[market].lotSize
        if command.reduceOnly {
            let size = position(account: command.account, market: market).size
            let reduces = command.side == .buy ? size < 0 && -size >= lots : size > 0 && size >= lots
            if !reduces { return .reduceOnlyWouldIncrease }
        }
        let after = preview(account: command.account, market: market, orderId: nextOrderId) { newOrder(command) }
        return marginRule(account: command.account, market: market, after: after, ticks: ticks)
    }

    /// A replace that loses its priority: the mark, then the margin rule on the preview.
    func perpetualReplaceCheck(_ command: ReplaceOrder, order: Order, ticks: Int64, lots: Int64) -> RejectReason? {
        if previewing { return nil }
        guard perp.markTicks[order.market] > 0 else { return .noMarkPrice }
        let after = preview(account: order.account, market: order.market, orderId: order.orderId) { replace(command) }
        return marginRule(account: order.account, market: order.market, after: after, ticks: ticks)
    }

    /// Reduces risk (accepted as it is), else `IMR' + remainderFee <= equity'` with the shortfall moved from the
    /// available quote into the collateral, else `insufficient_margin`.
    private func marginRule(
        account: UInt32, market: Int, after: (position: ReferencePosition, bids: Int64, asks: Int64, resting: Int64),
        ticks: Int64
    ) -> RejectReason? {
        let rules = configuration.markets[market]
        let mark = perp.markTicks[market]
        let before = position(account: account, market: market)
        let orders = restingLots(account: account, market: market)
        let equityBefore = equity(before, market: market, mark: mark)
        let equityAfter = equity(after.position, market: market, mark: mark)
        let initialBefore = initial(before, bids: orders.bids, asks: orders.asks, market: market, mark: mark)
        let initialAfter = initial(after.position, bids: after.bids, asks: after.asks, market: market, mark: mark)
        let maintenanceBefore = maintenance(before, market: market, mark: mark)
        let maintenanceAfter = maintenance(after.position, market: market, mark: mark)
        let maxFee = Int128(max(rules.takerFeePPM, rules.makerFeePPM, 0))
        let remainderFee = Self.ceilDiv(Int128(after.resting) * Int128(ticks) * tv(market) * maxFee, Self.million)
        let reducesRisk =
            initialAfter <= initialBefore && maintenanceAfter <= maintenanceBefore && equityAfter - remainderFee >= 0
            && (maintenanceAfter == 0 || equityAfter * maintenanceBefore >= equityBefore * maintenanceAfter)
        if reducesRisk { return nil }
        let shortfall = initialAfter + remainderFee - equityAfter
        if shortfall <= 0 { return nil }
        let index = accountIndex(account)!
        guard shortfall <= Int128(accounts[index].available[rules.quoteAsset]) else { return .insufficientMargin }
        accounts[index].available[rules.quoteAsset] -= Int64(shortfall)
        var p = before
        p.collateral += Int64(shortfall)
        setPosition(p, account: account, market: market)
        return nil
    }
}
