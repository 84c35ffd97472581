#include "auroraview/av_msg.h"

#include "auroraview/av_error.h"

#include <stdlib.h>
#include <string.h>

/* Points span at p, copies src there (unless NULL), terminates it, and
 * returns the byte after the terminator. */
static char *put_span(char *p, av_span *span, const char *src, size_t len)
{
    span->ptr = p;
    span->len = len;
    if (len && src)
        memcpy(p, src, len);
    p[len] = '\0';
    return p + len + 1;
}

av_msg *av_msg_new(av_msg_type type, uint32_t view_id, const char *id, size_t id_len,
                   const char *name, size_t name_len, const char *payload, size_t payload_len)
{
    /* Three NUL terminators keep every span printable with %s. */
    size_t bytes = sizeof(av_msg) + id_len + name_len + payload_len + 3;
    av_msg *m = malloc(bytes);
    if (!m)
        return NULL;
    char *p = m->data;
    m->type = type;
    m->view_id = view_id;
    m->generation = 0;
    m->size = bytes;
    m->leaves = NULL;

    p = put_span(p, &m->id, id, id_len);
    p = put_span(p, &m->name, name, name_len);
    put_span(p, &m->payload, payload, payload_len);
    return m;
}

void av_msg_free(av_msg *m)
{
    if (m)
        av_leaves_free(m->leaves);
    free(m);
}

av_msg *av_msg_from_envelope(const av_envelope *env, uint32_t view_id)
{
    /* Decoding never grows a string, so the token length bounds the name. */
    av_msg *m = av_msg_new(env->type, view_id, env->id.ptr, env->id.len, NULL, env->name.len,
                           env->payload.ptr, env->payload.len);
    if (!m)
        return NULL;
    if (env->name.len) {
        long n = av_json_unescape(env->name.ptr, env->name.len, (char *)m->name.ptr);
        /* The codec already decoded it once; it cannot fail here. */
        m->name.len = n < 0 ? 0 : (size_t)n;
        ((char *)m->name.ptr)[m->name.len] = '\0';
    }
    return m;
}

const char *av_msg_type_name(av_msg_type type)
{
    switch (type) {
    case AV_MSG_CALL: return "call";
    case AV_MSG_EVENT: return "event";
    case AV_MSG_READY: return "ready";
    case AV_MSG_CANCEL: return "cancel";
    case AV_MSG_TOO_LARGE: return "too_large";
    case AV_MSG_PIECE: return "piece";
    case AV_MSG_PIECE_END: return "piece_end";
    case AV_MSG_LEAF: return "leaf";
    case AV_MSG_LEAF_DATA: return "leaf_data";
    case AV_MSG_EMIT: return "emit";
    case AV_MSG_RESULT: return "result";
    case AV_MSG_FAULT: return "fault";
    case AV_MSG_EVAL: return "eval";
    default: return "none";
    }
}
