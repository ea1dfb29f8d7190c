import TandemAMM

extension Engine {
    /// Trades the taker against the combined book, best price first, while it crosses.
    ///
    /// Before each book order the pool gets the first say: it trades while its next whole lot is strictly
    /// better than the best level (or, with no crossing level, within the taker's limit). At an equal
    /// price the resting orders go first: they were there before the pool's price reached them.
    func match(_ taker: inout Taker) {
        let book = books[taker.market]
        let opposite = taker.side.opposite
        let hasPool = hasPool[taker.market] && taker.usePool
        let isPerpetual = rules[taker.market].isPerpetual
        while taker.lots > 0 {
            let best = book.bestLevel(opposite)
            let levelTicks = best == OrderStore.none ? 0 : book.level(best).pointee.ticks
            let crosses =
                best != OrderStore.none && (taker.side == .buy ? levelTicks <= taker.ticks : levelTicks >= taker.ticks)
            let boundTicks = crosses ? levelTicks : taker.ticks
            if hasPool && poolReach[taker.market].reaches(side: taker.side, ticks: boundTicks) {
                let curve = pools[taker.market]!.curve
                var lots = poolChunk(
                    curve, market: taker.market, side: taker.side, maxLots: taker.lots, boundTicks: boundTicks,
                    inclusive: !crosses)
                if isPerpetual && lots > 0 {
                    lots = vaultBound(
                        curve, market: taker.market, side: taker.side, lots: lots, vault: vaultState(market: taker.market))
                }
                if lots > 0 {
                    tradeWithPool(&taker, lots: lots)
                    continue
                }
            }
            guard crosses else { return }
            let maker = book.level(best).pointee.head
            if orders[maker].account == taker.account {
                guard preventSelfTrade(&taker, maker: maker) else { return }
            } else {
                trade(&taker, maker: maker, book: book)
            }
        }
    }

    /// Whether a fill-or-kill taker would fill in full: a dry run of `match` on a copy of the pool, with own
    /// orders skipped under `cancel_maker` and ending the walk under any other mode.
    func canFill(_ taker: Taker) -> Bool {
        if rules[taker.market].isPerpetual {
            let preview = previewWalk(taker)
            return !preview.metOwnOrder && preview.filledLots == taker.lots
        }
        let book = books[taker.market]
        let side = book.side(taker.side.opposite)
        var dryRun = taker
        var curve = pools[taker.market]?.curve
        for rank in 0..<side.count {
            let level = book.level(side.level(rank: rank)).pointee
            guard taker.side == .buy ? level.ticks <= taker.ticks : level.ticks >= taker.ticks else { break }
            takeFromPool(&curve, &dryRun, boundTicks: level.ticks, inclusive: false)
            var slot = level.head
            while slot != OrderStore.none && dryRun.lots > 0 {
                let order = orders[slot]
                if order.account != taker.account {
                    dryRun.lots -= min(order.lots, dryRun.lots)
                } else if taker.selfTrade != .cancelMaker {
                    return false
                }
                slot = order.next
            }
            if dryRun.lots == 0 { return true }
        }
        takeFromPool(&curve, &dryRun, boundTicks: taker.ticks, inclusive: true)
        return dryRun.lots == 0
    }

    /// The dry run's pool step: chunks until the pool has nothing better than the bound.
    private func takeFromPool(
        _ curve: inout ConstantProductPool?, _ taker: inout Taker, boundTicks: Int64, inclusive: Bool
    ) {
        guard var pool = curve else { return }
        while taker.lots > 0 {
            let lots = poolChunk(
                pool, market: taker.market, side: taker.side, maxLots: taker.lots, boundTicks: boundTicks,
                inclusive: inclusive)
            guard lots > 0 else { break }
            if taker.side == .buy { _ = pool.buy(lots: lots) } else { _ = pool.sell(lots: lots) }
            taker.lots -= lots
        }
        curve = pool
    }

    /// One trade at the maker's price: settlement, the two fills, the maker leaving when it is done.
    private func trade(_ taker: inout Taker, maker slot: Int32, book: OrderBook) {
        let rules = rules[taker.market]
        let maker = orders.pointer(slot)
        let lots = min(taker.lots, maker.pointee.lots)
        let ticks = maker.pointee.ticks
        let notional = ticks * lots * rules.tickValue
        let takerFee = rules.takerFee(notional: notional)
        let makerFee = rules.makerFee(notional: notional)
        taker.lots -= lots
        maker.pointee.lots -= lots
        book.reduce(levelOf: maker.pointee, by: lots)
        let makerOrder = maker.pointee
        if rules.isPerpetual {
            let bought = taker.side == .buy ? lots : -lots
            settlePerpetualFill(
                market: taker.market, account: taker.account, lots: bought, notional: notional, fee: takerFee)
            settlePerpetualFill(
                market: taker.market, account: makerOrder.account, lots: -bought, notional: notional, fee: makerFee)
            adjustRestingLots(market: taker.market, account: makerOrder.account, side: makerOrder.side, by: -lots)
        } else if taker.side == .buy {
            settle(
                buyer: taker.account, buyerTicks: taker.ticks, buyerFee: takerFee,
                seller: makerOrder.account, sellerFee: makerFee, lots: lots, notional: notional, rules: rules)
        } else {
            settle(
                buyer: makerOrder.account, buyerTicks: makerOrder.ticks, buyerFee: makerFee,
                seller: taker.account, sellerFee: takerFee, lots: lots, notional: notional, rules: rules)
        }
        credit(configuration.feeAccount, rules.quoteAsset, takerFee + makerFee)
        let tradeId = nextTradeId
        nextTradeId += 1
        lastTradeTicks[taker.market] = ticks
        let price = ticks * rules.tickSize
        let quantity = lots * rules.lotSize
        emit(
            .fill(
                Fill(
                    tradeId: tradeId, orderId: taker.orderId, clientOrderId: taker.clientOrderId,
                    account: taker.account, market: taker.market, side: taker.side, liquidity: .taker, price: price,
                    quantity: quantity, remaining: taker.lots * rules.lotSize, fee: takerFee)))
        emit(
            .fill(
                Fill(
                    tradeId: tradeId, orderId: makerOrder.orderId, clientOrderId: makerOrder.clientOrderId,
                    account: makerOrder.account, market: taker.market, side: makerOrder.side, liquidity: .maker,
                    price: price, quantity: quantity, remaining: makerOrder.lots * rules.lotSize, fee: makerFee)))
        if makerOrder.lots == 0 { retire(slot) }
    }

    /// Moves the money of one trade: the buyer's reservation pays notional and fee, the seller's base goes over.
    @inline(__always) private func settle(
        buyer: UInt32, buyerTicks: Int64, buyerFee: Int64, seller: UInt32, sellerFee: Int64,
        lots: Int64, notional: Int64, rules: MarketRules
    ) {
        let buyerReserved = lots * rules.quotePerLot(ticks: buyerTicks)
        release(buyer, rules.quoteAsset, buyerReserved, plus: -notional - buyerFee)
        credit(buyer, rules.baseAsset, lots * rules.lotSize)
        release(seller, rules.baseAsset, lots * rules.lotSize, plus: -lots * rules.lotSize)
        credit(seller, rules.quoteAsset, notional - sellerFee)
    }

    /// Applies the taker's self-trade prevention against its own resting order; false ends matching.
    private func preventSelfTrade(_ taker: inout Taker, maker: Int32) -> Bool {
        switch taker.selfTrade {
        case .cancelTaker:
            reduceTaker(&taker, by: taker.lots, reason: .selfTrade)
            return false
        case .cancelMaker:
            reduceResting(maker, by: orders[maker].lots, reason: .selfTrade)
            return true
        case .cancelBoth:
            reduceResting(maker, by: orders[maker].lots, reason: .selfTrade)
            reduceTaker(&taker, by: taker.lots, reason: .selfTrade)
            return false
        case .decrementBoth:
            let lots = min(taker.lots, orders[maker].lots)
            reduceResting(maker, by: lots, reason: .selfTrade)
            reduceTaker(&taker, by: lots, reason: .selfTrade)
            return true
        }
    }
}
