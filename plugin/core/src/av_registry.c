#include "av_registry.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct av_registry_entry {
    av_binding binding;
    size_t name_len;
    char name[]; /* NUL-terminated */
};

/* Marks a deleted slot so probe chains stay intact. */
static av_registry_entry tombstone_entry;
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

/* A small table: a view binds a few dozen names; it grows as needed. */
#define INITIAL_CAP 16

int av_registry_init(av_registry *r)
{
    r->cap = INITIAL_CAP;
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

/* Frees every entry. Caller holds the write lock, or is the only user. */
static void free_entries(av_registry *r)
{
    for (size_t i = 0; i < r->cap; i++) {
        if (r->slots[i] && r->slots[i] != TOMBSTONE)
            free(r->slots[i]);
        r->slots[i] = NULL;
    }
    r->count = 0;
    r->tombstones = 0;
}

void av_registry_close(av_registry *r)
{
    if (!r->slots)
        return;
    free_entries(r);
    free(r->slots);
    r->slots = NULL;
    pthread_rwlock_destroy(&r->lock);
}

void av_registry_clear(av_registry *r)
{
    pthread_rwlock_wrlock(&r->lock);
    free_entries(r);
    pthread_rwlock_unlock(&r->lock);
}

/* Index of name's slot, or of the first free slot on its probe chain.
 * Caller holds the lock. */
static size_t find_slot(const av_registry *r, const char *name, size_t len, int *found)
{
    size_t mask = r->cap - 1, i = hash_name(name, len) & mask, free_at = SIZE_MAX;
    for (;;) {
        av_registry_entry *e = r->slots[i];
        if (!e) {
            *found = 0;
            return free_at != SIZE_MAX ? free_at : i;
        }
        if (e == TOMBSTONE) {
            if (free_at == SIZE_MAX)
                free_at = i;
        } else if (e->name_len == len && memcmp(e->name, name, len) == 0) {
            *found = 1;
            return i;
        }
        i = (i + 1) & mask;
    }
}

/* Rehashes into a table of new_cap slots. Caller holds the write lock. */
static int grow(av_registry *r, size_t new_cap)
{
    av_registry_entry **old = r->slots;
    size_t old_cap = r->cap;
    av_registry_entry **slots = calloc(new_cap, sizeof *slots);
    if (!slots)
        return AV_E_NO_MEMORY;
    r->slots = slots;
    r->cap = new_cap;
    r->tombstones = 0;
    for (size_t i = 0; i < old_cap; i++) {
        av_registry_entry *e = old[i];
        if (e && e != TOMBSTONE) {
            int found;
            r->slots[find_slot(r, e->name, e->name_len, &found)] = e;
        }
    }
    free(old);
    return AV_OK;
}

int av_registry_add(av_registry *r, const char *name, size_t len, av_binding b)
{
    if (!name || len == 0 || len > AV_NAME_MAX || !b.fn)
        return AV_E_INVALID_ARG;
    av_registry_entry *e = malloc(sizeof *e + len + 1);
    if (!e)
        return AV_E_NO_MEMORY;
    e->binding = b;
    e->name_len = len;
    memcpy(e->name, name, len);
    e->name[len] = '\0';

    av_registry_entry *old = NULL;
    pthread_rwlock_wrlock(&r->lock);
    /* Keep the load (live + deleted) under 3/4 so probes stay short. */
    if ((r->count + r->tombstones + 1) * 4 > r->cap * 3 &&
        grow(r, (r->count + 1) * 4 > r->cap * 2 ? r->cap * 2 : r->cap) != AV_OK) {
        pthread_rwlock_unlock(&r->lock);
        free(e);
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
    r->slots[i] = e;
    pthread_rwlock_unlock(&r->lock);
    free(old);
    return AV_OK;
}

int av_registry_remove(av_registry *r, const char *name, size_t len)
{
    av_registry_entry *old = NULL;
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
    free(old);
    return old ? AV_OK : AV_E_NOT_FOUND;
}

int av_registry_get(av_registry *r, const char *name, size_t len, av_binding *out)
{
    int found;
    pthread_rwlock_rdlock(&r->lock);
    size_t i = find_slot(r, name, len, &found);
    if (found)
        *out = r->slots[i]->binding;
    pthread_rwlock_unlock(&r->lock);
    return found;
}

size_t av_registry_count(av_registry *r)
{
    pthread_rwlock_rdlock(&r->lock);
    size_t n = r->count;
    pthread_rwlock_unlock(&r->lock);
    return n;
}

/* ---- nearest names ---------------------------------------------------------- */

/* name folded for comparison: ASCII lower case, without '_' and '-'. Returns
 * the folded length (out holds AV_REGISTRY_NEAR_MAX_LEN bytes). */
static size_t fold(const char *name, size_t len, char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < AV_REGISTRY_NEAR_MAX_LEN; i++) {
        char c = name[i];
        if (c == '_' || c == '-')
            continue;
        out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    return n;
}

/* Levenshtein distance of a and b, or k + 1 when it exceeds k: only the
 * cells within k of the diagonal are computed, and a row whose every cell
 * exceeds k ends the comparison. */
static size_t distance(const char *a, size_t an, const char *b, size_t bn, size_t k)
{
    const size_t big = k + 1;
    if ((an > bn ? an - bn : bn - an) > k)
        return big;
    size_t prev[AV_REGISTRY_NEAR_MAX_LEN + 1], cur[AV_REGISTRY_NEAR_MAX_LEN + 1];
    for (size_t j = 0; j <= bn; j++)
        prev[j] = j <= k ? j : big;
    for (size_t i = 1; i <= an; i++) {
        for (size_t j = 0; j <= bn; j++)
            cur[j] = big;
        cur[0] = i <= k ? i : big;
        size_t best = cur[0];
        size_t lo = i > k ? i - k : 1, hi = i + k < bn ? i + k : bn;
        for (size_t j = lo; j <= hi; j++) {
            size_t v = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            cur[j] = v < big ? v : big;
            if (cur[j] < best)
                best = cur[j];
        }
        if (best > k)
            return big;
        memcpy(prev, cur, (bn + 1) * sizeof *prev);
    }
    return prev[bn];
}

int av_registry_nearest(av_registry *r, const char *name, size_t len, char *out, size_t out_len)
{
    if (len > AV_REGISTRY_NEAR_MAX_LEN || !out || !out_len)
        return 0;
    char want[AV_REGISTRY_NEAR_MAX_LEN], have[AV_REGISTRY_NEAR_MAX_LEN];
    size_t wn = fold(name, len, want);
    size_t limit = wn / 4 > AV_REGISTRY_NEAR ? AV_REGISTRY_NEAR : (wn / 4 ? wn / 4 : 1);
    size_t best = limit + 1;
    pthread_rwlock_rdlock(&r->lock);
    for (size_t i = 0; i < r->cap; i++) {
        const av_registry_entry *e = r->slots[i];
        if (!e || e == TOMBSTONE || e->name_len > AV_REGISTRY_NEAR_MAX_LEN)
            continue;
        size_t d = distance(want, wn, have, fold(e->name, e->name_len, have), limit);
        /* The nearest; among equals the first in byte order, whatever the table's order. */
        if (d < best || (d == best && d <= limit && strcmp(e->name, out) < 0)) {
            best = d;
            snprintf(out, out_len, "%s", e->name);
        }
    }
    pthread_rwlock_unlock(&r->lock);
    return best <= limit;
}
