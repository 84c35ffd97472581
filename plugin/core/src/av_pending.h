/* av_pending.h: the calls a page is waiting on, per view.
 *
 * A call enters QUEUED when it arrives (av_view_receive), becomes ACTIVE when
 * it is dispatched to its handler (av_pending_start) and leaves when it is
 * answered (av_pending_take). A page may cancel a call it gave up on, and the
 * cancel is applied as it arrives, not queued behind the running handler: a
 * QUEUED call leaves the table (it will not run), an ACTIVE one becomes
 * CANCELLED (its handler can see so, and its late answer is dropped and
 * counted rather than delivered). A reload or close clears the table and
 * moves it to the next page generation, so answers for the old page are
 * dropped, and its calls and cancels still arriving are refused.
 *
 * Guarantees: every function may be called from any thread (one mutex per
 * table, held for a hash probe, never across a callback). Keys are the raw id
 * tokens, at most AV_ID_MAX bytes, copied into the table.
 */
#ifndef AURORAVIEW_AV_PENDING_H
#define AURORAVIEW_AV_PENDING_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum av_pending_state {
    AV_PENDING_NONE = 0,      /* not in the table */
    AV_PENDING_ACTIVE = 1,    /* its handler runs: waiting for its answer */
    AV_PENDING_CANCELLED = 2, /* the page gave up while it ran; the answer will be dropped */
    AV_PENDING_QUEUED = 3     /* arrived, not dispatched yet */
} av_pending_state;

typedef struct av_pending_entry av_pending_entry;

typedef struct av_pending {
    pthread_mutex_t lock;
    av_pending_entry *slots;
    size_t cap; /* a power of two, or 0 before the first add */
    size_t count;
    size_t tombstones;
    uint32_t generation; /* the page generation the table is for (av_pending_clear) */
} av_pending;

int av_pending_init(av_pending *p);
void av_pending_close(av_pending *p);

/* Adds id, a call of page generation `generation`, as QUEUED. Returns AV_OK,
 * AV_E_CANCELLED (the table is for a later page: the call's page is gone),
 * AV_E_DUPLICATE (already in the table), AV_E_INVALID_ARG (empty or too
 * long) or AV_E_NO_MEMORY. */
int av_pending_add(av_pending *p, uint32_t generation, const char *id, size_t len);

/* The call is dispatched: QUEUED becomes ACTIVE. Returns AV_PENDING_ACTIVE
 * when its handler is to run, else the state found (AV_PENDING_NONE: it was
 * cancelled before it ran, or its page is gone). */
av_pending_state av_pending_start(av_pending *p, uint32_t generation, const char *id, size_t len);

/* The page cancels id: a QUEUED call is removed (it will not run), an ACTIVE
 * one becomes CANCELLED. Returns the state it had (AV_PENDING_NONE: not in
 * the table, or the cancel is from an older page). */
av_pending_state av_pending_cancel(av_pending *p, uint32_t generation, const char *id, size_t len);

/* The state of id for page generation `generation`, unchanged
 * (AV_PENDING_NONE for another generation). */
av_pending_state av_pending_state_of(av_pending *p, uint32_t generation, const char *id, size_t len);

/* Removes id when it was dispatched (ACTIVE or CANCELLED) and returns the
 * state it had; a QUEUED id stays (its handler has not run: nothing can be
 * its answer) and AV_PENDING_QUEUED is returned. */
av_pending_state av_pending_take(av_pending *p, const char *id, size_t len);

/* Removes everything and moves the table to page generation `generation`;
 * returns how many calls were still QUEUED or ACTIVE (the page was waiting
 * for them). */
size_t av_pending_clear(av_pending *p, uint32_t generation);

/* Entries now in the table. */
size_t av_pending_count(av_pending *p);

#ifdef __cplusplus
}
#endif
#endif
