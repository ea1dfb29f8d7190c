extension Engine {
    func placeOrder(_ order: NewOrder) {
        var taker: Taker
        var margin: Int64 = 0
        do {
            taker = try validate(order)
            if rules[order.market].isPerpetual {
                margin = try checkMargin(taker, timeInForce: order.timeInForce, reduceOnly: order.reduceOnly)
            }
        } catch {
            return reject(order.account, .newOrder, reference: order.clientOrderId, error)
        }
        topUp(margin, market: order.market, account: order.account)
        accept(order, taker: taker)
        execute(&taker, timeInForce: order.timeInForce)
    }

    /// Runs every check of a new order in the documented order and returns it ready to trade.
    private func validate(_ order: NewOrder) throws(RejectReason) -> Taker {
        guard accounts.contains(order.account) else { throw .unknownAccount }
        guard rules.indices.contains(order.market) else { throw .unknownMarket }
        let rules = rules[order.market]
        if (order.type == .market && order.postOnly) || (order.reduceOnly && !rules.isPerpetual) {
            throw .invalidOrderType
        }
        if (order.type == .market && order.timeInForce == .gtc) || (order.postOnly && order.timeInForce != .gtc)
            || (order.reduceOnly && order.timeInForce == .gtc)
        {
            throw .invalidTimeInForce
        }
        let ticks: Int64
        if order.type == .limit {
            ticks = try self.ticks(price: order.price, rules: rules)
        } else {
            let reference = referenceTicks(market: order.market)
            guard reference > 0 else { throw .noReferencePrice }
            ticks = rules.bandLimit(side: order.side, reference: reference)
        }
        let lots = try self.lots(quantity: order.quantity, rules: rules, allowZero: false)
        if clientOrderIds.find(order.account, order.clientOrderId) != OrderStore.none {
            throw .duplicateClientOrderId
        }
        let reservation = rules.reservation(side: order.side, ticks: ticks, lots: lots)
        if !rules.isPerpetual && reservation > available(order.account, rules.reservedAsset(order.side)) {
            throw .insufficientBalance
        }
        return Taker(
            orderId: 0, clientOrderId: order.clientOrderId, account: order.account, market: order.market,
            side: order.side, ticks: ticks, lots: lots,
            selfTrade: order.selfTradePrevention ?? accounts.selfTrade[Int(order.account)], postOnly: order.postOnly)
    }

    /// Numbers the order, reports it and reserves what it may spend.
    private func accept(_ order: NewOrder, taker: Taker) {
        let rules = rules[order.market]
        emit(
            .accepted(
                OrderAccepted(
                    orderId: nextOrderId, clientOrderId: order.clientOrderId, account: order.account,
                    market: order.market, side: order.side, type: order.type, timeInForce: order.timeInForce,
                    postOnly: order.postOnly, price: taker.ticks * rules.tickSize, quantity: order.quantity)))
        guard !rules.isPerpetual else { return }
        reserve(
            order.account, rules.reservedAsset(order.side),
            rules.reservation(side: order.side, ticks: taker.ticks, lots: taker.lots))
    }

    /// Post-only and fill-or-kill gates, matching, then the remainder by time in force.
    private func execute(_ taker: inout Taker, timeInForce: TimeInForce) {
        taker.orderId = nextOrderId
        nextOrderId += 1
        if taker.postOnly && wouldTake(market: taker.market, side: taker.side, ticks: taker.ticks, lots: taker.lots) {
            return reduceTaker(&taker, by: taker.lots, reason: .postOnly)
        }
        if timeInForce == .fok && !canFill(taker) {
            return reduceTaker(&taker, by: taker.lots, reason: .fillOrKill)
        }
        match(&taker)
        guard taker.lots > 0 else { return }
        if timeInForce == .gtc {
            rest(taker)
        } else {
            reduceTaker(&taker, by: taker.lots, reason: .iocRemainder)
        }
    }

    /// Gives a new order's remainder a slot at the back of its level.
    private func rest(_ taker: Taker) {
        let slot = orders.allocate()
        orders[slot] = OrderSlot(
            orderId: taker.orderId, clientOrderId: taker.clientOrderId, ticks: taker.ticks, lots: taker.lots,
            account: taker.account, market: UInt16(taker.market), side: taker.side, selfTrade: taker.selfTrade,
            postOnly: taker.postOnly)
        orderIds.insert(0, taker.orderId, slot: slot)
        clientOrderIds.insert(taker.account, taker.clientOrderId, slot: slot)
        accounts.link(slot, orders: orders)
        books[taker.market].append(slot, orders: orders)
        if rules[taker.market].isPerpetual {
            adjustRestingLots(market: taker.market, account: taker.account, side: taker.side, by: taker.lots)
        }
    }
}
