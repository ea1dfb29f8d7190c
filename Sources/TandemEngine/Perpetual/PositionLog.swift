/// Remembers which positions a command touched and their state before, so that only real changes are
/// reported, in ascending (account, market) order.
struct PositionLog {
    struct Touched: BitwiseCopyable {
        var account: UInt32
        var market: Int32
        var slot: Int32
        var size: Int64
        var cost: Int64
        var collateral: Int64
    }

    /// Positions whose size, cost or collateral changed since their heap entries were last moved.
    private(set) var changed = UnsafeGrowableBuffer(capacity: 64, filling: (market: Int32(0), slot: Int32(0)))
    private(set) var changedCount = 0

    private(set) var entries = UnsafeGrowableBuffer(
        capacity: 64, filling: Touched(account: 0, market: 0, slot: 0, size: 0, cost: 0, collateral: 0))
    private(set) var count = 0
    private(set) var command: UInt64 = 1

    mutating func beginCommand() {
        command += 1
        count = 0
    }

    /// Logs a position before its first change in this command.
    @inline(__always) mutating func willChange(_ position: UnsafeMutablePointer<Position>, market: Int, slot: Int32) {
        guard position.pointee.stamp != command else { return }
        position.pointee.stamp = command
        entries.grow(toAtLeast: count + 1, filling: entries[0])
        entries[count] = Touched(
            account: position.pointee.account, market: Int32(market), slot: slot, size: position.pointee.size,
            cost: position.pointee.cost, collateral: position.pointee.collateral)
        count += 1
    }

    /// Notes a change to a position's size, cost or collateral, once until `takeChanged`.
    @inline(__always) mutating func noteChange(_ position: UnsafeMutablePointer<Position>, market: Int, slot: Int32) {
        guard !position.pointee.needsRekey else { return }
        position.pointee.needsRekey = true
        changed.grow(toAtLeast: changedCount + 1, filling: changed[0])
        changed[changedCount] = (Int32(market), slot)
        changedCount += 1
    }

    /// Forgets the noted changes; the caller has read them.
    mutating func clearChanged() {
        changedCount = 0
    }

    /// Sorts the touched positions by (account, market): insertion sort, as commands touch few.
    mutating func sort() {
        for index in stride(from: 1, to: count, by: 1) {
            let entry = entries[index]
            var position = index
            while position > 0 && Self.precedes(entry, entries[position - 1]) {
                entries[position] = entries[position - 1]
                position -= 1
            }
            entries[position] = entry
        }
    }

    private static func precedes(_ a: Touched, _ b: Touched) -> Bool {
        a.account != b.account ? a.account < b.account : a.market < b.market
    }

    func deallocate() {
        changed.deallocate()
        entries.deallocate()
    }
}
