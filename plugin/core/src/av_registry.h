/* av_registry.h: a view's name -> handler table (its bound methods, or its
 * event handlers). Private to plugin/core.
 *
 * An entry is a handler function and the binder's pointer. A lookup copies
 * both out under the lock, so nothing a lookup returns refers to the table:
 * a handler may unbind itself, or another thread rebind its name, while it
 * runs. The binder's pointer is not owned (see av_view_bind).
 *
 * Guarantees:
 *  - Every function may be called from any thread. Lookups take a shared
 *    (read) lock and never wait on each other; add/remove take the exclusive
 *    lock briefly. No callback runs while a lock is held.
 *  - add allocates one entry (and may grow the table); lookups never allocate.
 */
#ifndef AURORAVIEW_AV_REGISTRY_H
#define AURORAVIEW_AV_REGISTRY_H

#include "auroraview/av_core.h"

#include <pthread.h>
#include <stddef.h>

typedef struct av_binding {
    av_call_fn fn; /* av_event_fn has the same type */
    void *user;
} av_binding;

typedef struct av_registry_entry av_registry_entry;

typedef struct av_registry {
    pthread_rwlock_t lock;
    av_registry_entry **slots; /* open addressing, linear probing; NULL = empty */
    size_t cap;                /* a power of two */
    size_t count;
    size_t tombstones;
} av_registry;

/* Returns AV_OK or AV_E_NO_MEMORY. */
int av_registry_init(av_registry *r);

/* Drops every entry and frees the table. r may be initialised again. */
void av_registry_close(av_registry *r);

/* Drops every entry; the table stays usable. */
void av_registry_clear(av_registry *r);

/* Binds name to b, replacing any earlier binding of that name. Returns AV_OK,
 * AV_E_INVALID_ARG (an empty or too long name, no fn) or AV_E_NO_MEMORY. */
int av_registry_add(av_registry *r, const char *name, size_t len, av_binding b);

/* Unbinds name. Returns AV_OK or AV_E_NOT_FOUND. */
int av_registry_remove(av_registry *r, const char *name, size_t len);

/* Looks name up: 1 and *out filled when bound, else 0. */
int av_registry_get(av_registry *r, const char *name, size_t len, av_binding *out);

/* Number of names bound now. */
size_t av_registry_count(av_registry *r);

/* The bound name nearest to name, for a "did you mean": compared without
 * case, '_' and '-' (so "getItem" finds "get_item"), within an edit distance
 * of AV_REGISTRY_NEAR (at most a quarter of the name's length, at least 1).
 * Names longer than AV_REGISTRY_NEAR_MAX_LEN are not compared, so the cost is
 * bounded whatever a page sends. Copies it into out (out_len bytes,
 * NUL-terminated) and returns 1, or returns 0 when none is near. */
#define AV_REGISTRY_NEAR 3
#define AV_REGISTRY_NEAR_MAX_LEN 96
int av_registry_nearest(av_registry *r, const char *name, size_t len, char *out, size_t out_len);

#endif
