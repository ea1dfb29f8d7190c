import TandemWire

/// The session-layer steps both session types share.
extension WireConnection {
    /// Enqueues and flushes a heartbeat when nothing was written for `intervalMillis`; true when it did.
    func sendHeartbeatIfIdle(intervalMillis: UInt32, now: ContinuousClock.Instant) throws(ClientError) -> Bool {
        guard now - lastWrite >= .milliseconds(intervalMillis) else { return false }
        try enqueue(Wire.Heartbeat())
        try flush()
        return true
    }

    /// Sends `logout_request` and reads until the server's `logout (requested)`, then closes. Returns the
    /// messages before it that `admit` keeps; another logout reason is thrown as `loggedOut`.
    func logout(timeout: Duration, admit: (Wire.Message) throws(ClientError) -> Bool) throws(ClientError)
        -> [Wire.Message]
    {
        let deadline = ContinuousClock.now + timeout
        try enqueue(Wire.LogoutRequest())
        try flush(until: deadline)
        var received: [Wire.Message] = []
        while true {
            let message = try receive(until: deadline)
            if case .logout(let logout) = message {
                close()
                guard logout.reason == .requested else { throw .loggedOut(logout.reason) }
                return received
            }
            if try admit(message) {
                received.append(message)
            }
        }
    }
}
