@testable import TandemEngine

/// The test oracle: a plain, slow implementation of `Protocol/ENGINE.md`, written from the contract alone.
///
/// It shares nothing with the fast engine but the public types. Each book side is an array in priority order
/// and every lookup is a linear scan, so each rule reads as the contract states it. A market's pool is a
/// `ReferencePool`, asked lot by lot. It assumes a valid configuration in which every market has an explicit
/// `maxPrice` and the fee account is open from the start, and pools that stay within `ReferencePool`'s bounds.
final class ReferenceEngine {
    /// A live order, in engine units (ticks and lots).
    struct Order: Equatable {
        var orderId: UInt64
        var clientOrderId: UInt64
        var account: UInt32
        var market: Int
        var side: Side
        var ticks: Int64
        var lots: Int64
        var postOnly: Bool
        var selfTradePrevention: SelfTradePrevention
    }

    struct Account {
        var id: UInt32
        var selfTradePrevention: SelfTradePrevention
        var available: [Int64]
        var reserved: [Int64]
    }

    static let million: Int128 = 1_000_000
    static let depositLimit: Int128 = 1 << 62

    let configuration: EngineConfiguration
    /// The events of the last applied command.
    var events: [Event] = []

    /// `books[market][0]` holds the bids, `books[market][1]` the asks, each best price first, then oldest first.
    var books: [[[Order]]]
    /// Open accounts in ascending id.
    var accounts: [Account] = []
    var lastTradeTicks: [Int64]
    /// Per market, its pool if it has one.
    var pools: [ReferencePool?]
    /// Per asset, deposits (initial pool liquidity included) minus withdrawals.
    var netDeposits: [Int64]
    /// Perpetual markets' positions, index and mark prices and vault shares (ReferenceEngine+Perpetual.swift).
    var perp = ReferencePerpetualState(markets: 0)
    /// True while a margin preview walks a copy of the state: the walk runs without its margin check.
    var previewing = false
    /// True while the vault's own liquidation order walks: the pool takes no part.
    var bookOnly = false
    /// The mark's pool prices from the first lot's exact cost alone, not the rounded amount of a whole lot
    /// (off by default: see `computeMark`).
    var exactFirstLotMark = true
    var nextOrderId: UInt64 = 1
    var nextTradeId: UInt64 = 1
    var nextSequence: UInt64 = 1
    var timestamp: UInt64 = 0

    init(configuration: EngineConfiguration) {
        self.configuration = configuration
        books = Array(repeating: [[], []], count: configuration.markets.count)
        lastTradeTicks = Array(repeating: 0, count: configuration.markets.count)
        netDeposits = Array(repeating: 0, count: configuration.assets.count)
        pools = configuration.markets.map { market in
            market.pool.map { ReferencePool(feePPM: $0.feePPM, lotSize: market.lotSize) }
        }
        for account in configuration.accounts {
            openAccount(account.id, selfTradePrevention: account.selfTradePrevention)
        }
        for market in configuration.markets {
            precondition(market.maxPrice > 0, "the reference engine needs an explicit maxPrice")
        }
        precondition(accountIndex(configuration.feeAccount) != nil, "the reference engine needs an open fee account")
        // ENGINE.md does not say; the fast engine opens the insurance fund account from the start, as the fee
        // account (with the default self-trade prevention).
        if accountIndex(configuration.insuranceFundAccount) == nil {
            openAccount(
                configuration.insuranceFundAccount, selfTradePrevention: configuration.defaultSelfTradePrevention)
        }
        perp = ReferencePerpetualState(markets: configuration.markets.count)
        for market in configuration.markets.indices {
            if configuration.markets[market].perpetual != nil {
                addInitialVault(market: market)
            } else {
                addInitialLiquidity(market: market)
            }
        }
        for market in configuration.markets.indices where isPerpetual(market) { refreshMark(market) }
    }

    /// Initial pool liquidity: a deposit by the owner (opened if needed), then an add, before any command.
    func addInitialLiquidity(market: Int) {
        let configuration = configuration.markets[market]
        guard let pool = configuration.pool, pool.initialBase > 0 || pool.initialQuote > 0 else { return }
        let seeds = [(configuration.baseAsset, pool.initialBase), (configuration.quoteAsset, pool.initialQuote)]
        for (asset, amount) in seeds {
            precondition(deposit(Transfer(account: pool.owner, asset: asset, amount: amount)) == nil)
        }
        let deposit = try! pools[market]!.deposit(
            maxBase: pool.initialBase, maxQuote: pool.initialQuote, minShares: 0
        ).get()
        pools[market]!.add(deposit, account: pool.owner)
        let owner = accountIndex(pool.owner)!
        accounts[owner].available[configuration.baseAsset] -= deposit.base
        accounts[owner].available[configuration.quoteAsset] -= deposit.quote
    }

    // MARK: - Queries

    /// Every live order of every market, bids before asks, each side in priority order.
    var liveOrders: [Order] { books.flatMap { $0[0] + $0[1] } }

    var openAccounts: [UInt32] { accounts.map(\.id) }

    func balance(account: UInt32, asset: Int) -> Balance? {
        guard let index = accountIndex(account), configuration.assets.indices.contains(asset) else { return nil }
        return Balance(available: accounts[index].available[asset], reserved: accounts[index].reserved[asset])
    }

    func restingOrders(market: Int, side: Side) -> [RestingOrder] {
        let lotSize = configuration.markets[market].lotSize
        let tickSize = configuration.markets[market].tickSize
        return books[market][bookIndex(side)].map {
            RestingOrder(
                orderId: $0.orderId, clientOrderId: $0.clientOrderId, account: $0.account, side: $0.side,
                price: $0.ticks * tickSize, quantity: $0.lots * lotSize)
        }
    }

    func bookLevels(market: Int, side: Side, limit: Int = .max) -> [BookLevel] {
        var levels: [BookLevel] = []
        for order in restingOrders(market: market, side: side) {
            if let last = levels.last, last.price == order.price {
                levels[levels.count - 1].quantity += order.quantity
                levels[levels.count - 1].orderCount += 1
            } else {
                if levels.count == limit { break }
                levels.append(BookLevel(price: order.price, quantity: order.quantity, orderCount: 1))
            }
        }
        return levels
    }

    func restingOrderCount(market: Int) -> Int { books[market][0].count + books[market][1].count }

    func lastTradePrice(market: Int) -> Int64 { lastTradeTicks[market] * configuration.markets[market].tickSize }

    func pool(market: Int) -> ReferencePool? { pools[market] }

    /// Whether the pool would trade one whole lot with the best resting bid or ask at that order's price.
    func poolCrossesBook(market: Int) -> Bool { poolCrossesBook(pools[market], market: market) }

    /// Up to `limit` prices of the combined book on `side`, best first, as `Engine.depth` documents it: every
    /// price with resting orders or where the pool's offer grows; at each, what the pool trades from the
    /// previous listed price up to and including this one (a taker's inclusive chunk, at most `maxQuantity`).
    func depth(market: Int, side: Side, limit: Int) -> [DepthLevel] {
        let rules = configuration.markets[market]
        let levels = bookLevels(market: market, side: side)
        let bookTicks = levels.map { $0.price / rules.tickSize }
        let poolTicks = poolStepTicks(market: market, side: side)
        let isBetter: (Int64, Int64) -> Bool = side == .sell ? { $0 < $1 } : { $0 > $1 }
        var prices: [Int64] = []
        for ticks in (bookTicks + poolTicks).sorted(by: isBetter) where prices.last != ticks {
            prices.append(ticks)
        }
        var depth: [DepthLevel] = []
        var poolLotsSoFar: Int64 = 0
        for ticks in prices.prefix(limit) {
            let book = levels.first { $0.price == ticks * rules.tickSize }
            let poolLots = poolLotsWithin(market: market, side: side, ticks: ticks)
            depth.append(
                DepthLevel(
                    price: ticks * rules.tickSize, bookQuantity: book?.quantity ?? 0,
                    orderCount: book?.orderCount ?? 0, poolQuantity: (poolLots - poolLotsSoFar) * rules.lotSize))
            poolLotsSoFar = poolLots
        }
        return depth
    }

    /// The lots the pool gives a taker walking against `side` up to `ticks` inclusive, at most `maxQuantity`.
    func poolLotsWithin(market: Int, side: Side, ticks: Int64) -> Int64 {
        guard let pool = pools[market] else { return 0 }
        let rules = configuration.markets[market]
        return pool.chunk(
            takerSide: side.opposite, pricePerLot: ticks * tickValue(rules), inclusive: true,
            maxLots: rules.maxQuantity / rules.lotSize)
    }

    /// The prices in `1...maxTicks` where the pool's offer on `side` grows, best first.
    ///
    /// A taker gets `n` lots at the first price that passes both lot `n`'s exact cost and the rounded cost of
    /// `n` lots; the offer can only grow at one of these prices, and `poolLotsWithin` says where it does.
    func poolStepTicks(market: Int, side: Side) -> [Int64] {
        guard let pool = pools[market], pool.totalShares > 0 else { return [] }
        let rules = configuration.markets[market]
        let maxTicks = rules.maxPrice / rules.tickSize
        let tickValue = Int128(tickValue(rules))
        let (x, y, lot, fee) = (Int128(pool.base), Int128(pool.quote), Int128(rules.lotSize), Int128(pool.feePPM))
        let million: Int128 = 1_000_000
        var candidates: [Int128] = []
        for lots in 1...(rules.maxQuantity / rules.lotSize) {
            switch side {
            case .sell:
                // Lot n costs X*Y*L*1e6 / ((1e6 - f)(X - nL)(X - (n-1)L)): the smallest t with cost <= t*tickValue.
                let after = x - Int128(lots) * lot
                guard after > 0, let swap = pool.buyQuote(lots: lots) else { continue }
                let exact = Self.ceilDiv(x * y * lot * million, tickValue * (million - fee) * after * (after + lot))
                let rounded = Self.ceilDiv(Int128(swap.quoteAmount), Int128(lots) * tickValue)
                candidates.append(max(exact, rounded))
            case .buy:
                // Lot n yields X*Y*L*(1e6-f)*1e6 / ((X*1e6 + (n-1)L(1e6-f))(X*1e6 + nL(1e6-f))).
                guard let swap = pool.sellQuote(lots: lots) else { continue }
                let netLot = lot * (million - fee)
                let before = x * million + Int128(lots - 1) * netLot
                let exact = x * y * netLot * million / (tickValue * before * (before + netLot))
                let rounded = Int128(swap.quoteAmount) / (Int128(lots) * tickValue)
                candidates.append(min(exact, rounded))
            }
        }
        let isBetter: (Int64, Int64) -> Bool = side == .sell ? { $0 < $1 } : { $0 > $1 }
        var steps: [Int64] = []
        var lotsSoFar: Int64 = 0
        let onTheGrid = candidates.filter { $0 >= 1 && $0 <= Int128(maxTicks) }.map { Int64($0) }
        for ticks in onTheGrid.sorted(by: isBetter) {
            let lots = poolLotsWithin(market: market, side: side, ticks: ticks)
            if lots > lotsSoFar {
                steps.append(ticks)
                lotsSoFar = lots
            }
        }
        return steps
    }

    // MARK: - Commands

    func apply(_ command: Command, timestamp: UInt64) {
        events = []
        self.timestamp = timestamp
        let accountsBefore = accounts
        let positionsBefore = perp.positions
        let rejection: RejectReason?
        switch command {
        case .deposit(let transfer): rejection = deposit(transfer)
        case .withdraw(let transfer): rejection = withdraw(transfer)
        case .newOrder(let order): rejection = newOrder(order)
        case .cancel(let request): rejection = cancel(request)
        case .replace(let request): rejection = replace(request)
        case .massCancel(let request): rejection = massCancel(request)
        case .addLiquidity(let request): rejection = addLiquidity(request)
        case .removeLiquidity(let request): rejection = removeLiquidity(request)
        case .indexPrice(let request): rejection = indexPrice(request)
        case .adjustMargin(let request): rejection = adjustMargin(request)
        }
        if let rejection {
            precondition(events.isEmpty, "a rejection must come before any change")
            emit(
                .rejected(
                    CommandRejected(
                        account: command.account, command: command.kind, reference: Self.reference(of: command),
                        reason: rejection)))
        } else {
            perpetualEpilogue(positionsBefore: positionsBefore)
            emitBalanceChanges(since: accountsBefore)
        }
    }

    static func reference(of command: Command) -> UInt64 {
        func number(_ reference: OrderReference) -> UInt64 {
            switch reference {
            case .orderId(let id), .clientOrderId(let id): id
            }
        }
        switch command {
        case .newOrder(let order): return order.clientOrderId
        case .cancel(let cancel): return number(cancel.order)
        case .replace(let replace): return number(replace.order)
        case .deposit, .withdraw, .massCancel, .addLiquidity, .removeLiquidity, .indexPrice, .adjustMargin: return 0
        }
    }

    func deposit(_ transfer: Transfer) -> RejectReason? {
        guard transfer.account < configuration.maxAccounts else { return .unknownAccount }
        guard configuration.assets.indices.contains(transfer.asset) else { return .unknownAsset }
        guard transfer.amount > 0 else { return .invalidAmount }
        // "Stays at most 2^62": a total of exactly 2^62 is allowed.
        guard Int128(netDeposits[transfer.asset]) + Int128(transfer.amount) <= Self.depositLimit else {
            return .amountTooLarge
        }
        if accountIndex(transfer.account) == nil {
            openAccount(transfer.account, selfTradePrevention: configuration.defaultSelfTradePrevention)
        }
        accounts[accountIndex(transfer.account)!].available[transfer.asset] += transfer.amount
        netDeposits[transfer.asset] += transfer.amount
        return nil
    }

    func withdraw(_ transfer: Transfer) -> RejectReason? {
        guard let index = accountIndex(transfer.account) else { return .unknownAccount }
        guard configuration.assets.indices.contains(transfer.asset) else { return .unknownAsset }
        guard transfer.amount > 0 else { return .invalidAmount }
        guard transfer.amount <= accounts[index].available[transfer.asset] else { return .insufficientBalance }
        accounts[index].available[transfer.asset] -= transfer.amount
        netDeposits[transfer.asset] -= transfer.amount
        return nil
    }

    func newOrder(_ command: NewOrder) -> RejectReason? {
        guard let accountIndex = accountIndex(command.account) else { return .unknownAccount }
        guard configuration.markets.indices.contains(command.market) else { return .unknownMarket }
        let market = configuration.markets[command.market]
        if command.type == .market && command.postOnly { return .invalidOrderType }
        if command.reduceOnly && market.perpetual == nil { return .invalidOrderType }
        if command.type == .market && command.timeInForce == .gtc { return .invalidTimeInForce }
        if command.postOnly && command.timeInForce != .gtc { return .invalidTimeInForce }
        if command.reduceOnly && command.timeInForce == .gtc { return .invalidTimeInForce }
        let ticks: Int64
        switch command.type {
        case .limit:
            if let problem = priceProblem(command.price, market: market) { return problem }
            ticks = command.price / market.tickSize
        case .market:
            let referenceTicks = referenceTicks(command.market)
            guard referenceTicks > 0 else { return .noReferencePrice }
            ticks = marketOrderTicks(referenceTicks: referenceTicks, side: command.side, market: market)
        }
        if command.quantity <= 0 { return .invalidQuantity }
        if command.quantity % market.lotSize != 0 { return .quantityNotOnLot }
        if command.quantity < market.minQuantity { return .quantityBelowMinimum }
        if command.quantity > market.maxQuantity { return .quantityAboveMaximum }
        if findOrder(account: command.account, reference: .clientOrderId(command.clientOrderId)) != nil {
            return .duplicateClientOrderId
        }
        let lots = command.quantity / market.lotSize
        let (asset, amount) = reservation(market: command.market, side: command.side, ticks: ticks, lots: lots)
        if market.perpetual != nil {
            if let problem = perpetualOrderCheck(command, ticks: ticks) { return problem }
        } else {
            guard amount <= accounts[accountIndex].available[asset] else { return .insufficientBalance }
        }

        var order = Order(
            orderId: nextOrderId, clientOrderId: command.clientOrderId, account: command.account,
            market: command.market, side: command.side, ticks: ticks, lots: lots, postOnly: command.postOnly,
            selfTradePrevention: command.selfTradePrevention ?? accounts[accountIndex].selfTradePrevention)
        nextOrderId += 1
        accounts[accountIndex].available[asset] -= amount
        accounts[accountIndex].reserved[asset] += amount
        emit(
            .accepted(
                OrderAccepted(
                    orderId: order.orderId, clientOrderId: order.clientOrderId, account: order.account,
                    market: order.market, side: order.side, type: command.type, timeInForce: command.timeInForce,
                    postOnly: command.postOnly, price: ticks * market.tickSize, quantity: command.quantity)))

        if command.postOnly && wouldTake(order) {
            cancelTaker(&order, lots: order.lots, reason: .postOnly)
            return nil
        }
        if command.timeInForce == .fok && fillOrKillLiquidity(for: order) < order.lots {
            cancelTaker(&order, lots: order.lots, reason: .fillOrKill)
            return nil
        }
        match(&order)
        if order.lots > 0 {
            if command.timeInForce == .gtc {
                rest(order)
            } else {
                cancelTaker(&order, lots: order.lots, reason: .iocRemainder)
            }
        }
        return nil
    }

    func cancel(_ command: CancelOrder) -> RejectReason? {
        guard accountIndex(command.account) != nil else { return .unknownAccount }
        guard let order = findOrder(account: command.account, reference: command.order) else { return .unknownOrder }
        removeFromBook(order)
        emitCanceled(order, canceledLots: order.lots, remainingLots: 0, reason: .user)
        release(order, lots: order.lots)
        return nil
    }

    func replace(_ command: ReplaceOrder) -> RejectReason? {
        guard let accountIndex = accountIndex(command.account) else { return .unknownAccount }
        guard var order = findOrder(account: command.account, reference: command.order) else { return .unknownOrder }
        let market = configuration.markets[order.market]
        var newTicks = order.ticks
        if let price = command.price {
            if let problem = priceProblem(price, market: market) { return problem }
            newTicks = price / market.tickSize
        }
        var newLots = order.lots
        if let quantity = command.quantity {
            if quantity < 0 { return .invalidQuantity }
            if quantity % market.lotSize != 0 { return .quantityNotOnLot }
            if quantity > 0 && quantity < market.minQuantity { return .quantityBelowMinimum }
            if quantity > market.maxQuantity { return .quantityAboveMaximum }
            newLots = quantity / market.lotSize
        }
        if newLots == 0 {
            removeFromBook(order)
            emitCanceled(order, canceledLots: order.lots, remainingLots: 0, reason: .user)
            release(order, lots: order.lots)
            return nil
        }
        if order.postOnly {
            var moved = order
            (moved.ticks, moved.lots) = (newTicks, newLots)
            if wouldTake(moved) { return .postOnlyWouldTake }
        }
        let (asset, oldAmount) = reservation(
            market: order.market, side: order.side, ticks: order.ticks, lots: order.lots)
        let (_, newAmount) = reservation(market: order.market, side: order.side, ticks: newTicks, lots: newLots)
        guard newAmount - oldAmount <= accounts[accountIndex].available[asset] else { return .insufficientBalance }
        if market.perpetual != nil && !(newTicks == order.ticks && newLots <= order.lots) {
            if let problem = perpetualReplaceCheck(command, order: order, ticks: newTicks, lots: newLots) {
                return problem
            }
        }

        accounts[accountIndex].available[asset] -= newAmount - oldAmount
        accounts[accountIndex].reserved[asset] += newAmount - oldAmount
        let keptPriority = newTicks == order.ticks && newLots <= order.lots
        emit(
            .replaced(
                OrderReplaced(
                    orderId: order.orderId, clientOrderId: order.clientOrderId, account: order.account,
                    market: order.market, side: order.side, price: newTicks * market.tickSize,
                    quantity: newLots * market.lotSize, keptPriority: keptPriority)))
        if keptPriority {
            updateInBook(order.orderId, market: order.market, side: order.side) { $0.lots = newLots }
        } else {
            removeFromBook(order)
            order.ticks = newTicks
            order.lots = newLots
            match(&order)
            if order.lots > 0 { rest(order) }
        }
        return nil
    }

    func massCancel(_ command: MassCancel) -> RejectReason? {
        guard accountIndex(command.account) != nil else { return .unknownAccount }
        if let market = command.market, !configuration.markets.indices.contains(market) { return .unknownMarket }
        let targets = liveOrders.filter {
            $0.account == command.account && (command.market == nil || command.market == $0.market)
                && (command.side == nil || command.side == $0.side)
        }.sorted { $0.orderId < $1.orderId }
        for order in targets {
            removeFromBook(order)
            emitCanceled(order, canceledLots: order.lots, remainingLots: 0, reason: .massCancel)
            release(order, lots: order.lots)
        }
        emit(
            .massCancelDone(
                MassCancelDone(
                    account: command.account, market: command.market, side: command.side,
                    count: targets.count)))
        return nil
    }

    func addLiquidity(_ command: AddLiquidity) -> RejectReason? {
        guard let accountIndex = accountIndex(command.account) else { return .unknownAccount }
        guard configuration.markets.indices.contains(command.market) else { return .unknownMarket }
        guard var pool = pools[command.market] else { return .noPool }
        let market = configuration.markets[command.market]
        if market.perpetual != nil { return addVaultLiquidity(command) }
        if command.maxBase <= 0 || command.maxQuote <= 0 || command.minShares < 0 { return .invalidAmount }
        if command.maxBase % market.lotSize != 0 { return .quantityNotOnLot }
        let deposit: ReferencePool.Deposit
        switch pool.deposit(maxBase: command.maxBase, maxQuote: command.maxQuote, minShares: command.minShares) {
        case .failure(let reason): return reason
        case .success(let quoted): deposit = quoted
        }
        if deposit.base > accounts[accountIndex].available[market.baseAsset]
            || deposit.quote > accounts[accountIndex].available[market.quoteAsset]
        {
            return .insufficientBalance
        }
        pool.add(deposit, account: command.account)
        if poolCrossesBook(pool, market: command.market) { return .poolWouldCross }

        pools[command.market] = pool
        accounts[accountIndex].available[market.baseAsset] -= deposit.base
        accounts[accountIndex].available[market.quoteAsset] -= deposit.quote
        emit(
            .liquidityAdded(
                LiquidityAdded(
                    account: command.account, market: command.market, base: deposit.base, quote: deposit.quote,
                    shares: deposit.shares)))
        return nil
    }

    func removeLiquidity(_ command: RemoveLiquidity) -> RejectReason? {
        guard let accountIndex = accountIndex(command.account) else { return .unknownAccount }
        guard configuration.markets.indices.contains(command.market) else { return .unknownMarket }
        guard var pool = pools[command.market] else { return .noPool }
        let market = configuration.markets[command.market]
        if market.perpetual != nil { return removeVaultLiquidity(command) }
        if command.shares <= 0 || command.minBase < 0 || command.minQuote < 0 { return .invalidAmount }
        if pool.totalShares == 0 { return .emptyPool }
        if pool.shares(of: command.account) < command.shares { return .insufficientShares }
        let withdrawal = pool.withdrawal(account: command.account, shares: command.shares)
        if withdrawal.base + withdrawal.feeBase < command.minBase
            || withdrawal.quote + withdrawal.feeQuote < command.minQuote
        {
            return .slippage
        }
        pool.remove(withdrawal, account: command.account, shares: command.shares)
        if poolCrossesBook(pool, market: command.market) { return .poolWouldCross }

        pools[command.market] = pool
        accounts[accountIndex].available[market.baseAsset] += withdrawal.base + withdrawal.feeBase
        accounts[accountIndex].available[market.quoteAsset] += withdrawal.quote + withdrawal.feeQuote
        emit(
            .liquidityRemoved(
                LiquidityRemoved(
                    account: command.account, market: command.market, shares: command.shares,
                    base: withdrawal.base, quote: withdrawal.quote, feeBase: withdrawal.feeBase,
                    feeQuote: withdrawal.feeQuote)))
        return nil
    }

    // MARK: - Validation

    func priceProblem(_ price: Int64, market: MarketConfiguration) -> RejectReason? {
        if price <= 0 { return .invalidPrice }
        if price % market.tickSize != 0 { return .priceNotOnTick }
        if price > market.maxPrice { return .priceOutOfRange }
        return nil
    }

    // MARK: - Matching

    func crosses(side: Side, ticks: Int64, market: Int) -> Bool {
        guard let best = books[market][bookIndex(side.opposite)].first else { return false }
        return Self.crosses(side: side, ticks: ticks, makerTicks: best.ticks)
    }

    static func crosses(side: Side, ticks: Int64, makerTicks: Int64) -> Bool {
        side == .buy ? makerTicks <= ticks : makerTicks >= ticks
    }

    /// Post-only: the order would cross the book, or the pool would give it a chunk at its own price (on a
    /// perpetual market, the curve's chunk: the vault's margin bound is the router's, not this gate's).
    func wouldTake(_ order: Order) -> Bool {
        crosses(side: order.side, ticks: order.ticks, market: order.market)
            || poolChunk(pools[order.market], for: order, boundTicks: order.ticks, inclusive: true) > 0
    }

    /// The lots the pool offers the taker bounded by `boundTicks`, at most the taker's remaining lots.
    func poolChunk(_ pool: ReferencePool?, for taker: Order, boundTicks: Int64, inclusive: Bool) -> Int64 {
        guard let pool, taker.lots > 0 else { return 0 }
        let pricePerLot = boundTicks * tickValue(configuration.markets[taker.market])
        return pool.chunk(takerSide: taker.side, pricePerLot: pricePerLot, inclusive: inclusive, maxLots: taker.lots)
    }

    /// The quantity a fill-or-kill order could take: at each crossing level the pool's chunks below that level
    /// (from a copy of the pool), then other accounts' orders in priority order, up to the first own order that
    /// self-trade prevention would not simply cancel; after the last crossing level, the pool's chunks up to
    /// the order's own price.
    func fillOrKillLiquidity(for order: Order) -> Int64 {
        var pool = pools[order.market]
        var left = order
        // On a perpetual market the vault's bound applies as in matching, to a copy of the vault's position.
        var vault = vaultPosition(order.market)
        func takeFromPool(boundTicks: Int64, inclusive: Bool) {
            while true {
                var lots = poolChunk(pool, for: left, boundTicks: boundTicks, inclusive: inclusive)
                if let position = vault {
                    lots = vaultLimit(
                        market: order.market, pool: pool!, vault: position, takerSide: order.side, lots: lots)
                }
                if lots == 0 { return }
                let swap = pool!.trade(takerSide: order.side, lots: lots)
                if let position = vault {
                    vault = vaultAfter(
                        position, market: order.market, takerSide: order.side, lots: lots,
                        quoteAmount: swap.quoteAmount)
                }
                left.lots -= lots
            }
        }
        for maker in books[order.market][bookIndex(order.side.opposite)] {
            if !Self.crosses(side: order.side, ticks: order.ticks, makerTicks: maker.ticks) { break }
            takeFromPool(boundTicks: maker.ticks, inclusive: false)
            if maker.account == order.account {
                if order.selfTradePrevention == .cancelMaker { continue }
                return order.lots - left.lots
            }
            left.lots -= maker.lots
        }
        takeFromPool(boundTicks: order.ticks, inclusive: true)
        return order.lots - left.lots
    }

    /// Before each book order the pool may offer a chunk: strictly better than a crossing best level, else
    /// at least as good as the taker's price.
    func match(_ taker: inout Order) {
        let opposite = bookIndex(taker.side.opposite)
        while taker.lots > 0 {
            let best = books[taker.market][opposite].first
            let bestCrosses =
                best.map { Self.crosses(side: taker.side, ticks: taker.ticks, makerTicks: $0.ticks) }
                ?? false
            let bound = bestCrosses ? best!.ticks : taker.ticks
            let poolLots = routedPoolChunk(for: taker, boundTicks: bound, inclusive: !bestCrosses)
            if poolLots > 0 {
                tradeWithPool(taker: &taker, lots: poolLots)
                continue
            }
            guard bestCrosses, let maker = best else { return }
            if maker.account != taker.account {
                trade(taker: &taker, maker: maker)
                continue
            }
            switch taker.selfTradePrevention {
            case .cancelTaker:
                cancelTaker(&taker, lots: taker.lots, reason: .selfTrade)
            case .cancelMaker:
                cancelMaker(maker, lots: maker.lots)
            case .cancelBoth:
                cancelMaker(maker, lots: maker.lots)
                cancelTaker(&taker, lots: taker.lots, reason: .selfTrade)
            case .decrementBoth:
                let lots = min(taker.lots, maker.lots)
                cancelMaker(maker, lots: lots)
                cancelTaker(&taker, lots: lots, reason: .selfTrade)
            }
        }
    }

    /// A chunk with the pool: the taker pays (buy) or gets (sell) the chunk's quote and pays the taker fee on it.
    func tradeWithPool(taker: inout Order, lots: Int64) {
        let market = configuration.markets[taker.market]
        let swap = pools[taker.market]!.trade(takerSide: taker.side, lots: lots)
        let fee = Self.fee(notional: swap.quoteAmount, ppm: market.takerFeePPM)
        let index = accountIndex(taker.account)!
        if market.perpetual != nil {
            perpetualPoolFill(taker: taker, lots: lots, quoteAmount: swap.quoteAmount, fee: fee)
        } else {
            switch taker.side {
            case .buy:
                let reserved = lots * perLot(ticks: taker.ticks, market: market)
                accounts[index].reserved[market.quoteAsset] -= reserved
                accounts[index].available[market.quoteAsset] += reserved - swap.quoteAmount - fee
                accounts[index].available[market.baseAsset] += lots * market.lotSize
            case .sell:
                accounts[index].reserved[market.baseAsset] -= lots * market.lotSize
                accounts[index].available[market.quoteAsset] += swap.quoteAmount - fee
            }
        }
        accounts[accountIndex(configuration.feeAccount)!].available[market.quoteAsset] += fee
        taker.lots -= lots
        // The average price per lot in ticks, rounded in the pool's favour.
        let (amount, chunkValue) = (Int128(swap.quoteAmount), Int128(lots) * Int128(tickValue(market)))
        let ticks = Int64(taker.side == .buy ? Self.ceilDiv(amount, chunkValue) : Self.floorDiv(amount, chunkValue))
        lastTradeTicks[taker.market] = ticks
        emit(
            .poolFill(
                PoolFill(
                    tradeId: nextTradeId, orderId: taker.orderId, clientOrderId: taker.clientOrderId,
                    account: taker.account, market: taker.market, side: taker.side, price: ticks * market.tickSize,
                    quantity: lots * market.lotSize, quoteAmount: swap.quoteAmount, lpFee: swap.lpFee, fee: fee,
                    remaining: taker.lots * market.lotSize)))
        nextTradeId += 1
    }

    func trade(taker: inout Order, maker: Order) {
        let market = configuration.markets[taker.market]
        let lots = min(taker.lots, maker.lots)
        let notional = maker.ticks * lots * tickValue(market)
        let takerFee = Self.fee(notional: notional, ppm: market.takerFeePPM)
        let makerFee = Self.fee(notional: notional, ppm: market.makerFeePPM)
        settle(taker, lots: lots, notional: notional, fee: takerFee)
        settle(maker, lots: lots, notional: notional, fee: makerFee)
        accounts[accountIndex(configuration.feeAccount)!].available[market.quoteAsset] += takerFee + makerFee

        taker.lots -= lots
        let makerLeft = maker.lots - lots
        if makerLeft == 0 {
            removeFromBook(maker)
        } else {
            updateInBook(maker.orderId, market: maker.market, side: maker.side) { $0.lots = makerLeft }
        }
        lastTradeTicks[taker.market] = maker.ticks
        let tradeId = nextTradeId
        nextTradeId += 1
        for (order, liquidity, remaining, fee) in [
            (taker, Liquidity.taker, taker.lots, takerFee), (maker, Liquidity.maker, makerLeft, makerFee),
        ] {
            emit(
                .fill(
                    Fill(
                        tradeId: tradeId, orderId: order.orderId, clientOrderId: order.clientOrderId,
                        account: order.account, market: order.market, side: order.side, liquidity: liquidity,
                        price: maker.ticks * market.tickSize, quantity: lots * market.lotSize,
                        remaining: remaining * market.lotSize, fee: fee)))
        }
    }

    /// Moves one side of a trade of `lots` between the order's reservation and its owner's balances.
    func settle(_ order: Order, lots: Int64, notional: Int64, fee: Int64) {
        let market = configuration.markets[order.market]
        if market.perpetual != nil {
            perpetualFill(
                account: order.account, market: order.market, side: order.side, lots: lots, notional: notional,
                fee: fee)
            return
        }
        let index = accountIndex(order.account)!
        switch order.side {
        case .buy:
            let reserved = lots * perLot(ticks: order.ticks, market: market)
            accounts[index].reserved[market.quoteAsset] -= reserved
            accounts[index].available[market.quoteAsset] += reserved - notional - fee
            accounts[index].available[market.baseAsset] += lots * market.lotSize
        case .sell:
            accounts[index].reserved[market.baseAsset] -= lots * market.lotSize
            accounts[index].available[market.quoteAsset] += notional - fee
        }
    }

    /// Takes `lots` from an order that is not on the book (a taker) and releases their reservation.
    func cancelTaker(_ order: inout Order, lots: Int64, reason: CancelReason) {
        order.lots -= lots
        emitCanceled(order, canceledLots: lots, remainingLots: order.lots, reason: reason)
        release(order, lots: lots)
    }

    /// Takes `lots` from a resting order by self-trade prevention; it leaves the book when nothing is left.
    func cancelMaker(_ maker: Order, lots: Int64) {
        let left = maker.lots - lots
        if left == 0 {
            removeFromBook(maker)
        } else {
            updateInBook(maker.orderId, market: maker.market, side: maker.side) { $0.lots = left }
        }
        emitCanceled(maker, canceledLots: lots, remainingLots: left, reason: .selfTrade)
        release(maker, lots: lots)
    }

    /// Whether `pool` would trade one whole lot with the market's best resting bid or ask at that order's price.
    func poolCrossesBook(_ pool: ReferencePool?, market: Int) -> Bool {
        guard let pool else { return false }
        let tickValue = tickValue(configuration.markets[market])
        for side in Side.allCases {
            // The pool sells to the best bid as to a buying taker, and buys from the best ask.
            guard let best = books[market][bookIndex(side)].first else { continue }
            if pool.chunk(takerSide: side, pricePerLot: best.ticks * tickValue, inclusive: true, maxLots: 1) > 0 {
                return true
            }
        }
        return false
    }

    // MARK: - Book

    func bookIndex(_ side: Side) -> Int { side == .buy ? 0 : 1 }

    /// Puts an order at the back of its price level.
    func rest(_ order: Order) {
        let side = bookIndex(order.side)
        let isWorse: (Order) -> Bool = { order.side == .buy ? $0.ticks < order.ticks : $0.ticks > order.ticks }
        let position = books[order.market][side].firstIndex(where: isWorse) ?? books[order.market][side].count
        books[order.market][side].insert(order, at: position)
    }

    func removeFromBook(_ order: Order) {
        books[order.market][bookIndex(order.side)].removeAll { $0.orderId == order.orderId }
    }

    func updateInBook(_ orderId: UInt64, market: Int, side: Side, _ update: (inout Order) -> Void) {
        let index = books[market][bookIndex(side)].firstIndex { $0.orderId == orderId }!
        update(&books[market][bookIndex(side)][index])
    }

    /// The account's live order with that reference, searched without copying the books.
    func findOrder(account: UInt32, reference: OrderReference) -> Order? {
        for market in books.indices {
            for side in 0..<2 {
                for order in books[market][side] where order.account == account {
                    switch reference {
                    case .orderId(let id) where order.orderId == id: return order
                    case .clientOrderId(let id) where order.clientOrderId == id: return order
                    default: continue
                    }
                }
            }
        }
        return nil
    }

    // MARK: - Money

    func tickValue(_ market: MarketConfiguration) -> Int64 {
        var scale: Int64 = 1
        for _ in 0..<configuration.assets[market.baseAsset].decimals { scale *= 10 }
        return market.tickSize * market.lotSize / scale
    }

    func perLot(ticks: Int64, market: MarketConfiguration) -> Int64 {
        let notional = ticks * tickValue(market)
        let maxFee = max(market.takerFeePPM, market.makerFeePPM, 0)
        return notional + Int64(Self.ceilDiv(Int128(notional) * Int128(maxFee), Self.million))
    }

    func reservation(market: Int, side: Side, ticks: Int64, lots: Int64) -> (asset: Int, amount: Int64) {
        let configuration = configuration.markets[market]
        // Perpetual orders reserve nothing: margin replaces reservation.
        if configuration.perpetual != nil { return (configuration.quoteAsset, 0) }
        switch side {
        case .buy: return (configuration.quoteAsset, lots * perLot(ticks: ticks, market: configuration))
        case .sell: return (configuration.baseAsset, lots * configuration.lotSize)
        }
    }

    func release(_ order: Order, lots: Int64) {
        let (asset, amount) = reservation(market: order.market, side: order.side, ticks: order.ticks, lots: lots)
        let index = accountIndex(order.account)!
        accounts[index].reserved[asset] -= amount
        accounts[index].available[asset] += amount
    }

    /// Fees round up; rebates (negative rates) round down.
    static func fee(notional: Int64, ppm: Int64) -> Int64 {
        if ppm >= 0 { return Int64(ceilDiv(Int128(notional) * Int128(ppm), million)) }
        return -Int64(floorDiv(Int128(notional) * Int128(-ppm), million))
    }

    func referenceTicks(_ market: Int) -> Int64 {
        if lastTradeTicks[market] > 0 { return lastTradeTicks[market] }
        return configuration.markets[market].referencePrice / configuration.markets[market].tickSize
    }

    func marketOrderTicks(referenceTicks: Int64, side: Side, market: MarketConfiguration) -> Int64 {
        let reference = Int128(referenceTicks)
        let band = Int128(market.priceBandPPM)
        switch side {
        case .buy:
            let maxTicks = market.maxPrice / market.tickSize
            return min(Int64(Self.floorDiv(reference * (Self.million + band), Self.million)), maxTicks)
        case .sell:
            return max(Int64(Self.ceilDiv(reference * (Self.million - band), Self.million)), 1)
        }
    }

    static func floorDiv(_ a: Int128, _ b: Int128) -> Int128 {
        let quotient = a / b
        return a % b != 0 && a < 0 ? quotient - 1 : quotient
    }

    static func ceilDiv(_ a: Int128, _ b: Int128) -> Int128 {
        let quotient = a / b
        return a % b != 0 && a > 0 ? quotient + 1 : quotient
    }

    // MARK: - Accounts and events

    func accountIndex(_ id: UInt32) -> Int? { accounts.firstIndex { $0.id == id } }

    func openAccount(_ id: UInt32, selfTradePrevention: SelfTradePrevention) {
        let zeros = Array(repeating: Int64(0), count: configuration.assets.count)
        let account = Account(id: id, selfTradePrevention: selfTradePrevention, available: zeros, reserved: zeros)
        accounts.insert(account, at: accounts.firstIndex { $0.id > id } ?? accounts.count)
    }

    func emit(_ body: EventBody) {
        events.append(Event(sequence: nextSequence, timestamp: timestamp, body: body))
        nextSequence += 1
    }

    func emitCanceled(_ order: Order, canceledLots: Int64, remainingLots: Int64, reason: CancelReason) {
        let lotSize = configuration.markets[order.market].lotSize
        emit(
            .canceled(
                OrderCanceled(
                    orderId: order.orderId, clientOrderId: order.clientOrderId, account: order.account,
                    market: order.market, side: order.side, canceledQuantity: canceledLots * lotSize,
                    remaining: remainingLots * lotSize, reason: reason)))
    }

    /// One `balance` event per (account, asset) that changed, in ascending (account, asset) order.
    func emitBalanceChanges(since before: [Account]) {
        for account in accounts {
            let old = before.first { $0.id == account.id }
            for asset in configuration.assets.indices {
                let available = account.available[asset]
                let reserved = account.reserved[asset]
                if available != (old?.available[asset] ?? 0) || reserved != (old?.reserved[asset] ?? 0) {
                    emit(
                        .balance(
                            BalanceUpdate(
                                account: account.id, asset: asset, available: available,
                                reserved: reserved)))
                }
            }
        }
    }
}
