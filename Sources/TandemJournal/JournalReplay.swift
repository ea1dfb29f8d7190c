import TandemEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Rebuilds the state from a journal alone, from its configuration record on, re-deriving every command's
/// events and checking them byte for byte against the journaled ones: what `tandem replay` runs.
///
/// Under another configuration (a what-if), the events are not checked but counted where they differ, and
/// handed to `onEvents` as the new event stream.
public enum JournalReplay {
    public struct Options {
        /// Stop after the last command whose command record is at or before this sequence number.
        public var until: UInt64?
        /// Replay the journal's commands under this configuration instead of the journal's own.
        public var configuration: EngineConfiguration?
        /// Called after each command with the events the replay produced.
        public var onEvents: (([Event]) -> Void)?
        /// Called every `progressInterval` records with the records read and the position in thousandths.
        public var onProgress: ((_ records: Int, _ permille: Int) -> Void)?
        public var progressInterval: Int
        /// Read, check and decode the records on a second thread (`ReplayPrefetcher`); by default where the
        /// machine has more than one processor.
        public var readsAhead: Bool

        public init(
            until: UInt64? = nil, configuration: EngineConfiguration? = nil, onEvents: (([Event]) -> Void)? = nil,
            onProgress: ((_ records: Int, _ permille: Int) -> Void)? = nil, progressInterval: Int = 1 << 16,
            readsAhead: Bool = sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1
        ) {
            self.until = until
            self.configuration = configuration
            self.onEvents = onEvents
            self.onProgress = onProgress
            self.progressInterval = progressInterval
            self.readsAhead = readsAhead
        }
    }

    public struct Summary: Sendable, Equatable {
        /// Records read, the configuration record included.
        public var records: Int
        public var commands: Int
        public var events: Int
        /// The last record of the last command replayed (1 when there was none).
        public var lastSequence: UInt64
        public var lastTimestamp: UInt64
        /// `Engine.stateHash()` of the final state.
        public var stateHash: UInt64
        /// How the journal ended; nil when `until` stopped the replay first.
        public var end: JournalReader.End?
        /// Records of a command at the tail whose events records did not all make it (recovery cuts them off).
        public var incompleteRecords: Int
        /// Under another configuration: how many commands produced other events than the journaled ones.
        public var differingCommands: Int?
    }

    /// Replays `directory`'s journal; returns the summary and the final engine.
    public static func run(directory: String, options: Options = Options()) throws(JournalError) -> (Summary, Engine) {
        let reader = try JournalReader(directory: directory)
        guard let first = try reader.next() else { throw .unusable("the journal holds no record") }
        guard first.sequence == 1 else {
            throw .unusable("the journal starts at record \(first.sequence); a replay needs it from record 1")
        }
        let journaled = try first.configuration()
        let engine: Engine
        do {
            engine = try Engine(configuration: options.configuration ?? journaled)
        } catch {
            throw .unusable("the engine refuses the configuration: \(error)")
        }
        let isStrict = options.configuration == nil
        // Strict: every events record is compared byte for byte with the re-derived events, which proves more
        // than its CRC, so the CRC is computed only when they differ (to tell damage from divergence).
        reader.defersEventsCRC = isStrict
        let replayer = CommandReplayer(
            engine: engine, check: isStrict ? .strict : .count, checksDeferredCRCs: isStrict,
            onEvents: options.onEvents)
        let fed: (records: Int, stoppedEarly: Bool)
        if options.readsAhead {
            let prefetcher = try ReplayPrefetcher(reader: reader)
            defer { prefetcher.stop() }
            fed = try feed(replayer, options: options, progress: { prefetcher.progressPermille }) {
                () throws(JournalError) in try prefetcher.next()
            }
        } else {
            fed = try feed(replayer, options: options, progress: { reader.progressPermille }) {
                () throws(JournalError) in try reader.next().map { ReplayPrefetcher.Item(record: $0, command: nil) }
            }
        }
        let summary = Summary(
            records: fed.records, commands: replayer.commands, events: replayer.events,
            lastSequence: max(replayer.lastCompleteSequence, 1), lastTimestamp: replayer.lastTimestamp,
            stateHash: engine.stateHash(), end: fed.stoppedEarly ? nil : reader.end,
            incompleteRecords: replayer.pendingCount,
            differingCommands: options.configuration == nil ? nil : replayer.differingCommands)
        return (summary, engine)
    }

    /// Feeds the records `next` gives (after the configuration record) to `replayer`, up to `options.until`;
    /// returns the records read, the configuration record included, and whether `until` stopped the feed.
    private static func feed(
        _ replayer: CommandReplayer, options: Options, progress: () -> Int,
        next: () throws(JournalError) -> ReplayPrefetcher.Item?
    ) throws(JournalError) -> (records: Int, stoppedEarly: Bool) {
        var records = 1
        let interval = max(options.progressInterval, 1)
        var untilProgress = interval
        let until = options.until ?? .max
        while let item = try next() {
            if item.record.sequence > until && item.record.type == .command { return (records, true) }
            try replayer.feed(item.record, command: item.command)
            records += 1
            untilProgress -= 1
            if untilProgress == 0 {
                untilProgress = interval
                options.onProgress?(records, progress())
            }
        }
        return (records, false)
    }
}
