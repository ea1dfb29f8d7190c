/// A manually managed array of trivial values: no copy-on-write, no bounds checks on the hot path.
///
/// It grows by doubling (amortised, never per order in steady state) and must be freed by its owner.
struct UnsafeGrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int

    init(capacity: Int, filling value: Element) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
        base.initialize(repeating: value, count: self.capacity)
    }

    @inline(__always) subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    @inline(__always) subscript(index: Int32) -> Element {
        get { base[Int(index)] }
        nonmutating set { base[Int(index)] = newValue }
    }

    /// Grows to at least `minimumCapacity`, filling new slots with `value`.
    mutating func grow(toAtLeast minimumCapacity: Int, filling value: Element) {
        guard minimumCapacity > capacity else { return }
        var newCapacity = capacity
        while newCapacity < minimumCapacity { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: capacity)
        (newBase + capacity).initialize(repeating: value, count: newCapacity - capacity)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Moves `count` elements starting at `index` one place to the right (the caller ensures room).
    @inline(__always) func shiftRight(from index: Int, count: Int) {
        (base + index + 1).update(from: base + index, count: count)
    }

    /// Moves `count` elements starting at `index + 1` one place to the left.
    @inline(__always) func shiftLeft(into index: Int, count: Int) {
        (base + index).update(from: base + index + 1, count: count)
    }

    func deallocate() {
        base.deallocate()
    }
}
