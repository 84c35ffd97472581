#include "auroraview/av_queue.h"

#include "auroraview/av_error.h"

#include <sched.h>
#include <stdlib.h>

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
 * commit spins for that with `pause` only, which on an oversubscribed machine
 * (more runnable producers than cores, as on a 2-core box) turns into a
 * convoy: every waiter burns its whole time slice while the thread it waits
 * for is not running. Spinning briefly, then yielding the CPU, lets the
 * preempted producer finish. ck_ring_enqueue_commit_mpmc then finds its turn
 * at once and does the fenced publish itself. */
static void wait_turn(av_queue *q, unsigned int ticket)
{
    unsigned spins = 0;
    while (ck_pr_load_uint(&q->ring.p_tail) != ticket) {
        if (++spins < 128)
            ck_pr_stall();
        else
            sched_yield();
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
