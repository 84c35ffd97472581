/* av_queue.h: a bounded multi-producer multi-consumer queue of records.
 *
 * Built on Concurrency Kit's ck_ring MPMC functions. A queue has two limits:
 * a number of records (its capacity) and a number of bytes (the sum of
 * av_msg.size of the records it holds). A push that would pass either limit
 * fails at once with AV_E_BUSY and leaves the record with the caller: the
 * queue never drops anything silently and never blocks.
 *
 * Guarantees:
 *  - av_queue_push and av_queue_pop may be called from any number of threads
 *    at once. Both are lock-free in the common case; a producer that is
 *    preempted between reserving and publishing its slot delays the
 *    producers behind it until it is scheduled again (ck_ring's ordering).
 *  - Records pushed by one thread are popped in the order that thread pushed
 *    them.
 *  - Nothing here allocates after av_queue_init.
 *  - av_queue_init and av_queue_close must not race with anything else.
 */
#ifndef AURORAVIEW_AV_QUEUE_H
#define AURORAVIEW_AV_QUEUE_H

#include "auroraview/av_msg.h"

#include <ck_ring.h>
#include <stdatomic.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AV_QUEUE_TURNS 64

typedef struct av_queue {
    ck_ring_t ring;
    ck_ring_buffer_t *slots;
    size_t byte_limit;
    _Atomic size_t bytes;          /* bytes of the records now queued */
    _Atomic size_t high_water;     /* most records ever queued at once */
    _Atomic size_t high_water_bytes;
    _Atomic unsigned publish_waiters; /* producers asleep waiting for their turn, in all */
    /* Where a producer sleeps until its turn: ticket t waits on
     * turns[t % AV_QUEUE_TURNS], so a publish wakes the next ticket only. */
    struct av_queue_turn {
        _Atomic unsigned seq;     /* bumped by each publish that wakes this turn */
        _Atomic unsigned waiters; /* producers asleep on it */
    } turns[AV_QUEUE_TURNS];
} av_queue;

/* Prepares q to hold up to `capacity` records (rounded up to a power of two,
 * at least 4; ck_ring keeps one slot free, so the usable count is reported
 * by av_queue_capacity) and `byte_limit` bytes (0 = no byte limit).
 * Returns AV_OK, AV_E_INVALID_ARG or AV_E_NO_MEMORY. */
int av_queue_init(av_queue *q, unsigned capacity, size_t byte_limit);

/* Frees every record still queued, then the slots. q may be re-initialised. */
void av_queue_close(av_queue *q);

/* Pushes m. Returns AV_OK (the queue now owns m) or AV_E_BUSY (count or byte
 * limit reached; the caller still owns m). */
int av_queue_push(av_queue *q, av_msg *m);

/* Pops the oldest record, or returns NULL when the queue is empty.
 * Ownership: the caller owns the result. */
av_msg *av_queue_pop(av_queue *q);

/* Records queued now (a snapshot when other threads are active). */
size_t av_queue_count(const av_queue *q);

/* The largest number of records the queue can hold. */
size_t av_queue_capacity(const av_queue *q);

#ifdef __cplusplus
}
#endif
#endif
