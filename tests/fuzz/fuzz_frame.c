/* Fuzz target: the parent/child frame reader (av_ipc.h), the first code
 * that reads a child's bytes. The input is a byte stream as a socket would
 * deliver it; it is cut into frames the way auroraview.child reads them
 * (av_ipc_frame_next with a 4 KiB limit), and each body is decoded.
 * Invariants:
 *  - the reader only ever reports a body inside the input, and stops (too
 *    large) or waits (incomplete) without reading past it;
 *  - a frame that decodes is well-formed as av_ipc.h promises (a known kind,
 *    a token and child id for a hello, a UTF-8 name and JSON data for an
 *    event), and encodes again to a frame that decodes to the same fields. */
#include "fuzz.h"

#include "auroraview/av_error.h"
#include "auroraview/av_ipc.h"
#include "auroraview/av_json.h"

#include <string.h>

#define LIMIT 4096

static void same_fields(const av_ipc_frame *a, const av_ipc_frame *b)
{
    FUZZ_ASSERT(a->kind == b->kind);
    FUZZ_ASSERT(a->token_len == b->token_len && memcmp(a->token, b->token, a->token_len) == 0);
    FUZZ_ASSERT(strcmp(a->child_id, b->child_id) == 0 && strcmp(a->name, b->name) == 0);
    FUZZ_ASSERT(a->pid == b->pid && a->version == b->version);
    FUZZ_ASSERT(a->data_len == b->data_len && (a->data_len == 0 || memcmp(a->data, b->data, a->data_len) == 0));
}

static void check_frame(const uint8_t *body, size_t len)
{
    av_ipc_frame f;
    char why[256];
    if (av_ipc_frame_decode(body, len, &f, why, sizeof why) != AV_OK) {
        FUZZ_ASSERT(why[0] != '\0'); /* a refusal says why */
        return;
    }
    FUZZ_ASSERT(f.kind == AV_IPC_HELLO || f.kind == AV_IPC_EVENT);
    if (f.kind == AV_IPC_HELLO) {
        FUZZ_ASSERT(f.token_len > 0 && f.child_id[0] != '\0' && f.version == AV_IPC_VERSION);
    } else {
        FUZZ_ASSERT(f.name[0] != '\0' && av_utf8_valid(f.name, strlen(f.name)));
        FUZZ_ASSERT(f.data_len == 0 || av_json_validate(f.data, f.data_len, NULL) == AV_OK);
    }
    uint8_t *again;
    size_t again_len;
    FUZZ_ASSERT(av_ipc_frame_encode(&f, LIMIT * 2, &again, &again_len, why, sizeof why) == AV_OK);
    const uint8_t *body2;
    size_t body2_len, used;
    FUZZ_ASSERT(av_ipc_frame_next(again, again_len, LIMIT * 2, &body2, &body2_len, &used) == 1);
    FUZZ_ASSERT(used == again_len);
    av_ipc_frame g;
    FUZZ_ASSERT(av_ipc_frame_decode(body2, body2_len, &g, why, sizeof why) == AV_OK);
    same_fields(&f, &g);
    av_ipc_frame_clear(&g);
    av_ipc_frame_clear(&f);
    free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t pos = 0;
    for (;;) {
        const uint8_t *body;
        size_t body_len, used;
        int rc = av_ipc_frame_next(data + pos, size - pos, LIMIT, &body, &body_len, &used);
        if (rc != 1) {
            FUZZ_ASSERT(rc == 0 || rc == AV_E_PAYLOAD_TOO_LARGE);
            break;
        }
        FUZZ_ASSERT(body >= data + pos && body + body_len <= data + size && used == body_len + AV_IPC_PREFIX_BYTES);
        check_frame(body, body_len);
        pos += used;
    }
    return 0;
}
