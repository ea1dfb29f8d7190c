import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The journal's second thread: it zero-fills the next segment file ahead of need and writes snapshot files,
/// so that neither stalls a group commit.
final class JournalBackground: @unchecked Sendable {
    private enum Job {
        case prepareSpare
        case snapshot(SnapshotFile)
    }

    static let spareName = "spare.seg" + JournalFormat.temporarySuffix

    private let directory: String
    private let capacity: Int
    private let snapshotsKept: Int
    private let durable: Bool
    private let onFailure: @Sendable (JournalError) -> Void
    private let monitor = Monitor()
    /// Guarded by `monitor`.
    private var jobs: [Job] = []
    private var spare: OutputSegment.Spare?
    private var isPreparingSpare = false
    private var stopping = false
    private var thread: JournalThread?
    /// The sequence number of the last snapshot written, 0 before the first.
    let lastSnapshotSequence = Atomic<UInt64>(0)

    init(
        directory: String, capacity: Int, snapshotsKept: Int, durable: Bool,
        onFailure: @escaping @Sendable (JournalError) -> Void
    ) {
        self.directory = directory
        self.capacity = capacity
        self.snapshotsKept = snapshotsKept
        self.durable = durable
        self.onFailure = onFailure
    }

    func start() throws(JournalError) {
        thread = try JournalThread(name: "journal-background") { self.run() }
    }

    /// Asks for a spare segment file, unless one is ready or being made.
    func prepareSpare() {
        monitor.withLock {
            guard spare == nil, !isPreparingSpare else { return }
            isPreparingSpare = true
            jobs.append(.prepareSpare)
        }
        monitor.broadcast()
    }

    /// Takes the ready spare, if there is one (the caller owns its descriptor from then on).
    func takeSpare() -> OutputSegment.Spare? {
        monitor.withLock {
            defer { spare = nil }
            return spare
        }
    }

    /// Queues a snapshot file to write; the journal up to its sequence must already be durable.
    func write(_ snapshot: SnapshotFile) {
        monitor.withLock { jobs.append(.snapshot(snapshot)) }
        monitor.broadcast()
    }

    /// Finishes the queued snapshots, then stops the thread and deletes an unused spare.
    func stop() {
        monitor.withLock { stopping = true }
        monitor.broadcast()
        thread?.join()
        if let spare = takeSpare() {
            SystemCall.closeFile(spare.descriptor)
            try? SystemCall.removeFile(spare.path)
        }
    }

    private func run() {
        while let job = nextJob() {
            do throws(JournalError) {
                switch job {
                case .prepareSpare: try makeSpare()
                case .snapshot(let snapshot): try write(snapshot: snapshot)
                }
            } catch {
                onFailure(error)
                return
            }
        }
    }

    /// The next job; snapshots still queued at a stop are written, spares are not made.
    private func nextJob() -> Job? {
        monitor.withLock {
            monitor.wait { !jobs.isEmpty || stopping }
            while !jobs.isEmpty {
                let job = jobs.removeFirst()
                if case .prepareSpare = job, stopping { continue }
                return job
            }
            return nil
        }
    }

    private func makeSpare() throws(JournalError) {
        let path = SystemCall.join(directory, Self.spareName)
        let descriptor = try SystemCall.openFile(path, O_RDWR | O_CREAT | O_TRUNC)
        do throws(JournalError) {
            try SystemCall.writeZeros(descriptor, range: 0..<capacity, path: path)
            try SystemCall.syncData(descriptor, path: path)
        } catch {
            SystemCall.closeFile(descriptor)
            throw error
        }
        monitor.withLock {
            spare = OutputSegment.Spare(descriptor: descriptor, path: path)
            isPreparingSpare = false
        }
    }

    private func write(snapshot: SnapshotFile) throws(JournalError) {
        try snapshot.write(to: directory, durable: durable)
        try SnapshotFile.prune(directory: directory, keep: snapshotsKept)
        lastSnapshotSequence.store(snapshot.sequence, ordering: .releasing)
    }
}
