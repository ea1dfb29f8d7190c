extension Engine {
    /// Sets a perpetual market's index; the sweep after the command acts on the new mark.
    func setIndexPrice(_ index: IndexPrice) {
        do throws(RejectReason) {
            guard rules.indices.contains(index.market) else { throw .unknownMarket }
            guard rules[index.market].isPerpetual else { throw .notPerpetual }
            let perpetual = perpetuals + index.market
            let rules = rules[index.market]
            perpetual.pointee.indexTicks = try ticks(price: index.price, rules: rules)
            let mark = refreshMark(index.market)
            markInputsChanged = true
            emit(
                .indexPrice(
                    IndexPriceUpdate(market: index.market, indexPrice: index.price, markPrice: mark * rules.tickSize)))
        } catch {
            reject(0, .indexPrice, reference: 0, error)
        }
    }
}
