import CProcessor
import Synchronization
import TandemEngine
import TandemRing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a journal ahead of a replay on a thread of its own: framing, CRCs and command decoding run there,
/// beside the thread that applies the commands, which takes the records from a ring.
///
/// The records point into mapped segments, so the reader keeps each segment mapped until the applying thread
/// has taken a record of a later one. What the reader finds at the end (a clean end, a torn tail, or the
/// error it threw) reaches the applying thread after the last record, in the order a plain reader gives.
final class ReplayPrefetcher {
    /// A record and, for a command record, its command.
    struct Item: BitwiseCopyable {
        var record: JournalRecord
        /// Nil for other records, and where decoding failed: the applying thread decodes it again to throw the
        /// error at its place in the sequence.
        var command: Command?
    }

    private enum Entry: BitwiseCopyable {
        case item(Item)
        /// The reader stopped: `next()` returned nil or threw.
        case end
    }

    private let reader: JournalReader
    private let ring = SPSCRing<Entry>(minimumCapacity: 4_096)
    private var thread: JournalThread?
    /// Set by the reader thread before it pushes `.end`; read after the join.
    private var failure: JournalError?
    /// The first sequence of the segment of the record the applying thread took last.
    private let takenSegment = Atomic<UInt64>(0)
    private let stopping = Atomic<Bool>(false)
    private let progress = Atomic<Int>(0)

    /// The applying thread's state, behind a pointer: off the cache line of `stopping`, which the reader polls.
    private struct Consumer {
        /// Entries taken from the ring in one go: its slots are freed per batch, not per record, and copied
        /// out in one sequential sweep.
        let batch = UnsafeMutablePointer<Entry>.allocate(capacity: ReplayPrefetcher.batchCapacity)
        var count = 0
        var index = 0
        var lastTakenSegment: UInt64 = 0
    }
    private let consumer = UnsafeMutablePointer<Consumer>.allocate(capacity: 1)
    private static let batchCapacity = 256

    /// Starts reading `reader`'s records from where it is. The thread holds the prefetcher until it ends: at the
    /// journal's end, or at `stop()`, which the caller must call when it stops taking records early.
    init(reader: JournalReader) throws(JournalError) {
        self.reader = reader
        consumer.initialize(to: Consumer())
        reader.keepsSegments = true
        thread = try JournalThread(name: "tandem-replay-reader") { self.readAll() }
    }

    deinit {
        consumer.pointee.batch.deallocate()
        consumer.deallocate()
    }

    /// Roughly how far through the segments the reader is, in thousandths.
    var progressPermille: Int { progress.load(ordering: .relaxed) }

    /// The next record, or nil where the journal ends; throws what the reader threw there.
    func next() throws(JournalError) -> Item? {
        var spins = 0
        while true {
            if consumer.pointee.index == consumer.pointee.count { refill() }
            if consumer.pointee.index < consumer.pointee.count {
                let entry = consumer.pointee.batch[consumer.pointee.index]
                consumer.pointee.index += 1
                switch entry {
                case .item(let item):
                    if item.record.segmentFirstSequence != consumer.pointee.lastTakenSegment {
                        consumer.pointee.lastTakenSegment = item.record.segmentFirstSequence
                        takenSegment.store(item.record.segmentFirstSequence, ordering: .releasing)
                    }
                    return item
                case .end:
                    stop()
                    if let failure { throw failure }
                    return nil
                }
            }
            spins += 1
            if spins > 1_000 { sched_yield() }
        }
    }

    private func refill() {
        let batch = consumer.pointee.batch
        var count = 0
        ring.drain(maximum: Self.batchCapacity) { entry in
            batch[count] = entry
            count += 1
        }
        consumer.pointee.index = 0
        consumer.pointee.count = count
    }

    /// Stops the reader thread (when the replay ends early) and waits for it.
    func stop() {
        stopping.store(true, ordering: .releasing)
        thread?.join()
        thread = nil
    }

    private func readAll() {
        var segment: UInt64 = 0
        var count = 0
        do throws(JournalError) {
            while let record = try reader.next() {
                if record.segmentFirstSequence != segment {
                    segment = record.segmentFirstSequence
                    reader.releaseSegments(before: takenSegment.load(ordering: .acquiring))
                }
                let command = record.type == .command ? try? record.command() : nil
                guard push(.item(Item(record: record, command: command))) else { return }
                count += 1
                if count & 4_095 == 0 { progress.store(reader.progressPermille, ordering: .relaxed) }
            }
        } catch {
            failure = error
        }
        _ = push(.end)
    }

    /// Pushes `entry`, waiting while the ring is full; false when told to stop.
    private func push(_ entry: Entry) -> Bool {
        while !ring.tryPush(entry) {
            // The reader is ahead: wait for the applying thread to empty half the ring, looking every few
            // microseconds (not sleeping: waking a thread costs more than that on a virtual machine), and
            // touching no cache line the applying thread writes in between.
            repeat {
                if stopping.load(ordering: .relaxed) { return false }
                for _ in 0..<64 { tandem_spin_pause() }
            } while ring.count > ring.capacity / 2
        }
        return true
    }
}
