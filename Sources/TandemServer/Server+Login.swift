import TandemWire

extension Server {
    /// Checks a login's signature and request, then accepts it and sends what the client asked for, or refuses
    /// it and closes.
    func logIn(_ login: Wire.Login, frame: WireFrame, nonce: WireBytes32, on connection: Connection) {
        guard login.protocolVersion >= 1 else { return refuseLogin(.unsupportedVersion, on: connection) }
        guard let session = sessions[login.account],
            LoginSignature.isValid(frame: frame, nonce: nonce, apiKey: session.apiKey)
        else { return refuseLogin(.notAuthorized, on: connection) }
        guard login.session == 0 || login.session == sessionId(of: connection.kind) else {
            return refuseLogin(.sessionUnavailable, on: connection)
        }
        switch connection.kind {
        case .orderEntry:
            guard session.connection == nil else { return refuseLogin(.alreadyLoggedIn, on: connection) }
            let wanted = login.nextSequence
            let fromMemory = wanted == 0 || session.stream.holds(from: wanted)
            var fromJournal: JournalResume?
            if !fromMemory {
                guard wanted < session.stream.nextSequence,
                    let resume = journalResume(of: session, from: wanted, on: connection)
                else { return refuseLogin(.sequenceOutOfRange, on: connection) }
                fromJournal = resume
            }
            accept(login, on: connection, next: session.stream.nextSequence)
            session.connection = connection
            connection.cancelOnDisconnect = login.cancelOnDisconnect
            if let fromJournal {
                serveFromJournal(fromJournal, session: session)
            } else if wanted != 0 {
                connection.enqueue(session.stream.frames(from: wanted))
            }
        case .marketData:
            guard login.nextSequence == 0 || marketData.stream.holds(from: login.nextSequence) else {
                return refuseLogin(.sequenceOutOfRange, on: connection)
            }
            accept(login, on: connection, next: marketData.stream.nextSequence)
            marketDataSubscribers.append(connection)
            if login.nextSequence == 0 {
                for message in marketData.snapshot(timestamp: lastTimestamp) { send(message, to: connection) }
            } else {
                connection.enqueue(marketData.stream.frames(from: login.nextSequence))
            }
        case .metrics:
            return
        }
        markForFlush(connection)
    }

    private func accept(_ login: Wire.Login, on connection: Connection, next: UInt64) {
        metrics.logins += 1
        connection.state = .loggedIn(account: login.account)
        send(
            .loginAccepted(
                Wire.LoginAccepted(
                    session: sessionId(of: connection.kind),
                    nextSequence: login.nextSequence == 0 ? next : login.nextSequence,
                    heartbeatIntervalMillis: options.heartbeatIntervalMillis,
                    idleTimeoutMillis: options.idleTimeoutMillis, protocolVersion: Wire.schemaVersion)),
            to: connection)
    }

    /// The session id of a port: order entry's survives restarts on a data directory, market data's does not.
    private func sessionId(of kind: Connection.Kind) -> UInt64 {
        kind == .marketData ? marketDataSessionId : sessionId
    }

    private func refuseLogin(_ reason: Wire.LoginRejectReason, on connection: Connection) {
        metrics.loginRejects[Int(reason.rawValue)] += 1
        send(.loginRejected(Wire.LoginRejected(reason: reason)), to: connection)
        close(connection, reason: nil)
    }
}
