import TandemEngine
import TandemWire
import TandemWireMapping

extension Server {
    /// Handles every complete frame a protocol connection has received.
    func readFrames(from connection: Connection) {
        while !connection.isClosing {
            let frame: WireFrame?
            do {
                frame = try connection.framer.nextFrame()
            } catch {
                metrics.protocolErrors += 1
                return close(connection, reason: .protocolError)
            }
            guard let frame else { return }
            metrics.messagesIn[Int(frame.messageType)] += 1
            handle(frame, on: connection)
        }
    }

    private func handle(_ frame: WireFrame, on connection: Connection) {
        let message: Wire.Message
        do {
            message = try frame.decode()
        } catch {
            return refuse(frame, on: connection, reason: SessionRefusal.reason(for: error))
        }
        switch connection.state {
        case .awaitingLogin(let nonce):
            guard case .login(let login) = message else { return refuse(frame, on: connection, reason: .notLoggedIn) }
            logIn(login, frame: frame, nonce: nonce, on: connection)
        case .loggedIn(let account):
            handle(message, frame: frame, account: account, on: connection)
        case .closing:
            return
        }
    }

    private func handle(_ message: Wire.Message, frame: WireFrame, account: UInt32, on connection: Connection) {
        switch message {
        case .heartbeat:
            return
        case .logoutRequest:
            connection.loggedOutCleanly = true
            close(connection, reason: .requested)
        case .indexPrice where account != configuration.adminAccount:
            refuse(frame, on: connection, reason: .notPermitted)
        case _ where message.messageType.isOrderEntryRequest && connection.kind == .orderEntry:
            guard let session = sessions[account], let command = Command.from(message, account: account) else {
                return refuse(frame, on: connection, reason: .unexpectedMessage)
            }
            submit(command, clientId: frame.clientId ?? 0, type: message.messageType, session: session, on: connection)
        default:
            refuse(frame, on: connection, reason: .unexpectedMessage)
        }
    }

    /// Checks a request's client id and rate, then hands its command to the engine thread.
    private func submit(
        _ command: Command, clientId: UInt64, type: Wire.MessageType, session: Session, on connection: Connection
    ) {
        guard clientId > session.highestClientId else {
            return refuse(clientId: clientId, type: type.rawValue, on: connection, reason: .clientIdNotIncreasing)
        }
        guard session.rateLimiter.allow(now: readAt) else {
            return refuse(clientId: clientId, type: type.rawValue, on: connection, reason: .rateLimited)
        }
        session.highestClientId = clientId
        push(
            EngineRequest(
                command: command, timestamp: nextTimestamp(), clientId: clientId, messageType: type.rawValue,
                receivedAt: readAt))
    }

    /// Cancels every order of `session`'s account: the connection dropped and the session asked for it.
    func cancelOrders(of session: Session) {
        metrics.cancelsOnDisconnect += 1
        readAt = Clock.monotonicNanoseconds()
        readAtWallClock = Clock.wallNanoseconds()
        push(
            EngineRequest(
                command: .massCancel(MassCancel(account: session.account)), timestamp: nextTimestamp(), clientId: 0,
                messageType: Wire.MessageType.massCancel.rawValue, receivedAt: readAt))
        engineThread.parker.wake()
    }

    /// Pushes a request into the engine's ring; while the ring is full, takes the engine's outputs so that it
    /// can go on.
    private func push(_ request: EngineRequest) {
        while !engineThread.requests.tryPush(request) {
            engineThread.parker.wake()
            drainEngineOutputs()
        }
        requestsPushed += 1
    }

    /// The logical time of the next command: the wall clock when its bytes were read, but always after the
    /// previous command's.
    private func nextTimestamp() -> UInt64 {
        lastTimestamp = max(readAtWallClock, lastTimestamp + 1)
        return lastTimestamp
    }

    func refuse(_ frame: WireFrame, on connection: Connection, reason: Wire.SessionRejectReason) {
        refuse(clientId: frame.clientId ?? 0, type: frame.messageType, on: connection, reason: reason)
    }

    private func refuse(clientId: UInt64, type: UInt8, on connection: Connection, reason: Wire.SessionRejectReason) {
        metrics.sessionRejects[Int(reason.rawValue)] += 1
        send(
            .messageRejected(Wire.MessageRejected(clientId: clientId, rejectedMessageType: type, reason: reason)),
            to: connection)
    }
}

/// The session layer's answer to a frame that does not decode.
enum SessionRefusal {
    static func reason(for error: WireError) -> Wire.SessionRejectReason {
        switch error {
        case .unknownMessageType: .unknownMessageType
        case .truncatedMessage, .truncatedFrame: .truncatedMessage
        case .invalidValue, .frameTooLarge: .invalidValue
        }
    }
}
