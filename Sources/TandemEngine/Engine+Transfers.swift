extension Engine {
    func deposit(_ transfer: Transfer) {
        do throws(RejectReason) {
            if transfer.account >= accounts.maxAccounts { throw .unknownAccount }
            try checkAssetAndAmount(transfer)
            if transfer.amount > FixedPoint.maxAssetTotal - assetTotals[transfer.asset] {
                throw .amountTooLarge
            }
        } catch {
            return reject(transfer.account, .deposit, reference: 0, error)
        }
        if !accounts.contains(transfer.account) {
            openAccount(transfer.account, selfTrade: configuration.defaultSelfTradePrevention)
        }
        assetTotals[transfer.asset] += transfer.amount
        credit(transfer.account, transfer.asset, transfer.amount)
    }

    func withdraw(_ transfer: Transfer) {
        do throws(RejectReason) {
            if !accounts.contains(transfer.account) { throw .unknownAccount }
            try checkAssetAndAmount(transfer)
            if transfer.amount > available(transfer.account, transfer.asset) {
                throw .insufficientBalance
            }
        } catch {
            return reject(transfer.account, .withdraw, reference: 0, error)
        }
        assetTotals[transfer.asset] -= transfer.amount
        credit(transfer.account, transfer.asset, -transfer.amount)
    }

    private func checkAssetAndAmount(_ transfer: Transfer) throws(RejectReason) {
        if !assetTotals.indices.contains(transfer.asset) { throw .unknownAsset }
        if transfer.amount <= 0 { throw .invalidAmount }
    }
}
