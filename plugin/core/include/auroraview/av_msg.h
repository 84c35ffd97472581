/* av_msg.h: the message record, and the envelope codec of the wire protocol.
 *
 * A record (av_msg) is ONE heap block: the header and, after it, every byte
 * the record refers to. Queues move records by pointer; whoever pops a record
 * owns it and frees it with av_msg_free.
 *
 * Wire protocol v1 (DESIGN.md section 4). A transport message from a page is
 * one envelope object or a JSON array of them:
 *   {"type":"call","id":<string|uint>,"method":"api.x","params":<any>}
 *   {"type":"event","event":"name","detail":<any>}
 *   {"type":"ready","url":"..."}
 *   {"type":"cancel","id":<string|uint>}
 *   {"type":"too_large","detail":<any>}  the transport's report of a post it
 *     refused in the page for its length (counted, logged, never handled)
 *   {"type":"piece","id":<string|uint>,"detail":"<text>"}  part of a message
 *     too long for one post; {"type":"piece_end",...} its last part: the
 *     details, decoded and joined, are the message (av_pieces.h)
 *   {"type":"leaf","id":..,"detail":"text <n>"|"bytes <n>"}: a big value of
 *     a message in pieces, sent before them; its parts follow as posts that
 *     are not JSON: ">" id " " part (av_leaves.h)
 * Unknown keys are ignored (forward compatibility); a known key given twice
 * is an error. Every value nests at most AV_PAYLOAD_DEPTH_MAX deep.
 *
 * Thread safety: the codec is pure; records are plain data owned by one
 * thread at a time.
 */
#ifndef AURORAVIEW_AV_MSG_H
#define AURORAVIEW_AV_MSG_H

#include "auroraview/av_json.h"
#include "auroraview/av_leaves.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest method or event name, in bytes of UTF-8. */
#define AV_NAME_MAX 256
/* Longest id token (a string id with its quotes, or an integer's digits). */
#define AV_ID_MAX 128
/* Deepest nesting of a value in an envelope (params, detail, any field):
 * [] is 1 deep, [[]] 2, a scalar 0. Python's json decoder spends one level
 * of the interpreter's recursion limit (1000 by default) on each, so a
 * deeper limit would hand Python params it cannot decode; the bridge
 * (bridge_js/auroraview.js, MAX_DEPTH) refuses the same before sending. */
#define AV_PAYLOAD_DEPTH_MAX 512

typedef enum av_msg_type {
    AV_MSG_NONE = 0,
    /* page -> native (inbound) */
    AV_MSG_CALL,    /* id, name = method (decoded UTF-8), payload = params or empty */
    AV_MSG_EVENT,   /* name = event (decoded), payload = detail or empty */
    AV_MSG_READY,   /* name = url (decoded), may be empty */
    AV_MSG_CANCEL,  /* id */
    AV_MSG_TOO_LARGE, /* payload = detail: what the page's transport refused */
    AV_MSG_PIECE,     /* id, payload = detail: a string token, part of a message */
    AV_MSG_PIECE_END, /* id, payload = detail: the message's last part */
    AV_MSG_LEAF,      /* id, payload = detail: a big value's header (av_leaves.h) */
    AV_MSG_LEAF_DATA, /* id, payload = part of that value, raw (a post ">id part", not JSON) */
    /* native -> page (outbound) */
    AV_MSG_EMIT,    /* name = event as a JSON string token, payload = data JSON */
    AV_MSG_RESULT,  /* id, payload = result JSON */
    AV_MSG_FAULT,   /* id, payload = error object JSON {"name","message","code",...} */
    AV_MSG_EVAL     /* payload = JavaScript source */
} av_msg_type;

typedef struct av_msg {
    av_msg_type type;
    uint32_t view_id;
    uint32_t generation; /* the view's page generation when the record was made */
    size_t size;         /* bytes of this allocation, for queue accounting */
    av_span id;          /* raw id token as the page sent it ("a" or 7); may be empty */
    av_span name;        /* see av_msg_type; NUL-terminated */
    av_span payload;     /* raw bytes; empty when absent */
    av_leaves *leaves;   /* a message that came in pieces: its big values, or NULL; freed with it */
    char data[];         /* storage for id, name and payload */
} av_msg;

/* Makes a record holding copies of the three byte ranges (any may be 0 long).
 * A NULL pointer with a length reserves that many bytes uninitialised for the
 * caller to fill (each span still gets its NUL terminator). Returns NULL when
 * out of memory. Ownership: the caller owns the result. */
av_msg *av_msg_new(av_msg_type type, uint32_t view_id, const char *id, size_t id_len,
                   const char *name, size_t name_len, const char *payload, size_t payload_len);

/* A part of a message in pieces (av_pieces.h): piece, piece_end, leaf or
 * leaf_data. */
static inline int av_msg_is_piece(av_msg_type type)
{
    return type == AV_MSG_PIECE || type == AV_MSG_PIECE_END || type == AV_MSG_LEAF || type == AV_MSG_LEAF_DATA;
}

/* Frees a record and its leaves. NULL is ignored. Ownership: takes m. */
void av_msg_free(av_msg *m);

/* One envelope as the codec found it, spans pointing into the parsed text. */
typedef struct av_envelope {
    av_msg_type type;     /* AV_MSG_NONE when the type was missing or unknown */
    av_span id;           /* raw id token; empty when absent or invalid */
    av_span name;         /* raw string token of method / event / url (quotes included) */
    av_span payload;      /* raw params / detail value; empty when absent */
    size_t offset;        /* where the envelope starts in the text */
    size_t size;          /* its length in bytes */
    int error;            /* AV_OK, or AV_E_BAD_MESSAGE for a malformed envelope */
    av_json_error where;  /* position (in the whole text) and reason when error != AV_OK */
} av_envelope;

/* Called once per envelope, in order. env and its spans are valid only during
 * the call. */
typedef void (*av_envelope_cb)(void *user, const av_envelope *env);

/* Parses one transport message. Each element that is valid JSON reaches cb,
 * malformed ones with env->error set (and env->id when the id could be read,
 * env->type when the type could, so a bad call can still be answered). An
 * element whose only fault leaves its end certain (a value nested deeper than
 * AV_PAYLOAD_DEPTH_MAX, a lone surrogate, invalid UTF-8 in a string:
 * av_json_skip) is one such
 * malformed element: the elements after it are still read. Returns AV_OK, or
 * AV_E_BAD_MESSAGE when the text itself is not JSON or not an object / array
 * of objects: err then tells where, and elements before that point have
 * already reached cb. Never allocates. */
int av_envelope_parse(const char *text, size_t len, av_envelope_cb cb, void *user,
                      av_json_error *err);

/* Makes an inbound record from a well-formed envelope (env->error == AV_OK):
 * the name is decoded to UTF-8. Returns NULL when out of memory. Ownership:
 * the caller owns the result. */
av_msg *av_msg_from_envelope(const av_envelope *env, uint32_t view_id);

/* "call", "event", ... for logs. Static storage. */
const char *av_msg_type_name(av_msg_type type);

#ifdef __cplusplus
}
#endif
#endif
