#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The writer lock of a data directory: `flock` on its file `lock`, held until released, so two processes
/// never write one journal. Readers (`replay`, `journal dump`, `journal verify`) do not take it.
final class DirectoryLock {
    private var descriptor: Int32

    /// Takes the lock, or throws `JournalError.locked` when another process holds it.
    init(directory: String) throws(JournalError) {
        let path = SystemCall.join(directory, JournalFormat.lockName)
        descriptor = try SystemCall.openFile(path, O_RDWR | O_CREAT)
        do throws(JournalError) {
            guard try SystemCall.tryLock(descriptor, path: path) else {
                throw JournalError.locked(directory: directory)
            }
        } catch {
            release()
            throw error
        }
    }

    deinit {
        release()
    }

    /// Releases the lock; later calls do nothing.
    func release() {
        guard descriptor >= 0 else { return }
        SystemCall.closeFile(descriptor)
        descriptor = -1
    }
}
