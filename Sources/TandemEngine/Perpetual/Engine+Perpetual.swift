extension Engine {
    /// Recomputes a perpetual market's mark: the median of the base (index, else the reference price), the
    /// combined best bid and the combined best ask, a missing side counting as the base.
    @discardableResult func refreshMark(_ market: Int) -> Int64 {
        let perpetual = perpetuals + market
        let base = perpetual.pointee.indexTicks > 0 ? perpetual.pointee.indexTicks : referenceTicks(market: market)
        let book = books[market]
        let bestBid = book.bestLevel(.buy)
        let bestAsk = book.bestLevel(.sell)
        var bid = bestBid == OrderStore.none ? 0 : book.level(bestBid).pointee.ticks
        var ask = bestAsk == OrderStore.none ? Int64.max : book.level(bestAsk).pointee.ticks
        if hasPool[market] {
            bid = max(bid, poolReach[market].highestSellTicks)
            ask = min(ask, poolReach[market].lowestBuyTicks)
        }
        if bid == 0 { bid = base }
        if ask == .max { ask = base }
        let mark = max(min(base, bid), min(max(base, bid), ask))
        perpetual.pointee.markTicks = mark
        return mark
    }

    /// The position's slot, logged for this command's position updates: call before changing it.
    @inline(__always) func touchPosition(market: Int, account: UInt32) -> UnsafeMutablePointer<Position> {
        let perpetual = perpetuals + market
        let slot = perpetual.pointee.slotCreating(account)
        let position = perpetual.pointee.pointer(slot)
        positionLog.willChange(position, market: market, slot: slot)
        return position
    }

    /// Moves a fill of `lots` (signed: positive buys) at `notional` into a position; realised PnL and the fee
    /// (negative: a rebate) settle into its collateral.
    func settlePerpetualFill(market: Int, account: UInt32, lots: Int64, notional: Int64, fee: Int64) {
        let position = touchPosition(market: market, account: account)
        let oldSize = position.pointee.size
        let newSize = oldSize + lots
        let unsplitCost = position.pointee.cost + (lots > 0 ? notional : -notional)
        let newCost: Int64
        if newSize == 0 {
            newCost = 0
        } else if oldSize == 0 || (oldSize > 0) == (lots > 0) {
            newCost = unsplitCost
        } else if (newSize > 0) == (oldSize > 0) {
            // Reduced: the rest keeps its share of the entry value.
            newCost = Int64(Int128(position.pointee.cost) * Int128(newSize) / Int128(oldSize))
        } else {
            // Flipped: the new side's entry value is its share of this fill.
            let opened = Int128(notional) * Int128(newSize.magnitude) / Int128(lots.magnitude)
            newCost = Int64(newSize > 0 ? opened : -opened)
        }
        position.pointee.size = newSize
        position.pointee.collateral += newCost - unsplitCost - fee
        position.pointee.cost = newCost
        positionLog.noteChange(position, market: market, slot: (perpetuals + market).pointee.slot(of: account))
    }

    /// Moves collateral into (or, negative, out of) a position.
    func addCollateral(market: Int, account: UInt32, _ amount: Int64) {
        let position = touchPosition(market: market, account: account)
        position.pointee.collateral += amount
        // More collateral only moves the thresholds away from the mark: the heap entries may stay, stale on the
        // safe side (the sweep re-keys an entry that fires early), unless a margin call must be re-armed.
        if amount < 0 || position.pointee.called {
            positionLog.noteChange(position, market: market, slot: (perpetuals + market).pointee.slot(of: account))
        }
    }

    /// Moves the heap entries of every position changed since the last call: once per position, however many
    /// fills it had, and before the sweep reads the heaps.
    func rekeyChangedPositions() {
        for index in 0..<positionLog.changedCount {
            let (market, slot) = positionLog.changed[index]
            let perpetual = perpetuals + Int(market)
            perpetual.pointee.pointer(slot).pointee.needsRekey = false
            rekey(market: Int(market), account: perpetual.pointee.positions[slot].account)
        }
        positionLog.clearChanged()
    }

    /// Adds `lots` (negative: removes) to the account's resting lots on `side` of a perpetual market.
    @inline(__always) func adjustRestingLots(market: Int, account: UInt32, side: Side, by lots: Int64) {
        let perpetual = perpetuals + market
        let slot = perpetual.pointee.slotCreating(account)
        let position = perpetual.pointee.pointer(slot)
        if side == .buy { position.pointee.bids += lots } else { position.pointee.asks += lots }
        markInputsChanged = true
        // Only a position left flat without orders has anything to settle (its collateral goes back).
        if position.pointee.size == 0 && position.pointee.bids == 0 && position.pointee.asks == 0 {
            positionLog.willChange(position, market: market, slot: slot)
        }
    }

    /// Recomputes a position's thresholds and moves its heap entries; a change (`rearm`) also re-arms its
    /// margin call, while correcting an entry left stale by a top-up does not.
    func rekey(market: Int, account: UInt32, rearm: Bool = true) {
        let perpetual = perpetuals + market
        let slot = perpetual.pointee.slot(of: account)
        let position = perpetual.pointee.pointer(slot)
        if rearm { position.pointee.called = false }
        let armed = !position.pointee.called
        let size = position.pointee.size
        if size <= 0 {
            perpetual.pointee.longLiquidations.remove(slot: slot)
            perpetual.pointee.longCalls.remove(slot: slot)
        }
        if size >= 0 {
            perpetual.pointee.shortLiquidations.remove(slot: slot)
            perpetual.pointee.shortCalls.remove(slot: slot)
        }
        guard size != 0 else { return }
        let configuration = perpetual.pointee.configuration
        let liquidation = threshold(position.pointee, ppm: configuration.maintenanceMarginPPM, market: market)
        let call = threshold(position.pointee, ppm: configuration.marginCallPPM, market: market)
        if size > 0 {
            perpetual.pointee.longLiquidations.update(slot: slot, trigger: liquidation, account: account)
            if armed { perpetual.pointee.longCalls.update(slot: slot, trigger: call, account: account) }
        } else {
            perpetual.pointee.shortLiquidations.update(slot: slot, trigger: -liquidation, account: account)
            if armed { perpetual.pointee.shortCalls.update(slot: slot, trigger: -call, account: account) }
        }
    }

    /// A position's heap trigger for a fraction: its threshold, negated for a short.
    func trigger(_ position: Position, ppm: Int64, market: Int) -> Int64 {
        let threshold = threshold(position, ppm: ppm, market: market)
        return position.size > 0 ? threshold : -threshold
    }

    private func threshold(_ position: Position, ppm: Int64, market: Int) -> Int64 {
        Margin.threshold(
            size: position.size, cost: position.cost, collateral: position.collateral, ppm: ppm,
            tickValue: rules[market].tickValue, cap: rules[market].maxTicks)
    }

    /// A position's state, or a flat one.
    func heldPosition(market: Int, account: UInt32) -> Position {
        let perpetual = perpetuals + market
        let slot = perpetual.pointee.slot(of: account)
        return slot < 0 ? Position(account: account) : perpetual.pointee.positions[slot]
    }
}
