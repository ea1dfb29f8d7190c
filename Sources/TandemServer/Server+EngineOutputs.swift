import TandemEngine
import TandemWire
import TandemWireMapping

extension Server {
    /// Takes everything the engine thread has handed back and releases what may be released.
    func drainEngineOutputs() {
        engineThread.outputs.drain { pendingOutputs.append($0) }
        releaseOutputs()
        flushConnections()
    }

    /// Releases outputs in order: each command's reports go to the sessions, its trades and the markets'
    /// state to market data. Stops at a command whose journal record is not durable yet.
    private func releaseOutputs() {
        let durable = durableJournalSequence()
        // One clock reading dates every release of this pass, for the latency histogram.
        let now = Clock.monotonicNanoseconds()
        while pendingStart < pendingOutputs.count {
            let output = pendingOutputs[pendingStart]
            if case .command(_, _, _, let journalSequence) = output, journalSequence > durable { break }
            pendingStart += 1
            release(output, now: now)
        }
        if pendingStart == pendingOutputs.count {
            pendingOutputs.removeAll(keepingCapacity: true)
            pendingStart = 0
        } else if pendingStart >= 65_536 && pendingStart * 2 >= pendingOutputs.count {
            // Outputs keep waiting for the journal: drop the released ones now and then, not never.
            pendingOutputs.removeFirst(pendingStart)
            pendingStart = 0
        }
    }

    /// The newest journal record known to be durable; everything is durable without a journal.
    private func durableJournalSequence() -> UInt64 {
        journal?.durableSequence ?? .max
    }

    private func release(_ output: EngineOutput, now: UInt64) {
        switch output {
        case .command(let clientId, let messageType, let receivedAt, let journalSequence):
            commandsReleased += 1
            currentRequest = (clientId, Wire.MessageType(rawValue: messageType) ?? .newOrder)
            // A command's records follow the previous command's last one.
            currentCommandRecord = lastCommandRecordEnd + 1
            lastCommandRecordEnd = journalSequence
            metrics.recordLatency(nanoseconds: now &- receivedAt)
        case .event(let event):
            report(event)
            if let trade = marketData.trade(of: event) { publish(trade) }
            if let markPrice = marketData.markPrice(of: event) { publish(markPrice) }
        case .marketBegin(let market, let timestamp):
            marketData.begin(market: Int(market), timestamp: timestamp)
        case .poolState(let market, let base, let quote, let shares):
            marketData.pool(market: Int(market), base: base, quote: quote, shares: shares)
        case .depthLevel(let market, let side, let level):
            marketData.level(market: Int(market), side: side, level: level)
        case .marketEnd(let market):
            marketData.end(market: Int(market)).forEach(publish)
        }
    }

    /// Numbers an event in its account's session stream (the administrator's for an index price) and sends it
    /// to the session's connection, if any.
    private func report(_ event: Event) {
        if case .rejected(let rejected) = event.body { metrics.engineRejects[rejected.reason, default: 0] += 1 }
        let account = event.body.answersAdministrator ? configuration.adminAccount : event.body.account
        guard let account, let session = sessions[account] else { return }
        let sequence = session.stream.nextSequence
        if journal != nil { session.checkpoints.note(streamSequence: sequence, commandRecord: currentCommandRecord) }
        let message = Wire.Message(event: event, sequence: sequence, request: currentRequest)
        scratch.removeAll()
        scratch.append(message)
        session.stream.append(scratch.bytes)
        guard let connection = session.connection, session.resume == nil else { return }
        connection.enqueue(raw: scratch.bytes)
        metrics.messagesOut[Int(message.messageType.rawValue)] += 1
        markForFlush(connection)
    }

    /// Numbers a market-data message in the shared stream and sends it to every market-data client.
    private func publish(_ message: Wire.Message) {
        scratch.removeAll()
        scratch.append(message.withSequence(marketData.stream.nextSequence))
        marketData.stream.append(scratch.bytes)
        for connection in marketDataSubscribers where !connection.isClosing {
            connection.enqueue(raw: scratch.bytes)
            metrics.messagesOut[Int(message.messageType.rawValue)] += 1
            markForFlush(connection)
        }
    }
}
