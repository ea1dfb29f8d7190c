import CLibUV
import CProcessor
import Glibc
import TandemWire

extension Server {
    /// Binds and listens on `port` (0: any free port) and returns the port bound.
    func listen(port: UInt16, kind: Connection.Kind) throws(ServerError) -> UInt16 {
        let handle = UnsafeMutablePointer<uv_tcp_t>.allocate(capacity: 1)
        try check(uv_tcp_init(loop, handle), "creating the \(kind.rawValue) listener")
        listeners.append(handle)
        // Which protocol a listener speaks travels in its handle's data.
        handle.pointee.data = UnsafeMutableRawPointer(bitPattern: Int(kind.code))
        var address = sockaddr_storage()
        let parsed = withUnsafeMutablePointer(to: &address) { storage in
            storage.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { uv_ip4_addr(options.host, Int32(port), $0) }
                == 0
                || storage.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    uv_ip6_addr(options.host, Int32(port), $0)
                } == 0
        }
        guard parsed else { throw ServerError("--listen \(options.host): not an IPv4 or IPv6 address") }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { uv_tcp_bind(handle, $0, 0) }
        }
        try check(bound, "binding \(options.host):\(port) for \(kind.rawValue)")
        let stream = UnsafeMutableRawPointer(handle).assumingMemoryBound(to: uv_stream_t.self)
        try check(
            uv_listen(stream, 511) { server, status in
                guard status == 0 else { return }
                Server.of(server)?.accept(from: server!)
            }, "listening on \(options.host):\(port) for \(kind.rawValue)")
        return try boundPort(handle)
    }

    private func boundPort(_ handle: UnsafeMutablePointer<uv_tcp_t>) throws(ServerError) -> UInt16 {
        var address = sockaddr_storage()
        var length = Int32(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { uv_tcp_getsockname(handle, $0, &length) }
        }
        try check(result, "reading the bound address")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }

    private func accept(from listener: UnsafeMutablePointer<uv_stream_t>) {
        let handle = UnsafeMutablePointer<uv_tcp_t>.allocate(capacity: 1)
        uv_tcp_init(loop, handle)
        let stream = UnsafeMutableRawPointer(handle).assumingMemoryBound(to: uv_stream_t.self)
        guard uv_accept(listener, stream) == 0 else { return closeAndFree(handle) }
        uv_tcp_nodelay(handle, 1)
        if options.socketSendBufferBytes > 0 {
            var size = Int32(options.socketSendBufferBytes)
            uv_send_buffer_size(UnsafeMutableRawPointer(handle).assumingMemoryBound(to: uv_handle_t.self), &size)
        }
        let kind = Connection.Kind(code: Int(bitPattern: listener.pointee.data))
        let connection = Connection(
            kind: kind, handle: handle, nonce: freshNonce(), now: Clock.monotonicNanoseconds())
        handle.pointee.data = Unmanaged.passUnretained(connection).toOpaque()
        connections.append(connection)
        metrics.connectionsAccepted += 1
        if kind != .metrics {
            guard connections.count(where: { $0.kind != .metrics }) <= options.maxConnections else {
                return close(connection, reason: .connectionLimit)
            }
            if case .awaitingLogin(let nonce) = connection.state {
                send(.challenge(Wire.Challenge(nonce: nonce)), to: connection)
            }
        }
        uv_read_start(
            stream,
            { handle, _, buffer in
                guard let connection = Connection.of(handle) else { return }
                let space = connection.readSpace()
                buffer!.pointee = uv_buf_init(
                    space.baseAddress?.assumingMemoryBound(to: CChar.self), UInt32(space.count))
            },
            { stream, count, _ in
                guard let connection = Connection.of(stream), let server = Server.of(stream) else { return }
                if count > 0 {
                    server.received(count, on: connection)
                } else if count < 0 {
                    server.close(connection, reason: nil, graceful: false)
                }
            })
        flushConnections()
    }

    private func freshNonce() -> WireBytes32 {
        WireBytes32(words: (randomNumbers.next(), randomNumbers.next(), randomNumbers.next(), randomNumbers.next()))
    }

    /// Bytes arrived: hands them to the connection's protocol, then sends what that produced.
    private func received(_ count: Int, on connection: Connection) {
        // One reading of each clock serves every request in these bytes.
        readAt = Clock.monotonicNanoseconds()
        readAtWallClock = Clock.wallNanoseconds()
        connection.lastReceivedAt = readAt
        connection.didRead(count)
        switch connection.kind {
        case .orderEntry, .marketData: readFrames(from: connection)
        case .metrics: answerMetricsRequest(on: connection)
        }
        engineThread.parker.wake()
        awaitEngineBriefly()
        flushConnections()
    }

    /// Spins a few microseconds for the reports of the requests just pushed, so that a quick answer goes out
    /// in this pass instead of after another wake-up of the loop (the engine thread's `uv_async` signal).
    private func awaitEngineBriefly() {
        // A synced journal takes far longer than the spin: do not spin for it.
        guard options.loopSpinMicros > 0, journal == nil || options.durability != .sync else { return }
        let deadline = readAt + UInt64(options.loopSpinMicros) * 1_000
        while commandsReleased < requestsPushed {
            drainEngineOutputs()
            if commandsReleased >= requestsPushed || Clock.monotonicNanoseconds() >= deadline { return }
            tandem_spin_pause()
        }
    }

    /// Encodes `message` and queues it on `connection`.
    func send(_ message: Wire.Message, to connection: Connection) {
        guard !connection.isClosing else { return }
        scratch.removeAll()
        scratch.append(message)
        connection.enqueue(raw: scratch.bytes)
        metrics.messagesOut[Int(message.messageType.rawValue)] += 1
        markForFlush(connection)
    }

    func markForFlush(_ connection: Connection) {
        guard !connection.awaitsFlush else { return }
        connection.awaitsFlush = true
        connectionsToFlush.append(connection)
    }

    /// Writes every connection's queued output; a connection whose backlog passed the bound is dropped.
    func flushConnections() {
        let now = Clock.monotonicNanoseconds()
        while let connection = connectionsToFlush.popLast() {
            connection.awaitsFlush = false
            let backlog = connection.flush(now: now)
            if backlog > options.maxOutboundBytes && !connection.isClosing {
                metrics.slowConsumers += 1
                close(connection, reason: .slowConsumer, graceful: false)
            }
        }
    }

    /// Closes `connection`: says why when there is a reason, cancels the account's orders when the session
    /// asked for it and the client did not log out, and frees the handle once libuv is done with it. A
    /// `graceful` close lets the queued output reach the client first.
    func close(_ connection: Connection, reason: Wire.LogoutReason?, graceful: Bool = true) {
        guard !connection.isClosing else { return }
        if let reason { send(.logout(Wire.Logout(reason: reason)), to: connection) }
        _ = connection.flush(now: Clock.monotonicNanoseconds())
        let account = connection.account
        // Closing before the cancel: pushing it may release outputs and flush, which must not close again.
        connection.state = .closing
        marketDataSubscribers.removeAll { $0 === connection }
        if connection.kind == .orderEntry, let account, let session = sessions[account] {
            session.connection = nil
            // A resume from the journal ends with its connection; the next login starts its own.
            session.resume = nil
            if connection.cancelOnDisconnect && !connection.loggedOutCleanly && reason != .serverShutdown {
                cancelOrders(of: session)
            }
        }
        uv_read_stop(connection.stream)
        let handle = UnsafeMutableRawPointer(connection.handle).assumingMemoryBound(to: uv_handle_t.self)
        if !graceful {
            // A reset, not a FIN: what the kernel still holds for a slow or vanished peer is dropped too.
            if uv_tcp_close_reset(connection.handle, Server.connectionClosed) != 0 {
                uv_close(handle, Server.connectionClosed)
            }
        } else {
            // Let the goodbye reach the client: shut the sending side down after the queued writes, then close.
            let request = UnsafeMutablePointer<uv_shutdown_t>.allocate(capacity: 1)
            if uv_shutdown(
                request, connection.stream,
                { request, _ in
                    let stream = request!.pointee.handle!
                    request!.deallocate()
                    uv_close(
                        UnsafeMutableRawPointer(stream).assumingMemoryBound(to: uv_handle_t.self),
                        Server.connectionClosed)
                }) != 0
            {
                request.deallocate()
                uv_close(handle, Server.connectionClosed)
            }
        }
    }

    /// libuv is done with a connection's handle: forget the connection and free the handle.
    private static let connectionClosed: uv_close_cb = { handle in
        guard let handle, let server = Server.of(handle), let connection = Connection.of(handle) else { return }
        if let index = server.connections.firstIndex(where: { $0 === connection }) {
            server.connections.swapAt(index, server.connections.count - 1)
            server.connections.removeLast()
        }
        handle.deallocate()
    }
}

extension Connection.Kind {
    var code: Int {
        switch self {
        case .orderEntry: 1
        case .marketData: 2
        case .metrics: 3
        }
    }

    init(code: Int) {
        self = code == 1 ? .orderEntry : code == 2 ? .marketData : .metrics
    }
}

extension Connection {
    /// The connection behind a libuv handle's data.
    static func of<Handle>(_ handle: UnsafeMutablePointer<Handle>?) -> Connection? {
        guard let handle else { return nil }
        let data = UnsafeMutableRawPointer(handle).assumingMemoryBound(to: uv_handle_t.self).pointee.data
        guard let data else { return nil }
        return Unmanaged<Connection>.fromOpaque(data).takeUnretainedValue()
    }
}
