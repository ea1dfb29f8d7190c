/// An open-addressing hash table from an (account, 64-bit key) pair to an order slot, 16 bytes an entry.
///
/// Linear probing with Robin Hood placement (an entry never sits further from its home than one it passed)
/// and backward-shift deletion: no tombstones, and a deletion stops at the first entry already at its home,
/// so a long run of neighbouring keys costs nothing to delete from. It is never iterated, so its layout
/// cannot leak into anything observable.
///
/// Keys the engine assigns in sequence (order ids) are placed by their low bits, so neighbouring ids share
/// cache lines. Keys that clients choose keep runs of 64 consecutive values together (bots number their
/// orders in sequence) and scatter the runs with a multiplicative hash, so no choice of ids can pile up
/// probe runs much longer than 64.
struct OrderIndex {
    private struct Entry: BitwiseCopyable {
        var low: UInt64
        var high: UInt32
        /// The order slot, or `OrderStore.none` for an empty entry.
        var slot: Int32
    }

    private var entries: UnsafeGrowableBuffer<Entry>
    private var mask: Int
    private var count = 0
    private let sequentialKeys: Bool

    init(capacity: Int, sequentialKeys: Bool) {
        self.sequentialKeys = sequentialKeys
        var size = 16
        while size < capacity * 2 { size *= 2 }
        entries = UnsafeGrowableBuffer(capacity: size, filling: Entry(low: 0, high: 0, slot: OrderStore.none))
        mask = size - 1
    }

    @inline(__always) private func home(_ high: UInt32, _ low: UInt64) -> Int {
        if sequentialKeys { return Int(truncatingIfNeeded: low) & mask }
        let run = ((low >> 6) &+ UInt64(high) &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: (run >> 29) << 6 | (low & 63)) & mask
    }

    /// The slot stored under the key, or `OrderStore.none`.
    @inline(__always) func find(_ high: UInt32, _ low: UInt64) -> Int32 {
        var index = home(high, low)
        while true {
            let entry = entries[index]
            if entry.slot == OrderStore.none { return OrderStore.none }
            if entry.low == low && entry.high == high { return entry.slot }
            index = (index + 1) & mask
        }
    }

    /// How far the entry at `index` sits from its home.
    @inline(__always) private func displacement(_ index: Int) -> Int {
        (index - home(entries[index].high, entries[index].low)) & mask
    }

    /// Stores a key that is not present yet.
    mutating func insert(_ high: UInt32, _ low: UInt64, slot: Int32) {
        if (count + 1) * 2 > mask + 1 { rehash() }
        var entry = Entry(low: low, high: high, slot: slot)
        var index = home(high, low)
        var distance = 0
        while entries[index].slot != OrderStore.none {
            // Robin Hood: the entry further from home takes the place; the other one moves on.
            let residentDistance = displacement(index)
            if residentDistance < distance {
                let resident = entries[index]
                entries[index] = entry
                entry = resident
                distance = residentDistance
            }
            index = (index + 1) & mask
            distance += 1
        }
        entries[index] = entry
        count += 1
    }

    /// Removes a key that is present.
    mutating func remove(_ high: UInt32, _ low: UInt64) {
        var index = home(high, low)
        while entries[index].low != low || entries[index].high != high { index = (index + 1) & mask }
        // Backward shift: pull the displaced entries that follow one place back, up to the first entry at home
        // (with Robin Hood placement none after it can belong before it).
        var next = (index + 1) & mask
        while entries[next].slot != OrderStore.none && displacement(next) > 0 {
            entries[index] = entries[next]
            index = next
            next = (next + 1) & mask
        }
        entries[index].slot = OrderStore.none
        count -= 1
    }

    private mutating func rehash() {
        let old = entries
        let oldSize = mask + 1
        entries = UnsafeGrowableBuffer(capacity: oldSize * 2, filling: Entry(low: 0, high: 0, slot: OrderStore.none))
        mask = oldSize * 2 - 1
        count = 0
        for index in 0..<oldSize where old[index].slot != OrderStore.none {
            insert(old[index].high, old[index].low, slot: old[index].slot)
        }
        old.deallocate()
    }

    func deallocate() {
        entries.deallocate()
    }
}
