extension Engine {
    /// Liquidates a position below maintenance: its orders canceled, reduce-only IOC orders through the combined
    /// book bounded near the bankruptcy price, auto-deleveraging for what they cannot close, the insurance fund
    /// for a negative collateral.
    func liquidate(market: Int, account: UInt32) {
        let perpetual = perpetuals + market
        let rules = rules[market]
        let slot = perpetual.pointee.slot(of: account)
        let start = perpetual.pointee.positions[slot]
        let requirements = requirements(start, market: market)
        emit(
            .liquidationStarted(
                LiquidationStarted(
                    account: account, market: market, size: start.size * rules.lotSize,
                    markPrice: perpetual.pointee.markTicks * rules.tickSize,
                    equity: Margin.clamped(requirements.equity),
                    maintenanceRequirement: Margin.clamped(requirements.maintenance))))
        cancelOrders(account: account, market: market, reason: .liquidation)
        var budget = Int128(max(available(configuration.insuranceFundAccount, rules.quoteAsset), 0))
        while isLiquidatable(market: market, slot: slot) {
            let position = perpetual.pointee.positions[slot]
            let lots = lotsToClose(position, market: market)
            let bankruptcy = bankruptcyTicks(position, market: market)
            let shift = min(
                Int128(bankruptcy) * Int128(perpetual.pointee.configuration.liquidationSpreadPPM) / Margin.million,
                budget / (Int128(lots) * Int128(rules.tickValue)))
            let side: Side = position.size > 0 ? .sell : .buy
            let bound =
                side == .sell
                ? min(max(bankruptcy - Int64(shift), 1), rules.maxTicks)
                : min(bankruptcy + Int64(shift), rules.maxTicks)
            budget -= Int128(lots) * Int128((bankruptcy - bound).magnitude) * Int128(rules.tickValue)
            var taker = Taker(
                orderId: nextOrderId, clientOrderId: 0, account: account, market: market, side: side, ticks: bound,
                lots: lots, selfTrade: .cancelMaker, postOnly: false,
                usePool: account != perpetual.pointee.configuration.vaultAccount)
            nextOrderId += 1
            match(&taker)
            if taker.lots == lots { break }
        }
        if isLiquidatable(market: market, slot: slot) { deleverage(market: market, account: account) }
        var paid: Int64 = 0
        let end = perpetual.pointee.positions[slot]
        if end.size == 0 && end.collateral < 0 { paid = payFromInsurance(market: market, account: account) }
        emit(
            .liquidationEnded(
                LiquidationEnded(
                    account: account, market: market, size: end.size * rules.lotSize,
                    collateral: perpetual.pointee.positions[slot].collateral, insurancePaid: paid)))
    }

    /// Whether the position is liquidatable at the refreshed mark.
    func isLiquidatable(market: Int, slot: Int32) -> Bool {
        let perpetual = perpetuals + market
        refreshMark(market)
        let position = perpetual.pointee.positions[slot]
        guard position.size != 0 else { return false }
        let requirements = requirements(position, market: market)
        return requirements.maintenance > 0 && requirements.equity < requirements.maintenance
    }

    /// The fewest lots whose close at the mark leaves the rest above maintenance; at least one.
    private func lotsToClose(_ position: Position, market: Int) -> Int64 {
        let perpetual = perpetuals + market
        let size = Int64(position.size.magnitude)
        let equity = requirements(position, market: market).equity
        guard equity > 0 else { return size }
        let perLot = Margin.notional(lots: 1, ticks: perpetual.pointee.markTicks, tickValue: rules[market].tickValue)
        let kept = equity * Margin.million / (perLot * Int128(perpetual.pointee.configuration.maintenanceMarginPPM))
        return min(max(size - Int64(min(kept, Int128(size))), 1), size)
    }

    /// The price in ticks at which the position's equity would be zero, rounded against its holder; at least 1.
    func bankruptcyTicks(_ position: Position, market: Int) -> Int64 {
        let scale = Int128(position.size.magnitude) * Int128(rules[market].tickValue)
        let ticks: Int128
        if position.size > 0 {
            let numerator = Int128(position.cost) - Int128(position.collateral)
            ticks = numerator > 0 ? (numerator + scale - 1) / scale : -(-numerator / scale)
        } else {
            let numerator = Int128(position.collateral) - Int128(position.cost)
            ticks = numerator >= 0 ? numerator / scale : -((-numerator + scale - 1) / scale)
        }
        return Int64(min(max(ticks, 1), Int128(Int64.max / 4)))
    }

    /// Closes the rest of a liquidated position at its bankruptcy price against opposite positions, ranked by
    /// profit times leverage.
    private func deleverage(market: Int, account: UInt32) {
        let perpetual = perpetuals + market
        let rules = rules[market]
        let liquidated = heldPosition(market: market, account: account)
        let ticks = min(bankruptcyTicks(liquidated, market: market), rules.maxTicks)
        var ranked: [(score: Int128, account: UInt32)] = []
        for slot in 0..<Int32(perpetual.pointee.positionCount) {
            let position = perpetual.pointee.positions[slot]
            guard position.account != account, position.size != 0, (position.size > 0) != (liquidated.size > 0)
            else { continue }
            ranked.append((deleverageScore(position, market: market), position.account))
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.account < $1.account }
        let side: Side = liquidated.size > 0 ? .sell : .buy
        var remaining = Int64(liquidated.size.magnitude)
        for candidate in ranked where remaining > 0 {
            let lots = min(remaining, Int64(heldPosition(market: market, account: candidate.account).size.magnitude))
            let notional = lots * ticks * rules.tickValue
            settlePerpetualFill(
                market: market, account: account, lots: side == .buy ? lots : -lots, notional: notional, fee: 0)
            settlePerpetualFill(
                market: market, account: candidate.account, lots: side == .buy ? -lots : lots, notional: notional,
                fee: 0)
            remaining -= lots
            let tradeId = nextTradeId
            nextTradeId += 1
            for (holder, other, holderSide) in [
                (account, candidate.account, side), (candidate.account, account, side.opposite),
            ] {
                emit(
                    .deleveraged(
                        Deleveraged(
                            tradeId: tradeId, account: holder, counterparty: other, market: market, side: holderSide,
                            price: ticks * rules.tickSize, quantity: lots * rules.lotSize,
                            size: heldPosition(market: market, account: holder).size * rules.lotSize)))
            }
        }
    }

    /// Profit times leverage at the mark; positions without positive equity rank last.
    private func deleverageScore(_ position: Position, market: Int) -> Int128 {
        let perpetual = perpetuals + market
        let equity = requirements(position, market: market).equity
        guard equity > 0 else { return .min }
        let notional = Margin.notional(
            lots: Int64(position.size.magnitude), ticks: perpetual.pointee.markTicks, tickValue: rules[market].tickValue
        )
        let profit =
            Margin.notional(lots: position.size, ticks: perpetual.pointee.markTicks, tickValue: rules[market].tickValue)
            - Int128(position.cost)
        let bound = Int128(1) << 62
        let ratio = min(max(profit * Margin.million / equity, -bound), bound)
        let leverage = min(notional * Margin.million / equity, bound)
        return ratio * leverage
    }
}
