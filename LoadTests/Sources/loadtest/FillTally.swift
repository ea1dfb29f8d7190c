import TandemWire

/// The fills of one liquidity source, summed so that the two sides of every book trade can be compared without
/// keeping the trades: each book trade reaches the taker's connection and the maker's with the same trade id,
/// price and quantity, so the makers' tally and the takers' tally must be equal.
struct FillTally: Equatable {
    private(set) var fills = 0
    private(set) var quantity: Int64 = 0
    /// A sum of a mix of each fill's trade id, price and quantity: equal sums mean the same trades (but for a
    /// coincidence of 2^-64).
    private(set) var checksum: UInt64 = 0

    mutating func add(_ fill: Wire.Fill) {
        fills += 1
        quantity &+= fill.quantity
        var mixed = fill.tradeId &* 0x9E37_79B9_7F4A_7C15
        mixed ^= UInt64(bitPattern: fill.price) &* 0xBF58_476D_1CE4_E5B9
        mixed ^= UInt64(bitPattern: fill.quantity) &* 0x94D0_49BB_1331_11EB
        checksum &+= mixed ^ (mixed >> 31)
    }
}
