/* The frame codec: nanopb for the body, a length prefix around it, and the
 * checks that make a decoded frame safe to hand to Python. */
#include "auroraview/av_ipc.h"

#include "auroraview.pb.h"
#include "auroraview/av_error.h"
#include "auroraview/av_json.h"

#include <pb_decode.h>
#include <pb_encode.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 4, 5))) static int fail(int code, char *why, size_t why_len, const char *fmt, ...)
{
    if (why && why_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, why_len, fmt, ap);
        va_end(ap);
    }
    return code;
}

int av_ipc_frame_next(const uint8_t *buf, size_t len, size_t max_frame, const uint8_t **body, size_t *body_len,
                      size_t *used)
{
    if (len < AV_IPC_PREFIX_BYTES)
        return 0;
    size_t n = (size_t)buf[0] | (size_t)buf[1] << 8 | (size_t)buf[2] << 16 | (size_t)buf[3] << 24;
    if (n > max_frame)
        return AV_E_PAYLOAD_TOO_LARGE;
    if (len - AV_IPC_PREFIX_BYTES < n)
        return 0;
    *body = buf + AV_IPC_PREFIX_BYTES;
    *body_len = n;
    *used = AV_IPC_PREFIX_BYTES + n;
    return 1;
}

/* The checks both directions share: what a well-formed frame holds. */
static int check(const av_ipc_frame *f, char *why, size_t why_len)
{
    switch (f->kind) {
    case AV_IPC_HELLO:
        if (f->token_len == 0)
            return fail(AV_E_BAD_MESSAGE, why, why_len, "hello without a token");
        if (f->child_id[0] == '\0' || !av_utf8_valid(f->child_id, strlen(f->child_id)))
            return fail(AV_E_BAD_MESSAGE, why, why_len, "hello without a valid child_id");
        if (f->version != AV_IPC_VERSION)
            return fail(AV_E_BAD_MESSAGE, why, why_len, "hello for protocol version %u; this side speaks %d",
                        (unsigned)f->version, AV_IPC_VERSION);
        return AV_OK;
    case AV_IPC_EVENT: {
        size_t n = strlen(f->name);
        if (n == 0 || !av_utf8_valid(f->name, n))
            return fail(AV_E_BAD_MESSAGE, why, why_len, "event without a valid name");
        av_json_error err = {0, NULL};
        if (f->data_len && av_json_validate(f->data, f->data_len, &err) != AV_OK)
            return fail(AV_E_BAD_MESSAGE, why, why_len, "event '%s': data is not JSON (%s at byte %zu)", f->name,
                        err.reason ? err.reason : "invalid", err.pos);
        return AV_OK;
    }
    default:
        return fail(AV_E_BAD_MESSAGE, why, why_len, "unknown frame kind %d", (int)f->kind);
    }
}

/* nanopb reads the data field through this: into one malloc'd block, held
 * by the frame. The body is at most max_frame bytes, so is this. */
static bool read_data(pb_istream_t *stream, const pb_field_t *field, void **arg)
{
    (void)field;
    av_ipc_frame *f = *arg;
    size_t n = stream->bytes_left;
    char *data = malloc(n + 1);
    if (!data || !pb_read(stream, (pb_byte_t *)data, n)) {
        free(data);
        return false;
    }
    data[n] = '\0';
    free((char *)f->data); /* a repeated field: the last one wins, as protobuf says */
    f->data = data;
    f->data_len = n;
    return true;
}

int av_ipc_frame_decode(const uint8_t *body, size_t len, av_ipc_frame *out, char *why, size_t why_len)
{
    memset(out, 0, sizeof *out);
    auroraview_Frame msg = auroraview_Frame_init_zero;
    msg.data.funcs.decode = read_data;
    msg.data.arg = out;
    pb_istream_t stream = pb_istream_from_buffer(body, len);
    if (!pb_decode(&stream, auroraview_Frame_fields, &msg)) {
        av_ipc_frame_clear(out);
        return fail(AV_E_BAD_MESSAGE, why, why_len, "not a frame: %s", PB_GET_ERROR(&stream));
    }
    out->kind = (av_ipc_kind)msg.kind;
    memcpy(out->token, msg.token.bytes, msg.token.size);
    out->token_len = msg.token.size;
    memcpy(out->child_id, msg.child_id, sizeof out->child_id);
    out->pid = msg.pid;
    out->version = msg.version;
    memcpy(out->name, msg.name, sizeof out->name);
    int rc = check(out, why, why_len);
    if (rc != AV_OK)
        av_ipc_frame_clear(out);
    return rc;
}

void av_ipc_frame_clear(av_ipc_frame *f)
{
    free((char *)f->data);
    f->data = NULL;
    f->data_len = 0;
}

static bool write_data(pb_ostream_t *stream, const pb_field_t *field, void *const *arg)
{
    const av_ipc_frame *f = *arg;
    if (!f->data_len)
        return true;
    return pb_encode_tag_for_field(stream, field) &&
           pb_encode_string(stream, (const pb_byte_t *)f->data, f->data_len);
}

int av_ipc_frame_encode(const av_ipc_frame *f, size_t max_frame, uint8_t **out, size_t *out_len, char *why,
                        size_t why_len)
{
    int rc = check(f, why, why_len);
    if (rc != AV_OK)
        return rc;
    if (f->token_len > AV_IPC_TOKEN_MAX)
        return fail(AV_E_BAD_MESSAGE, why, why_len, "token above %d bytes", AV_IPC_TOKEN_MAX);
    auroraview_Frame msg = auroraview_Frame_init_zero;
    msg.kind = (auroraview_Frame_Kind)f->kind;
    memcpy(msg.token.bytes, f->token, f->token_len);
    msg.token.size = (pb_size_t)f->token_len;
    memcpy(msg.child_id, f->child_id, sizeof msg.child_id);
    msg.pid = f->pid;
    msg.version = f->version;
    memcpy(msg.name, f->name, sizeof msg.name);
    msg.data.funcs.encode = write_data;
    msg.data.arg = (void *)f;

    size_t size;
    if (!pb_get_encoded_size(&size, auroraview_Frame_fields, &msg))
        return fail(AV_E_BAD_MESSAGE, why, why_len, "cannot encode the frame");
    if (size > max_frame || size > 0xffffffffu)
        return fail(AV_E_PAYLOAD_TOO_LARGE, why, why_len, "frame of %zu bytes above the limit of %zu", size,
                    max_frame);
    uint8_t *buf = malloc(AV_IPC_PREFIX_BYTES + size);
    if (!buf)
        return fail(AV_E_NO_MEMORY, why, why_len, "out of memory for a %zu-byte frame", size);
    for (int i = 0; i < AV_IPC_PREFIX_BYTES; i++)
        buf[i] = (uint8_t)(size >> (8 * i));
    pb_ostream_t stream = pb_ostream_from_buffer(buf + AV_IPC_PREFIX_BYTES, size);
    if (!pb_encode(&stream, auroraview_Frame_fields, &msg)) {
        free(buf);
        return fail(AV_E_BAD_MESSAGE, why, why_len, "cannot encode the frame: %s", PB_GET_ERROR(&stream));
    }
    *out = buf;
    *out_len = AV_IPC_PREFIX_BYTES + size;
    return AV_OK;
}
