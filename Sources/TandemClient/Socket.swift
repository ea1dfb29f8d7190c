#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The POSIX calls behind a connection, each returning or throwing a `ClientError`.
enum Socket {
    #if canImport(Glibc)
        static let streamType = Int32(SOCK_STREAM.rawValue)
        static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
        static let streamType = SOCK_STREAM
        static let sendFlags: Int32 = 0
    #endif

    /// A non-blocking TCP socket connected to `host:port` with TCP_NODELAY, trying each resolved address in
    /// turn until `deadline`.
    static func connect(host: String, port: Int, deadline: ContinuousClock.Instant) throws(ClientError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamType
        var addresses: UnsafeMutablePointer<addrinfo>?
        guard (0...65535).contains(port), getaddrinfo(host, String(port), &hints, &addresses) == 0 else {
            throw .invalidAddress(host: host, port: port)
        }
        defer { freeaddrinfo(addresses) }
        var lastError: Int32 = ECONNREFUSED
        var next = addresses
        while let address = next {
            next = address.pointee.ai_next
            let descriptor = socket(address.pointee.ai_family, streamType, address.pointee.ai_protocol)
            guard descriptor >= 0 else {
                lastError = errno
                continue
            }
            do throws(ClientError) {
                let code = try connect(descriptor, to: address.pointee, deadline: deadline)
                if code == 0 {
                    try setNoDelay(descriptor)
                    return descriptor
                }
                lastError = code
                systemClose(descriptor)
            } catch .timedOut {
                systemClose(descriptor)
                throw .timedOut(waitingFor: "the connection to \(host):\(port)")
            } catch {
                systemClose(descriptor)
                throw error
            }
        }
        throw .connectFailed(host: host, port: port, errno: lastError)
    }

    /// Connects `descriptor` to `address` without blocking past `deadline`; returns 0 or the connection's errno.
    private static func connect(_ descriptor: Int32, to address: addrinfo, deadline: ContinuousClock.Instant)
        throws(ClientError) -> Int32
    {
        try setNonBlocking(descriptor)
        guard systemConnect(descriptor, address.ai_addr, address.ai_addrlen) != 0 else { return 0 }
        guard errno == EINPROGRESS else { return errno }
        try wait(descriptor, for: Int16(POLLOUT), until: deadline, event: "the connection")
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else {
            throw .socketError(operation: "getsockopt(SO_ERROR)", errno: errno)
        }
        return code
    }

    /// Makes reads and writes on `descriptor` return at once instead of blocking.
    static func setNonBlocking(_ descriptor: Int32) throws(ClientError) {
        let flags = fcntl(descriptor, F_GETFL, 0)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0 else {
            throw .socketError(operation: "fcntl(O_NONBLOCK)", errno: errno)
        }
    }

    /// Sends small writes at once rather than waiting to coalesce them (Nagle's algorithm off).
    static func setNoDelay(_ descriptor: Int32) throws(ClientError) {
        var on: Int32 = 1
        guard setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size)) == 0
        else { throw .socketError(operation: "setsockopt(TCP_NODELAY)", errno: errno) }
    }

    /// Waits with poll(2) until `descriptor` is ready for `events` (or has an error or hang-up to report), or
    /// throws `timedOut` once `deadline` passes.
    static func wait(_ descriptor: Int32, for events: Int16, until deadline: ContinuousClock.Instant, event: String)
        throws(ClientError)
    {
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else { throw .timedOut(waitingFor: event) }
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds(remaining))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw .socketError(operation: "poll", errno: errno) }
        }
    }

    /// `duration` in whole milliseconds for poll(2), rounded up so that a wait never ends early, at most 2^31-1.
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let millis = seconds.multipliedReportingOverflow(by: 1000)
        guard !millis.overflow, millis.partialValue < Int64(Int32.max) else { return Int32.max }
        let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: millis.partialValue + fraction)
    }
}

// Members named `connect`, `close`, `send` shadow the C functions; these name them unambiguously.
#if canImport(Glibc)
    @inline(__always)
    func systemConnect(_ descriptor: Int32, _ address: UnsafePointer<sockaddr>!, _ length: socklen_t) -> Int32 {
        Glibc.connect(descriptor, address, length)
    }

    @inline(__always) @discardableResult
    func systemClose(_ descriptor: Int32) -> Int32 {
        Glibc.close(descriptor)
    }

    @inline(__always)
    func systemSend(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        Glibc.send(descriptor, bytes.baseAddress, bytes.count, Socket.sendFlags)
    }
#else
    @inline(__always)
    func systemConnect(_ descriptor: Int32, _ address: UnsafePointer<sockaddr>!, _ length: socklen_t) -> Int32 {
        Darwin.connect(descriptor, address, length)
    }

    @inline(__always) @discardableResult
    func systemClose(_ descriptor: Int32) -> Int32 {
        Darwin.close(descriptor)
    }

    @inline(__always)
    func systemSend(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        Darwin.send(descriptor, bytes.baseAddress, bytes.count, Socket.sendFlags)
    }
#endif
