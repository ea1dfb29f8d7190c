#ifndef TANDEM_CLIBUV_SHIM_H
#define TANDEM_CLIBUV_SHIM_H
#include <uv.h>

/// Tells the processor the caller is spin-waiting (x86 `pause`), so a sibling hyperthread runs faster.
static inline void tandem_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#endif
