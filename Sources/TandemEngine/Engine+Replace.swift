extension Engine {
    func replaceOrder(_ replace: ReplaceOrder) {
        let change: Change
        do {
            change = try validate(replace)
        } catch {
            return reject(replace.account, .replace, reference: replace.order.number, error)
        }
        if change.lots == 0 {
            reduceResting(change.slot, by: orders[change.slot].lots, reason: .user)
        } else {
            amend(change)
        }
    }

    /// A validated replace: the order's slot and its new ticks and lots.
    private struct Change {
        var slot: Int32
        var ticks: Int64
        var lots: Int64
        /// Perpetual markets: collateral the new state needs moved in.
        var margin: Int64 = 0
    }

    private func validate(_ replace: ReplaceOrder) throws(RejectReason) -> Change {
        guard accounts.contains(replace.account) else { throw .unknownAccount }
        let slot = resolve(replace.order, account: replace.account)
        guard slot != OrderStore.none else { throw .unknownOrder }
        let order = orders[slot]
        let rules = rules[Int(order.market)]
        var change = Change(slot: slot, ticks: order.ticks, lots: order.lots)
        if let price = replace.price { change.ticks = try ticks(price: price, rules: rules) }
        if let quantity = replace.quantity { change.lots = try lots(quantity: quantity, rules: rules, allowZero: true) }
        if change.lots == 0 { return change }
        if order.postOnly && wouldTake(market: Int(order.market), side: order.side, ticks: change.ticks, lots: change.lots) {
            throw .postOnlyWouldTake
        }
        // Keeping the price and not growing cannot need more reservation: the common quote refresh.
        if change.ticks == order.ticks && change.lots <= order.lots { return change }
        if rules.isPerpetual {
            let taker = Taker(
                orderId: order.orderId, clientOrderId: order.clientOrderId, account: order.account,
                market: Int(order.market), side: order.side, ticks: change.ticks, lots: change.lots,
                selfTrade: order.selfTrade, postOnly: order.postOnly)
            change.margin = try checkMargin(taker, timeInForce: .gtc, reduceOnly: false, replacedLots: order.lots)
            return change
        }
        let oldReservation = rules.reservation(side: order.side, ticks: order.ticks, lots: order.lots)
        let newReservation = rules.reservation(side: order.side, ticks: change.ticks, lots: change.lots)
        if newReservation - oldReservation > available(order.account, rules.reservedAsset(order.side)) {
            throw .insufficientBalance
        }
        return change
    }

    /// Applies a replace: in place when priority is kept, else off the book, through matching, to the back.
    private func amend(_ change: Change) {
        let order = orders.pointer(change.slot)
        let market = Int(order.pointee.market)
        let rules = rules[market]
        let book = books[market]
        let keptPriority = change.ticks == order.pointee.ticks && change.lots <= order.pointee.lots
        emit(
            .replaced(
                OrderReplaced(
                    orderId: order.pointee.orderId, clientOrderId: order.pointee.clientOrderId,
                    account: order.pointee.account, market: market, side: order.pointee.side,
                    price: change.ticks * rules.tickSize, quantity: change.lots * rules.lotSize,
                    keptPriority: keptPriority)))
        if change.ticks == order.pointee.ticks && change.lots == order.pointee.lots { return }
        let side = order.pointee.side
        let account = order.pointee.account
        if rules.isPerpetual {
            topUp(change.margin, market: market, account: account)
            adjustRestingLots(market: market, account: account, side: side, by: -order.pointee.lots)
        } else {
            let oldReservation = rules.reservation(side: side, ticks: order.pointee.ticks, lots: order.pointee.lots)
            let newReservation = rules.reservation(side: side, ticks: change.ticks, lots: change.lots)
            reserve(account, rules.reservedAsset(side), newReservation - oldReservation)
        }
        if keptPriority {
            book.reduce(levelOf: order.pointee, by: order.pointee.lots - change.lots)
            order.pointee.lots = change.lots
            if rules.isPerpetual { adjustRestingLots(market: market, account: account, side: side, by: change.lots) }
            return
        }
        book.unlink(change.slot, orders: orders)
        order.pointee.ticks = change.ticks
        order.pointee.lots = change.lots
        var taker = Taker(
            orderId: order.pointee.orderId, clientOrderId: order.pointee.clientOrderId,
            account: order.pointee.account, market: market, side: side, ticks: change.ticks, lots: change.lots,
            selfTrade: order.pointee.selfTrade, postOnly: order.pointee.postOnly)
        match(&taker)
        if taker.lots > 0 {
            orders[change.slot].lots = taker.lots
            book.append(change.slot, orders: orders)
            if rules.isPerpetual { adjustRestingLots(market: market, account: account, side: side, by: taker.lots) }
        } else {
            retire(change.slot)
        }
    }
}
