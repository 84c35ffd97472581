/* syscall() is a GNU/BSD extension hidden by _POSIX_C_SOURCE; the futex
 * below is Linux-only, as is the plugin (the hosts it serves run on Linux). */
#define _DEFAULT_SOURCE

#include "av_queue.h"

#include "auroraview/av_error.h"

#include <limits.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

/* ThreadSanitizer does not see the inline-assembly fences of ck_pr, so it
 * cannot know that a record's contents, written before the push, are
 * visible to the thread that pops it. These annotations state exactly that
 * edge (release at push, acquire at pop) and nothing more. Races TSan reports
 * inside ck_ring itself are ck's documented benign speculative reads and are
 * suppressed by name in tests/c/tsan.supp. */
#if defined(__SANITIZE_THREAD__)
#define AV_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define AV_TSAN 1
#endif
#endif
#ifdef AV_TSAN
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define HAPPENS_BEFORE(p) __tsan_release(p)
#define HAPPENS_AFTER(p) __tsan_acquire(p)
#else
#define HAPPENS_BEFORE(p) ((void)(p))
#define HAPPENS_AFTER(p) ((void)(p))
#endif

int av_queue_init(av_queue *q, unsigned capacity, size_t byte_limit)
{
    unsigned size = 4;
    if (capacity == 0 || capacity > (1u << 30))
        return AV_E_INVALID_ARG;
    while (size < capacity + 1) /* ck_ring keeps one slot empty */
        size <<= 1;
    q->slots = calloc(size, sizeof *q->slots);
    if (!q->slots)
        return AV_E_NO_MEMORY;
    ck_ring_init(&q->ring, size);
    q->byte_limit = byte_limit;
    atomic_init(&q->bytes, 0);
    atomic_init(&q->high_water, 0);
    atomic_init(&q->high_water_bytes, 0);
    atomic_init(&q->publish_waiters, 0);
    for (int i = 0; i < AV_QUEUE_TURNS; i++) {
        atomic_init(&q->turns[i].seq, 0);
        atomic_init(&q->turns[i].waiters, 0);
    }
    return AV_OK;
}

void av_queue_close(av_queue *q)
{
    av_msg *m;
    if (!q->slots)
        return;
    while ((m = av_queue_pop(q)) != NULL)
        av_msg_free(m);
    free(q->slots);
    q->slots = NULL;
}

static void raise_to(_Atomic size_t *mark, size_t v)
{
    size_t cur = atomic_load_explicit(mark, memory_order_relaxed);
    while (v > cur &&
           !atomic_compare_exchange_weak_explicit(mark, &cur, v, memory_order_relaxed,
                                                  memory_order_relaxed))
        ;
}

/* Producers publish in ticket order: ours waits for the one before it. ck's
 * commit spins for that with `pause` only. When a producer is preempted
 * between reserve and commit (more runnable threads than cores, as on a
 * 2-core box), every later producer would burn its whole time slice waiting
 * for a thread that is not running; sched_yield does not help much either,
 * since the yielder stays runnable. So a waiter spins for a while, then
 * sleeps on a futex until the producer before it publishes; that one wakes
 * the sleepers of the next ticket's turn only, and only if there are any.
 * ck_ring_enqueue_commit_mpmc then finds its turn at once and does the
 * fenced publish itself.
 *
 * How long to spin is measured in time, not in `pause`s (one costs 10 ns on
 * one CPU and 40 on another): about what a sleep and a wake-up cost, so a
 * predecessor that is running is waited for without a system call. But a
 * producer that finds others asleep joins them at once: a convoy has formed
 * behind a preempted producer, and spinning would take the CPU it needs.
 * Measured on 2 cores, 5 runs each of the 8-producer, 4-consumer stress test
 * (tests/c) and 3 of core_bench's 4 threads each pushing and popping:
 *   128 pauses, then sleep, wake every sleeper:  4.2-11.9 s   9-12 us a record
 *   10 us, then sleep, wake every sleeper:        10.8-11.8 s  0.37-0.45 us
 *   10 us unless others sleep, wake the next turn: 0.9-2.8 s    3.6-4.0 us
 * The last is better than the first in both; the second wins core_bench but
 * halves the stress test, where producers outnumber cores four to one. */
#define SPIN_NS 10000u

static uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void wait_turn(av_queue *q, unsigned int ticket)
{
    struct av_queue_turn *turn = &q->turns[ticket % AV_QUEUE_TURNS];
    uint64_t deadline = 0;
    for (unsigned spins = 1;; spins++) {
        if (ck_pr_load_uint(&q->ring.p_tail) == ticket)
            return;
        if (spins % 64) { /* the clock is read once every 64 pauses */
            ck_pr_stall();
            continue;
        }
        uint64_t now = monotonic_ns();
        if (!deadline)
            deadline = now + SPIN_NS;
        int convoy = atomic_load_explicit(&q->publish_waiters, memory_order_relaxed) != 0;
        if (now < deadline && !convoy)
            continue;
        /* Register, then read the turn's sequence, then re-check p_tail (all
         * sequentially consistent): a publisher that missed our registration
         * published before our re-check, one that saw it bumps seq, and the
         * kernel then finds seq changed and does not put us to sleep. */
        atomic_fetch_add_explicit(&q->publish_waiters, 1, memory_order_seq_cst);
        atomic_fetch_add_explicit(&turn->waiters, 1, memory_order_seq_cst);
        unsigned seq = atomic_load_explicit(&turn->seq, memory_order_seq_cst);
        ck_pr_fence_load(); /* ck's load of p_tail after ours of seq, on any target */
        if (ck_pr_load_uint(&q->ring.p_tail) != ticket)
            syscall(SYS_futex, &turn->seq, FUTEX_WAIT_PRIVATE, seq, NULL, NULL, 0);
        atomic_fetch_sub_explicit(&turn->waiters, 1, memory_order_relaxed);
        atomic_fetch_sub_explicit(&q->publish_waiters, 1, memory_order_relaxed);
    }
}

/* After publishing ticket `ticket`, wakes whoever sleeps on the next one's
 * turn (a later ticket that shares the word wakes too, re-checks and sleeps
 * again). */
static void wake_next(av_queue *q, unsigned int ticket)
{
    struct av_queue_turn *turn = &q->turns[(ticket + 1) % AV_QUEUE_TURNS];
    /* A full fence orders our publish (ck's store to p_tail) before the read
     * of the waiter count; pairs with the registration in wait_turn. */
    ck_pr_fence_memory();
    if (atomic_load_explicit(&turn->waiters, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&turn->seq, 1, memory_order_seq_cst);
        syscall(SYS_futex, &turn->seq, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
    }
}

int av_queue_push(av_queue *q, av_msg *m)
{
    /* Reserve the bytes first so two producers cannot both slip under the limit. */
    size_t after = atomic_fetch_add_explicit(&q->bytes, m->size, memory_order_relaxed) + m->size;
    if (q->byte_limit && after > q->byte_limit) {
        atomic_fetch_sub_explicit(&q->bytes, m->size, memory_order_relaxed);
        return AV_E_BUSY;
    }
    HAPPENS_BEFORE(m);
    unsigned int ticket, count;
    void **slot = ck_ring_enqueue_reserve_mpmc_size(&q->ring, q->slots, &ticket, &count);
    if (!slot) {
        atomic_fetch_sub_explicit(&q->bytes, m->size, memory_order_relaxed);
        return AV_E_BUSY;
    }
    *slot = m;
    wait_turn(q, ticket);
    ck_ring_enqueue_commit_mpmc(&q->ring, ticket);
    wake_next(q, ticket);
    raise_to(&q->high_water, (size_t)count + 1);
    raise_to(&q->high_water_bytes, after);
    return AV_OK;
}

av_msg *av_queue_pop(av_queue *q)
{
    av_msg *m;
    if (!ck_ring_dequeue_mpmc(&q->ring, q->slots, &m))
        return NULL;
    HAPPENS_AFTER(m);
    atomic_fetch_sub_explicit(&q->bytes, m->size, memory_order_relaxed);
    return m;
}

size_t av_queue_count(const av_queue *q)
{
    return ck_ring_size(&q->ring);
}

size_t av_queue_capacity(const av_queue *q)
{
    return ck_ring_capacity(&q->ring) - 1;
}
