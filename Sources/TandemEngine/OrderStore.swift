/// A resting order's slot: every link is an index, so queues cost no allocation.
struct OrderSlot: BitwiseCopyable {
    var orderId: UInt64 = 0
    var clientOrderId: UInt64 = 0
    var ticks: Int64 = 0
    var lots: Int64 = 0
    var account: UInt32 = 0
    /// The price level the order waits in, or `OrderStore.none` while it is not on the book.
    var level: Int32 = OrderStore.none
    var previous: Int32 = OrderStore.none
    var next: Int32 = OrderStore.none
    var accountPrevious: Int32 = OrderStore.none
    var accountNext: Int32 = OrderStore.none
    var market: UInt16 = 0
    var side: Side = .buy
    var selfTrade: SelfTradePrevention = .cancelTaker
    var postOnly: Bool = false
}

/// The pool of order slots shared by all markets, with a free list threaded through `next`.
struct OrderStore {
    static let none: Int32 = -1

    private(set) var slots: UnsafeGrowableBuffer<OrderSlot>
    private var freeHead: Int32

    init(capacity: Int) {
        slots = UnsafeGrowableBuffer(capacity: capacity, filling: OrderSlot())
        freeHead = Self.none
        threadFreeList(from: 0)
    }

    @inline(__always) subscript(index: Int32) -> OrderSlot {
        get { slots[index] }
        nonmutating set { slots[index] = newValue }
    }

    @inline(__always) func pointer(_ index: Int32) -> UnsafeMutablePointer<OrderSlot> {
        slots.base + Int(index)
    }

    /// Takes a free slot, growing the pool when none is left.
    mutating func allocate() -> Int32 {
        if freeHead == Self.none {
            let oldCapacity = slots.capacity
            slots.grow(toAtLeast: oldCapacity * 2, filling: OrderSlot())
            threadFreeList(from: oldCapacity)
        }
        let index = freeHead
        freeHead = slots[index].next
        return index
    }

    mutating func free(_ index: Int32) {
        slots[index] = OrderSlot(next: freeHead)
        freeHead = index
    }

    private mutating func threadFreeList(from start: Int) {
        for index in stride(from: slots.capacity - 1, through: start, by: -1) {
            slots[index].next = freeHead
            freeHead = Int32(index)
        }
    }

    func deallocate() {
        slots.deallocate()
    }
}
