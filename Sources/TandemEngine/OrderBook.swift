/// A price level: a FIFO queue of order slots linked by index.
struct PriceLevel: BitwiseCopyable {
    var ticks: Int64 = 0
    var lots: Int64 = 0
    var head: Int32 = OrderStore.none
    var tail: Int32 = OrderStore.none
    var count: Int32 = 0
}

/// One market's central limit order book: price-time priority, O(1) best price, O(1) unlink of an order.
final class OrderBook {
    private(set) var bids = BookSide(side: .buy)
    private(set) var asks = BookSide(side: .sell)
    private var levelPool = UnsafeGrowableBuffer(capacity: 512, filling: PriceLevel())
    private var freeLevel: Int32 = OrderStore.none
    private var nextUnusedLevel: Int32 = 0
    private(set) var orderCount = 0

    deinit {
        bids.deallocate()
        asks.deallocate()
        levelPool.deallocate()
    }

    @inline(__always) func side(_ side: Side) -> BookSide {
        side == .buy ? bids : asks
    }

    @inline(__always) func level(_ index: Int32) -> UnsafeMutablePointer<PriceLevel> {
        levelPool.base + Int(index)
    }

    /// The best level on `side`, or `OrderStore.none`.
    @inline(__always) func bestLevel(_ side: Side) -> Int32 {
        side == .buy ? bids.best : asks.best
    }

    /// Whether an order of `side` at `ticks` would trade with the best opposite level.
    @inline(__always) func crosses(side: Side, ticks: Int64) -> Bool {
        let best = bestLevel(side.opposite)
        guard best != OrderStore.none else { return false }
        let bestTicks = level(best).pointee.ticks
        return side == .buy ? bestTicks <= ticks : bestTicks >= ticks
    }

    /// Links the order at the back of its price level, opening the level if needed.
    func append(_ slot: Int32, orders: OrderStore) {
        let order = orders.pointer(slot)
        var levelIndex = side(order.pointee.side).find(ticks: order.pointee.ticks)
        if levelIndex == OrderStore.none {
            levelIndex = openLevel(side: order.pointee.side, ticks: order.pointee.ticks)
        }
        let level = level(levelIndex)
        order.pointee.level = levelIndex
        order.pointee.previous = level.pointee.tail
        order.pointee.next = OrderStore.none
        if level.pointee.tail == OrderStore.none {
            level.pointee.head = slot
        } else {
            orders.pointer(level.pointee.tail).pointee.next = slot
        }
        level.pointee.tail = slot
        level.pointee.lots += order.pointee.lots
        level.pointee.count += 1
        orderCount += 1
    }

    /// Unlinks the order from its level, closing the level when it empties.
    func unlink(_ slot: Int32, orders: OrderStore) {
        let order = orders.pointer(slot)
        let levelIndex = order.pointee.level
        let level = level(levelIndex)
        if order.pointee.previous == OrderStore.none {
            level.pointee.head = order.pointee.next
        } else {
            orders.pointer(order.pointee.previous).pointee.next = order.pointee.next
        }
        if order.pointee.next == OrderStore.none {
            level.pointee.tail = order.pointee.previous
        } else {
            orders.pointer(order.pointee.next).pointee.previous = order.pointee.previous
        }
        level.pointee.lots -= order.pointee.lots
        level.pointee.count -= 1
        order.pointee.level = OrderStore.none
        order.pointee.previous = OrderStore.none
        order.pointee.next = OrderStore.none
        orderCount -= 1
        if level.pointee.count == 0 { closeLevel(levelIndex, side: order.pointee.side) }
    }

    /// Records that a resting order lost `lots` in place (a fill or a reduction that keeps priority).
    @inline(__always) func reduce(levelOf order: OrderSlot, by lots: Int64) {
        level(order.level).pointee.lots -= lots
    }

    private func openLevel(side: Side, ticks: Int64) -> Int32 {
        let index: Int32
        if freeLevel != OrderStore.none {
            index = freeLevel
            freeLevel = levelPool[index].head
        } else {
            levelPool.grow(toAtLeast: Int(nextUnusedLevel) + 1, filling: PriceLevel())
            index = nextUnusedLevel
            nextUnusedLevel += 1
        }
        levelPool[index] = PriceLevel(ticks: ticks)
        if side == .buy { bids.insert(level: index, ticks: ticks) } else { asks.insert(level: index, ticks: ticks) }
        return index
    }

    private func closeLevel(_ index: Int32, side: Side) {
        let ticks = levelPool[index].ticks
        if side == .buy { bids.remove(ticks: ticks) } else { asks.remove(ticks: ticks) }
        levelPool[index] = PriceLevel(head: freeLevel)
        freeLevel = index
    }
}
