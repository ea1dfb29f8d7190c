import TandemAMM

extension Engine {
    /// The perpetual checks of a new order or a replace that loses priority, after the spot checks: the mark,
    /// reduce-only, then the margin rule on the previewed state after the walk. Returns the collateral to move
    /// in from the account's available quote.
    func checkMargin(
        _ taker: Taker, timeInForce: TimeInForce, reduceOnly: Bool, replacedLots: Int64 = 0
    ) throws(RejectReason) -> Int64 {
        let perpetual = perpetuals + taker.market
        let mark = perpetual.pointee.markTicks
        guard mark > 0 else { throw .noMarkPrice }
        let before = heldPosition(market: taker.market, account: taker.account)
        if reduceOnly {
            let fits = taker.side == .buy ? before.size <= -taker.lots : before.size >= taker.lots
            guard fits else { throw .reduceOnlyWouldIncrease }
        }
        guard wouldTake(market: taker.market, side: taker.side, ticks: taker.ticks, lots: taker.lots) else {
            // It only rests (or, immediate, changes nothing): the same rule with nothing filled.
            guard timeInForce == .gtc && taker.lots > replacedLots else { return 0 }
            return try restingMargin(taker, before: before, replacedLots: replacedLots)
        }
        let preview = previewPerpetual(taker, timeInForce: timeInForce)
        let rules = rules[taker.market]
        let configuration = perpetual.pointee.configuration
        let tickValue = rules.tickValue
        let resting = timeInForce == .gtc && !preview.stoppedAtOwnOrder ? preview.leftLots : 0
        let signedFill = taker.side == .buy ? preview.filledLots : -preview.filledLots
        let signedNotional = taker.side == .buy ? preview.notional : -preview.notional
        let equityBefore = Margin.equity(before, mark: mark, tickValue: tickValue)
        let equityAfter =
            equityBefore + Margin.notional(lots: signedFill, ticks: mark, tickValue: tickValue) - signedNotional
            - preview.fees
        var bids = before.bids
        var asks = before.asks
        if taker.side == .buy {
            bids += resting - replacedLots
            asks -= preview.canceledOwnLots
        } else {
            asks += resting - replacedLots
            bids -= preview.canceledOwnLots
        }
        let sizeAfter = before.size + signedFill
        let initialBefore = Margin.initialRequirement(
            size: before.size, bids: before.bids, asks: before.asks, mark: mark, tickValue: tickValue,
            ppm: configuration.initialMarginPPM)
        let initialAfter = Margin.initialRequirement(
            size: sizeAfter, bids: bids, asks: asks, mark: mark, tickValue: tickValue,
            ppm: configuration.initialMarginPPM)
        let maintenanceBefore = Margin.requirement(
            lots: Int64(before.size.magnitude), mark: mark, tickValue: tickValue,
            ppm: configuration.maintenanceMarginPPM)
        let maintenanceAfter = Margin.requirement(
            lots: Int64(sizeAfter.magnitude), mark: mark, tickValue: tickValue,
            ppm: configuration.maintenanceMarginPPM)
        let remainderFee = Margin.requirement(
            lots: resting, mark: taker.ticks, tickValue: tickValue, ppm: rules.reserveFeePPM)
        let reducesRisk =
            initialAfter <= initialBefore && maintenanceAfter <= maintenanceBefore && equityAfter >= remainderFee
            && (maintenanceAfter == 0 || equityAfter * maintenanceBefore >= equityBefore * maintenanceAfter)
        if reducesRisk { return 0 }
        return try shortfall(initialAfter + remainderFee - equityAfter, account: taker.account, market: taker.market)
    }

    /// `checkMargin` for an order that takes nothing and adds resting lots: only the initial requirement moves.
    private func restingMargin(_ taker: Taker, before: Position, replacedLots: Int64) throws(RejectReason) -> Int64 {
        let perpetual = perpetuals + taker.market
        let mark = perpetual.pointee.markTicks
        let rules = rules[taker.market]
        let added = taker.lots - replacedLots
        let ppm = perpetual.pointee.configuration.initialMarginPPM
        let initialBefore = Margin.initialRequirement(
            size: before.size, bids: before.bids, asks: before.asks, mark: mark, tickValue: rules.tickValue, ppm: ppm)
        let initialAfter = Margin.initialRequirement(
            size: before.size, bids: before.bids + (taker.side == .buy ? added : 0),
            asks: before.asks + (taker.side == .sell ? added : 0), mark: mark, tickValue: rules.tickValue, ppm: ppm)
        let equity = Margin.equity(before, mark: mark, tickValue: rules.tickValue)
        let remainderFee = Margin.requirement(
            lots: taker.lots, mark: taker.ticks, tickValue: rules.tickValue, ppm: rules.reserveFeePPM)
        if initialAfter <= initialBefore && equity >= remainderFee { return 0 }
        return try shortfall(initialAfter + remainderFee - equity, account: taker.account, market: taker.market)
    }

    /// The collateral to move in for a shortfall, if the account's available quote covers it.
    private func shortfall(_ amount: Int128, account: UInt32, market: Int) throws(RejectReason) -> Int64 {
        guard amount > 0 else { return 0 }
        guard amount <= Int128(available(account, rules[market].quoteAsset)) else { throw .insufficientMargin }
        return Int64(amount)
    }

    /// Moves a checked order's margin shortfall from the account's available quote into its position.
    func topUp(_ amount: Int64, market: Int, account: UInt32) {
        guard amount > 0 else { return }
        credit(account, rules[market].quoteAsset, -amount)
        addCollateral(market: market, account: account, amount)
    }

    /// The walk `execute` would make on a perpetual market, with post-only and fill-or-kill gates applied.
    func previewPerpetual(_ taker: Taker, timeInForce: TimeInForce) -> WalkPreview {
        if taker.postOnly {
            let takes = wouldTake(market: taker.market, side: taker.side, ticks: taker.ticks, lots: taker.lots)
            return takes ? WalkPreview() : WalkPreview(leftLots: taker.lots)
        }
        let preview = previewWalk(taker)
        if timeInForce == .fok && (preview.metOwnOrder || preview.filledLots < taker.lots) { return WalkPreview() }
        return preview
    }

    /// A dry run of `match` on a perpetual market: the book read in priority order, the pool and the vault on
    /// copies.
    func previewWalk(_ taker: Taker) -> WalkPreview {
        let market = taker.market
        let book = books[market]
        let side = book.side(taker.side.opposite)
        let tickValue = rules[market].tickValue
        var preview = WalkPreview(leftLots: taker.lots)
        var curve = hasPool[market] && taker.usePool ? pools[market]?.curve : nil
        var vault = vaultState(market: market)
        for rank in 0..<side.count {
            let level = book.level(side.level(rank: rank)).pointee
            guard taker.side == .buy ? level.ticks <= taker.ticks : level.ticks >= taker.ticks else { break }
            previewPool(&curve, &vault, &preview, taker, boundTicks: level.ticks, inclusive: false)
            var slot = level.head
            while slot != OrderStore.none && preview.leftLots > 0 {
                let order = orders[slot]
                slot = order.next
                guard order.account == taker.account else {
                    let lots = min(preview.leftLots, order.lots)
                    let notional = lots * level.ticks * tickValue
                    preview.filledLots += lots
                    preview.notional += Int128(notional)
                    preview.fees += Int128(rules[market].takerFee(notional: notional))
                    preview.leftLots -= lots
                    continue
                }
                switch taker.selfTrade {
                case .cancelMaker:
                    preview.canceledOwnLots += order.lots
                    continue
                case .decrementBoth:
                    let lots = min(preview.leftLots, order.lots)
                    preview.canceledOwnLots += lots
                    preview.leftLots -= lots
                case .cancelBoth:
                    preview.canceledOwnLots += order.lots
                    fallthrough
                case .cancelTaker:
                    preview.metOwnOrder = true
                    preview.stoppedAtOwnOrder = true
                    return preview
                }
                preview.metOwnOrder = true
            }
            if preview.leftLots == 0 { return preview }
        }
        previewPool(&curve, &vault, &preview, taker, boundTicks: taker.ticks, inclusive: true)
        return preview
    }

    private func previewPool(
        _ curve: inout ConstantProductPool?, _ vault: inout VaultState, _ preview: inout WalkPreview, _ taker: Taker,
        boundTicks: Int64, inclusive: Bool
    ) {
        guard var pool = curve else { return }
        while preview.leftLots > 0 {
            var lots = poolChunk(
                pool, market: taker.market, side: taker.side, maxLots: preview.leftLots, boundTicks: boundTicks,
                inclusive: inclusive)
            if lots > 0 { lots = vaultBound(pool, market: taker.market, side: taker.side, lots: lots, vault: vault) }
            guard lots > 0 else { break }
            let quote: Int64
            if taker.side == .buy {
                let cost = pool.buy(lots: lots)
                quote = cost.netIn + cost.fee
            } else {
                quote = pool.sell(lots: lots).out
            }
            moveVault(&vault, market: taker.market, takerSide: taker.side, lots: lots, quote: quote)
            preview.filledLots += lots
            preview.notional += Int128(quote)
            preview.fees += Int128(rules[taker.market].takerFee(notional: quote))
            preview.leftLots -= lots
        }
        curve = pool
    }

    /// The vault's position and equity at the mark.
    func vaultState(market: Int) -> VaultState {
        let perpetual = perpetuals + market
        let vault = heldPosition(market: market, account: perpetual.pointee.configuration.vaultAccount)
        return VaultState(
            size: vault.size,
            equity: Margin.equity(vault, mark: perpetual.pointee.markTicks, tickValue: rules[market].tickValue))
    }

    /// The vault after it traded `lots` opposite a taker of `takerSide` for `quote`.
    func moveVault(_ vault: inout VaultState, market: Int, takerSide: Side, lots: Int64, quote: Int64) {
        let value = Margin.notional(
            lots: lots, ticks: (perpetuals + market).pointee.markTicks, tickValue: rules[market].tickValue)
        if takerSide == .buy {
            vault.size -= lots
            vault.equity += Int128(quote) - value
        } else {
            vault.size += lots
            vault.equity += value - Int128(quote)
        }
    }

    /// The largest part of a pool chunk of `lots` the vault can take and stay margined: it either reduces its
    /// position without changing side, or keeps its equity at or above its initial requirement.
    func vaultBound(_ curve: ConstantProductPool, market: Int, side: Side, lots: Int64, vault: VaultState) -> Int64 {
        let perpetual = perpetuals + market
        let mark = perpetual.pointee.markTicks
        let tickValue = rules[market].tickValue
        func allowed(_ lots: Int64) -> Bool {
            let quote: Int64
            if side == .buy {
                guard let cost = curve.buyCost(lots: lots) else { return false }
                quote = cost.netIn + cost.fee
            } else {
                guard let proceeds = curve.sellProceeds(lots: lots) else { return false }
                quote = proceeds.out
            }
            var after = vault
            moveVault(&after, market: market, takerSide: side, lots: lots, quote: quote)
            let reduces =
                vault.size > 0 ? after.size >= 0 && after.size < vault.size : after.size <= 0 && after.size > vault.size
            if vault.size != 0 && reduces { return true }
            let required = Margin.requirement(
                lots: Int64(after.size.magnitude), mark: mark, tickValue: tickValue,
                ppm: perpetual.pointee.configuration.initialMarginPPM)
            return after.equity >= required
        }
        guard !allowed(lots) else { return lots }
        var good: Int64 = 0
        var bad = lots
        while bad - good > 1 {
            let middle = good + (bad - good) / 2
            if allowed(middle) { good = middle } else { bad = middle }
        }
        return good
    }
}
