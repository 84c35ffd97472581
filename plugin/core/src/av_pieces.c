/* Reassembly of a page's messages sent in pieces: see av_pieces.h. */
#include "av_pieces.h"

#include "av_grow.h"
#include "av_leaf_fill.h"

#include "auroraview/av_error.h"

#include <stdlib.h>
#include <string.h>

int av_pieces_init(av_pieces *p)
{
    memset(p, 0, sizeof *p);
    return pthread_mutex_init(&p->lock, NULL) == 0 ? AV_OK : AV_E_NO_MEMORY;
}

/* Frees what the slot holds so far; its id stays. */
static void slot_empty(av_pieces *p, av_piece_slot *s)
{
    p->bytes -= s->len + s->leaf_bytes;
    free(s->text);
    av_leaves_free(s->leaves);
    s->text = NULL;
    s->leaves = NULL;
    s->len = s->cap = s->leaf_bytes = 0;
}

static void slot_free(av_pieces *p, av_piece_slot *s)
{
    slot_empty(p, s);
    memset(s, 0, sizeof *s);
}

static size_t drop_all(av_pieces *p)
{
    size_t unfinished = 0;
    for (int i = 0; i < AV_PIECES_MAX; i++) {
        if (!p->slot[i].id_len)
            continue;
        unfinished += !p->slot[i].refused;
        slot_free(p, &p->slot[i]);
    }
    return unfinished;
}

void av_pieces_close(av_pieces *p)
{
    drop_all(p);
    pthread_mutex_destroy(&p->lock);
}

size_t av_pieces_drop(av_pieces *p)
{
    pthread_mutex_lock(&p->lock);
    size_t n = drop_all(p);
    pthread_mutex_unlock(&p->lock);
    return n;
}

static av_piece_slot *find(av_pieces *p, const av_span *id)
{
    for (int i = 0; i < AV_PIECES_MAX; i++)
        /* len 0 (a free slot) is compared without memcmp: its pointer may be NULL */
        if (p->slot[i].id_len == id->len && (id->len == 0 || memcmp(p->slot[i].id, id->ptr, id->len) == 0))
            return &p->slot[i];
    return NULL;
}

int av_pieces_cancel(av_pieces *p, const av_span *id)
{
    if (!id->len)
        return 0;
    pthread_mutex_lock(&p->lock);
    av_piece_slot *s = find(p, id);
    int unfinished = s && !s->refused;
    if (s)
        slot_free(p, s);
    pthread_mutex_unlock(&p->lock);
    return unfinished;
}

/* Refuses the message of slot s: its text is freed, its later pieces are
 * swallowed, and its last one frees the slot. */
static int refuse(av_pieces *p, av_piece_slot *s, int last, int code, const char *reason, const char **why)
{
    slot_empty(p, s);
    s->refused = 1;
    if (last)
        slot_free(p, s);
    *why = reason;
    return code;
}

/* The message's text grows by one piece's detail. */
static int add_text(av_pieces *p, av_piece_slot *s, const av_envelope *env, size_t *added, const char **why)
{
    /* av_json_unescape writes at most the token's length */
    if (!av_grow(&s->text, &s->cap, s->len + env->payload.len, 1u << 16)) {
        *why = "out of memory";
        return AV_E_BUSY;
    }
    long n = av_json_unescape(env->payload.ptr, env->payload.len, s->text + s->len);
    if (n < 0) {
        *why = "a piece's detail could not be decoded";
        return AV_E_BAD_MESSAGE;
    }
    s->len += (size_t)n;
    p->bytes += (size_t)n;
    *added = (size_t)n;
    return AV_OK;
}

/* A leaf starts or grows (av_leaves.h); room: what the limit leaves it. */
static int add_leaf(av_pieces *p, av_piece_slot *s, const av_envelope *env, const av_leaf_allocator *alloc,
                    size_t room, const char **why)
{
    size_t added = 0;
    int rc = env->type == AV_MSG_LEAF
                 ? av_leaf_start(&s->leaves, alloc, env->payload.ptr, env->payload.len, room, &added, why)
                 : av_leaf_append(s->leaves, env->payload.ptr, env->payload.len, room, &added, why);
    s->leaf_bytes += added;
    p->bytes += added;
    return rc;
}

static int add_locked(av_pieces *p, const av_envelope *env, size_t limit, const av_leaf_allocator *alloc,
                      char **whole, size_t *whole_len, av_leaves **leaves, const char **why)
{
    int last = env->type == AV_MSG_PIECE_END;
    av_piece_slot *s = find(p, &env->id);
    if (!s) {
        av_span none = {NULL, 0};
        s = find(p, &none);
        if (!s) {
            *why = "too many messages in pieces at once";
            return AV_E_BUSY;
        }
        memcpy(s->id, env->id.ptr, env->id.len);
        s->id_len = env->id.len;
    }
    if (s->refused) {
        if (last)
            slot_free(p, s);
        return AV_OK;
    }
    size_t added = 0, room = limit > p->bytes ? limit - p->bytes : 0;
    int rc = env->type == AV_MSG_LEAF || env->type == AV_MSG_LEAF_DATA ? add_leaf(p, s, env, alloc, room, why)
                                                                         : add_text(p, s, env, &added, why);
    if (rc != AV_OK)
        return refuse(p, s, last, rc, *why, why);
    if (s->len + s->leaf_bytes > limit)
        return refuse(p, s, last, AV_E_PAYLOAD_TOO_LARGE, "a message in pieces above the byte limit", why);
    if (p->bytes > limit)
        return refuse(p, s, last, AV_E_PAYLOAD_TOO_LARGE,
                      "messages in pieces above the byte limit together", why);
    if (!last)
        return AV_OK;
    if (av_leaves_check_whole(s->leaves, why) != AV_OK)
        return refuse(p, s, last, AV_E_BAD_MESSAGE, *why, why);
    *whole = s->text;
    *whole_len = s->len;
    *leaves = s->leaves;
    p->bytes -= s->len + s->leaf_bytes;
    memset(s, 0, sizeof *s);
    return AV_OK;
}

int av_pieces_add(av_pieces *p, const av_envelope *env, size_t limit, const av_leaf_allocator *alloc,
                  char **whole, size_t *whole_len, av_leaves **leaves, const char **why)
{
    *whole = NULL;
    *whole_len = 0;
    *leaves = NULL;
    pthread_mutex_lock(&p->lock);
    int rc = add_locked(p, env, limit, alloc, whole, whole_len, leaves, why);
    pthread_mutex_unlock(&p->lock);
    return rc;
}
