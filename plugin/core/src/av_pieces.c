/* Reassembly of a page's messages sent in pieces: see av_pieces.h. */
#include "av_pieces.h"

#include "auroraview/av_error.h"

#include <stdlib.h>
#include <string.h>

int av_pieces_init(av_pieces *p)
{
    memset(p, 0, sizeof *p);
    return pthread_mutex_init(&p->lock, NULL) == 0 ? AV_OK : AV_E_NO_MEMORY;
}

static void slot_free(av_pieces *p, av_piece_slot *s)
{
    p->bytes -= s->len;
    free(s->text);
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

/* Refuses the message of slot s: its text is freed, its later pieces are
 * swallowed, and its last one frees the slot. */
static int refuse(av_pieces *p, av_piece_slot *s, int last, int code, const char *reason, const char **why)
{
    p->bytes -= s->len;
    free(s->text);
    s->text = NULL;
    s->len = s->cap = 0;
    s->refused = 1;
    if (last)
        slot_free(p, s);
    *why = reason;
    return code;
}

static int add_locked(av_pieces *p, const av_envelope *env, size_t limit, char **whole, size_t *whole_len,
                      const char **why)
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
    size_t most = env->payload.len; /* what av_json_unescape may write */
    if (s->len + most > s->cap) {
        size_t cap = s->cap ? s->cap : 1u << 16;
        while (cap < s->len + most)
            cap *= 2;
        char *t = realloc(s->text, cap);
        if (!t)
            return refuse(p, s, last, AV_E_BUSY, "out of memory", why);
        s->text = t;
        s->cap = cap;
    }
    long n = av_json_unescape(env->payload.ptr, env->payload.len, s->text + s->len);
    if (n < 0)
        return refuse(p, s, last, AV_E_BAD_MESSAGE, "a piece's detail could not be decoded", why);
    s->len += (size_t)n;
    p->bytes += (size_t)n;
    if (s->len > limit)
        return refuse(p, s, last, AV_E_PAYLOAD_TOO_LARGE, "a message in pieces above the byte limit", why);
    if (p->bytes > limit)
        return refuse(p, s, last, AV_E_PAYLOAD_TOO_LARGE,
                      "messages in pieces above the byte limit together", why);
    if (!last)
        return AV_OK;
    *whole = s->text;
    *whole_len = s->len;
    p->bytes -= s->len;
    memset(s, 0, sizeof *s);
    return AV_OK;
}

int av_pieces_add(av_pieces *p, const av_envelope *env, size_t limit, char **whole, size_t *whole_len,
                  const char **why)
{
    *whole = NULL;
    *whole_len = 0;
    pthread_mutex_lock(&p->lock);
    int rc = add_locked(p, env, limit, whole, whole_len, why);
    pthread_mutex_unlock(&p->lock);
    return rc;
}
