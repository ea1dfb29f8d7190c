import TandemEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens a data directory for a server: a new journal, or the recovered state of an existing one, with a
/// writer ready to append.
public enum Journal {
    /// The smallest segment capacity `open` accepts.
    public static let minimumSegmentCapacity = 4_096

    /// An open journal: the engine to apply commands to and the writer to journal them with.
    public struct Opened {
        /// A fresh engine for a new journal; otherwise the state recovered from the directory.
        public let engine: Engine
        public let writer: JournalWriter
        /// The configuration the engine runs with: the one given for a new journal, else the journal's own.
        public let configuration: EngineConfiguration
        /// What recovery did, or nil for a new journal.
        public let recovery: RecoveryReport?
    }

    /// Opens `directory` (created if missing, its parent must exist) and takes its writer lock.
    ///
    /// A new journal gets `configuration` as its record 1, synced before this returns. An existing journal
    /// keeps its own configuration (compare `Opened.configuration` to decide what a different one means);
    /// its state is recovered as `JournalRecovery` describes, a torn tail is cut off, and writing goes on
    /// after the last complete command. `onDurable` is called on the writer thread with each new
    /// `durableSequence`; `onFailure` once, on a journal thread, if writing fails.
    public static func open(
        directory: String, configuration: EngineConfiguration, options: JournalWriter.Options = .init(),
        onDurable: (@Sendable (UInt64) -> Void)? = nil, onFailure: (@Sendable (JournalError) -> Void)? = nil
    ) throws(JournalError) -> Opened {
        try open(
            directory: directory, newConfiguration: configuration, options: options, onDurable: onDurable,
            onFailure: onFailure)
    }

    /// The journal's identity: the random salt of its first segment (the one holding record 1), fixed when
    /// the journal is created and the same on every start. The server's session id is derived from it.
    public static func identifier(directory: String) throws(JournalError) -> UInt64 {
        try MappedSegment(directory: directory, name: JournalFormat.segmentName(firstSequence: 1)).header.salt
    }

    /// Opens a data directory that must already hold a journal (for tools such as `tandem journal snapshot`).
    public static func openExisting(
        directory: String, options: JournalWriter.Options = .init(),
        onDurable: (@Sendable (UInt64) -> Void)? = nil, onFailure: (@Sendable (JournalError) -> Void)? = nil
    ) throws(JournalError) -> Opened {
        guard SystemCall.isDirectory(directory) else { throw .unusable("\(directory) is not a directory") }
        return try open(
            directory: directory, newConfiguration: nil, options: options, onDurable: onDurable, onFailure: onFailure)
    }

    private static func open(
        directory: String, newConfiguration: EngineConfiguration?, options: JournalWriter.Options,
        onDurable: (@Sendable (UInt64) -> Void)?, onFailure: (@Sendable (JournalError) -> Void)?
    ) throws(JournalError) -> Opened {
        guard options.segmentCapacity >= minimumSegmentCapacity else {
            throw .unusable("the segment capacity must be at least \(minimumSegmentCapacity) bytes")
        }
        try SystemCall.makeDirectory(directory)
        let lock = try DirectoryLock(directory: directory)
        do throws(JournalError) {
            try DataDirectory.removeTemporaryFiles(in: directory)
            switch try JournalRecovery.recover(directory: directory) {
            case .empty:
                guard let configuration = newConfiguration else { throw .unusable("\(directory) holds no journal") }
                return try create(
                    directory: directory, configuration: configuration, options: options, lock: lock,
                    onDurable: onDurable, onFailure: onFailure)
            case .recovered(let recovered):
                let durable = options.durability != .none
                let output = try OutputSegment.resume(
                    directory: directory, header: recovered.tail, offset: recovered.tailOffset,
                    dirty: recovered.dirty, durable: durable)
                let start = JournalWriter.Start(
                    output: output, nextSequence: recovered.report.nextSequence,
                    lastTimestamp: recovered.report.lastTimestamp, segmentCapacity: recovered.tail.capacity,
                    configurationPayload: recovered.configurationPayload, lock: lock)
                let writer = try JournalWriter(
                    directory: directory, options: options, start: start, onDurable: onDurable, onFailure: onFailure)
                return Opened(
                    engine: recovered.engine, writer: writer, configuration: recovered.engine.configuration,
                    recovery: recovered.report)
            }
        } catch {
            lock.release()
            throw error
        }
    }

    private static func create(
        directory: String, configuration: EngineConfiguration, options: JournalWriter.Options, lock: DirectoryLock,
        onDurable: (@Sendable (UInt64) -> Void)?, onFailure: (@Sendable (JournalError) -> Void)?
    ) throws(JournalError) -> Opened {
        let payload = try ConfigurationRecord.encode(configuration)
        let engine: Engine
        do {
            engine = try Engine(configuration: configuration)
        } catch {
            throw .unusable("the engine refuses the configuration: \(error)")
        }
        // A first segment left by a creation that never got its configuration record synced.
        for sequence in try DataDirectory.segmentSequences(in: directory) {
            try SystemCall.removeFile(SystemCall.join(directory, JournalFormat.segmentName(firstSequence: sequence)))
        }
        let durable = options.durability != .none
        let output = try OutputSegment.create(
            directory: directory, firstSequence: 1, capacity: options.segmentCapacity, durable: durable,
            zeroFill: options.durability == .sync, spare: nil)
        let start = JournalWriter.Start(
            output: output, nextSequence: 1, lastTimestamp: 0, segmentCapacity: options.segmentCapacity,
            configurationPayload: payload, lock: lock)
        let writer = try JournalWriter(
            directory: directory, options: options, start: start, onDurable: onDurable, onFailure: onFailure)
        writer.appendConfiguration(payload)
        do {
            try writer.flush()
        } catch {
            try? writer.close()
            throw error
        }
        return Opened(engine: engine, writer: writer, configuration: configuration, recovery: nil)
    }
}
