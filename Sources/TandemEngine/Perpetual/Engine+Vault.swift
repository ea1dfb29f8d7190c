import TandemAMM

extension Engine {
    /// An LP's collateral into a perpetual market's vault, for shares; the curve scales at an unchanged price.
    func addVaultLiquidity(_ add: AddLiquidity) {
        do {
            let deposit = try validateVault(add)
            let vault = (perpetuals + add.market).pointee.configuration.vaultAccount
            credit(add.account, rules[add.market].quoteAsset, -add.maxQuote)
            addCollateral(market: add.market, account: vault, add.maxQuote)
            (perpetuals + add.market).pointee.addShares(deposit.shares, to: add.account)
            pools[add.market]!.curve = deposit.curve
            refreshPoolReach(market: add.market)
            emit(
                .liquidityAdded(
                    LiquidityAdded(
                        account: add.account, market: add.market, base: 0, quote: add.maxQuote, shares: deposit.shares))
            )
        } catch {
            reject(add.account, .addLiquidity, reference: 0, error)
        }
    }

    /// Burns vault shares for their part of the vault's equity, if the vault stays margined.
    func removeVaultLiquidity(_ remove: RemoveLiquidity) {
        do {
            let withdrawal = try validateVault(remove)
            let vault = (perpetuals + remove.market).pointee.configuration.vaultAccount
            addCollateral(market: remove.market, account: vault, -withdrawal.payout)
            credit(remove.account, rules[remove.market].quoteAsset, withdrawal.payout)
            (perpetuals + remove.market).pointee.removeShares(remove.shares, from: remove.account)
            pools[remove.market]!.curve = withdrawal.curve
            refreshPoolReach(market: remove.market)
            emit(
                .liquidityRemoved(
                    LiquidityRemoved(
                        account: remove.account, market: remove.market, shares: remove.shares, base: 0,
                        quote: withdrawal.payout, feeBase: 0, feeQuote: 0)))
        } catch {
            reject(remove.account, .removeLiquidity, reference: 0, error)
        }
    }

    private func validateVault(_ add: AddLiquidity) throws(RejectReason) -> (shares: Int64, curve: ConstantProductPool)
    {
        try checkVaultMarket(account: add.account, market: add.market)
        if add.maxBase != 0 || add.maxQuote <= 0 || add.minShares < 0 { throw .invalidAmount }
        let perpetual = perpetuals + add.market
        let equity = vaultState(market: add.market).equity
        guard equity > 0, perpetual.pointee.totalVaultShares > 0 else { throw .emptyPool }
        let deposit = Int128(add.maxQuote)
        let shares = deposit * Int128(perpetual.pointee.totalVaultShares) / equity
        guard shares > 0 else { throw .liquidityTooSmall }
        guard shares >= Int128(add.minShares) else { throw .slippage }
        var curve = pools[add.market]!.curve
        let base = Int128(curve.base) + Int128(curve.base) * deposit / equity
        let quote = Int128(curve.quote) + Int128(curve.quote) * deposit / equity
        let limit = Int128(ConstantProductPool.maxReserve)
        guard base <= limit, quote <= limit, shares <= limit else { throw .amountTooLarge }
        guard add.maxQuote <= available(add.account, rules[add.market].quoteAsset) else { throw .insufficientBalance }
        curve.base = Int64(base)
        curve.quote = Int64(quote)
        if poolCrossesBook(market: add.market, curve: curve) { throw .poolWouldCross }
        return (Int64(shares), curve)
    }

    private func validateVault(_ remove: RemoveLiquidity) throws(RejectReason) -> (
        payout: Int64, curve: ConstantProductPool
    ) {
        try checkVaultMarket(account: remove.account, market: remove.market)
        if remove.shares <= 0 || remove.minBase != 0 || remove.minQuote < 0 { throw .invalidAmount }
        let perpetual = perpetuals + remove.market
        guard perpetual.pointee.totalVaultShares > 0 else { throw .emptyPool }
        guard perpetual.pointee.shares(of: remove.account) >= remove.shares else { throw .insufficientShares }
        let total = Int128(perpetual.pointee.totalVaultShares)
        let vault = heldPosition(market: remove.market, account: perpetual.pointee.configuration.vaultAccount)
        let requirements = requirements(vault, market: remove.market)
        let payout = max(requirements.equity, 0) * Int128(remove.shares) / total
        guard payout >= Int128(remove.minQuote) else { throw .slippage }
        let initial = Margin.requirement(
            lots: Int64(vault.size.magnitude), mark: perpetual.pointee.markTicks,
            tickValue: rules[remove.market].tickValue,
            ppm: perpetual.pointee.configuration.initialMarginPPM)
        guard requirements.equity - payout >= initial else { throw .insufficientMargin }
        var curve = pools[remove.market]!.curve
        let kept = total - Int128(remove.shares)
        curve.base = Int64(Int128(curve.base) * kept / total)
        curve.quote = Int64(Int128(curve.quote) * kept / total)
        if poolCrossesBook(market: remove.market, curve: curve) { throw .poolWouldCross }
        return (Int64(payout), curve)
    }

    private func checkVaultMarket(account: UInt32, market: Int) throws(RejectReason) {
        guard accounts.contains(account) else { throw .unknownAccount }
        guard rules.indices.contains(market) else { throw .unknownMarket }
        guard pools[market] != nil else { throw .noPool }
    }

    /// The configured start-up vault: the owner's collateral deposit for the first shares, the virtual reserves.
    func seedVault(market: Int) throws(ConfigurationError) {
        let configuration = self.configuration.markets[market]
        guard let pool = configuration.pool, rules[market].isPerpetual else { return }
        let perpetual = perpetuals + market
        let name = "market \(configuration.symbol)"
        let vault = perpetual.pointee.configuration.vaultAccount
        guard vault < accounts.maxAccounts, pool.owner < accounts.maxAccounts else {
            throw ConfigurationError("\(name): the vault account and the pool owner must be below max accounts")
        }
        for account in [vault, pool.owner] where !accounts.contains(account) {
            openAccount(account, selfTrade: self.configuration.defaultSelfTradePrevention)
        }
        if pool.initialBase == 0 && pool.initialQuote == 0 { return }
        guard pool.initialBase > 0, pool.initialQuote > LiquidityPool.lockedShares,
            pool.initialBase <= ConstantProductPool.maxReserve,
            pool.initialQuote <= FixedPoint.maxAssetTotal - assetTotals[rules[market].quoteAsset]
        else {
            throw ConfigurationError("\(name): the vault's virtual base and quote must be positive and in range")
        }
        assetTotals[rules[market].quoteAsset] += pool.initialQuote
        pools[market]!.curve.base = pool.initialBase
        pools[market]!.curve.quote = pool.initialQuote
        addCollateral(market: market, account: vault, pool.initialQuote)
        perpetual.pointee.totalVaultShares = LiquidityPool.lockedShares
        perpetual.pointee.addShares(pool.initialQuote - LiquidityPool.lockedShares, to: pool.owner)
        refreshPoolReach(market: market)
    }
}
