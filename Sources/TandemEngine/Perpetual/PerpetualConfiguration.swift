/// What makes a market a linear perpetual: its margin fractions and how liquidations may trade.
///
/// A perpetual market trades contracts on its base asset, settled and margined in its quote asset. No base
/// changes hands; each account holds a signed position per market with collateral of its own (isolated margin).
/// Fractions are parts per million of the position's notional at the mark price, and must satisfy
/// `0 < maintenance < marginCall < initial <= 1e6`.
public struct PerpetualConfiguration: Sendable, Equatable {
    /// The margin an order must leave: collateral plus unrealised PnL covers this much of the worst-side notional.
    public var initialMarginPPM: Int64
    /// Below this fraction of the position's notional the position is liquidated.
    public var maintenanceMarginPPM: Int64
    /// Below this fraction the account's open orders in the market are canceled and a margin call is sent.
    public var marginCallPPM: Int64
    /// How far past the bankruptcy price a liquidation may trade, the insurance fund paying the gap.
    public var liquidationSpreadPPM: Int64
    /// The account that holds the AMM vault's position and collateral (markets with a pool).
    public var vaultAccount: UInt32

    public init(
        initialMarginPPM: Int64, maintenanceMarginPPM: Int64, marginCallPPM: Int64,
        liquidationSpreadPPM: Int64 = 0, vaultAccount: UInt32 = 0
    ) {
        self.initialMarginPPM = initialMarginPPM
        self.maintenanceMarginPPM = maintenanceMarginPPM
        self.marginCallPPM = marginCallPPM
        self.liquidationSpreadPPM = liquidationSpreadPPM
        self.vaultAccount = vaultAccount
    }
}
