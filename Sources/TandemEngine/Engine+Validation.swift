extension Engine {
    /// Converts a limit price to ticks, or names why it is not acceptable.
    @inline(__always) func ticks(price: Int64, rules: MarketRules) throws(RejectReason) -> Int64 {
        if price <= 0 { throw .invalidPrice }
        if price % rules.tickSize != 0 { throw .priceNotOnTick }
        let ticks = price / rules.tickSize
        if ticks > rules.maxTicks { throw .priceOutOfRange }
        return ticks
    }

    /// Converts a quantity to lots, or names why it is not acceptable; zero is allowed only when `allowZero`.
    @inline(__always) func lots(quantity: Int64, rules: MarketRules, allowZero: Bool) throws(RejectReason) -> Int64 {
        if quantity < 0 || (quantity == 0 && !allowZero) { throw .invalidQuantity }
        if quantity % rules.lotSize != 0 { throw .quantityNotOnLot }
        let lots = quantity / rules.lotSize
        if lots != 0 && lots < rules.minLots { throw .quantityBelowMinimum }
        if lots > rules.maxLots { throw .quantityAboveMaximum }
        return lots
    }

    /// The price market orders are banded around: the last trade, or the configured reference before one.
    @inline(__always) func referenceTicks(market: Int) -> Int64 {
        lastTradeTicks[market] != 0 ? lastTradeTicks[market] : rules[market].referenceTicks
    }

    /// Whether an order of `lots` at `ticks` would take liquidity: cross the best opposite level or get a
    /// chunk from the pool.
    func wouldTake(market: Int, side: Side, ticks: Int64, lots: Int64) -> Bool {
        books[market].crosses(side: side, ticks: ticks)
            || (hasPool[market] && poolWouldTrade(market: market, side: side, ticks: ticks, lots: lots))
    }

    /// The live order a reference names, if the account owns it.
    func resolve(_ reference: OrderReference, account: UInt32) -> Int32 {
        switch reference {
        case .orderId(let orderId):
            let slot = orderIds.find(0, orderId)
            return slot != OrderStore.none && orders[slot].account == account ? slot : OrderStore.none
        case .clientOrderId(let clientOrderId):
            return clientOrderIds.find(account, clientOrderId)
        }
    }
}

extension OrderReference {
    /// The number inside the reference, as a rejection reports it.
    var number: UInt64 {
        switch self {
        case .orderId(let id), .clientOrderId(let id): id
        }
    }
}
