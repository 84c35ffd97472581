#include "auroraview/av_registry.h"

#include "auroraview/av_error.h"
#include "auroraview/av_msg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Marks a deleted slot so probe chains stay intact. */
static av_handler tombstone_entry;
#define TOMBSTONE (&tombstone_entry)

static uint64_t hash_name(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static void handler_unref(av_handler *h)
{
    if (atomic_fetch_sub_explicit(&h->refs, 1, memory_order_acq_rel) == 1) {
        if (h->release)
            h->release(h->data);
        free(h);
    }
}

void av_handler_unref(av_handler *h)
{
    if (h)
        handler_unref(h);
}

int av_registry_init(av_registry *r)
{
    r->cap = 64;
    r->count = 0;
    r->tombstones = 0;
    r->slots = calloc(r->cap, sizeof *r->slots);
    if (!r->slots)
        return AV_E_NO_MEMORY;
    if (pthread_rwlock_init(&r->lock, NULL) != 0) {
        free(r->slots);
        r->slots = NULL;
        return AV_E_NO_MEMORY;
    }
    return AV_OK;
}

void av_registry_close(av_registry *r)
{
    if (!r->slots)
        return;
    for (size_t i = 0; i < r->cap; i++)
        if (r->slots[i] && r->slots[i] != TOMBSTONE)
            handler_unref(r->slots[i]);
    free(r->slots);
    r->slots = NULL;
    pthread_rwlock_destroy(&r->lock);
}

/* Index of name's slot, or of the first free slot on its probe chain.
 * Caller holds the lock. */
static size_t find_slot(const av_registry *r, const char *name, size_t len, int *found)
{
    size_t mask = r->cap - 1, i = hash_name(name, len) & mask, free_at = SIZE_MAX;
    for (;;) {
        av_handler *h = r->slots[i];
        if (!h) {
            *found = 0;
            return free_at != SIZE_MAX ? free_at : i;
        }
        if (h == TOMBSTONE) {
            if (free_at == SIZE_MAX)
                free_at = i;
        } else if (h->name_len == len && memcmp(h->name, name, len) == 0) {
            *found = 1;
            return i;
        }
        i = (i + 1) & mask;
    }
}

/* Rehashes into a table of new_cap slots. Caller holds the write lock. */
static int grow(av_registry *r, size_t new_cap)
{
    av_handler **old = r->slots;
    size_t old_cap = r->cap;
    av_handler **slots = calloc(new_cap, sizeof *slots);
    if (!slots)
        return AV_E_NO_MEMORY;
    r->slots = slots;
    r->cap = new_cap;
    r->tombstones = 0;
    for (size_t i = 0; i < old_cap; i++) {
        av_handler *h = old[i];
        if (h && h != TOMBSTONE) {
            int found;
            r->slots[find_slot(r, h->name, h->name_len, &found)] = h;
        }
    }
    free(old);
    return AV_OK;
}

int av_registry_add(av_registry *r, const char *name, size_t len, av_handler_fn fn, void *data,
                    av_release_fn release)
{
    if (!name || len == 0 || len > AV_NAME_MAX || !fn)
        return AV_E_INVALID_ARG;
    av_handler *h = malloc(sizeof *h + len + 1);
    if (!h)
        return AV_E_NO_MEMORY;
    atomic_init(&h->refs, 1);
    h->fn = fn;
    h->data = data;
    h->release = release;
    h->name_len = len;
    memcpy(h->name, name, len);
    h->name[len] = '\0';

    av_handler *old = NULL;
    pthread_rwlock_wrlock(&r->lock);
    /* Keep the load (live + deleted) under 3/4 so probes stay short. */
    if ((r->count + r->tombstones + 1) * 4 > r->cap * 3 &&
        grow(r, (r->count + 1) * 4 > r->cap * 2 ? r->cap * 2 : r->cap) != AV_OK) {
        pthread_rwlock_unlock(&r->lock);
        free(h);
        return AV_E_NO_MEMORY;
    }
    int found;
    size_t i = find_slot(r, name, len, &found);
    if (found)
        old = r->slots[i];
    else {
        if (r->slots[i] == TOMBSTONE)
            r->tombstones--;
        r->count++;
    }
    r->slots[i] = h;
    pthread_rwlock_unlock(&r->lock);

    if (old)
        handler_unref(old);
    return AV_OK;
}

int av_registry_remove(av_registry *r, const char *name, size_t len)
{
    av_handler *old = NULL;
    int found;
    pthread_rwlock_wrlock(&r->lock);
    size_t i = find_slot(r, name, len, &found);
    if (found) {
        old = r->slots[i];
        r->slots[i] = TOMBSTONE;
        r->count--;
        r->tombstones++;
    }
    pthread_rwlock_unlock(&r->lock);
    if (!old)
        return AV_E_NOT_FOUND;
    handler_unref(old);
    return AV_OK;
}

av_handler *av_registry_get(av_registry *r, const char *name, size_t len)
{
    av_handler *h = NULL;
    int found;
    pthread_rwlock_rdlock(&r->lock);
    size_t i = find_slot(r, name, len, &found);
    if (found) {
        h = r->slots[i];
        atomic_fetch_add_explicit(&h->refs, 1, memory_order_relaxed);
    }
    pthread_rwlock_unlock(&r->lock);
    return h;
}

size_t av_registry_count(av_registry *r)
{
    pthread_rwlock_rdlock(&r->lock);
    size_t n = r->count;
    pthread_rwlock_unlock(&r->lock);
    return n;
}
