import CLibUV
import CProcessor
import Glibc
import Synchronization
import TandemEngine
import TandemJournal
import TandemRing

/// The single writer: one thread that owns the engine, applies the commands the loop sends and hands the
/// events back, in order, with the markets' state published at most once per market-data interval.
final class EngineThread: @unchecked Sendable {
    let engine: Engine
    /// Where each command and its events are journaled before the loop may release them.
    private let journal: JournalWriter?
    let requests: SPSCRing<EngineRequest>
    let outputs: SPSCRing<EngineOutput>
    /// Wakes this thread when the loop pushes a request (the park strategy).
    let parker = Parker()
    /// Commands applied so far, for the metrics.
    let commandsApplied = Atomic<UInt64>(0)
    private let stopping = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    private let options: ServerOptions
    /// Tells the loop thread that outputs wait (`uv_async_send`); safe from any thread.
    private let notifyLoop: @Sendable () -> Void
    private var dirtyMarkets: [Bool]
    private var anyMarketDirty = false
    private var lastPublication: UInt64 = 0
    private var lastTimestamp: UInt64 = 0
    private var thread: pthread_t?

    init(
        engine: Engine, journal: JournalWriter?, options: ServerOptions,
        notifyLoop: @escaping @Sendable () -> Void
    ) {
        self.engine = engine
        self.journal = journal
        self.options = options
        self.notifyLoop = notifyLoop
        requests = SPSCRing(minimumCapacity: options.ringCapacity)
        outputs = SPSCRing(minimumCapacity: options.ringCapacity)
        dirtyMarkets = Array(repeating: false, count: engine.configuration.markets.count)
    }

    /// Applies `commands` before the thread starts (the opening deposits of a new state), without reporting
    /// them; with a journal, they are journaled and synced before this returns.
    func prime(_ commands: [Command], timestamp: UInt64) throws(ServerError) {
        for command in commands {
            engine.apply(command, timestamp: timestamp)
            // Request type 0: their events are reported to no session, here or when streams are read back.
            journal?.append(command: command, timestamp: timestamp, events: engine.events)
        }
        lastTimestamp = timestamp
        do {
            try journal?.flush()
        } catch {
            throw ServerError("journaling the opening deposits: \(error)")
        }
    }

    /// Starts the thread; it publishes every market's state first, for the loop's market-data snapshot.
    func start() {
        for market in dirtyMarkets.indices { dirtyMarkets[market] = true }
        anyMarketDirty = true
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let result = pthread_create(
            &thread, nil,
            { context in
                let engineThread = Unmanaged<EngineThread>.fromOpaque(context!).takeRetainedValue()
                engineThread.run()
                return nil
            }, context)
        precondition(result == 0, "cannot start the engine thread: error \(result)")
        self.thread = thread
    }

    /// Asks the thread to finish the requests already pushed, publish, and exit; waits for it.
    ///
    /// `whileWaiting` runs until the thread has finished: the loop drains the output ring there, since the
    /// engine thread may be waiting for room in it.
    func stop(whileWaiting drain: () -> Void) {
        stopping.store(true, ordering: .releasing)
        parker.wake()
        while !finished.load(ordering: .acquiring) {
            drain()
            sched_yield()
        }
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }

    private func run() {
        while true {
            let applied = applyWaitingRequests()
            publishMarketDataIfDue()
            if applied > 0 { continue }
            if stopping.load(ordering: .acquiring) && requests.count == 0 { break }
            waitForRequests()
        }
        finished.store(true, ordering: .releasing)
        notifyLoop()
    }

    /// Applies what the ring holds, telling the loop every 256 commands and at the end.
    private func applyWaitingRequests() -> Int {
        var applied = 0
        while let request = requests.tryPop() {
            apply(request)
            applied += 1
            if applied & 255 == 0 {
                journal?.commit()
                notifyLoop()
            }
        }
        if applied > 0 {
            commandsApplied.add(UInt64(applied), ordering: .relaxed)
            journal?.commit()
            if let journal, journal.isSnapshotDue { journal.writeSnapshot(of: engine) }
            notifyLoop()
        }
        return applied
    }

    private func apply(_ request: EngineRequest) {
        engine.apply(request.command, timestamp: request.timestamp)
        lastTimestamp = request.timestamp
        let journalSequence =
            journal?.append(
                command: request.command, clientId: request.clientId, requestType: request.messageType,
                timestamp: request.timestamp, events: engine.events) ?? 0
        emit(
            .command(
                clientId: request.clientId, messageType: request.messageType, receivedAt: request.receivedAt,
                journalSequence: journalSequence))
        for event in engine.events {
            if let market = event.body.market, !dirtyMarkets[market] {
                dirtyMarkets[market] = true
                anyMarketDirty = true
            }
            emit(.event(event))
        }
    }

    private func waitForRequests() {
        switch options.waitStrategy {
        case .spin:
            return
        case .park:
            // Spin about 10 µs before sleeping: on a machine with few cores a longer spin takes the time the
            // loop and journal threads need.
            for _ in 0..<300 where requests.count == 0 { tandem_spin_pause() }
            guard requests.count == 0 else { return }
            let idle: UInt64 = anyMarketDirty ? UInt64(options.marketDataIntervalMicros) * 1_000 : 50_000_000
            parker.park(nanoseconds: idle) { requests.count > 0 || stopping.load(ordering: .acquiring) }
        }
    }

    /// Hands `output` to the loop, waiting for room when the loop is behind.
    private func emit(_ output: EngineOutput) {
        while !outputs.tryPush(output) {
            notifyLoop()
            sched_yield()
        }
    }
}

extension EngineThread {
    /// Publishes the state of every market changed since the last publication, once the interval has passed.
    fileprivate func publishMarketDataIfDue() {
        guard anyMarketDirty else { return }
        let now = Clock.monotonicNanoseconds()
        guard now &- lastPublication >= UInt64(options.marketDataIntervalMicros) * 1_000 else { return }
        lastPublication = now
        for market in dirtyMarkets.indices where dirtyMarkets[market] {
            dirtyMarkets[market] = false
            publish(market: market)
        }
        anyMarketDirty = false
        notifyLoop()
    }

    private func publish(market: Int) {
        let id = Int32(market)
        emit(.marketBegin(market: id, timestamp: lastTimestamp))
        if let pool = engine.pool(market: market) {
            emit(.poolState(market: id, base: pool.curve.base, quote: pool.curve.quote, shares: pool.totalShares))
        }
        for side in [Side.buy, .sell] {
            for level in engine.depth(market: market, side: side, limit: options.depthLevels) {
                emit(.depthLevel(market: id, side: side, level: level))
            }
        }
        emit(.marketEnd(market: id))
    }
}
