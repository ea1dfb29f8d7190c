extension Engine {
    /// Sets a perpetual market's index; the sweep after the command acts on the new mark.
    func setIndexPrice(_ index: IndexPrice) {
        do throws(RejectReason) {
            guard rules.indices.contains(index.market) else { throw .unknownMarket }
            guard let perpetual = perpetuals[index.market] else { throw .notPerpetual }
            let rules = rules[index.market]
            perpetual.indexTicks = try ticks(price: index.price, rules: rules)
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
