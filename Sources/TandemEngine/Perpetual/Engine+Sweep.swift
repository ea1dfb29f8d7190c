extension Engine {
    /// Ends a command on an engine with perpetual markets: each market's sweep, then flat positions settled and
    /// the position updates. A command that changed no position, no index and no perpetual order moved no
    /// mark, so it has nothing to do.
    func finishPerpetualCommand() {
        guard positionLog.count > 0 || markInputsChanged || !unpaidPositions.isEmpty else { return }
        markInputsChanged = false
        for market in perpetualMarkets { sweep(market) }
        settleTouchedPositions()
    }

    /// Liquidates, then margin-calls, positions past their thresholds at the refreshed mark until none is left.
    private func sweep(_ market: Int) {
        let perpetual = perpetuals + market
        while true {
            rekeyChangedPositions()
            let mark = refreshMark(market)
            guard mark > 0 else { return }
            // An entry may be stale on the safe side (a collateral top-up does not move it): it fires early, and
            // is then re-keyed instead of acted on.
            if let top = perpetual.pointee.longLiquidations.top, top.trigger >= mark {
                actOnLiquidation(market: market, entry: top)
            } else if let top = perpetual.pointee.shortLiquidations.top, top.trigger >= -mark {
                actOnLiquidation(market: market, entry: top)
            } else if let top = perpetual.pointee.longCalls.top, top.trigger >= mark {
                actOnCall(market: market, entry: top)
            } else if let top = perpetual.pointee.shortCalls.top, top.trigger >= -mark {
                actOnCall(market: market, entry: top)
            } else {
                return
            }
        }
    }

    /// Liquidates the heap's top position, unless its entry is stale: then the entry is corrected and the sweep
    /// looks again, so that the position with the highest true threshold goes first.
    private func actOnLiquidation(market: Int, entry: TriggerHeap.Entry) {
        let perpetual = perpetuals + market
        let position = perpetual.pointee.positions[entry.slot]
        if entry.trigger == trigger(position, ppm: perpetual.pointee.configuration.maintenanceMarginPPM, market: market)
        {
            liquidate(market: market, account: position.account)
        } else {
            rekey(market: market, account: position.account, rearm: false)
        }
    }

    /// Margin-calls the heap's top position, unless its entry is stale (as for liquidations).
    private func actOnCall(market: Int, entry: TriggerHeap.Entry) {
        let perpetual = perpetuals + market
        let position = perpetual.pointee.positions[entry.slot]
        if entry.trigger == trigger(position, ppm: perpetual.pointee.configuration.marginCallPPM, market: market) {
            marginCall(market: market, account: position.account)
        } else {
            rekey(market: market, account: position.account, rearm: false)
        }
    }

    private func marginCall(market: Int, account: UInt32) {
        let perpetual = perpetuals + market
        let slot = perpetual.pointee.slot(of: account)
        let position = perpetual.pointee.positions[slot]
        let requirements = requirements(position, market: market)
        emit(
            .marginCall(
                MarginCall(
                    account: account, market: market, equity: Margin.clamped(requirements.equity),
                    initialRequirement: Margin.clamped(requirements.initial),
                    maintenanceRequirement: Margin.clamped(requirements.maintenance))))
        cancelOrders(account: account, market: market, reason: .marginCall)
        perpetual.pointee.pointer(slot).pointee.called = true
        perpetual.pointee.longCalls.remove(slot: slot)
        perpetual.pointee.shortCalls.remove(slot: slot)
    }

    /// Equity, initial and maintenance requirements of a position at its market's current mark.
    func requirements(_ position: Position, market: Int) -> (equity: Int128, initial: Int128, maintenance: Int128) {
        let perpetual = perpetuals + market
        let mark = perpetual.pointee.markTicks
        let tickValue = rules[market].tickValue
        return (
            Margin.equity(position, mark: mark, tickValue: tickValue),
            Margin.initialRequirement(
                size: position.size, bids: position.bids, asks: position.asks, mark: mark, tickValue: tickValue,
                ppm: perpetual.pointee.configuration.initialMarginPPM),
            Margin.requirement(
                lots: Int64(position.size.magnitude), mark: mark, tickValue: tickValue,
                ppm: perpetual.pointee.configuration.maintenanceMarginPPM)
        )
    }

    /// Cancels the account's resting orders in one market, ascending order id.
    func cancelOrders(account: UInt32, market: Int, reason: CancelReason) {
        var slot = accounts.firstOrder[Int(account)]
        while slot != OrderStore.none {
            let current = slot
            let order = orders[current]
            slot = order.accountNext
            if Int(order.market) == market { reduceResting(current, by: order.lots, reason: reason) }
        }
    }

    /// The insurance fund pays what it can of a position's negative collateral; returns the amount.
    func payFromInsurance(market: Int, account: UInt32) -> Int64 {
        let fund = configuration.insuranceFundAccount
        let quote = rules[market].quoteAsset
        let owed = -heldPosition(market: market, account: account).collateral
        let paid = min(owed, max(available(fund, quote), 0))
        guard paid > 0 else { return 0 }
        credit(fund, quote, -paid)
        addCollateral(market: market, account: account, paid)
        emit(
            .insuranceFund(
                InsuranceFundUpdate(account: account, market: market, amount: -paid, balance: available(fund, quote))))
        return paid
    }

    /// Returns the collateral of flat positions without resting orders, then reports every changed position.
    private func settleTouchedPositions() {
        for unpaid in unpaidPositions {
            let position = (perpetuals + unpaid.market).pointee.pointer(unpaid.slot)
            positionLog.willChange(position, market: unpaid.market, slot: unpaid.slot)
        }
        unpaidPositions.removeAll()
        guard positionLog.count > 0 else { return }
        positionLog.sort()
        for index in 0..<positionLog.count {
            let entry = positionLog.entries[index]
            let perpetual = perpetuals + Int(entry.market)
            let position = perpetual.pointee.pointer(entry.slot)
            guard position.pointee.size == 0, position.pointee.bids == 0, position.pointee.asks == 0,
                entry.account != perpetual.pointee.configuration.vaultAccount
            else { continue }
            if position.pointee.collateral < 0 {
                _ = payFromInsurance(market: Int(entry.market), account: entry.account)
                if position.pointee.collateral < 0 { unpaidPositions.append((Int(entry.market), entry.slot)) }
            }
            let collateral = position.pointee.collateral
            if collateral > 0 {
                position.pointee.collateral = 0
                credit(entry.account, rules[Int(entry.market)].quoteAsset, collateral)
            }
        }
        for index in 0..<positionLog.count {
            let entry = positionLog.entries[index]
            let position = (perpetuals + Int(entry.market)).pointee.positions[entry.slot]
            guard position.size != entry.size || position.cost != entry.cost || position.collateral != entry.collateral
            else { continue }
            emit(.positionUpdate(positionUpdate(position, market: Int(entry.market))))
        }
    }

    func positionUpdate(_ position: Position, market: Int) -> PositionUpdate {
        let rules = rules[market]
        let entryPrice =
            position.size == 0
            ? 0
            : Int64(
                Int128(position.cost.magnitude) * Int128(rules.tickSize)
                    / (Int128(position.size.magnitude) * Int128(rules.tickValue)))
        return PositionUpdate(
            account: position.account, market: market, size: position.size * rules.lotSize, entryPrice: entryPrice,
            collateral: position.collateral)
    }
}
