/* av_pending.h: the calls a page is waiting on, per view.
 *
 * A call enters when it is dispatched to its handler and leaves when it is
 * answered (av_pending_take). A page may cancel a call it gave up on; its
 * late answer is then dropped and counted rather than delivered. A reload
 * or close clears the table, so answers for the old page are dropped too.
 *
 * Guarantees: every function may be called from any thread (one mutex per
 * table, held for a hash probe, never across a callback). Keys are the raw id
 * tokens, at most AV_ID_MAX bytes, copied into the table.
 */
#ifndef AURORAVIEW_AV_PENDING_H
#define AURORAVIEW_AV_PENDING_H

#include <pthread.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum av_pending_state {
    AV_PENDING_NONE = 0,     /* not in the table */
    AV_PENDING_ACTIVE = 1,   /* waiting for its answer */
    AV_PENDING_CANCELLED = 2 /* the page gave up; the answer will be dropped */
} av_pending_state;

typedef struct av_pending_entry av_pending_entry;

typedef struct av_pending {
    pthread_mutex_t lock;
    av_pending_entry *slots;
    size_t cap; /* a power of two, or 0 before the first add */
    size_t count;
    size_t tombstones;
} av_pending;

int av_pending_init(av_pending *p);
void av_pending_close(av_pending *p);

/* Adds id as ACTIVE. Returns AV_OK, AV_E_DUPLICATE (already pending),
 * AV_E_INVALID_ARG (empty or too long) or AV_E_NO_MEMORY. */
int av_pending_add(av_pending *p, const char *id, size_t len);

/* Marks id CANCELLED. Returns AV_OK or AV_E_NOT_FOUND. */
int av_pending_cancel(av_pending *p, const char *id, size_t len);

/* Removes id and returns the state it had (AV_PENDING_NONE if absent). */
av_pending_state av_pending_take(av_pending *p, const char *id, size_t len);

/* Removes everything; returns how many calls were still ACTIVE. */
size_t av_pending_clear(av_pending *p);

/* Entries now in the table. */
size_t av_pending_count(av_pending *p);

#ifdef __cplusplus
}
#endif
#endif
