/* Fuzz target: the envelope codec (av_envelope_parse), the first code that
 * reads a page's bytes. Beyond "no crash, no out-of-bounds read", it checks
 * the codec's contract on every input:
 *  - it accepts every text the strict scanner (av_json_validate) accepts, and
 *    what else it accepts holds an element refused for a flaw that leaves its
 *    end certain (av_json_skip: nesting too deep, a lone surrogate escape),
 *    so one such element never costs the batch its other envelopes;
 *  - an envelope it passes as well-formed is strict JSON on its own, and its
 *    payload nests at most AV_PAYLOAD_DEPTH_MAX deep;
 *  - every envelope and span it reports lies inside the text, in order;
 *  - a well-formed envelope has a known type, the fields its type needs, an
 *    id of at most AV_ID_MAX bytes, a name that decodes to 1..AV_NAME_MAX
 *    bytes of UTF-8, and spans that are JSON values on their own;
 *  - a refusal says where (inside the text) and why. */
#include "fuzz.h"

#include "auroraview/av_error.h"
#include "auroraview/av_msg.h"

#include <string.h>

typedef struct walk {
    const char *text;
    size_t len;
    size_t next_offset; /* envelopes come in order and do not overlap */
    unsigned count;
    unsigned flawed; /* refused envelopes not strict JSON alone, too deep, or not objects */
} walk;

/* The refusals av_json_skip reads past, and the one of a non-object element
 * (skipped whatever it holds): a text the strict scanner refuses but the
 * codec reads whole must hold one of these (a batch element may be strict
 * alone yet one level too deep inside the batch). */
static int skippable(const char *reason)
{
    return strcmp(reason, "nesting too deep") == 0 || strstr(reason, "levels deep") != NULL ||
           strcmp(reason, "lone UTF-16 surrogate escape") == 0 || strcmp(reason, "lone UTF-16 surrogate") == 0 ||
           strcmp(reason, "invalid UTF-8") == 0 ||
           strcmp(reason, "envelope must be an object") == 0;
}

static int span_inside(const walk *w, av_span s)
{
    return s.len == 0 || (s.ptr >= w->text && s.len <= w->len && (size_t)(s.ptr - w->text) <= w->len - s.len);
}

static int span_is_json(av_span s)
{
    return av_json_validate(s.ptr, s.len, NULL) == AV_OK;
}

static void check_envelope(void *user, const av_envelope *env)
{
    walk *w = user;
    w->count++;
    FUZZ_ASSERT(env->offset >= w->next_offset);
    FUZZ_ASSERT(env->offset <= w->len && env->size <= w->len - env->offset);
    w->next_offset = env->offset + env->size;
    FUZZ_ASSERT(span_inside(w, env->id) && span_inside(w, env->name) && span_inside(w, env->payload));
    /* The envelope's own bytes are one JSON value, unless it was refused
     * for a flaw the codec reads past. */
    int strict = av_json_validate(w->text + env->offset, env->size, NULL) == AV_OK;
    if (env->id.len)
        FUZZ_ASSERT(env->id.len <= AV_ID_MAX && span_is_json(env->id));

    if (env->error != AV_OK) {
        FUZZ_ASSERT(env->error == AV_E_BAD_MESSAGE);
        FUZZ_ASSERT(env->where.reason != NULL && env->where.pos <= w->len);
        /* Not strict JSON alone: it holds a flaw (reported, or another fault
         * of the envelope found before it). */
        if (!strict || skippable(env->where.reason))
            w->flawed++;
        return;
    }
    FUZZ_ASSERT(strict);
    if (env->payload.len) {
        size_t at = 0;
        FUZZ_ASSERT(av_json_scan(env->payload.ptr, env->payload.len, &at, AV_PAYLOAD_DEPTH_MAX, NULL, NULL) ==
                        AV_OK &&
                    at == env->payload.len);
    }
    int piece = env->type == AV_MSG_PIECE || env->type == AV_MSG_PIECE_END || env->type == AV_MSG_LEAF;
    FUZZ_ASSERT(env->type == AV_MSG_CALL || env->type == AV_MSG_EVENT || env->type == AV_MSG_READY ||
                env->type == AV_MSG_CANCEL || env->type == AV_MSG_TOO_LARGE || piece);
    if (env->type == AV_MSG_CALL || env->type == AV_MSG_CANCEL || piece)
        FUZZ_ASSERT(env->id.len > 0);
    /* A piece's (or a leaf header's) detail is a string the reassembly can decode. */
    if (piece)
        FUZZ_ASSERT(env->payload.len >= 2 && env->payload.ptr[0] == '"');
    if (env->payload.len)
        FUZZ_ASSERT(span_is_json(env->payload));
    if (env->name.len) {
        FUZZ_ASSERT(span_is_json(env->name) && env->name.ptr[0] == '"');
        char *decoded = malloc(env->name.len);
        FUZZ_ASSERT(decoded != NULL);
        long n = av_json_unescape(env->name.ptr, env->name.len, decoded);
        if (env->type != AV_MSG_READY)
            FUZZ_ASSERT(n >= 1 && n <= AV_NAME_MAX && av_utf8_valid(decoded, (size_t)n));
        /* The record the core queues carries the same decoded name. */
        av_msg *m = av_msg_from_envelope(env, 1);
        FUZZ_ASSERT(m != NULL);
        if (n >= 0)
            FUZZ_ASSERT(m->name.len == (size_t)n && memcmp(m->name.ptr, decoded, (size_t)n) == 0);
        FUZZ_ASSERT(m->name.ptr[m->name.len] == '\0');
        av_msg_free(m);
        free(decoded);
    } else {
        FUZZ_ASSERT(env->type == AV_MSG_READY || env->type == AV_MSG_CANCEL || env->type == AV_MSG_TOO_LARGE ||
                    piece);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    walk w = {(const char *)data, size, 0, 0, 0};
    av_json_error err = {0, NULL};
    int rc = av_envelope_parse(w.text, size, check_envelope, &w, &err);
    int valid = av_json_validate(w.text, size, NULL) == AV_OK;
    FUZZ_ASSERT(rc == AV_OK || rc == AV_E_BAD_MESSAGE);
    if (valid)
        FUZZ_ASSERT(rc == AV_OK);
    else if (rc == AV_OK)
        FUZZ_ASSERT(w.flawed > 0);
    if (rc != AV_OK)
        FUZZ_ASSERT(err.reason != NULL && err.pos <= size);
    else if (w.text[av_json_skip_ws(w.text, size, 0)] == '{')
        FUZZ_ASSERT(w.count == 1); /* a lone object is one envelope */
    return 0;
}
