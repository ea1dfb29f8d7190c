#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A joinable POSIX thread running one closure.
final class JournalThread {
    private final class Body {
        let run: () -> Void

        init(_ run: @escaping () -> Void) {
            self.run = run
        }
    }

    #if os(Linux)
        private var thread = pthread_t()
    #else
        private var thread: pthread_t?
    #endif
    private var joined = false

    init(name: String, _ run: @escaping () -> Void) throws(JournalError) {
        let body = Unmanaged.passRetained(Body(run)).toOpaque()
        let code = pthread_create(
            &thread, nil,
            { argument in
                Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue().run()
                return nil
            }, body)
        guard code == 0 else {
            Unmanaged<Body>.fromOpaque(body).release()
            throw SystemCall.failure("pthread_create", name, code: code)
        }
    }

    func join() {
        guard !joined else { return }
        joined = true
        #if os(Linux)
            pthread_join(thread, nil)
        #else
            pthread_join(thread!, nil)
        #endif
    }
}
