extension Engine {
    /// Moves collateral between the account's available quote and one of its perpetual positions.
    func adjustMargin(_ adjust: AdjustMargin) {
        do throws(RejectReason) {
            guard accounts.contains(adjust.account) else { throw .unknownAccount }
            guard rules.indices.contains(adjust.market) else { throw .unknownMarket }
            let rules = rules[adjust.market]
            guard rules.isPerpetual else { throw .notPerpetual }
            guard adjust.amount != 0, adjust.amount != .min else { throw .invalidAmount }
            if adjust.amount > 0 {
                guard adjust.amount <= available(adjust.account, rules.quoteAsset) else { throw .insufficientBalance }
            } else {
                let position = heldPosition(market: adjust.market, account: adjust.account)
                let requirements = requirements(position, market: adjust.market)
                guard -adjust.amount <= position.collateral,
                    requirements.equity + Int128(adjust.amount) >= requirements.initial
                else { throw .insufficientMargin }
            }
            credit(adjust.account, rules.quoteAsset, -adjust.amount)
            addCollateral(market: adjust.market, account: adjust.account, adjust.amount)
        } catch {
            reject(adjust.account, .adjustMargin, reference: 0, error)
        }
    }
}
