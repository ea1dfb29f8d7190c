import Glibc
import Synchronization

/// Lets one thread sleep when its ring is empty and another wake it, with no lock on the busy path.
///
/// The sleeper announces itself in `sleeping` and then looks at its ring once more; the waker publishes to
/// the ring and then looks at `sleeping`. Both sides put a sequentially consistent fence between their store
/// and their load, so at least one of them sees the other: either the sleeper finds the work, or the waker
/// finds the sleeper and signals it. The mutex is taken only around going to sleep and signalling.
final class Parker: @unchecked Sendable {
    private let sleeping = Atomic<Bool>(false)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Sleeps up to `nanoseconds` unless `hasWork` says there is something to do once the sleep is announced.
    func park(nanoseconds: UInt64, unless hasWork: () -> Bool) {
        pthread_mutex_lock(mutex)
        sleeping.store(true, ordering: .sequentiallyConsistent)
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        if !hasWork() {
            var deadline = timespec()
            clock_gettime(CLOCK_REALTIME, &deadline)
            let total = UInt64(deadline.tv_nsec) + nanoseconds
            deadline.tv_sec += Int(total / 1_000_000_000)
            deadline.tv_nsec = Int(total % 1_000_000_000)
            pthread_cond_timedwait(condition, mutex, &deadline)
        }
        sleeping.store(false, ordering: .relaxed)
        pthread_mutex_unlock(mutex)
    }

    /// Wakes the sleeper if there is one; call after publishing work.
    func wake() {
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        guard sleeping.load(ordering: .sequentiallyConsistent) else { return }
        pthread_mutex_lock(mutex)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }
}
