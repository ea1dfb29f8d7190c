/// An indexed binary max-heap of positions by trigger price, for finding the next position to act on in O(1).
///
/// Higher triggers come first and ties go to the lower account, so the order never depends on slot numbers.
/// Each position slot remembers where it sits, so a re-keyed or removed position moves in O(log n).
struct TriggerHeap {
    struct Entry: BitwiseCopyable {
        var trigger: Int64
        var account: UInt32
        var slot: Int32
    }

    private var entries = UnsafeGrowableBuffer(capacity: 64, filling: Entry(trigger: 0, account: 0, slot: 0))
    private var location = UnsafeGrowableBuffer<Int32>(capacity: 64, filling: -1)
    private(set) var count = 0

    /// The entry that comes first, if any.
    @inline(__always) var top: Entry? { count == 0 ? nil : entries[0] }

    func contains(_ slot: Int32) -> Bool {
        Int(slot) < location.capacity && location[slot] >= 0
    }

    /// Inserts the slot, or moves it to its new trigger.
    mutating func update(slot: Int32, trigger: Int64, account: UInt32) {
        location.grow(toAtLeast: Int(slot) + 1, filling: -1)
        var index = Int(location[slot])
        if index < 0 {
            entries.grow(toAtLeast: count + 1, filling: Entry(trigger: 0, account: 0, slot: 0))
            index = count
            count += 1
        }
        entries[index] = Entry(trigger: trigger, account: account, slot: slot)
        location[slot] = Int32(index)
        siftDown(siftUp(index))
    }

    mutating func remove(slot: Int32) {
        guard contains(slot) else { return }
        let index = Int(location[slot])
        location[slot] = -1
        count -= 1
        guard index != count else { return }
        entries[index] = entries[count]
        location[entries[index].slot] = Int32(index)
        siftDown(siftUp(index))
    }

    @inline(__always) private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.trigger != b.trigger ? a.trigger > b.trigger : a.account < b.account
    }

    private func siftUp(_ start: Int) -> Int {
        var index = start
        let entry = entries[index]
        while index > 0 {
            let parent = (index - 1) / 2
            guard Self.precedes(entry, entries[parent]) else { break }
            place(entries[parent], at: index)
            index = parent
        }
        place(entry, at: index)
        return index
    }

    private func siftDown(_ start: Int) {
        var index = start
        let entry = entries[index]
        while true {
            var child = 2 * index + 1
            guard child < count else { break }
            if child + 1 < count && Self.precedes(entries[child + 1], entries[child]) { child += 1 }
            guard Self.precedes(entries[child], entry) else { break }
            place(entries[child], at: index)
            index = child
        }
        place(entry, at: index)
    }

    @inline(__always) private func place(_ entry: Entry, at index: Int) {
        entries[index] = entry
        location[entry.slot] = Int32(index)
    }

    func deallocate() {
        entries.deallocate()
        location.deallocate()
    }
}
