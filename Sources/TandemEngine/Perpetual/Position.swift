/// One account's margin account in one perpetual market: its position, collateral and resting lots.
struct Position: BitwiseCopyable {
    var account: UInt32
    /// Signed lots: positive long.
    var size: Int64 = 0
    /// Signed entry value of the open size in quote minor units (buys add, sells subtract).
    var cost: Int64 = 0
    /// Isolated collateral in quote minor units.
    var collateral: Int64 = 0
    /// Lots of the account's resting orders in the market, per side.
    var bids: Int64 = 0
    var asks: Int64 = 0
    /// Margin-called since the position last changed.
    var called = false
    /// Changed since its thresholds were last computed (see `Engine.rekeyChangedPositions`).
    var needsRekey = false
    /// The command that last logged this position (see `PositionLog`).
    var stamp: UInt64 = 0

    init(account: UInt32) {
        self.account = account
    }
}
