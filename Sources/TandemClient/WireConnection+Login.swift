import TandemWire

extension WireConnection {
    /// Logs in: waits for the server's `challenge`, sends a `login` signed with `apiKey`, and returns the
    /// server's `login_accepted`.
    ///
    /// - Parameters:
    ///   - session: the session to continue, 0 for the server's current one.
    ///   - nextSequence: the first sequence number wanted, 0 for live messages only (market data: a snapshot).
    ///   - cancelOnDisconnect: whether the server cancels the account's orders when this connection drops
    ///     without a logout request.
    /// - Throws: `loginRejected(reason)` (the server closes the connection), `loggedOut` (for example the
    ///   connection limit), `unexpectedMessage`, `timedOut`, `connectionClosed`.
    public func logIn(
        account: UInt32, apiKey: String, session: UInt64 = 0, nextSequence: UInt64 = 0,
        cancelOnDisconnect: Bool = true, timeout: Duration = .seconds(5)
    ) throws(ClientError) -> Wire.LoginAccepted {
        let deadline = ContinuousClock.now + timeout
        let challenge = try nextSessionMessage(until: deadline, expecting: "challenge")
        guard case .challenge(let nonce) = challenge else {
            throw .unexpectedMessage(challenge.messageType, expecting: "challenge")
        }
        var login = Wire.Login(
            account: account, protocolVersion: Wire.schemaVersion, session: session, nextSequence: nextSequence,
            signature: WireBytes32(words: (0, 0, 0, 0)), cancelOnDisconnect: cancelOnDisconnect)
        login.signature = LoginSignature.sign(login, nonce: nonce.nonce, apiKey: apiKey)
        try enqueue(login)
        try flush(until: deadline)
        let answer = try nextSessionMessage(until: deadline, expecting: "login_accepted")
        switch answer {
        case .loginAccepted(let accepted):
            return accepted
        case .loginRejected(let rejected):
            close()
            throw .loginRejected(rejected.reason)
        default:
            throw .unexpectedMessage(answer.messageType, expecting: "login_accepted")
        }
    }

    /// The next message other than a heartbeat; a `logout` closes the connection and is thrown.
    private func nextSessionMessage(until deadline: ContinuousClock.Instant, expecting: String)
        throws(ClientError) -> Wire.Message
    {
        while true {
            let message = try receive(until: deadline)
            switch message {
            case .heartbeat:
                continue
            case .logout(let logout):
                close()
                throw .loggedOut(logout.reason)
            default:
                return message
            }
        }
    }
}
