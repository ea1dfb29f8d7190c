#ifndef TANDEM_CPROCESSOR_H
#define TANDEM_CPROCESSOR_H

/// Tells the processor the caller is spin-waiting (x86 `pause`): it waits a little, and a sibling hyperthread
/// runs faster.
static inline void tandem_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/// Asks the processor to bring the cache line at `address` in (a hint: never faults, even unmapped).
static inline void tandem_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
