/// Balances and per-account state, stored flat and indexed by account id.
///
/// Storage grows with the highest open account id (amortised, at account opening), never per order.
struct Accounts {
    let assetCount: Int
    let maxAccounts: UInt32
    private(set) var available: UnsafeGrowableBuffer<Int64>
    private(set) var reserved: UnsafeGrowableBuffer<Int64>
    private(set) var isOpen: UnsafeGrowableBuffer<Bool>
    private(set) var selfTrade: UnsafeGrowableBuffer<SelfTradePrevention>
    /// Each account's live resting orders, oldest (lowest order id) first.
    private(set) var firstOrder: UnsafeGrowableBuffer<Int32>
    private(set) var lastOrder: UnsafeGrowableBuffer<Int32>

    init(assetCount: Int, maxAccounts: UInt32) {
        self.assetCount = assetCount
        self.maxAccounts = maxAccounts
        available = UnsafeGrowableBuffer(capacity: 64 * assetCount, filling: 0)
        reserved = UnsafeGrowableBuffer(capacity: 64 * assetCount, filling: 0)
        isOpen = UnsafeGrowableBuffer(capacity: 64, filling: false)
        selfTrade = UnsafeGrowableBuffer(capacity: 64, filling: .cancelTaker)
        firstOrder = UnsafeGrowableBuffer(capacity: 64, filling: OrderStore.none)
        lastOrder = UnsafeGrowableBuffer(capacity: 64, filling: OrderStore.none)
    }

    @inline(__always) func contains(_ account: UInt32) -> Bool {
        Int(account) < isOpen.capacity && isOpen[Int(account)]
    }

    /// The index of an (account, asset) balance; balances sort by it as by (account, asset).
    @inline(__always) func balanceIndex(_ account: UInt32, _ asset: Int) -> Int {
        Int(account) * assetCount + asset
    }

    mutating func open(_ account: UInt32, selfTrade mode: SelfTradePrevention) {
        let count = Int(account) + 1
        available.grow(toAtLeast: count * assetCount, filling: 0)
        reserved.grow(toAtLeast: count * assetCount, filling: 0)
        isOpen.grow(toAtLeast: count, filling: false)
        selfTrade.grow(toAtLeast: count, filling: .cancelTaker)
        firstOrder.grow(toAtLeast: count, filling: OrderStore.none)
        lastOrder.grow(toAtLeast: count, filling: OrderStore.none)
        isOpen[Int(account)] = true
        selfTrade[Int(account)] = mode
    }

    /// Appends a resting order to its account's list.
    func link(_ slot: Int32, orders: OrderStore) {
        let order = orders.pointer(slot)
        let account = Int(order.pointee.account)
        order.pointee.accountPrevious = lastOrder[account]
        order.pointee.accountNext = OrderStore.none
        if lastOrder[account] == OrderStore.none {
            firstOrder[account] = slot
        } else {
            orders.pointer(lastOrder[account]).pointee.accountNext = slot
        }
        lastOrder[account] = slot
    }

    func unlink(_ slot: Int32, orders: OrderStore) {
        let order = orders.pointer(slot).pointee
        let account = Int(order.account)
        if order.accountPrevious == OrderStore.none {
            firstOrder[account] = order.accountNext
        } else {
            orders.pointer(order.accountPrevious).pointee.accountNext = order.accountNext
        }
        if order.accountNext == OrderStore.none {
            lastOrder[account] = order.accountPrevious
        } else {
            orders.pointer(order.accountNext).pointee.accountPrevious = order.accountPrevious
        }
    }

    func deallocate() {
        available.deallocate()
        reserved.deallocate()
        isOpen.deallocate()
        selfTrade.deallocate()
        firstOrder.deallocate()
        lastOrder.deallocate()
    }
}
