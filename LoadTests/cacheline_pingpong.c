// How long a cache line takes to go from one core to another: two threads take turns incrementing one atomic,
// each waiting for the other's store. Build and run: cc -O2 -pthread LoadTests/cacheline_pingpong.c -o /tmp/pingpong
// && /tmp/pingpong (LoadTests/RESULTS.md, the journal section).
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

enum { ROUNDS = 2000000 };
static _Atomic long turn __attribute__((aligned(64)));

static void *answer(void *unused) {
    (void)unused;
    for (long round = 0; round < ROUNDS; round++) {
        while (atomic_load_explicit(&turn, memory_order_acquire) != 2 * round + 1) {}
        atomic_store_explicit(&turn, 2 * round + 2, memory_order_release);
    }
    return NULL;
}

int main(void) {
    pthread_t other;
    pthread_create(&other, NULL, answer, NULL);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long round = 0; round < ROUNDS; round++) {
        atomic_store_explicit(&turn, 2 * round + 1, memory_order_release);
        while (atomic_load_explicit(&turn, memory_order_acquire) != 2 * round + 2) {}
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    pthread_join(other, NULL);
    double nanoseconds = (end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec);
    printf("round trip %.1f ns, one line transfer %.1f ns\n", nanoseconds / ROUNDS, nanoseconds / ROUNDS / 2);
    return 0;
}
