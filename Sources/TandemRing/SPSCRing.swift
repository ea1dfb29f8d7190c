import Synchronization

/// A bounded single-producer, single-consumer queue of preallocated slots, without locks.
///
/// One thread pushes, one other thread pops. The producer publishes a slot by storing the tail with
/// releasing ordering after writing it; the consumer reads the tail with acquiring ordering before reading
/// the slot, and frees it by storing the head with releasing ordering. Each side keeps a cached copy of the
/// other's index and reloads it only when the cache says the ring is full (or empty), so in steady state a
/// push or pop touches no cache line the other side writes (the Disruptor's and Rigtorp's layout).
public final class SPSCRing<Element: BitwiseCopyable>: @unchecked Sendable {
    // The operations are inlinable so that callers specialise them for their element type: fast, and the slot
    // copies become ordinary loads and stores in the caller, which ThreadSanitizer instruments. Unspecialised
    // (or in a debug build), a push writes its slot through the element type's value witness in the
    // uninstrumented runtime, and TSan cannot see a race on the slots; `make tsan-selftest` checks that it can.
    @usableFromInline let slots: UnsafeMutablePointer<Element>
    @usableFromInline let mask: Int
    /// The next slot the consumer reads; written by the consumer only.
    @usableFromInline let head = Atomic<Int>(0)
    private let headPadding = CacheLinePadding()
    /// The next slot the producer writes; written by the producer only.
    @usableFromInline let tail = Atomic<Int>(0)
    private let tailPadding = CacheLinePadding()
    /// The producer's last view of `head`, and the consumer's of `tail`: each touched by one thread only, so
    /// the dynamic exclusivity checks that inlining into other modules would bring are pure cost.
    @exclusivity(unchecked) @usableFromInline var producerCachedHead = 0
    private let producerPadding = CacheLinePadding()
    @exclusivity(unchecked) @usableFromInline var consumerCachedTail = 0

    /// The number of slots, a power of two.
    public let capacity: Int

    /// A ring with at least `minimumCapacity` slots (rounded up to a power of two), all allocated now.
    public init(minimumCapacity: Int) {
        precondition(minimumCapacity > 0, "a ring needs at least one slot")
        var capacity = 1
        while capacity < minimumCapacity { capacity <<= 1 }
        self.capacity = capacity
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
    }

    deinit {
        slots.deallocate()
    }

    /// Producer only: appends `element`, or returns false when the ring is full.
    @inlinable
    public func tryPush(_ element: Element) -> Bool {
        let position = tail.load(ordering: .relaxed)
        if position - producerCachedHead == capacity {
            producerCachedHead = head.load(ordering: .acquiring)
            if position - producerCachedHead == capacity { return false }
        }
        (slots + (position & mask)).initialize(to: element)
        tail.store(position + 1, ordering: .releasing)
        return true
    }

    /// Consumer only: removes the oldest element, or returns nil when the ring is empty.
    @inlinable
    public func tryPop() -> Element? {
        let position = head.load(ordering: .relaxed)
        if position == consumerCachedTail {
            consumerCachedTail = tail.load(ordering: .acquiring)
            if position == consumerCachedTail { return nil }
        }
        let element = slots[position & mask]
        head.store(position + 1, ordering: .releasing)
        return element
    }

    /// Consumer only: hands every element present now (at most `maximum`) to `body`, oldest first, and frees
    /// their slots at once; returns how many there were. Draining in batches is how a `uv_async` callback
    /// must read, and a consumer that frees slots in batches spares the producer a cache miss per element.
    @inlinable @discardableResult
    public func drain(maximum: Int = .max, _ body: (Element) -> Void) -> Int {
        let start = head.load(ordering: .relaxed)
        consumerCachedTail = tail.load(ordering: .acquiring)
        let end = start + min(consumerCachedTail - start, maximum)
        for position in start..<end { body(slots[position & mask]) }
        if end != start { head.store(end, ordering: .releasing) }
        return end - start
    }

    /// How many elements wait: exact on either side's own thread between its operations, approximate elsewhere.
    @inlinable
    public var count: Int {
        tail.load(ordering: .acquiring) - head.load(ordering: .acquiring)
    }
}

/// 64 bytes that keep the fields around it on separate cache lines.
struct CacheLinePadding {
    private let words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
}
