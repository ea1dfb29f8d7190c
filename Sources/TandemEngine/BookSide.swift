/// One side's price levels, kept sorted by key so the best level is always the last one.
///
/// A key is the price in ticks for bids and its negation for asks, so "better" is always "larger". New
/// levels mostly open near the top of the book, which is the cheap end of the array to insert into.
struct BookSide {
    let side: Side
    private(set) var keys: UnsafeGrowableBuffer<Int64>
    private(set) var levels: UnsafeGrowableBuffer<Int32>
    private(set) var count = 0

    init(side: Side, capacity: Int = 256) {
        self.side = side
        keys = UnsafeGrowableBuffer(capacity: capacity, filling: 0)
        levels = UnsafeGrowableBuffer(capacity: capacity, filling: OrderStore.none)
    }

    @inline(__always) func key(ticks: Int64) -> Int64 {
        side == .buy ? ticks : -ticks
    }

    /// The best level's index, or `OrderStore.none` when the side is empty.
    @inline(__always) var best: Int32 {
        count == 0 ? OrderStore.none : levels[count - 1]
    }

    /// The level at rank `rank` from the best (0 is the best).
    @inline(__always) func level(rank: Int) -> Int32 {
        levels[count - 1 - rank]
    }

    /// The first position whose key is not below `key`.
    @inline(__always) func lowerBound(_ key: Int64) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) >> 1
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The level at exactly `ticks`, or `OrderStore.none`.
    @inline(__always) func find(ticks: Int64) -> Int32 {
        let key = key(ticks: ticks)
        let position = lowerBound(key)
        return position < count && keys[position] == key ? levels[position] : OrderStore.none
    }

    mutating func insert(level: Int32, ticks: Int64) {
        let key = key(ticks: ticks)
        let position = lowerBound(key)
        if count == keys.capacity {
            keys.grow(toAtLeast: count + 1, filling: 0)
            levels.grow(toAtLeast: count + 1, filling: OrderStore.none)
        }
        keys.shiftRight(from: position, count: count - position)
        levels.shiftRight(from: position, count: count - position)
        keys[position] = key
        levels[position] = level
        count += 1
    }

    mutating func remove(ticks: Int64) {
        let position = lowerBound(key(ticks: ticks))
        keys.shiftLeft(into: position, count: count - position - 1)
        levels.shiftLeft(into: position, count: count - position - 1)
        count -= 1
    }

    func deallocate() {
        keys.deallocate()
        levels.deallocate()
    }
}
