import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Set by SIGINT or SIGTERM; the bot's loop checks it and shuts down cleanly.
private let stopRequested = Atomic<Bool>(false)

enum StopSignal {
    /// Makes SIGINT and SIGTERM set the flag instead of ending the process.
    static func install() {
        signal(SIGINT) { _ in stopRequested.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in stopRequested.store(true, ordering: .relaxed) }
    }

    static var isRequested: Bool {
        stopRequested.load(ordering: .relaxed)
    }
}
