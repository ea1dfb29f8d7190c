import CLibUV
import Glibc
import Synchronization
import TandemEngine
import TandemJSON
import TandemJournal
import TandemWire

/// The Tandem server: a libuv loop on the calling thread for the network, and the engine on its own thread.
///
/// Everything in this class runs on the loop thread except `stop()`, which any thread may call. The loop
/// reads and frames requests, checks sessions, and pushes commands into the engine thread's request ring;
/// it drains the output ring when the engine thread signals the `uv_async` handle, numbers each account's
/// reports in its session's stream, publishes market data, and writes everything in batches.
public final class Server {
    let configuration: ServerConfiguration
    let options: ServerOptions
    let loop: UnsafeMutablePointer<uv_loop_t>
    var engineThread: EngineThread!
    /// The settlement journal, when the server has a data directory: reports wait until it has them durable.
    let journal: JournalWriter?
    /// What start-up found in the data directory, for the operator: nil without one.
    public let startupReport: String?
    /// Signalled by the engine thread when outputs wait, and by `stop()`.
    let wakeUp: UnsafeMutablePointer<uv_async_t>
    let housekeeping: UnsafeMutablePointer<uv_timer_t>
    var listeners: [UnsafeMutablePointer<uv_tcp_t>] = []
    var signals: [UnsafeMutablePointer<uv_signal_t>] = []
    /// The session id an order-entry login_accepted gives: the journal's identifier with a data directory (the
    /// same on every start on it), else drawn from the clock at start-up.
    let sessionId: UInt64
    /// The market-data stream's session id: drawn from the clock at start-up, since that stream lives in
    /// memory and starts again from 1 on every run.
    let marketDataSessionId: UInt64
    /// Order-entry sessions of the accounts that have an API key, by account.
    var sessions: [UInt32: Session] = [:]
    var connections: [Connection] = []
    var connectionsToFlush: [Connection] = []
    /// The logged-in market-data connections, in login order.
    var marketDataSubscribers: [Connection] = []
    let marketData: MarketDataPublisher
    var metrics = Metrics()
    /// Engine outputs received and not yet released (they wait for the journal).
    var pendingOutputs: [EngineOutput] = []
    var pendingStart = 0
    /// The request whose events are being released.
    var currentRequest: (clientId: UInt64, type: Wire.MessageType) = (0, .newOrder)
    /// The journal record of the command whose events are being released, and the last record of the last
    /// command released (where the journal's checkpoints of each stream point).
    var currentCommandRecord: UInt64 = 0
    var lastCommandRecordEnd: UInt64 = 0
    /// Sessions whose resume is being served from the journal, and the timer that serves them a slice at a
    /// time.
    var resumingSessions: [Session] = []
    let resumeTimer: UnsafeMutablePointer<uv_timer_t>
    var lastTimestamp: UInt64 = 0
    /// When the bytes being handled were read: the monotonic clock and the wall clock.
    var readAt: UInt64 = 0
    var readAtWallClock: UInt64 = 0
    var lastRateSample: UInt64 = 0
    /// Requests pushed to the engine thread, and commands whose reports have been released.
    var requestsPushed = 0
    var commandsReleased = 0
    /// Encodes one message at a time before it is copied into logs and connections.
    let scratch = WireOutputBuffer(capacity: 4 * 1024)
    var randomNumbers = SystemRandomNumberGenerator()
    private(set) var isStopping = false
    private let stopRequested = Atomic<Bool>(false)

    /// The addresses the server listens on, once `start()` has returned.
    public private(set) var orderEntryPort: UInt16 = 0
    public private(set) var marketDataPort: UInt16 = 0
    public private(set) var metricsPort: UInt16 = 0

    /// A server for `configuration`, with its state recovered from `options.dataDirectory` when that holds a
    /// journal; nothing listens until `start()`.
    public init(configuration: ServerConfiguration, options: ServerOptions) throws(ServerError) {
        self.configuration = configuration
        self.options = options
        loop = .allocate(capacity: 1)
        wakeUp = .allocate(capacity: 1)
        housekeeping = .allocate(capacity: 1)
        resumeTimer = .allocate(capacity: 1)
        // The journal's writer thread signals `wakeUp` from its first sync on, so the handle exists first.
        guard uv_loop_init(loop) == 0 else { throw ServerError("cannot initialise the event loop") }
        guard uv_async_init(loop, wakeUp, { Server.of($0)?.wokenUp() }) == 0 else {
            throw ServerError("cannot create the loop's wake-up handle")
        }
        let wakeUpSignal = AsyncSignal(handle: wakeUp)
        let store = try ServerStore.open(configuration: configuration, options: options, wakeUp: wakeUpSignal)
        journal = store.journal
        startupReport = store.report
        marketData = MarketDataPublisher(configuration: configuration.engine, options: options)
        let keyed = configuration.accounts.filter { $0.apiKey != nil }
        var starts: [UInt32: StreamStart] = [:]
        if let journal = store.journal, let directory = options.dataDirectory {
            do {
                sessionId = max(try Journal.identifier(directory: directory), 1)
            } catch {
                throw ServerError("data directory \(directory): \(error)")
            }
            starts = try StreamStart.read(
                directory: directory, through: journal.nextSequence - 1, accounts: keyed.map(\.account),
                administrator: configuration.adminAccount)
        } else {
            sessionId = Clock.wallNanoseconds()
        }
        // Never the order-entry id, so that a session id is valid on one port only.
        let drawn = Clock.wallNanoseconds()
        marketDataSessionId = drawn == sessionId ? drawn &+ 1 : drawn
        for setup in keyed {
            sessions[setup.account] = Session(
                account: setup.account, apiKey: setup.apiKey!, windowBytes: options.resumeWindowBytes,
                rateLimit: options.rateLimit, start: starts[setup.account] ?? StreamStart())
        }
        let engineThread = EngineThread(engine: store.engine, journal: store.journal, options: options) {
            wakeUpSignal.send()
        }
        lastTimestamp = max(Clock.wallNanoseconds(), store.lastTimestamp + 1)
        let deposits = configuration.depositCommands
        if store.depositsJournaled < deposits.count {
            try engineThread.prime(Array(deposits[store.depositsJournaled...]), timestamp: lastTimestamp)
        }
        self.engineThread = engineThread
        lastCommandRecordEnd = (store.journal?.nextSequence ?? 1) - 1
    }

    deinit {
        uv_loop_close(loop)
        loop.deallocate()
    }

    /// Binds the listeners, installs the signal handlers and starts the engine thread.
    public func start() throws(ServerError) {
        // A peer that closes while a write is under way must cost an EPIPE on that socket, not the process.
        signal(SIGPIPE, SIG_IGN)
        loop.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        try check(uv_timer_init(loop, housekeeping), "creating the housekeeping timer")
        uv_timer_start(housekeeping, { Server.of($0)?.houseKeep() }, 100, 100)
        try check(uv_timer_init(loop, resumeTimer), "creating the resume timer")
        orderEntryPort = try listen(port: options.orderEntryPort, kind: .orderEntry)
        marketDataPort = try listen(port: options.marketDataPort, kind: .marketData)
        metricsPort = try listen(port: options.metricsPort, kind: .metrics)
        for signal in [SIGINT, SIGTERM] { try watch(signal) }
        engineThread.start()
    }

    /// Runs the loop on this thread until the server has stopped.
    public func run() {
        uv_run(loop, UV_RUN_DEFAULT)
    }

    /// Asks the server to shut down gracefully; callable from any thread (a signal handler uses the loop's).
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        uv_async_send(wakeUp)
    }

    /// Why the server stopped on its own, if it did: the journal could not write.
    public private(set) var failure: String?

    /// The loop's `uv_async` callback: engine outputs, durable journal records, or a stop request.
    private func wokenUp() {
        drainEngineOutputs()
        if let error = journal?.failure, failure == nil {
            failure = "the journal failed, so nothing more can be acknowledged: \(error)"
            shutDown()
        }
        if stopRequested.load(ordering: .acquiring) { shutDown() }
    }

    /// Stops accepting, lets the engine finish what it was sent, delivers the last outputs, says goodbye to
    /// every connection and closes every handle, so that `run()` returns.
    func shutDown() {
        guard !isStopping else { return }
        isStopping = true
        listeners.forEach(closeAndFree)
        listeners.removeAll()
        engineThread.stop { drainEngineOutputs() }
        closeJournal()
        drainEngineOutputs()
        for connection in connections { close(connection, reason: .serverShutdown) }
        flushConnections()
        uv_timer_stop(housekeeping)
        uv_timer_stop(resumeTimer)
        for session in resumingSessions { session.resume = nil }
        resumingSessions.removeAll()
        signals.forEach(closeAndFree)
        signals.removeAll()
        closeAndFree(housekeeping)
        closeAndFree(resumeTimer)
        closeAndFree(wakeUp)
    }

    /// Writes out and syncs what the engine journaled, so that its last reports can be released.
    private func closeJournal() {
        do {
            try journal?.close()
        } catch {
            failure = failure ?? "closing the journal: \(error)"
        }
    }

    private func watch(_ signal: Int32) throws(ServerError) {
        let handle = UnsafeMutablePointer<uv_signal_t>.allocate(capacity: 1)
        try check(uv_signal_init(loop, handle), "watching signal \(signal)")
        try check(
            uv_signal_start(handle, { handle, _ in Server.of(handle)?.shutDown() }, signal), "watching signal \(signal)"
        )
        signals.append(handle)
    }

    /// Closes a libuv handle and frees its memory in the close callback, once libuv is done with it.
    func closeAndFree<Handle>(_ handle: UnsafeMutablePointer<Handle>) {
        uv_close(UnsafeMutableRawPointer(handle).assumingMemoryBound(to: uv_handle_t.self)) { $0?.deallocate() }
    }

    func check(_ result: Int32, _ doing: String) throws(ServerError) {
        if result < 0 { throw ServerError(doing, code: result) }
    }

    /// The server behind any handle of its loop.
    static func of<Handle>(_ handle: UnsafeMutablePointer<Handle>?) -> Server? {
        guard let handle else { return nil }
        let loop = UnsafeMutableRawPointer(handle).assumingMemoryBound(to: uv_handle_t.self).pointee.loop
        guard let data = loop?.pointee.data else { return nil }
        return Unmanaged<Server>.fromOpaque(data).takeUnretainedValue()
    }
}
