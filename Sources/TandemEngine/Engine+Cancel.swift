extension Engine {
    func cancelOrder(_ cancel: CancelOrder) {
        guard accounts.contains(cancel.account) else {
            return reject(cancel.account, .cancel, reference: cancel.order.number, .unknownAccount)
        }
        let slot = resolve(cancel.order, account: cancel.account)
        guard slot != OrderStore.none else {
            return reject(cancel.account, .cancel, reference: cancel.order.number, .unknownOrder)
        }
        reduceResting(slot, by: orders[slot].lots, reason: .user)
    }

    func cancelAll(_ massCancel: MassCancel) {
        guard accounts.contains(massCancel.account) else {
            return reject(massCancel.account, .massCancel, reference: 0, .unknownAccount)
        }
        if let market = massCancel.market, !rules.indices.contains(market) {
            return reject(massCancel.account, .massCancel, reference: 0, .unknownMarket)
        }
        var count = 0
        var slot = accounts.firstOrder[Int(massCancel.account)]
        while slot != OrderStore.none {
            let current = slot
            let order = orders[current]
            slot = order.accountNext
            if let market = massCancel.market, Int(order.market) != market { continue }
            if let side = massCancel.side, order.side != side { continue }
            reduceResting(current, by: order.lots, reason: .massCancel)
            count += 1
        }
        emit(
            .massCancelDone(
                MassCancelDone(
                    account: massCancel.account, market: massCancel.market, side: massCancel.side, count: count)))
    }

    /// Takes `lots` off a resting order without a trade; at zero the order leaves the book.
    func reduceResting(_ slot: Int32, by lots: Int64, reason: CancelReason) {
        let order = orders.pointer(slot)
        let rules = rules[Int(order.pointee.market)]
        let remaining = order.pointee.lots - lots
        emit(
            .canceled(
                OrderCanceled(
                    orderId: order.pointee.orderId, clientOrderId: order.pointee.clientOrderId,
                    account: order.pointee.account, market: Int(order.pointee.market), side: order.pointee.side,
                    canceledQuantity: lots * rules.lotSize, remaining: remaining * rules.lotSize, reason: reason)))
        if rules.isPerpetual {
            adjustRestingLots(
                market: Int(order.pointee.market), account: order.pointee.account, side: order.pointee.side, by: -lots)
        } else {
            release(
                order.pointee.account, rules.reservedAsset(order.pointee.side),
                rules.reservation(side: order.pointee.side, ticks: order.pointee.ticks, lots: lots))
        }
        if remaining == 0 {
            retire(slot)
        } else {
            books[Int(order.pointee.market)].reduce(levelOf: order.pointee, by: lots)
            order.pointee.lots = remaining
        }
    }

    /// Takes `lots` off the taker without a trade and releases their reservation.
    func reduceTaker(_ taker: inout Taker, by lots: Int64, reason: CancelReason) {
        let rules = rules[taker.market]
        taker.lots -= lots
        emit(
            .canceled(
                OrderCanceled(
                    orderId: taker.orderId, clientOrderId: taker.clientOrderId, account: taker.account,
                    market: taker.market, side: taker.side, canceledQuantity: lots * rules.lotSize,
                    remaining: taker.lots * rules.lotSize, reason: reason)))
        guard !rules.isPerpetual else { return }
        release(
            taker.account, rules.reservedAsset(taker.side),
            rules.reservation(side: taker.side, ticks: taker.ticks, lots: lots))
    }

    /// Removes an order from its book (if on it), its account's list and both indexes, and frees its slot.
    func retire(_ slot: Int32) {
        let order = orders[slot]
        if order.level != OrderStore.none { books[Int(order.market)].unlink(slot, orders: orders) }
        accounts.unlink(slot, orders: orders)
        orderIds.remove(0, order.orderId)
        clientOrderIds.remove(order.account, order.clientOrderId)
        orders.free(slot)
    }
}
