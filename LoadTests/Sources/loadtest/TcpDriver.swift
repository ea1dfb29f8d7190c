import ArgumentParser
import TandemClient
import TandemWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs workloads over the order-entry connections on one thread: sends each request when it is due (open loop)
/// or when the window of requests in flight has room (closed loop), reads the reports of every connection, and
/// measures each request from its due time (closed loop: the time it was sent) to the arrival of its answer.
final class TcpDriver {
    /// Where and how the connections log in: connection i is account `firstAccount + i` with the API key
    /// `keyPrefix` followed by the account number.
    struct Login {
        var host: String
        var port: Int
        var firstAccount: UInt32
        var keyPrefix: String
    }

    /// Requests that are sent to be rejected: limit orders at price 0, due at these times after the timed phase
    /// starts (`--inject-rejects`).
    struct Injection {
        var offsets: [UInt64]
        var quantity: Int64
    }

    /// How the harness waits for the next due time or answer.
    enum WaitStrategy: String, CaseIterable, ExpressibleByArgument {
        /// Sleeps in `ppoll` until the next due time or answer: a request goes out as late as the wake-up takes
        /// (about 10 µs here), which its latency includes, and the harness leaves the CPU to the server.
        case sleep
        /// Never sleeps.
        case spin
        /// Sleeps until `wakeEarly` before a due time more than `sleepThreshold` away, then spins.
        case hybrid
    }

    static let sleepThreshold: UInt64 = 40_000
    static let wakeEarly: UInt64 = 20_000
    /// How long a drain waits for the last answers.
    static let drainTimeout: UInt64 = 10_000_000_000
    /// Output a connection may hold unsent before the server counts as not reading.
    static let maximumPendingOutput = 64 << 20

    private var sessions: [OrderEntrySession]
    private var isOpen: [Bool]
    private(set) var ledger: TcpLedger
    private(set) var measurements: [TcpMeasurement] = []
    private(set) var timeline: TcpTimeline?
    private(set) var disconnects = 0
    /// A connection failed: no more requests are sent.
    private(set) var failed = false
    /// The workload had no more requests before a timed phase ended.
    private(set) var workloadExhausted = false
    private var recordingTimeline = false
    private var poller = SocketPoller()
    private var pollIndexes: [Int] = []
    private var unflushed: [Int] = []
    private var isUnflushed: [Bool]
    private let wait: WaitStrategy
    private var progress = ProgressLine()
    private var progressSent = 0
    private var progressAnswered = 0
    private var progressTime: UInt64 = 0
    private var totalSent = 0
    private var totalAnswered = 0
    private var nextHeartbeatCheck: UInt64 = 0
    private let receivedLog: TcpReceivedLog?

    /// Connects and logs in `connections` sessions, one after the other; `receivedLog` gets every sequenced
    /// report they receive.
    init(
        login: Login, connections: Int, startPrice: Int64, wait: WaitStrategy, receivedLog: TcpReceivedLog? = nil
    ) throws {
        var sessions: [OrderEntrySession] = []
        for index in 0..<connections {
            let account = login.firstAccount + UInt32(index)
            do {
                sessions.append(
                    try OrderEntrySession.connect(
                        host: login.host, port: login.port, account: account,
                        apiKey: login.keyPrefix + account.description, timeout: .seconds(10)))
            } catch {
                for session in sessions {
                    session.close()
                }
                throw BenchmarkError("connection \(index) (account \(account)) could not log in: \(error)")
            }
        }
        self.sessions = sessions
        isOpen = [Bool](repeating: true, count: connections)
        isUnflushed = [Bool](repeating: false, count: connections)
        ledger = TcpLedger(firstClientIds: sessions.map(\.lastClientId), startPrice: startPrice)
        self.wait = wait
        self.receivedLog = receivedLog
    }

    // MARK: Phases

    /// Sends `requests` unmeasured, at most `window` in flight, and waits for every answer.
    func runUntimed(_ requests: [TcpRequest], window: Int = 4_096) {
        var next = 0
        while next < requests.count && !failed {
            while next < requests.count && ledger.inFlight < window {
                send(requests[next], due: Clock.monotonicNanoseconds(), measurement: 0)
                next += 1
            }
            turn(timeout: ledger.inFlight < window ? 0 : 1_000_000)
        }
        drain()
    }

    /// Open loop: request i is due at `start + i / rate` and is sent then (at once when late), for `duration`
    /// nanoseconds; requests due in the first `warmup` nanoseconds are not measured. Then waits for the answers.
    func runOpenLoop(
        _ workload: inout some TcpWorkload, rate: Int, duration: UInt64, warmup: UInt64, injection: Injection?
    ) {
        var schedule = OpenLoopSchedule(rate: rate, start: Clock.monotonicNanoseconds())
        let end = schedule.start + duration
        let measurement = beginMeasurement(targetRate: rate, start: schedule.start + warmup, duration: duration)
        var injections = InjectionQueue(injection, start: schedule.start)
        var due = schedule.nextDue()
        while due < end && !failed {
            var now = Clock.monotonicNanoseconds()
            while due <= now && due < end {
                guard let request = workload.nextRequest(view: ledger) else {
                    workloadExhausted = true
                    break
                }
                let measured = due >= measurements[measurement - 1].start ? measurement : 0
                send(request, due: due, sentAt: now, measurement: measured)
                due = schedule.nextDue()
            }
            if workloadExhausted { break }
            now = Clock.monotonicNanoseconds()
            injections.sendDue(at: now, through: self)
            turn(timeout: timeout(untilDue: due, now: now))
        }
        drain()
    }

    /// Closed loop: keeps `window` requests in flight for `duration` nanoseconds, each measured from its sending
    /// to its answer (not in the first `warmup` nanoseconds). Then waits for the answers.
    func runClosedLoop(
        _ workload: inout some TcpWorkload, window: Int, duration: UInt64, warmup: UInt64, injection: Injection?
    ) {
        let start = Clock.monotonicNanoseconds()
        let end = start + duration
        let measurement = beginMeasurement(targetRate: nil, start: start + warmup, duration: duration)
        var injections = InjectionQueue(injection, start: start)
        var now = start
        while now < end && !failed {
            // One clock read per refill: the requests of a refill are enqueued within microseconds.
            let measured = now >= measurements[measurement - 1].start ? measurement : 0
            while ledger.inFlight < window {
                guard let request = workload.nextRequest(view: ledger) else {
                    workloadExhausted = true
                    break
                }
                send(request, due: now, sentAt: now, measurement: measured)
            }
            if workloadExhausted { break }
            injections.sendDue(at: now, through: self)
            turn(timeout: wait == .spin || ledger.inFlight < window ? 0 : 10_000_000)
            now = Clock.monotonicNanoseconds()
        }
        drain()
    }

    /// Ends the timed part: the timeline stops, and what follows is not measured.
    func endTiming() {
        timeline?.advance(to: Clock.monotonicNanoseconds())
        recordingTimeline = false
        progress.finish()
    }

    /// Cancels every order of every connection (`mass_cancel`) and waits for the acknowledgements, so that every
    /// order the run sent has ended.
    func cancelEverything() {
        guard !failed else { return }
        runUntimed(sessions.indices.map { TcpRequest(connection: $0, body: .massCancel) })
    }

    /// Logs every open connection out; a connection whose logout fails counts as a disconnection.
    func logOut() {
        for index in sessions.indices where isOpen[index] {
            do {
                let before = try sessions[index].logout(timeout: .seconds(5))
                let receivedAt = Clock.monotonicNanoseconds()
                for message in before {
                    take(message, from: index, at: receivedAt)
                }
            } catch {
                connectionFailed(index, "logout failed: \(error)")
            }
            isOpen[index] = false
        }
        receivedLog?.flush()
    }

    /// The ledger's end-of-run checks (`TcpLedger.finish`).
    func finishChecks() -> TcpLedgerChecks {
        ledger.finish()
    }

    /// Closes every connection without logging out.
    func close() {
        for session in sessions {
            session.close()
        }
    }

    /// How long an open-loop sender may wait in `ppoll` for the next due time (at most 10 ms, for housekeeping).
    private func timeout(untilDue due: UInt64, now: UInt64) -> UInt64 {
        let remaining = min(due > now ? due - now : 0, 10_000_000)
        switch wait {
        case .sleep: return remaining
        case .spin: return 0
        case .hybrid: return remaining < Self.sleepThreshold ? 0 : remaining - Self.wakeEarly
        }
    }

    // MARK: Sending

    private func beginMeasurement(targetRate: Int?, start: UInt64, duration: UInt64) -> Int {
        if timeline == nil {
            timeline = TcpTimeline(
                origin: Clock.monotonicNanoseconds(), interval: TcpTimeline.interval(forDuration: duration))
        }
        recordingTimeline = true
        measurements.append(TcpMeasurement(targetRate: targetRate, start: start))
        return measurements.count
    }

    /// Enqueues `request` on its connection and records it; the output is written by the next `turn`. `sentAt`
    /// is when the harness got to it (open loop: at or after `due`).
    fileprivate func send(
        _ request: TcpRequest, due: UInt64, sentAt: UInt64? = nil, measurement: Int, injected: Bool = false
    ) {
        let index = request.connection
        guard isOpen[index] else { return }
        let number = ledger.recordSent(request, due: due, measurement: UInt16(measurement), injected: injected)
        let session = sessions[index]
        do {
            let clientId: UInt64
            switch request.body {
            case .newOrder(let order):
                clientId = try session.newOrder(
                    market: 0, side: order.side, price: order.price, quantity: order.quantity,
                    orderType: order.orderType, timeInForce: order.timeInForce, selfTrade: order.selfTrade)
            case .cancel(let target):
                clientId = try session.cancel(clientOrderId: ledger.clientId(connection: index, request: target))
            case .replace(let target, let price, let quantity):
                clientId = try session.replace(
                    clientOrderId: ledger.clientId(connection: index, request: target), price: price,
                    quantity: quantity)
            case .massCancel:
                clientId = try session.massCancel()
            }
            if clientId != ledger.clientId(connection: index, request: number) {
                connectionFailed(index, "the session numbered a request \(clientId), the ledger expected otherwise")
            }
        } catch {
            connectionFailed(index, "sending failed: \(error)")
            return
        }
        totalSent += 1
        if measurement > 0 {
            measurements[measurement - 1].recordSent(at: sentAt ?? due)
        }
        if recordingTimeline {
            timeline?.recordSent()
        }
        if !isUnflushed[index] {
            isUnflushed[index] = true
            unflushed.append(index)
        }
    }

    private func flushUnflushed() {
        for index in unflushed {
            isUnflushed[index] = false
            guard isOpen[index] else { continue }
            do {
                try sessions[index].flush()
                if sessions[index].connection.pendingOutputBytes > Self.maximumPendingOutput {
                    connectionFailed(index, "the server stopped reading: \(Self.maximumPendingOutput >> 20) MiB unsent")
                }
            } catch {
                connectionFailed(index, "writing failed: \(error)")
            }
        }
        unflushed.removeAll(keepingCapacity: true)
    }

    // MARK: Receiving

    /// Writes what is enqueued, waits up to `timeout` nanoseconds for a connection to become readable (or
    /// writable, when it has output left), and reads every readable one.
    private func turn(timeout: UInt64) {
        flushUnflushed()
        poller.removeAll()
        pollIndexes.removeAll(keepingCapacity: true)
        for index in sessions.indices where isOpen[index] {
            poller.add(sessions[index].fileDescriptor, writable: sessions[index].connection.pendingOutputBytes > 0)
            pollIndexes.append(index)
        }
        let ready: Int
        do {
            ready = try poller.wait(timeout: timeout)
        } catch {
            ledger.recordError("\(error)")
            failed = true
            return
        }
        if ready > 0 {
            for (slot, descriptor) in poller.descriptors.enumerated() where descriptor.revents != 0 {
                let index = pollIndexes[slot]
                if descriptor.revents & Int16(POLLOUT) != 0 {
                    markUnflushed(index)
                }
                if descriptor.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                    read(index)
                }
            }
            flushUnflushed()
            receivedLog?.flush()
        }
        housekeeping()
    }

    private func markUnflushed(_ index: Int) {
        if !isUnflushed[index] {
            isUnflushed[index] = true
            unflushed.append(index)
        }
    }

    private func read(_ index: Int) {
        guard isOpen[index] else { return }
        let receivedAt = Clock.monotonicNanoseconds()
        if recordingTimeline {
            timeline?.advance(to: receivedAt)
        }
        do {
            try sessions[index].readAvailable { (message) throws(ClientError) in
                self.take(message, from: index, at: receivedAt)
            }
        } catch {
            connectionFailed(index, "\(error)")
        }
    }

    private func take(_ message: Wire.Message, from index: Int, at receivedAt: UInt64) {
        receivedLog?.record(message, account: sessions[index].account)
        guard let answer = ledger.handle(message, connection: index) else { return }
        totalAnswered += 1
        let latency = receivedAt > answer.due ? receivedAt - answer.due : 0
        if recordingTimeline {
            timeline?.recordAnswer(latency: latency)
        }
        if answer.measurement > 0 {
            measurements[Int(answer.measurement) - 1].recordAnswer(answer.kind, latency: latency, at: receivedAt)
        }
    }

    /// Waits for the answers to everything sent, at most `drainTimeout`.
    private func drain() {
        let deadline = Clock.monotonicNanoseconds() + Self.drainTimeout
        while ledger.inFlight > 0 && sessions.indices.contains(where: { isOpen[$0] }) {
            guard Clock.monotonicNanoseconds() < deadline else {
                ledger.recordError("\(ledger.inFlight) requests still unanswered after waiting 10 s")
                failed = true
                return
            }
            turn(timeout: wait == .spin ? 0 : 10_000_000)
        }
    }

    private func connectionFailed(_ index: Int, _ description: String) {
        ledger.recordError("connection \(index): \(description)")
        if isOpen[index] {
            disconnects += 1
            isOpen[index] = false
            sessions[index].close()
        }
        failed = true
    }

    /// Heartbeats every 100 ms, the timeline and the progress line.
    private func housekeeping() {
        let now = Clock.monotonicNanoseconds()
        if now >= nextHeartbeatCheck {
            nextHeartbeatCheck = now + 100_000_000
            let instant = ContinuousClock.now
            for index in sessions.indices where isOpen[index] {
                do {
                    try sessions[index].sendHeartbeatIfIdle(now: instant)
                } catch {
                    connectionFailed(index, "heartbeat failed: \(error)")
                }
            }
        }
        if recordingTimeline {
            timeline?.advance(to: now)
        }
        if progress.isDue(at: now), let timeline, let measurement = measurements.last {
            let elapsed = now - timeline.origin
            let period = now - max(progressTime, timeline.origin)
            progress.show(
                ProgressLine.Figures(
                    elapsed: elapsed,
                    sentPerSecond: TcpMeasurement.perSecond(totalSent - progressSent, over: period),
                    answeredPerSecond: TcpMeasurement.perSecond(totalAnswered - progressAnswered, over: period),
                    p50: measurement.overall.nanoseconds(atPercentile: 50),
                    p99: measurement.overall.nanoseconds(atPercentile: 99), inFlight: ledger.inFlight,
                    errors: ledger.errors.count),
                at: now)
            progressSent = totalSent
            progressAnswered = totalAnswered
            progressTime = now
        }
    }
}

/// The injected requests of one timed phase, in time order.
private struct InjectionQueue {
    private var dueTimes: [UInt64]
    private let quantity: Int64
    private var sent = 0

    init(_ injection: TcpDriver.Injection?, start: UInt64) {
        dueTimes = (injection?.offsets ?? []).map { start + $0 }.sorted()
        quantity = injection?.quantity ?? 0
    }

    /// Sends the injected requests due by `now`, each on the next connection in turn.
    mutating func sendDue(at now: UInt64, through driver: TcpDriver) {
        while sent < dueTimes.count && dueTimes[sent] <= now {
            let connection = sent % driver.ledger.connectionCount
            let order = TcpRequest.NewOrderFields(side: .buy, price: 0, quantity: quantity)
            driver.send(
                TcpRequest(connection: connection, body: .newOrder(order)), due: dueTimes[sent], measurement: 0,
                injected: true)
            sent += 1
        }
    }
}
