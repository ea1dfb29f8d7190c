/// A perpetual position as the engine holds it, in external units.
public struct PerpetualPosition: Sendable, Equatable {
    public var account: UInt32
    public var market: Int
    /// Signed base quantity.
    public var size: Int64
    /// Signed entry value in quote minor units (buys add, sells subtract).
    public var cost: Int64
    public var collateral: Int64
    /// Resting quantity per side.
    public var bids: Int64
    public var asks: Int64
    /// Collateral plus unrealised PnL at the mark, and the requirements at the mark.
    public var equity: Int64
    public var initialRequirement: Int64
    public var maintenanceRequirement: Int64
}

extension Engine {
    /// Whether a market is a perpetual one.
    public func isPerpetual(market: Int) -> Bool {
        rules.indices.contains(market) && rules[market].isPerpetual
    }

    /// The account's position in a perpetual market (flat if it never had one); nil for a spot market.
    public func position(account: UInt32, market: Int) -> PerpetualPosition? {
        guard isPerpetual(market: market) else { return nil }
        let position = heldPosition(market: market, account: account)
        let requirements = requirements(position, market: market)
        let lotSize = rules[market].lotSize
        return PerpetualPosition(
            account: account, market: market, size: position.size * lotSize, cost: position.cost,
            collateral: position.collateral, bids: position.bids * lotSize, asks: position.asks * lotSize,
            equity: Margin.clamped(requirements.equity), initialRequirement: Margin.clamped(requirements.initial),
            maintenanceRequirement: Margin.clamped(requirements.maintenance))
    }

    /// Every position of a perpetual market with a size or collateral, by ascending account.
    public func positions(market: Int) -> [PerpetualPosition] {
        guard isPerpetual(market: market) else { return [] }
        let perpetual = perpetuals + market
        return perpetual.pointee.slotsByAccount.compactMap { slot in
            let position = perpetual.pointee.positions[slot]
            guard position.size != 0 || position.collateral != 0 else { return nil }
            return self.position(account: position.account, market: market)
        }
    }

    /// The mark price (external units) as last refreshed; nil for a spot market.
    public func markPrice(market: Int) -> Int64? {
        isPerpetual(market: market) ? (perpetuals + market).pointee.markTicks * rules[market].tickSize : nil
    }

    /// The index price (external units, 0 before the first); nil for a spot market.
    public func indexPrice(market: Int) -> Int64? {
        isPerpetual(market: market) ? (perpetuals + market).pointee.indexTicks * rules[market].tickSize : nil
    }

    /// The vault shares an account holds in a perpetual market, and the total (1,000 of them locked).
    public func vaultShares(account: UInt32, market: Int) -> (shares: Int64, total: Int64)? {
        guard isPerpetual(market: market) else { return nil }
        let perpetual = perpetuals + market
        return (perpetual.pointee.shares(of: account), perpetual.pointee.totalVaultShares)
    }
}
