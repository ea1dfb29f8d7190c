#ifndef TANDEM_CJOURNAL_H
#define TANDEM_CJOURNAL_H

/// Switches an open file to direct I/O (`O_DIRECT`: writes go to the device without a copy into the page
/// cache). Returns 0, or the errno of the failure (`EINVAL` where the file system does not support it).
/// `O_DIRECT` needs `_GNU_SOURCE`, which Swift's Glibc module does not define.
int tandem_enable_direct_io(int descriptor);

/// Asks the processor to bring the cache line at `address` in (a hint: never faults, even unmapped).
static inline void tandem_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// Tells the processor the thread is spinning (x86 `pause`): it waits a little and frees resources.
static inline void tandem_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#endif
