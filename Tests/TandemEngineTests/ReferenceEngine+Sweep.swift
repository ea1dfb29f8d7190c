@testable import TandemEngine

/// The reference engine's sweep, liquidation, auto-deleveraging and the end of a perpetual command, from the
/// "Perpetual markets" section of `Protocol/ENGINE.md`. Detection scans every position at every step.
extension ReferenceEngine {
    /// After an accepted command: each perpetual market's sweep, then the settlement of flat positions, then one
    /// `position_update` per changed position (ascending account, market). Balance events follow in `apply`.
    func perpetualEpilogue(positionsBefore: [PositionKey: ReferencePosition]) {
        for market in configuration.markets.indices where isPerpetual(market) { sweep(market) }
        settleFlatPositions()
        let keys = Set(positionsBefore.keys).union(perp.positions.keys).sorted()
        for key in keys {
            let old = positionsBefore[key] ?? ReferencePosition()
            let new = perp.positions[key] ?? ReferencePosition()
            guard !old.sameValues(as: new) else { continue }
            let rules = configuration.markets[key.market]
            var entry: Int64 = 0
            if new.size != 0 {
                let scale = (0..<configuration.assets[rules.baseAsset].decimals).reduce(Int128(1)) { v, _ in v * 10 }
                entry = Int64(Int128(abs(new.cost)) * scale / (Int128(abs(new.size)) * Int128(rules.lotSize)))
            }
            emit(
                .positionUpdate(
                    PositionUpdate(
                        account: key.account, market: key.market, size: new.size * rules.lotSize, entryPrice: entry,
                        collateral: new.collateral)))
        }
    }

    // MARK: - The sweep

    private func candidates(_ market: Int, longs: Bool) -> [(account: UInt32, position: ReferencePosition)] {
        perp.positions.filter { $0.key.market == market && (longs ? $0.value.size > 0 : $0.value.size < 0) }
            .sorted { $0.key < $1.key }.map { ($0.key.account, $0.value) }
    }

    /// Among `positions` meeting `test` at the mark, the long with the highest threshold (`longs`) or the short
    /// with the lowest; ties to the lower account id (the list is in ascending account order).
    private func pick(
        _ market: Int, longs: Bool, where test: @escaping (ReferencePosition, Int64) -> Bool,
        skip: (ReferencePosition) -> Bool = { _ in false }
    ) -> UInt32? {
        let mark = perp.markTicks[market]
        var best: (account: UInt32, threshold: Int64)?
        for (account, p) in candidates(market, longs: longs) where !skip(p) && test(p, mark) {
            let t = threshold(p, market: market, mark: mark) { test(p, $0) }
            if let current = best, longs ? t <= current.threshold : t >= current.threshold { continue }
            best = (account, t)
        }
        return best?.account
    }

    func sweep(_ market: Int) {
        while true {
            refreshMark(market)
            let liquidatable = { (p: ReferencePosition, mark: Int64) in
                self.isLiquidatable(p, market: market, mark: mark)
            }
            let inCall = { (p: ReferencePosition, mark: Int64) in self.isInCallZone(p, market: market, mark: mark) }
            if let account = pick(market, longs: true, where: liquidatable)
                ?? pick(market, longs: false, where: liquidatable)
            {
                liquidate(account: account, market: market)
            } else if let account = pick(market, longs: true, where: inCall, skip: \.called)
                ?? pick(market, longs: false, where: inCall, skip: \.called)
            {
                marginCall(account: account, market: market)
            } else {
                return
            }
        }
    }

    private func cancelOrders(account: UInt32, market: Int, reason: CancelReason) {
        let targets = (books[market][0] + books[market][1]).filter { $0.account == account }
            .sorted { $0.orderId < $1.orderId }
        for order in targets {
            removeFromBook(order)
            emitCanceled(order, canceledLots: order.lots, remainingLots: 0, reason: reason)
            release(order, lots: order.lots)
        }
    }

    private func marginCall(account: UInt32, market: Int) {
        let mark = perp.markTicks[market]
        var p = position(account: account, market: market)
        let orders = restingLots(account: account, market: market)
        emit(
            .marginCall(
                MarginCall(
                    account: account, market: market, equity: Int64(clamping: equity(p, market: market, mark: mark)),
                    initialRequirement: Int64(
                        clamping: initial(p, bids: orders.bids, asks: orders.asks, market: market, mark: mark)),
                    maintenanceRequirement: Int64(clamping: maintenance(p, market: market, mark: mark)))))
        p.called = true
        perp.positions[PositionKey(account: account, market: market)] = p
        cancelOrders(account: account, market: market, reason: .marginCall)
    }

    private func fundBalance(_ market: Int) -> Int64 {
        guard let index = accountIndex(configuration.insuranceFundAccount) else { return 0 }
        return accounts[index].available[configuration.markets[market].quoteAsset]
    }

    /// The fund pays a negative collateral of a flat position, at most its balance: `insurance_fund`.
    @discardableResult
    private func fundPays(account: UInt32, market: Int) -> Int64 {
        var p = position(account: account, market: market)
        let paid = min(-p.collateral, fundBalance(market))
        guard p.collateral < 0, paid > 0 else { return 0 }
        let index = accountIndex(configuration.insuranceFundAccount)!
        accounts[index].available[configuration.markets[market].quoteAsset] -= paid
        p.collateral += paid
        setPosition(p, account: account, market: market)
        emit(
            .insuranceFund(
                InsuranceFundUpdate(account: account, market: market, amount: -paid, balance: fundBalance(market))))
        return paid
    }

    func liquidate(account: UInt32, market: Int) {
        let rules = configuration.markets[market]
        let perpetual = rules.perpetual!
        let mark = perp.markTicks[market]
        let start = position(account: account, market: market)
        emit(
            .liquidationStarted(
                LiquidationStarted(
                    account: account, market: market, size: start.size * rules.lotSize,
                    markPrice: mark * rules.tickSize,
                    equity: Int64(clamping: equity(start, market: market, mark: mark)),
                    maintenanceRequirement: Int64(clamping: maintenance(start, market: market, mark: mark)))))
        cancelOrders(account: account, market: market, reason: .liquidation)

        var budget = Int128(fundBalance(market))
        let isVault = rules.pool != nil && account == perpetual.vaultAccount
        while true {
            refreshMark(market)
            let mark = perp.markTicks[market]
            let p = position(account: account, market: market)
            guard p.size != 0, isLiquidatable(p, market: market, mark: mark) else { break }
            let e = equity(p, market: market, mark: mark)
            var k = abs(p.size)
            if e > 0 {
                let keep = e * Self.million / (Int128(mark) * tv(market) * Int128(perpetual.maintenanceMarginPPM))
                k = Int64(max(Int128(abs(p.size)) - keep, 1))
            }
            let b = bankruptcyTicks(p, market: market)
            let shift = min(
                Int128(b) * Int128(perpetual.liquidationSpreadPPM) / Self.million, budget / (Int128(k) * tv(market)))
            let bound: Int64 =
                p.size > 0 ? Int64(max(Int128(b) - shift, 1)) : Int64(min(Int128(b) + shift, Int128(maxTicks(market))))
            budget -= Int128(k) * Int128(abs(b - bound)) * tv(market)
            var order = Order(
                orderId: nextOrderId, clientOrderId: 0, account: account, market: market,
                side: p.size > 0 ? .sell : .buy, ticks: bound, lots: k, postOnly: false,
                selfTradePrevention: .cancelMaker)
            nextOrderId += 1
            bookOnly = isVault
            match(&order)
            bookOnly = false
            if order.lots == k { break }
        }

        var p = position(account: account, market: market)
        if p.size != 0 && isLiquidatable(p, market: market, mark: perp.markTicks[market]) {
            deleverage(account: account, market: market)
            p = position(account: account, market: market)
        }
        var paid: Int64 = 0
        if p.size == 0 && p.collateral < 0 {
            paid = fundPays(account: account, market: market)
            p = position(account: account, market: market)
        }
        emit(
            .liquidationEnded(
                LiquidationEnded(
                    account: account, market: market, size: p.size * rules.lotSize, collateral: p.collateral,
                    insurancePaid: paid)))
    }

    /// Closes the rest of the position at its bankruptcy price against the opposite positions, best score first.
    private func deleverage(account: UInt32, market: Int) {
        let rules = configuration.markets[market]
        let mark = perp.markTicks[market]
        let liquidated = position(account: account, market: market)
        let b = bankruptcyTicks(liquidated, market: market)
        let isLong = liquidated.size > 0
        struct Ranked {
            var account: UInt32
            var positiveEquity: Bool
            var score: Int128
        }
        var ranked: [Ranked] = []
        for (other, p) in candidates(market, longs: !isLong) where other != account {
            let e = equity(p, market: market, mark: mark)
            guard e > 0 else {
                ranked.append(Ranked(account: other, positiveEquity: false, score: 0))
                continue
            }
            let profit = unrealised(p, market: market, mark: mark) * Self.million / e
            let leverage = Int128(abs(p.size)) * Int128(mark) * tv(market) * Self.million / e
            ranked.append(Ranked(account: other, positiveEquity: true, score: profit * leverage))
        }
        ranked.sort {
            if $0.positiveEquity != $1.positiveEquity { return $0.positiveEquity }
            if $0.score != $1.score { return $0.score > $1.score }
            return $0.account < $1.account
        }
        var left = abs(liquidated.size)
        for counterparty in ranked where left > 0 {
            let other = position(account: counterparty.account, market: market)
            let lots = min(left, abs(other.size))
            let notional = b * lots * tickValue(rules)
            let ownSide: Side = isLong ? .sell : .buy
            let a = Self.traded(
                position(account: account, market: market), delta: isLong ? -lots : lots, notional: notional)
            let c = Self.traded(other, delta: isLong ? lots : -lots, notional: notional)
            setPosition(a, account: account, market: market)
            setPosition(c, account: counterparty.account, market: market)
            let tradeId = nextTradeId
            nextTradeId += 1
            for (who, whom, side, size) in [
                (account, counterparty.account, ownSide, a.size),
                (counterparty.account, account, ownSide.opposite, c.size),
            ] {
                emit(
                    .deleveraged(
                        Deleveraged(
                            tradeId: tradeId, account: who, counterparty: whom, market: market, side: side,
                            price: b * rules.tickSize, quantity: lots * rules.lotSize, size: size * rules.lotSize)))
            }
            left -= lots
        }
    }

    /// A flat position without resting orders returns its collateral to the available quote (the fund paying a
    /// negative one first, at most its balance); the vault's stays. Ascending (account, market).
    private func settleFlatPositions() {
        for key in perp.positions.keys.sorted() {
            let rules = configuration.markets[key.market]
            let p = perp.positions[key]!
            guard p.size == 0, p.collateral != 0 else { continue }
            if rules.pool != nil && key.account == rules.perpetual!.vaultAccount { continue }
            let orders = restingLots(account: key.account, market: key.market)
            guard orders.bids == 0 && orders.asks == 0 else { continue }
            if p.collateral < 0 { fundPays(account: key.account, market: key.market) }
            var settled = position(account: key.account, market: key.market)
            guard settled.collateral > 0 else { continue }
            accounts[accountIndex(key.account)!].available[rules.quoteAsset] += settled.collateral
            settled.collateral = 0
            setPosition(settled, account: key.account, market: key.market)
        }
    }
}
