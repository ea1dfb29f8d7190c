import Synchronization
import TandemEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends commands and their events to the journal: the engine thread encodes records into a bounded ring,
/// a writer thread frames them, writes them and makes them durable, one fdatasync per batch (group commit).
///
/// Threads:
/// - The engine thread (one thread only) calls `append`, `commit`, `writeSnapshot`, `flush` and `close`.
///   `append` encodes into the ring and allocates nothing. When the ring is full, `append` first commits, then
///   spins briefly and parks on a condition variable until the writer frees space: memory stays bounded and
///   the engine thread blocks while the disk is behind.
/// - The writer thread computes the CRCs (so the engine thread does not), writes with `pwrite`, syncs as the
///   durability asks, publishes `durableSequence` and calls `onDurable`.
/// - A background thread zero-fills the next segment ahead of need and writes snapshot files.
/// - Any thread may read `durableSequence`, `syncedSequence`, `failure`, `syncCount`.
///
/// An I/O error stops the writer for good: `failure` is set, `onFailure` is called once, `durableSequence`
/// stops advancing, and `append` no longer blocks (what it is given is dropped). The caller should shut down.
public final class JournalWriter: @unchecked Sendable {
    /// When a record counts as durable: what `durableSequence` and `onDurable` report.
    public enum Durability: String, Sendable, CaseIterable {
        /// After fdatasync: survives a power loss. The default.
        case sync
        /// After `write` hands the bytes to the kernel, before the fdatasync that follows: survives the
        /// process being killed, but a power loss or kernel crash can lose the last acknowledged records.
        case async
        /// After `write`, and never synced: for benchmarks only.
        case none
    }

    public struct Options: Sendable, Equatable {
        public var durability: Durability
        /// The size each segment file is preallocated to.
        public var segmentCapacity: Int
        /// The ring between the engine thread and the writer thread (rounded up to a power of two).
        public var bufferCapacity: Int
        /// Records between periodic snapshots (`isSnapshotDue`); 0 for snapshots on demand only.
        public var snapshotInterval: UInt64
        /// How many snapshot files to keep; older ones are deleted after a new one is written.
        public var snapshotsKept: Int
        /// Write segments with direct I/O where the file system allows it (`WriteBuffer`); buffered otherwise.
        public var directIO: Bool

        public init(
            durability: Durability = .sync, segmentCapacity: Int = 64 << 20, bufferCapacity: Int = 32 << 20,
            snapshotInterval: UInt64 = 0, snapshotsKept: Int = 2, directIO: Bool = true
        ) {
            self.durability = durability
            self.segmentCapacity = segmentCapacity
            self.bufferCapacity = bufferCapacity
            self.snapshotInterval = snapshotInterval
            self.snapshotsKept = snapshotsKept
            self.directIO = directIO
        }
    }

    /// The control entries the engine thread puts in the ring between records (never written to disk).
    private enum RingEntry: UInt8 {
        /// The rest of the ring is unused; the next entry is at its start.
        case wrap = 0x81
        /// The records that follow go to a new segment; the payload is its first sequence number.
        case segment = 0x82
        /// Sync, then write the next queued snapshot.
        case snapshot = 0x83
    }

    /// The engine thread's state, behind a pointer: no exclusivity checks on the hot path, and its own cache
    /// lines.
    private struct Producer {
        var writePosition = 0
        var nextSequence: UInt64
        var lastTimestamp: UInt64
        var segmentUsed: Int
        var segmentCapacity: Int
        var recordsSinceSnapshot: UInt64 = 0
        var isClosed = false
    }

    public let directory: String
    public let options: Options
    private let onDurable: (@Sendable (UInt64) -> Void)?
    private let onFailure: (@Sendable (JournalError) -> Void)?
    private let configurationPayload: [UInt8]
    private let ring: UnsafeMutableRawPointer
    private let ringCapacity: Int
    private let producer: UnsafeMutablePointer<Producer>
    private let lock: DirectoryLock
    private let background: JournalBackground
    private let failureSink: FailureSink
    private var writerThread: JournalThread?

    private let committed = Atomic<Int>(0)
    private let consumed = Atomic<Int>(0)
    private let durable: Atomic<UInt64>
    private let synced: Atomic<UInt64>
    private let writerIsWaiting = Atomic<Bool>(false)
    private let producerIsWaiting = Atomic<Bool>(false)
    private let flushWaiters = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let failed = Atomic<Bool>(false)
    private let syncs = Atomic<Int>(0)
    private let stalls = Atomic<Int>(0)
    private let monitor = Monitor()
    /// Guarded by `monitor`.
    private var failureValue: JournalError?
    private var pendingSnapshots: [SnapshotFile] = []
    /// Writer thread only: when `async` durability last synced (monotonic nanoseconds).
    private var lastAsyncSync: UInt64 = 0
    /// `async` durability syncs at most this often while records keep coming, and whenever the writer idles.
    static let asyncSyncInterval: UInt64 = 5_000_000
    /// How long the writer waits for more records before it syncs what `async` durability released.
    static let asyncIdleBeforeSync: UInt64 = 2_000_000

    /// The state a writer starts from: a new journal's first segment, or the tail recovery left.
    struct Start {
        var output: OutputSegment
        var nextSequence: UInt64
        var lastTimestamp: UInt64
        var segmentCapacity: Int
        var configurationPayload: [UInt8]
        var lock: DirectoryLock
    }

    init(
        directory: String, options: Options, start: Start, onDurable: (@Sendable (UInt64) -> Void)?,
        onFailure: (@Sendable (JournalError) -> Void)?
    ) throws(JournalError) {
        self.directory = directory
        self.options = options
        self.onDurable = onDurable
        self.onFailure = onFailure
        configurationPayload = start.configurationPayload
        lock = start.lock
        var capacity = 1 << 16
        while capacity < max(options.bufferCapacity, 2 * JournalFormat.maxPayload) { capacity <<= 1 }
        ringCapacity = capacity
        ring = .allocate(byteCount: capacity, alignment: 64)
        producer = .allocate(capacity: 1)
        producer.initialize(
            to: Producer(
                nextSequence: start.nextSequence, lastTimestamp: start.lastTimestamp, segmentUsed: start.output.offset,
                segmentCapacity: start.segmentCapacity))
        durable = Atomic(start.nextSequence - 1)
        synced = Atomic(start.nextSequence - 1)
        let failures = FailureSink()
        failureSink = failures
        background = JournalBackground(
            directory: directory, capacity: options.segmentCapacity, snapshotsKept: options.snapshotsKept,
            durable: options.durability != .none, onFailure: { failures.report($0) })
        failures.writer = self
        try background.start()
        if options.durability == .sync { background.prepareSpare() }
        let output = start.output
        writerThread = try JournalThread(name: "journal-writer") { self.run(output: output) }
    }

    deinit {
        producer.deinitialize(count: 1)
        producer.deallocate()
        ring.deallocate()
    }

    // MARK: - Engine thread

    /// The sequence number the next record will get.
    public var nextSequence: UInt64 { producer.pointee.nextSequence }

    /// The logical timestamp of the last command appended.
    public var lastTimestamp: UInt64 { producer.pointee.lastTimestamp }

    /// Appends a command and the events it produced (`engine.events` right after `engine.apply`), and returns
    /// the sequence number of the command's last record: its events may be released to clients once
    /// `durableSequence` reaches it.
    ///
    /// `clientId` and `requestType` are the client id and wire type code of the request the command came from,
    /// journaled so that the reports that answer it can be rebuilt from the journal: the server's own commands
    /// carry the type it reports them under and client id 0, and a request type of 0 marks a command whose
    /// events were reported to no one (the opening deposits). The records become visible to the writer at the
    /// next `commit()` (or earlier, when the ring fills).
    @discardableResult
    public func append(
        command: Command, clientId: UInt64 = 0, requestType: UInt8 = 0, timestamp: UInt64, events: [Event]
    ) -> UInt64 {
        let commandPayload = JournalFormat.commandRequestSize + CommandCodec.size(command)
        var eventBytes = EventCodec.headerSize
        for index in events.indices { eventBytes += EventCodec.size(events[index].body) }
        let isOneRecord = eventBytes <= JournalFormat.maxEventsPayload
        let eventRecords = isOneRecord ? JournalFormat.recordSize(payload: eventBytes) : EventChunks.recordBytes(events)
        startSegmentIfNeeded(for: JournalFormat.recordSize(payload: commandPayload) + eventRecords)
        if var writer = beginRecord(.command, flags: 0, timestamp: timestamp, payload: commandPayload) {
            writer.u64(clientId)
            writer.u8(requestType)
            CommandCodec.encode(command, to: &writer)
        }
        if isOneRecord {
            if var writer = beginRecord(.events, flags: 0, timestamp: timestamp, payload: eventBytes) {
                EventChunks.encode(events[...], to: &writer)
            }
        } else {
            EventChunks.forEach(events) { range, payload in
                let flags = range.upperBound < events.count ? JournalFormat.continuedFlag : 0
                if var writer = beginRecord(.events, flags: flags, timestamp: timestamp, payload: payload) {
                    EventChunks.encode(events[range], to: &writer)
                }
            }
        }
        producer.pointee.lastTimestamp = timestamp
        return producer.pointee.nextSequence - 1
    }

    /// Ends a batch: hands everything appended so far to the writer thread, which syncs it with one fdatasync
    /// together with whatever else is waiting (group commit). Cheap: an atomic store, plus a wake-up when the
    /// writer sleeps.
    public func commit() {
        committed.store(producer.pointee.writePosition, ordering: .sequentiallyConsistent)
        if writerIsWaiting.load(ordering: .sequentiallyConsistent) { monitor.broadcast() }
    }

    /// Whether `snapshotInterval` records have been appended since the last snapshot.
    public var isSnapshotDue: Bool {
        options.snapshotInterval > 0 && producer.pointee.recordsSinceSnapshot >= options.snapshotInterval
    }

    /// Takes a snapshot of `engine`, which must hold exactly the commands appended so far (call it between
    /// batches). The state is serialized here, on the engine thread; the writer thread syncs the journal up to
    /// this point and the background thread writes the file (temporary file, fsync, rename, directory fsync).
    public func writeSnapshot(of engine: Engine) {
        let snapshot = SnapshotFile(
            sequence: producer.pointee.nextSequence - 1, timestamp: producer.pointee.lastTimestamp,
            configurationPayload: configurationPayload, state: engine.snapshot())
        monitor.withLock { pendingSnapshots.append(snapshot) }
        writeControl(.snapshot, payload: nil)
        producer.pointee.recordsSinceSnapshot = 0
        commit()
    }

    /// Commits and waits until everything appended is durable (as `durability` defines it); throws the
    /// writer's failure if it has failed.
    public func flush() throws(JournalError) {
        commit()
        let target = producer.pointee.nextSequence - 1
        flushWaiters.add(1, ordering: .sequentiallyConsistent)
        monitor.withLock {
            monitor.wait {
                durable.load(ordering: .sequentiallyConsistent) >= target
                    || failed.load(ordering: .sequentiallyConsistent)
            }
        }
        flushWaiters.subtract(1, ordering: .sequentiallyConsistent)
        if let failure { throw failure }
    }

    /// Writes out everything appended, finishes queued snapshots, stops the threads and releases the data
    /// directory. The writer cannot be used afterwards.
    public func close() throws(JournalError) {
        guard !producer.pointee.isClosed else { return }
        producer.pointee.isClosed = true
        commit()
        stopping.store(true, ordering: .sequentiallyConsistent)
        monitor.broadcast()
        writerThread?.join()
        background.stop()
        failureSink.writer = nil
        lock.release()
        if let failure { throw failure }
    }

    /// Appends the configuration record: the first record of a new journal.
    func appendConfiguration(_ payload: [UInt8]) {
        guard var writer = beginRecord(.configuration, flags: 0, timestamp: 0, payload: payload.count) else { return }
        payload.withUnsafeBytes { writer.bytes($0) }
    }

    // MARK: - Any thread

    /// The highest sequence number that is durable (as `durability` defines it).
    public var durableSequence: UInt64 { durable.load(ordering: .acquiring) }

    /// The highest sequence number that has been fdatasync'ed (never advances with `durability` `.none`).
    public var syncedSequence: UInt64 { synced.load(ordering: .acquiring) }

    /// The sequence number of the newest snapshot this writer has written (0 if none yet).
    public var lastSnapshotSequence: UInt64 { background.lastSnapshotSequence.load(ordering: .acquiring) }

    /// How many fdatasync calls made records durable: fewer than commits when group commit merged batches.
    public var syncCount: Int { syncs.load(ordering: .relaxed) }

    /// How many times `append` found the ring full and waited for the writer (the disk was behind).
    public var stallCount: Int { stalls.load(ordering: .relaxed) }

    /// The error that stopped the writer, if any.
    public var failure: JournalError? { monitor.withLock { failureValue } }

    // MARK: - Producing entries (engine thread)

    /// Starts a new segment before a command that does not fit in the current one (unless the current one is
    /// empty: an oversized command grows a fresh segment past its capacity, so a command never spans two).
    @inline(__always) private func startSegmentIfNeeded(for bytes: Int) {
        let state = producer.pointee
        guard state.segmentUsed > JournalFormat.segmentHeaderSize, state.segmentUsed + bytes > state.segmentCapacity
        else { return }
        writeControl(.segment, payload: state.nextSequence)
        producer.pointee.segmentUsed = JournalFormat.segmentHeaderSize
        producer.pointee.segmentCapacity = options.segmentCapacity
    }

    /// Reserves a record, writes its header and returns a writer positioned at its payload (nil after a failure).
    @inline(__always) private func beginRecord(
        _ type: JournalRecordType, flags: UInt8, timestamp: UInt64, payload: Int
    ) -> PayloadWriter? {
        let size = JournalFormat.recordSize(payload: payload)
        let sequence = producer.pointee.nextSequence
        producer.pointee.nextSequence = sequence + 1
        producer.pointee.segmentUsed += size
        producer.pointee.recordsSinceSnapshot += 1
        guard let entry = reserve(size) else { return nil }
        return RecordFrame.begin(
            at: entry, type: type.rawValue, flags: flags, sequence: sequence, timestamp: timestamp, payload: payload)
    }

    private func writeControl(_ type: RingEntry, payload: UInt64?) {
        let length = payload == nil ? 0 : 8
        guard let entry = reserve(JournalFormat.recordSize(payload: length)) else { return }
        var writer = PayloadWriter(entry)
        writer.u32(UInt32(length))
        writer.u32(0)
        writer.u64(0)
        writer.u64(0)
        writer.u8(type.rawValue)
        writer.u8(0)
        writer.u16(0)
        writer.u32(0)
        if let payload { writer.u64(payload) }
    }

    /// `size` contiguous bytes of ring, waiting for the writer when it is full; nil once the writer has failed.
    @inline(__always) private func reserve(_ size: Int) -> UnsafeMutableRawPointer? {
        let position = producer.pointee.writePosition
        let offset = position & (ringCapacity - 1)
        let tail = ringCapacity - offset
        let needed = tail < size ? tail + size : size
        if position + needed - consumed.load(ordering: .acquiring) > ringCapacity {
            guard waitForSpace(needed) else { return nil }
        }
        var start = position
        if tail < size {
            if tail >= JournalFormat.recordHeaderSize {
                (ring + offset).storeBytes(of: RingEntry.wrap.rawValue, toByteOffset: 24, as: UInt8.self)
            }
            start += tail
        }
        producer.pointee.writePosition = start + size
        return ring + (start & (ringCapacity - 1))
    }

    private func waitForSpace(_ needed: Int) -> Bool {
        let position = producer.pointee.writePosition
        func hasSpace() -> Bool { position + needed - consumed.load(ordering: .sequentiallyConsistent) <= ringCapacity }
        // Let the writer drain what is complete so far, or it would wait for a commit while this waits for it.
        commit()
        stalls.add(1, ordering: .relaxed)
        for _ in 0..<1_000 where !hasSpace() && !failed.load(ordering: .relaxed) {}
        if !hasSpace() && !failed.load(ordering: .relaxed) {
            monitor.withLock {
                producerIsWaiting.store(true, ordering: .sequentiallyConsistent)
                monitor.wait { hasSpace() || failed.load(ordering: .sequentiallyConsistent) }
                producerIsWaiting.store(false, ordering: .sequentiallyConsistent)
            }
        }
        return !failed.load(ordering: .acquiring)
    }

    // MARK: - Writer thread

    private func run(output initial: OutputSegment) {
        var output = initial
        var buffer = WriteBuffer(minimumCapacity: Self.writeBufferCapacity)
        defer { buffer.deallocate() }
        do throws(JournalError) {
            try buffer.start(output, direct: options.directIO)
        } catch {
            fail(error)
        }
        var position = 0
        while !failed.load(ordering: .acquiring) {
            let end = committed.load(ordering: .sequentiallyConsistent)
            if end == position {
                if stopping.load(ordering: .sequentiallyConsistent) {
                    if committed.load(ordering: .sequentiallyConsistent) == position { break }
                    continue
                }
                if !spin(whileCommittedIs: position) {
                    // `async`: what was written is synced once no record has come for a while.
                    if options.durability == .async && output.hasUnsyncedData {
                        if !sleep(whileCommittedIs: position, nanoseconds: Self.asyncIdleBeforeSync) {
                            do throws(JournalError) {
                                try syncBeforeIdling(&output)
                            } catch {
                                fail(error)
                                break
                            }
                        }
                        continue
                    }
                    sleep(whileCommittedIs: position)
                }
                continue
            }
            do throws(JournalError) {
                position = try drain(from: position, to: end, output: &output, buffer: &buffer)
            } catch {
                fail(error)
                break
            }
        }
        if !failed.load(ordering: .acquiring) && output.hasUnsyncedData && options.durability != .none {
            do throws(JournalError) {
                try SystemCall.syncData(output.descriptor, path: output.path)
                synced.store(durable.load(ordering: .acquiring), ordering: .releasing)
            } catch {
                fail(error)
            }
        }
        SystemCall.closeFile(output.descriptor)
    }

    /// Waits a few tens of microseconds for the next commit before sleeping: under load the next batch comes
    /// sooner than that, and the engine thread is spared a futex wake-up per batch. True when work came.
    private func spin(whileCommittedIs position: Int) -> Bool {
        for _ in 0..<20_000 {
            if committed.load(ordering: .relaxed) != position || stopping.load(ordering: .relaxed) { return true }
        }
        return false
    }

    private func sleep(whileCommittedIs position: Int) {
        monitor.withLock {
            writerIsWaiting.store(true, ordering: .sequentiallyConsistent)
            monitor.wait { hasWork(after: position) }
            writerIsWaiting.store(false, ordering: .sequentiallyConsistent)
        }
    }

    /// As `sleep(whileCommittedIs:)`, for at most `nanoseconds`; false when nothing came in that time.
    private func sleep(whileCommittedIs position: Int, nanoseconds: UInt64) -> Bool {
        monitor.withLock {
            writerIsWaiting.store(true, ordering: .sequentiallyConsistent)
            let woken = monitor.wait(until: { hasWork(after: position) }, nanoseconds: nanoseconds)
            writerIsWaiting.store(false, ordering: .sequentiallyConsistent)
            return woken
        }
    }

    private func hasWork(after position: Int) -> Bool {
        committed.load(ordering: .sequentiallyConsistent) != position
            || stopping.load(ordering: .sequentiallyConsistent)
            || failed.load(ordering: .sequentiallyConsistent)
    }

    /// The writer thread's staging buffer: at least one record of the largest size.
    static let writeBufferCapacity = 4 << 20

    /// Frames, writes and makes durable the entries in `start..<end`; returns the new consumed position.
    private func drain(
        from start: Int, to end: Int, output: inout OutputSegment, buffer: inout WriteBuffer
    ) throws(JournalError) -> Int {
        var position = start
        var lastSequence: UInt64 = 0
        while position < end {
            let offset = position & (ringCapacity - 1)
            let tail = ringCapacity - offset
            if tail < JournalFormat.recordHeaderSize {
                position += tail
                continue
            }
            let entry = ring + offset
            let length = Int(UInt32(littleEndian: entry.load(as: UInt32.self)))
            let size = JournalFormat.recordSize(payload: length)
            switch RingEntry(rawValue: entry.load(fromByteOffset: 24, as: UInt8.self)) {
            case .wrap:
                position += tail
            case .segment:
                try write(&buffer, to: &output)
                let first = UInt64(littleEndian: entry.load(fromByteOffset: 32, as: UInt64.self))
                try startSegment(first, output: &output)
                try buffer.start(output, direct: options.directIO)
                position += size
            case .snapshot:
                try write(&buffer, to: &output)
                try writeQueuedSnapshot(lastSequence: lastSequence, output: &output)
                position += size
            case nil:
                if buffer.space < size { try write(&buffer, to: &output) }
                buffer.end.copyMemory(from: entry, byteCount: size)
                RecordFrame.seal(at: buffer.end, crcSeed: output.crcSeed)
                buffer.append(size)
                output.offset += size
                lastSequence = UInt64(littleEndian: entry.load(fromByteOffset: 8, as: UInt64.self))
                position += size
            }
        }
        try write(&buffer, to: &output)
        consumed.store(position, ordering: .sequentiallyConsistent)
        if lastSequence > 0 { try publish(lastSequence, output: &output) }
        if producerIsWaiting.load(ordering: .sequentiallyConsistent) { monitor.broadcast() }
        return position
    }

    private func write(_ buffer: inout WriteBuffer, to output: inout OutputSegment) throws(JournalError) {
        guard buffer.hasUnwrittenBytes else { return }
        try buffer.write(to: output)
        output.hasUnsyncedData = true
    }

    /// Makes records up to `sequence` durable as `durability` asks, then reports them.
    private func publish(_ sequence: UInt64, output: inout OutputSegment) throws(JournalError) {
        switch options.durability {
        case .sync:
            try syncData(&output)
            synced.store(sequence, ordering: .releasing)
            announce(sequence)
        case .async:
            // Released at once; synced in the background of the stream, so a sync never holds up the next
            // write: at most every `asyncSyncInterval`, and when the writer runs out of records.
            announce(sequence)
            let now = Self.monotonicNanoseconds()
            if now &- lastAsyncSync >= Self.asyncSyncInterval {
                try syncData(&output)
                synced.store(sequence, ordering: .releasing)
                lastAsyncSync = now
            }
        case .none:
            announce(sequence)
        }
    }

    /// `async` durability: syncs what was written, once the writer has had nothing to write for a while.
    private func syncBeforeIdling(_ output: inout OutputSegment) throws(JournalError) {
        guard options.durability == .async, output.hasUnsyncedData else { return }
        try syncData(&output)
        synced.store(durable.load(ordering: .acquiring), ordering: .releasing)
        lastAsyncSync = Self.monotonicNanoseconds()
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    private func announce(_ sequence: UInt64) {
        durable.store(sequence, ordering: .sequentiallyConsistent)
        onDurable?(sequence)
        if flushWaiters.load(ordering: .sequentiallyConsistent) > 0 { monitor.broadcast() }
    }

    private func syncData(_ output: inout OutputSegment) throws(JournalError) {
        guard output.hasUnsyncedData else { return }
        try SystemCall.syncData(output.descriptor, path: output.path)
        output.hasUnsyncedData = false
        syncs.add(1, ordering: .relaxed)
    }

    /// Closes the current segment (synced first, so a later segment never exists beside an unsynced earlier
    /// one) and starts segment `first`.
    private func startSegment(_ first: UInt64, output: inout OutputSegment) throws(JournalError) {
        let durableFiles = options.durability != .none
        if durableFiles { try syncData(&output) }
        SystemCall.closeFile(output.descriptor)
        output = try OutputSegment.create(
            directory: directory, firstSequence: first, capacity: options.segmentCapacity, durable: durableFiles,
            zeroFill: false, spare: options.durability == .sync ? background.takeSpare() : nil)
        if options.durability == .sync { background.prepareSpare() }
    }

    /// Syncs the journal up to the snapshot's sequence (in every mode: a snapshot must never be ahead of the
    /// journal on disk), then hands the snapshot to the background thread.
    private func writeQueuedSnapshot(lastSequence: UInt64, output: inout OutputSegment) throws(JournalError) {
        try syncData(&output)
        if lastSequence > 0 { announce(lastSequence) }
        synced.store(durable.load(ordering: .acquiring), ordering: .releasing)
        let snapshot = monitor.withLock { pendingSnapshots.removeFirst() }
        background.write(snapshot)
    }

    private func fail(_ error: JournalError) {
        let isFirst = monitor.withLock {
            defer { if failureValue == nil { failureValue = error } }
            return failureValue == nil
        }
        failed.store(true, ordering: .sequentiallyConsistent)
        monitor.broadcast()
        if isFirst { onFailure?(error) }
    }

    /// Lets the background thread report a failure to a writer that is built after it. The reference is
    /// strong until `close` (the writer thread keeps the writer alive until then anyway): a weak one would give
    /// the writer a side table, and every retain of it on the engine thread would take the slow path.
    private final class FailureSink: @unchecked Sendable {
        var writer: JournalWriter?

        func report(_ error: JournalError) {
            writer?.fail(error)
        }
    }
}
