/* A message's leaves: see av_leaves.h and av_leaf_fill.h. */
#include "av_leaf_fill.h"

#include "av_grow.h"

#include "auroraview/av_base64.h"
#include "auroraview/av_error.h"
#include "auroraview/av_json.h"

#include <stdlib.h>
#include <string.h>

void av_leaves_free(av_leaves *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->count; i++) {
        av_leaf *l = &set->leaf[i];
        if (l->object)
            set->alloc.release(set->alloc.user, l->object);
        else
            free(l->data);
    }
    free(set);
}

const av_leaf *av_leaves_get(const av_leaves *set, size_t index)
{
    return set && index < set->count ? &set->leaf[index] : NULL;
}

/* "text <n>" or "bytes <n>" (the token's quotes included), n decimal. */
static int parse_header(const char *tok, size_t len, av_leaf_kind *kind, size_t *n)
{
    const char *p = tok + 1, *end = tok + len - 1;
    if (len >= 7 && memcmp(p, "text ", 5) == 0) {
        *kind = AV_LEAF_TEXT;
        p += 5;
    } else if (len >= 8 && memcmp(p, "bytes ", 6) == 0) {
        *kind = AV_LEAF_BYTES;
        p += 6;
    } else
        return 0;
    if (p == end || end - p > 15)
        return 0;
    size_t v = 0;
    for (; p < end; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        v = v * 10 + (size_t)(*p - '0');
    }
    *n = v;
    return 1;
}

int av_leaf_start(av_leaves **setp, const av_leaf_allocator *alloc, const char *header, size_t header_len,
                  size_t room, size_t *counted, const char **why)
{
    *counted = 0;
    av_leaf_kind kind;
    size_t n;
    if (!parse_header(header, header_len, &kind, &n)) {
        *why = "a leaf's header must be \"text <length>\" or \"bytes <size>\"";
        return AV_E_BAD_MESSAGE;
    }
    if (kind == AV_LEAF_BYTES && n > room) {
        *why = "a leaf above the byte limit";
        return AV_E_PAYLOAD_TOO_LARGE;
    }
    av_leaves *set = *setp;
    if (!set) {
        if (!(set = calloc(1, sizeof *set))) {
            *why = "out of memory";
            return AV_E_BUSY;
        }
        set->alloc = *alloc;
        *setp = set;
    }
    if (set->count == AV_LEAVES_MAX) {
        *why = "more than 256 leaves in one message";
        return AV_E_BAD_MESSAGE;
    }
    av_leaf *l = &set->leaf[set->count];
    memset(l, 0, sizeof *l);
    l->kind = kind;
    if (kind == AV_LEAF_BYTES) {
        l->size = n;
        /* malloc(0) may be NULL: one byte keeps "no memory" meaning that */
        l->object = alloc->make ? alloc->make(alloc->user, n, &l->data) : NULL;
        if (!alloc->make)
            l->data = malloc(n ? n : 1);
        if (!l->data) {
            if (l->object)
                alloc->release(alloc->user, l->object);
            *why = "out of memory";
            return AV_E_BUSY;
        }
        *counted = n;
    }
    set->count++;
    return AV_OK;
}

static int append_text(av_leaf *l, const char *part, size_t len, size_t room, size_t *added, const char **why)
{
    if (len > room) {
        *why = "a leaf above the byte limit";
        return AV_E_PAYLOAD_TOO_LARGE;
    }
    /* Parts end on character boundaries (the bridge keeps pairs whole), so
     * each is whole UTF-8 on its own. */
    if (!av_utf8_valid(part, len)) {
        *why = "a text leaf's part is not valid UTF-8";
        return AV_E_BAD_MESSAGE;
    }
    if (len == 0) /* an empty part: nothing to add (and no buffer yet, maybe) */
        return AV_OK;
    if (!av_grow(&l->data, &l->size, l->len + len, 1u << 18)) {
        *why = "out of memory";
        return AV_E_BUSY;
    }
    memcpy(l->data + l->len, part, len);
    l->len += len;
    *added = len;
    return AV_OK;
}

static int append_bytes(av_leaf *l, const char *part, size_t len, const char **why)
{
    size_t bare = len;
    while (bare && part[bare - 1] == '=')
        bare--;
    size_t out = bare / 4 * 3 + (bare % 4 ? bare % 4 - 1 : 0), bad;
    if (l->ended || bare % 4 == 1) {
        *why = "a bytes leaf's part must be base64 in whole groups of four, only its last one short";
        return AV_E_BAD_MESSAGE;
    }
    if (out > l->size - l->len) {
        *why = "a bytes leaf holds more than its size";
        return AV_E_BAD_MESSAGE;
    }
    if (av_base64_decode(part, bare, (unsigned char *)l->data + l->len, &bad) < 0) {
        *why = "a bytes leaf's part is not base64";
        return AV_E_BAD_MESSAGE;
    }
    l->len += out;
    l->ended = bare % 4 != 0 || bare != len; /* a short or padded group ends the value */
    return AV_OK;
}

int av_leaf_append(av_leaves *set, const char *part, size_t len, size_t room, size_t *added, const char **why)
{
    *added = 0;
    if (!set || !set->count) {
        *why = "a leaf's part before any leaf";
        return AV_E_BAD_MESSAGE;
    }
    av_leaf *l = &set->leaf[set->count - 1];
    return l->kind == AV_LEAF_TEXT ? append_text(l, part, len, room, added, why) : append_bytes(l, part, len, why);
}

int av_leaves_check_whole(const av_leaves *set, const char **why)
{
    for (size_t i = 0; set && i < set->count; i++)
        if (set->leaf[i].kind == AV_LEAF_BYTES && set->leaf[i].len != set->leaf[i].size) {
            *why = "a bytes leaf ended short of its size";
            return AV_E_BAD_MESSAGE;
        }
    return AV_OK;
}
