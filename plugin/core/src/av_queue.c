/* syscall() is a GNU/BSD extension hidden by _POSIX_C_SOURCE; the futex
 * below is Linux-only, as is the plugin (the hosts it serves run on Linux). */
#define _DEFAULT_SOURCE

#include "auroraview/av_queue.h"

#include "auroraview/av_error.h"

#include <limits.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <sys/syscall.h>
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
 * since the yielder stays runnable. So a waiter spins briefly, then sleeps
 * on a futex on ck's publish index; a producer that publishes wakes sleepers
 * only when someone registered as one. ck_ring_enqueue_commit_mpmc then finds
 * its turn at once and does the fenced publish itself. */
static void futex_wait_while(unsigned int *addr, unsigned int seen)
{
    /* Returns at once if *addr != seen (EAGAIN); spurious wake-ups are fine:
     * the caller re-checks. */
    syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
}

static void wait_turn(av_queue *q, unsigned int ticket)
{
    for (unsigned spins = 0;; spins++) {
        unsigned int tail = ck_pr_load_uint(&q->ring.p_tail);
        if (tail == ticket)
            return;
        if (spins < 128) {
            ck_pr_stall();
            continue;
        }
        /* Register (a full barrier on every target ck supports) before the
         * kernel re-reads p_tail; pairs with the fence in wake_waiters. */
        atomic_fetch_add_explicit(&q->publish_waiters, 1, memory_order_seq_cst);
        futex_wait_while(&q->ring.p_tail, tail);
        atomic_fetch_sub_explicit(&q->publish_waiters, 1, memory_order_relaxed);
    }
}

static void wake_waiters(av_queue *q)
{
    /* A full fence orders our publish (ck's store to p_tail) before the
     * read of the waiter count: a producer that registers after this read
     * finds the new p_tail in its futex call and does not sleep. ck's fence,
     * like ck's publish, so the pair is visible in one vocabulary; a plain
     * load after it keeps the count's cache line shared between producers. */
    ck_pr_fence_memory();
    if (atomic_load_explicit(&q->publish_waiters, memory_order_relaxed))
        syscall(SYS_futex, &q->ring.p_tail, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
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
    wake_waiters(q);
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
