extension Engine {
    func setIndexPrice(_ index: IndexPrice) {
        guard rules.indices.contains(index.market) else {
            return reject(0, .indexPrice, reference: 0, .unknownMarket)
        }
        reject(0, .indexPrice, reference: 0, .notPerpetual)
    }
}
