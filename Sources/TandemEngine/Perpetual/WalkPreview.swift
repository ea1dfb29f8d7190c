/// What a taker's walk through the combined book would do, computed without changing anything.
struct WalkPreview {
    var filledLots: Int64 = 0
    /// The quote notional of the fills (positive).
    var notional: Int128 = 0
    var fees: Int128 = 0
    /// Lots left after the walk, before the time in force acts on them.
    var leftLots: Int64 = 0
    /// Self-trade prevention ended the walk at an own order (or, under `cancel_maker`, never).
    var stoppedAtOwnOrder = false
    /// An own order was met under a mode other than `cancel_maker` (a fill-or-kill then does not fill).
    var metOwnOrder = false
    /// Lots of the account's own resting orders on the other side that self-trade prevention would cancel.
    var canceledOwnLots: Int64 = 0
}

/// The vault's position as a walk moves it: signed lots and equity at the mark.
struct VaultState {
    var size: Int64
    var equity: Int128
}
