#include "av_pending.h"

#include "auroraview/av_error.h"
#include "auroraview/av_msg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { SLOT_EMPTY = 0, SLOT_TOMBSTONE = 4 }; /* besides av_pending_state values */

struct av_pending_entry {
    unsigned char state;
    unsigned char len;
    char id[AV_ID_MAX];
};

static uint64_t hash_id(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

int av_pending_init(av_pending *p)
{
    memset(p, 0, sizeof *p);
    return pthread_mutex_init(&p->lock, NULL) == 0 ? AV_OK : AV_E_NO_MEMORY;
}

void av_pending_close(av_pending *p)
{
    free(p->slots);
    p->slots = NULL;
    pthread_mutex_destroy(&p->lock);
}

/* Slot holding id, or NULL. Caller holds the lock. */
static av_pending_entry *lookup(av_pending *p, const char *id, size_t len)
{
    if (!p->cap)
        return NULL;
    size_t mask = p->cap - 1;
    for (size_t i = hash_id(id, len) & mask;; i = (i + 1) & mask) {
        av_pending_entry *e = &p->slots[i];
        if (e->state == SLOT_EMPTY)
            return NULL;
        if (e->state != SLOT_TOMBSTONE && e->len == len && memcmp(e->id, id, len) == 0)
            return e;
    }
}

static void place(av_pending_entry *slots, size_t cap, const av_pending_entry *src)
{
    size_t mask = cap - 1;
    size_t i = hash_id(src->id, src->len) & mask;
    while (slots[i].state != SLOT_EMPTY)
        i = (i + 1) & mask;
    slots[i] = *src;
}

/* Makes room for one more entry. Caller holds the lock. */
static int reserve(av_pending *p)
{
    if (p->cap && (p->count + p->tombstones + 1) * 4 <= p->cap * 3)
        return AV_OK;
    size_t cap = p->cap ? p->cap : 16;
    while ((p->count + 1) * 2 > cap)
        cap *= 2;
    av_pending_entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return AV_E_NO_MEMORY;
    for (size_t i = 0; i < p->cap; i++)
        if (p->slots[i].state != SLOT_EMPTY && p->slots[i].state != SLOT_TOMBSTONE)
            place(slots, cap, &p->slots[i]);
    free(p->slots);
    p->slots = slots;
    p->cap = cap;
    p->tombstones = 0;
    return AV_OK;
}

int av_pending_add(av_pending *p, uint32_t generation, const char *id, size_t len)
{
    if (len == 0 || len > AV_ID_MAX)
        return AV_E_INVALID_ARG;
    int rc = AV_OK;
    pthread_mutex_lock(&p->lock);
    if (generation != p->generation)
        rc = AV_E_CANCELLED;
    else if (lookup(p, id, len))
        rc = AV_E_DUPLICATE;
    else if ((rc = reserve(p)) == AV_OK) {
        av_pending_entry e = {.state = AV_PENDING_QUEUED, .len = (unsigned char)len};
        memcpy(e.id, id, len);
        size_t mask = p->cap - 1, i = hash_id(id, len) & mask;
        while (p->slots[i].state != SLOT_EMPTY && p->slots[i].state != SLOT_TOMBSTONE)
            i = (i + 1) & mask;
        if (p->slots[i].state == SLOT_TOMBSTONE)
            p->tombstones--;
        p->slots[i] = e;
        p->count++;
    }
    pthread_mutex_unlock(&p->lock);
    return rc;
}

/* Removes the entry e. Caller holds the lock. */
static void remove_entry(av_pending *p, av_pending_entry *e)
{
    e->state = SLOT_TOMBSTONE;
    p->count--;
    p->tombstones++;
}

/* The entry of id for generation, or NULL. Caller holds the lock. */
static av_pending_entry *lookup_in(av_pending *p, uint32_t generation, const char *id, size_t len)
{
    return generation == p->generation ? lookup(p, id, len) : NULL;
}

av_pending_state av_pending_start(av_pending *p, uint32_t generation, const char *id, size_t len)
{
    pthread_mutex_lock(&p->lock);
    av_pending_entry *e = lookup_in(p, generation, id, len);
    av_pending_state st = e ? (av_pending_state)e->state : AV_PENDING_NONE;
    if (st == AV_PENDING_QUEUED)
        e->state = st = AV_PENDING_ACTIVE;
    pthread_mutex_unlock(&p->lock);
    return st;
}

av_pending_state av_pending_cancel(av_pending *p, uint32_t generation, const char *id, size_t len)
{
    pthread_mutex_lock(&p->lock);
    av_pending_entry *e = lookup_in(p, generation, id, len);
    av_pending_state st = e ? (av_pending_state)e->state : AV_PENDING_NONE;
    if (st == AV_PENDING_QUEUED)
        remove_entry(p, e);
    else if (st == AV_PENDING_ACTIVE)
        e->state = AV_PENDING_CANCELLED;
    pthread_mutex_unlock(&p->lock);
    return st;
}

av_pending_state av_pending_state_of(av_pending *p, uint32_t generation, const char *id, size_t len)
{
    pthread_mutex_lock(&p->lock);
    av_pending_entry *e = lookup_in(p, generation, id, len);
    av_pending_state st = e ? (av_pending_state)e->state : AV_PENDING_NONE;
    pthread_mutex_unlock(&p->lock);
    return st;
}

av_pending_state av_pending_take(av_pending *p, const char *id, size_t len)
{
    av_pending_state st = AV_PENDING_NONE;
    pthread_mutex_lock(&p->lock);
    av_pending_entry *e = lookup(p, id, len);
    if (e) {
        st = (av_pending_state)e->state;
        if (st != AV_PENDING_QUEUED)
            remove_entry(p, e);
    }
    pthread_mutex_unlock(&p->lock);
    return st;
}

size_t av_pending_clear(av_pending *p, uint32_t generation)
{
    size_t active = 0;
    pthread_mutex_lock(&p->lock);
    p->generation = generation;
    for (size_t i = 0; i < p->cap; i++) {
        if (p->slots[i].state == AV_PENDING_ACTIVE || p->slots[i].state == AV_PENDING_QUEUED)
            active++;
        p->slots[i].state = SLOT_EMPTY;
    }
    p->count = 0;
    p->tombstones = 0;
    pthread_mutex_unlock(&p->lock);
    return active;
}

size_t av_pending_count(av_pending *p)
{
    pthread_mutex_lock(&p->lock);
    size_t n = p->count;
    pthread_mutex_unlock(&p->lock);
    return n;
}
