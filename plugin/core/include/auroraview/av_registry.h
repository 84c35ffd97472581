/* av_registry.h: name -> handler maps (bound methods, event handlers).
 *
 * A handler is a C function plus a pointer of the binder's; the registry
 * counts references to each entry so a lookup on the main thread stays valid
 * while another thread replaces or removes the same name.
 *
 * Guarantees:
 *  - Every function may be called from any thread. Lookups take a shared
 *    (read) lock and never wait on each other; add/remove take the exclusive
 *    lock briefly. No callback runs while a lock is held.
 *  - A handler's `release` runs exactly once, when the last reference goes:
 *    at remove/replace/close if no lookup holds it, else at that lookup's
 *    av_handler_unref. It runs on whichever thread drops the last reference.
 *  - add allocates one entry (and may grow the table); lookups never allocate.
 */
#ifndef AURORAVIEW_AV_REGISTRY_H
#define AURORAVIEW_AV_REGISTRY_H

#include "auroraview/av_handler.h"

#include <pthread.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct av_registry {
    pthread_rwlock_t lock;
    av_handler **slots; /* open addressing, linear probing; NULL = empty */
    size_t cap;         /* a power of two */
    size_t count;
    size_t tombstones;
} av_registry;

/* Returns AV_OK or AV_E_NO_MEMORY. */
int av_registry_init(av_registry *r);

/* Drops every entry (releasing those no lookup holds) and frees the table. */
void av_registry_close(av_registry *r);

/* Binds name to (fn, data), replacing any earlier binding of that name.
 * Ownership: on AV_OK the registry owns data (release frees it); on error
 * (AV_E_INVALID_ARG for an empty or too long name, AV_E_NO_MEMORY) the caller
 * keeps it. */
int av_registry_add(av_registry *r, const char *name, size_t len, av_handler_fn fn, void *data,
                    av_release_fn release);

/* Unbinds name. Returns AV_OK or AV_E_NOT_FOUND. */
int av_registry_remove(av_registry *r, const char *name, size_t len);

/* Looks name up. Returns a referenced handler or NULL. Ownership: the caller
 * must av_handler_unref the result. */
av_handler *av_registry_get(av_registry *r, const char *name, size_t len);

/* Number of names bound now. */
size_t av_registry_count(av_registry *r);

#ifdef __cplusplus
}
#endif
#endif
