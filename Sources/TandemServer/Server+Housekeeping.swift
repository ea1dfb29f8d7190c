import TandemWire

extension Server {
    /// Every 100 ms: heartbeats to quiet connections, goodbyes to silent ones, and the commands-per-second rate.
    func houseKeep() {
        let now = Clock.monotonicNanoseconds()
        let heartbeat = UInt64(options.heartbeatIntervalMillis) * 1_000_000
        let idleTimeout = UInt64(options.idleTimeoutMillis) * 1_000_000
        for connection in connections where connection.kind != .metrics {
            switch connection.state {
            case .awaitingLogin:
                if now &- connection.connectedAt >= idleTimeout { close(connection, reason: .loginTimeout) }
            case .loggedIn:
                if now &- connection.lastReceivedAt >= idleTimeout {
                    close(connection, reason: .idleTimeout)
                } else if now &- connection.lastSentAt >= heartbeat {
                    send(.heartbeat(Wire.Heartbeat()), to: connection)
                }
            case .closing:
                continue
            }
        }
        updateCommandRate(now: now)
        flushConnections()
    }

    private func updateCommandRate(now: UInt64) {
        guard now &- lastRateSample >= 1_000_000_000 else { return }
        let applied = engineThread.commandsApplied.load(ordering: .relaxed)
        metrics.commandsPerSecond = (applied - metrics.commandsAtLastSecond) * 1_000_000_000 / (now &- lastRateSample)
        metrics.commandsAtLastSecond = applied
        lastRateSample = now
    }
}
