import TandemAMM

extension Engine {
    func addLiquidity(_ add: AddLiquidity) {
        if rules.indices.contains(add.market) && rules[add.market].isPerpetual { return addVaultLiquidity(add) }
        do {
            let deposit = try validate(add)
            let rules = rules[add.market]
            credit(add.account, rules.baseAsset, -deposit.base)
            credit(add.account, rules.quoteAsset, -deposit.quote)
            pools[add.market]!.apply(deposit, account: add.account)
            refreshPoolReach(market: add.market)
            emit(
                .liquidityAdded(
                    LiquidityAdded(
                        account: add.account, market: add.market, base: deposit.base, quote: deposit.quote,
                        shares: deposit.shares)))
        } catch {
            reject(add.account, .addLiquidity, reference: 0, error)
        }
    }

    func removeLiquidity(_ remove: RemoveLiquidity) {
        if rules.indices.contains(remove.market) && rules[remove.market].isPerpetual {
            return removeVaultLiquidity(remove)
        }
        do {
            let withdrawal = try validate(remove)
            let rules = rules[remove.market]
            pools[remove.market]!.apply(withdrawal, account: remove.account, shares: remove.shares)
            refreshPoolReach(market: remove.market)
            credit(remove.account, rules.baseAsset, withdrawal.base + withdrawal.feeBase)
            credit(remove.account, rules.quoteAsset, withdrawal.quote + withdrawal.feeQuote)
            emit(
                .liquidityRemoved(
                    LiquidityRemoved(
                        account: remove.account, market: remove.market, shares: remove.shares, base: withdrawal.base,
                        quote: withdrawal.quote, feeBase: withdrawal.feeBase, feeQuote: withdrawal.feeQuote)))
        } catch {
            reject(remove.account, .removeLiquidity, reference: 0, error)
        }
    }

    private func validate(_ add: AddLiquidity) throws(RejectReason) -> LiquidityPool.Deposit {
        let pool = try pool(account: add.account, market: add.market)
        if add.maxBase <= 0 || add.maxQuote <= 0 || add.minShares < 0 { throw .invalidAmount }
        let rules = rules[add.market]
        if add.maxBase % rules.lotSize != 0 { throw .quantityNotOnLot }
        let deposit: LiquidityPool.Deposit
        do {
            deposit = try pool.quoteDeposit(maxBase: add.maxBase, maxQuote: add.maxQuote, minShares: add.minShares)
        } catch {
            throw RejectReason(error)
        }
        if deposit.base > available(add.account, rules.baseAsset)
            || deposit.quote > available(add.account, rules.quoteAsset)
        {
            throw .insufficientBalance
        }
        var after = pool
        after.apply(deposit, account: add.account)
        if poolCrossesBook(market: add.market, curve: after.curve) { throw .poolWouldCross }
        return deposit
    }

    private func validate(_ remove: RemoveLiquidity) throws(RejectReason) -> LiquidityPool.Withdrawal {
        let pool = try pool(account: remove.account, market: remove.market)
        if remove.shares <= 0 || remove.minBase < 0 || remove.minQuote < 0 { throw .invalidAmount }
        let withdrawal: LiquidityPool.Withdrawal
        do {
            withdrawal = try pool.quoteWithdrawal(
                account: remove.account, shares: remove.shares, minBase: remove.minBase, minQuote: remove.minQuote)
        } catch {
            throw RejectReason(error)
        }
        var after = pool
        after.apply(withdrawal, account: remove.account, shares: remove.shares)
        if poolCrossesBook(market: remove.market, curve: after.curve) { throw .poolWouldCross }
        return withdrawal
    }

    private func pool(account: UInt32, market: Int) throws(RejectReason) -> LiquidityPool {
        guard accounts.contains(account) else { throw .unknownAccount }
        guard rules.indices.contains(market) else { throw .unknownMarket }
        guard let pool = pools[market] else { throw .noPool }
        return pool
    }
}

extension RejectReason {
    init(_ error: LiquidityError) {
        self =
            switch error {
            case .liquidityTooSmall: .liquidityTooSmall
            case .slippage: .slippage
            case .insufficientShares: .insufficientShares
            case .emptyPool: .emptyPool
            case .reserveTooLarge: .amountTooLarge
            }
    }
}
