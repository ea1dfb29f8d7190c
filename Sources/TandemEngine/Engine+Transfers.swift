extension Engine {
    func deposit(_ transfer: Transfer) {
        let reason: RejectReason? =
            if transfer.account >= accounts.maxAccounts {
                .unknownAccount
            } else if !assetTotals.indices.contains(transfer.asset) {
                .unknownAsset
            } else if transfer.amount <= 0 {
                .invalidAmount
            } else if transfer.amount > FixedPoint.maxAssetTotal - assetTotals[transfer.asset] {
                .amountTooLarge
            } else {
                nil
            }
        if let reason { return reject(transfer.account, .deposit, reference: 0, reason) }
        if !accounts.contains(transfer.account) {
            openAccount(transfer.account, selfTrade: configuration.defaultSelfTradePrevention)
        }
        assetTotals[transfer.asset] += transfer.amount
        credit(transfer.account, transfer.asset, transfer.amount)
    }

    func withdraw(_ transfer: Transfer) {
        let reason: RejectReason? =
            if !accounts.contains(transfer.account) {
                .unknownAccount
            } else if !assetTotals.indices.contains(transfer.asset) {
                .unknownAsset
            } else if transfer.amount <= 0 {
                .invalidAmount
            } else if transfer.amount > available(transfer.account, transfer.asset) {
                .insufficientBalance
            } else {
                nil
            }
        if let reason { return reject(transfer.account, .withdraw, reference: 0, reason) }
        assetTotals[transfer.asset] -= transfer.amount
        credit(transfer.account, transfer.asset, -transfer.amount)
    }
}
