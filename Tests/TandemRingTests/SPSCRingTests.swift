import Foundation
import Testing

@testable import TandemRing

@Suite struct SPSCRingTests {
    @Test func capacityRoundsUpToAPowerOfTwo() {
        #expect(SPSCRing<Int>(minimumCapacity: 1).capacity == 1)
        #expect(SPSCRing<Int>(minimumCapacity: 5).capacity == 8)
        #expect(SPSCRing<Int>(minimumCapacity: 1_024).capacity == 1_024)
    }

    @Test func itIsFirstInFirstOutAndRefusesWhenFullOrEmpty() {
        let ring = SPSCRing<Int>(minimumCapacity: 4)
        #expect(ring.tryPop() == nil)
        for value in 1...4 { #expect(ring.tryPush(value)) }
        #expect(!ring.tryPush(5))
        #expect(ring.count == 4)
        #expect(ring.tryPop() == 1)
        #expect(ring.tryPush(5))
        #expect((2...5).map { _ in ring.tryPop() } == [2, 3, 4, 5])
        #expect(ring.tryPop() == nil && ring.count == 0)
    }

    @Test func drainTakesEverythingPresentInOrderAcrossTheWrap() {
        let ring = SPSCRing<Int>(minimumCapacity: 8)
        for value in 0..<6 { _ = ring.tryPush(value) }
        for _ in 0..<5 { _ = ring.tryPop() }
        for value in 6..<13 { #expect(ring.tryPush(value)) }
        var seen: [Int] = []
        #expect(ring.drain { seen.append($0) } == 8)
        #expect(seen == Array(5..<13))
        #expect(ring.drain { _ in } == 0)
    }

    @Test func drainTakesAtMostTheMaximumAndLeavesTheRest() {
        let ring = SPSCRing<Int>(minimumCapacity: 8)
        for value in 0..<7 { _ = ring.tryPush(value) }
        var seen: [Int] = []
        #expect(ring.drain(maximum: 3) { seen.append($0) } == 3)
        #expect(seen == [0, 1, 2] && ring.count == 4)
        #expect(ring.drain(maximum: 10) { seen.append($0) } == 4)
        #expect(seen == Array(0..<7) && ring.count == 0)
    }

    /// Two threads, one ring: every item arrives once, in order; the sum proves none was torn or lost.
    /// 100 million items by default; `TANDEM_RING_STRESS_ITEMS` sets fewer (the ThreadSanitizer run).
    @Test func aProducerAndAConsumerOnTwoThreadsLoseNothing() {
        let items = ProcessInfo.processInfo.environment["TANDEM_RING_STRESS_ITEMS"].flatMap(Int.init) ?? 100_000_000
        let ring = SPSCRing<UInt64>(minimumCapacity: 4_096)
        let producer = Thread {
            var next: UInt64 = 1
            while next <= UInt64(items) {
                if ring.tryPush(next &* 0x9E37_79B9_7F4A_7C15) { next += 1 }
            }
        }
        producer.start()
        var expected: UInt64 = 1
        var checksum: UInt64 = 0
        var outOfOrder = 0
        while expected <= UInt64(items) {
            // Batches of varying size: a partial drain must free exactly the slots it handed over.
            ring.drain(maximum: 1 + Int(expected & 255)) { value in
                if value != expected &* 0x9E37_79B9_7F4A_7C15 { outOfOrder += 1 }
                checksum &+= value
                expected += 1
            }
        }
        let wanted = (1...UInt64(items)).reduce(UInt64(0)) { $0 &+ $1 &* 0x9E37_79B9_7F4A_7C15 }
        #expect(outOfOrder == 0)
        #expect(checksum == wanted)
        #expect(ring.count == 0)
    }
}
