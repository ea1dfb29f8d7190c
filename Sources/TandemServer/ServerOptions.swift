import TandemJournal

/// How the engine thread waits for work when its input ring is empty.
public enum WaitStrategy: String, Sendable, CaseIterable {
    /// Spin without pause: the lowest latency, one core always busy.
    case spin
    /// Spin a little, then sleep until the loop wakes it: a quiet core when idle.
    case park
}

/// The server's settings: addresses, limits and timings. Every field has a documented default.
public struct ServerOptions: Sendable {
    /// The address every listener binds.
    public var host = "127.0.0.1"
    /// Order-entry, market-data and metrics ports; 0 picks a free port.
    public var orderEntryPort: UInt16 = 9100
    public var marketDataPort: UInt16 = 9101
    public var metricsPort: UInt16 = 9102
    public var waitStrategy = WaitStrategy.park
    /// Connections at once across both protocol ports; one more is told `connection_limit` and closed.
    public var maxConnections = 1_024
    /// Order-entry requests per second per session (a burst of one second's worth is allowed); 0: no limit.
    public var rateLimit = 100_000
    /// A connection whose unsent output passes this many bytes is disconnected (`slow_consumer`).
    public var maxOutboundBytes = 32 << 20
    /// The kernel's send buffer per connection (SO_SNDBUF); 0 keeps the system's default. With the outbound
    /// bound it caps what a client that stops reading can hold up.
    public var socketSendBufferBytes = 0
    /// How many bytes of each sequenced stream are kept in memory for resumes.
    public var resumeWindowBytes = 16 << 20
    /// How many bytes of reports a resume served from the journal queues per millisecond and connection (at
    /// most a quarter of `maxOutboundBytes`): the loop is never held long by one.
    public var resumeSliceBytes = 256 << 10
    public var heartbeatIntervalMillis: UInt32 = 1_000
    public var idleTimeoutMillis: UInt32 = 15_000
    /// Prices per side published in market-data depth.
    public var depthLevels = 10
    /// The shortest time between two publications of a market's depth, top of book and pool state:
    /// book changes within it are conflated. Trades are never conflated.
    public var marketDataIntervalMicros = 1_000
    /// Where the settlement journal and its snapshots live; nil: no journal, nothing survives a restart.
    public var dataDirectory: String?
    /// When a command's reports may be released: after its journal records are synced (`sync`), written
    /// (`async`: a power loss can lose acknowledged commands) or, for benchmarks, written unsynced (`none`).
    public var durability = JournalWriter.Durability.sync
    /// Journal records between two snapshots (0: no periodic snapshots).
    public var snapshotInterval: UInt64 = 1_000_000
    /// How long the loop spins, after pushing requests, for their reports before it goes back to polling
    /// (microseconds; 0: never). Saves a wake-up of the loop on a quick answer.
    public var loopSpinMicros = 30
    /// Slots in each ring between the loop and the engine thread.
    public var ringCapacity = 65_536

    public init() {}
}
