import TandemAMM

extension Engine {
    /// The lots `curve` gives a taker of `side` wanting up to `maxLots`, bounded at `boundTicks`: strictly
    /// better than a book level, or inclusive when the bound is the taker's own limit.
    @inline(__always) func poolChunk(
        _ curve: ConstantProductPool, market: Int, side: Side, maxLots: Int64, boundTicks: Int64, inclusive: Bool
    ) -> Int64 {
        let price = rules[market].pricePerLot(ticks: boundTicks)
        return side == .buy
            ? curve.buyChunk(maxLots: maxLots, pricePerLot: price, inclusive: inclusive)
            : curve.sellChunk(maxLots: maxLots, pricePerLot: price, inclusive: inclusive)
    }

    /// Whether the pool would trade at least one whole lot with an order of `side` at `ticks` for up to
    /// `lots` lots: a larger order can pass the rounding guard where a single lot does not.
    func poolWouldTrade(
        market: Int, side: Side, ticks: Int64, lots: Int64 = 1, curve: ConstantProductPool? = nil
    ) -> Bool {
        if curve == nil && !poolReach[market].reaches(side: side, ticks: ticks) { return false }
        guard let curve = curve ?? pools[market]?.curve, !curve.isEmpty else { return false }
        return poolChunk(curve, market: market, side: side, maxLots: lots, boundTicks: ticks, inclusive: true) > 0
    }

    /// Whether `curve` could fill a whole lot of the market's best bid or best ask: a crossed combined book.
    func poolCrossesBook(market: Int, curve: ConstantProductPool) -> Bool {
        let book = books[market]
        for side in Side.allCases {
            let best = book.bestLevel(side)
            if best != OrderStore.none
                && poolWouldTrade(market: market, side: side, ticks: book.level(best).pointee.ticks, curve: curve)
            {
                return true
            }
        }
        return false
    }

    /// One chunk against the pool: reserves, LP fee, settlement, the pool fill.
    func tradeWithPool(_ taker: inout Taker, lots: Int64) {
        let rules = rules[taker.market]
        let base = lots * rules.lotSize
        let quoteAmount: Int64
        let lpFee: Int64
        let averageTicks: Int64
        if taker.side == .buy {
            let cost = pools[taker.market]!.curve.buy(lots: lots)
            if !rules.isPerpetual { pools[taker.market]!.accrueQuoteFee(cost.fee) }
            quoteAmount = cost.netIn + cost.fee
            lpFee = cost.fee
            averageTicks = (quoteAmount + lots * rules.tickValue - 1) / (lots * rules.tickValue)
        } else {
            let proceeds = pools[taker.market]!.curve.sell(lots: lots)
            if !rules.isPerpetual { pools[taker.market]!.accrueBaseFee(proceeds.fee) }
            quoteAmount = proceeds.out
            lpFee = proceeds.fee
            averageTicks = max(quoteAmount / (lots * rules.tickValue), 1)
        }
        let takerFee = rules.takerFee(notional: quoteAmount)
        if rules.isPerpetual {
            // The vault takes the other side; the LP fee is in the price and stays with it.
            let bought = taker.side == .buy ? lots : -lots
            settlePerpetualFill(
                market: taker.market, account: taker.account, lots: bought, notional: quoteAmount, fee: takerFee)
            settlePerpetualFill(
                market: taker.market, account: (perpetuals + taker.market).pointee.configuration.vaultAccount, lots: -bought,
                notional: quoteAmount, fee: 0)
        } else if taker.side == .buy {
            release(taker.account, rules.quoteAsset, lots * rules.quotePerLot(ticks: taker.ticks), plus: -quoteAmount - takerFee)
            credit(taker.account, rules.baseAsset, base)
        } else {
            release(taker.account, rules.baseAsset, base, plus: -base)
            credit(taker.account, rules.quoteAsset, quoteAmount - takerFee)
        }
        credit(configuration.feeAccount, rules.quoteAsset, takerFee)
        refreshPoolReach(market: taker.market)
        taker.lots -= lots
        lastTradeTicks[taker.market] = averageTicks
        emit(
            .poolFill(
                PoolFill(
                    tradeId: nextTradeId, orderId: taker.orderId, clientOrderId: taker.clientOrderId,
                    account: taker.account, market: taker.market, side: taker.side,
                    price: averageTicks * rules.tickSize, quantity: base, quoteAmount: quoteAmount, lpFee: lpFee,
                    fee: takerFee, remaining: taker.lots * rules.lotSize)))
        nextTradeId += 1
    }

    /// Recomputes how far a pool reaches after its reserves changed.
    func refreshPoolReach(market: Int) {
        poolReach[market] = pools[market].map { PoolReach(curve: $0.curve, rules: rules[market]) } ?? .unreachable
    }

    /// Creates the configured start-up liquidity, as a deposit and an add by each pool's owner.
    func seedPools() throws(ConfigurationError) {
        for (market, configuration) in configuration.markets.enumerated() {
            guard let pool = configuration.pool, configuration.perpetual == nil,
                pool.initialBase > 0 || pool.initialQuote > 0
            else { continue }
            let rules = rules[market]
            let name = "market \(configuration.symbol)"
            guard pool.owner < accounts.maxAccounts else { throw ConfigurationError("\(name): pool owner is not below max accounts") }
            guard pool.initialBase > 0, pool.initialQuote > 0, pool.initialBase % rules.lotSize == 0,
                let deposit = try? pools[market]!.quoteDeposit(
                    maxBase: pool.initialBase, maxQuote: pool.initialQuote, minShares: 0)
            else {
                throw ConfigurationError("\(name): initial pool liquidity must be positive, on the lot and large enough")
            }
            guard deposit.base <= FixedPoint.maxAssetTotal - assetTotals[rules.baseAsset],
                deposit.quote <= FixedPoint.maxAssetTotal - assetTotals[rules.quoteAsset]
            else { throw ConfigurationError("\(name): initial pool liquidity passes an asset's 2^62 total") }
            if !accounts.contains(pool.owner) { openAccount(pool.owner, selfTrade: self.configuration.defaultSelfTradePrevention) }
            assetTotals[rules.baseAsset] += deposit.base
            assetTotals[rules.quoteAsset] += deposit.quote
            pools[market]!.apply(deposit, account: pool.owner)
            refreshPoolReach(market: market)
        }
    }
}
