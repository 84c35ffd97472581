/* Fuzz target: the core end to end (av_view_receive, the drain, answers,
 * emits, the flush), driven the way the shim and a binder drive it, with
 * handlers bound on the view.
 *
 * The input is a script of steps separated by 0xFF bytes (a byte that never
 * occurs in valid UTF-8, so the split hides nothing a page could send). The
 * first byte of a step picks what happens around the page text that follows:
 *   0 the text comes from the view's trusted origin
 *   1 from an origin the view does not allow (must be refused and counted)
 *   2 the page navigates first (av_view_reset), then the text arrives
 *   3 calls kept by "later" are answered with the text as their result
 * Each step ends with a drain. Small limits make BUSY, PAYLOAD_TOO_LARGE and
 * split flushes reachable.
 *
 * Invariants: every script delivered to the page is the dispatch call with
 * one single-quoted literal whose content is a JSON array (page bytes can
 * never end the literal early or inject code), and every refused origin is
 * counted once. */
#include "fuzz.h"

#include "auroraview/av_core.h"

#include <string.h>

#define TRUSTED "https://tool.local"
#define KEPT_MAX 8

typedef struct run {
    av_core *core;
    av_view *view;
    char kept[KEPT_MAX][AV_ID_MAX + 1]; /* ids of calls "later" answers afterwards */
    size_t kept_len[KEPT_MAX];
    int kept_count;
} run;

/* What the flush delivers: a batch must be one JSON array (what the page's
 * JSON.parse gets); a script is what eval was given. */
static void check_delivery(void *user, av_delivery kind, const char *text, size_t len)
{
    (void)user;
    if (kind == AV_DELIVER_SCRIPT)
        return;
    FUZZ_ASSERT(kind == AV_DELIVER_BATCH && len > 0 && text[0] == '[' && av_json_validate(text, len, NULL) == AV_OK);
}

static void echo(av_request *req, void *user)
{
    (void)user;
    int rc = av_view_resolve(req->view, req->msg->id.ptr, req->msg->id.len, req->msg->payload.ptr,
                             req->msg->payload.len);
    FUZZ_ASSERT(rc == AV_OK || rc == AV_E_BUSY || rc == AV_E_PAYLOAD_TOO_LARGE);
}

static void fail(av_request *req, void *user)
{
    (void)user;
    /* Page bytes as the error's message and data: both must come out as JSON. */
    int rc = av_view_reject(req->view, req->msg->id.ptr, req->msg->id.len, AV_E_HANDLER_ERROR,
                            req->msg->payload.ptr, req->msg->payload.ptr, req->msg->payload.ptr,
                            req->msg->payload.len);
    FUZZ_ASSERT(rc == AV_OK || rc == AV_E_BUSY);
}

static void later(av_request *req, void *user)
{
    run *r = user;
    if (r->kept_count == KEPT_MAX) {
        int rc = av_view_reject(req->view, req->msg->id.ptr, req->msg->id.len, AV_E_BUSY, NULL, NULL, NULL, 0);
        FUZZ_ASSERT(rc == AV_OK || rc == AV_E_BUSY);
        return;
    }
    FUZZ_ASSERT(req->msg->id.len <= AV_ID_MAX);
    memcpy(r->kept[r->kept_count], req->msg->id.ptr, req->msg->id.len);
    r->kept_len[r->kept_count++] = req->msg->id.len;
}

/* An event's detail comes back as an emit named by the detail's bytes. */
static void bounce(av_request *req, void *user)
{
    (void)user;
    const av_msg *m = req->msg;
    int rc = av_view_emit(req->view, m->payload.ptr, m->payload.len, m->payload.ptr, m->payload.len);
    FUZZ_ASSERT(rc == AV_OK || rc == AV_E_BAD_MESSAGE || rc == AV_E_BUSY || rc == AV_E_PAYLOAD_TOO_LARGE);
}

static void answer_kept(run *r, const char *result, size_t len)
{
    for (int i = 0; i < r->kept_count; i++) {
        int rc = av_view_resolve(r->view, r->kept[i], r->kept_len[i], result, len);
        FUZZ_ASSERT(rc == AV_OK || rc == AV_E_CANCELLED || rc == AV_E_BAD_MESSAGE || rc == AV_E_BUSY ||
                    rc == AV_E_PAYLOAD_TOO_LARGE);
        if (rc == AV_E_BAD_MESSAGE || rc == AV_E_PAYLOAD_TOO_LARGE) { /* still pending: answer with an error */
            rc = av_view_reject(r->view, r->kept[i], r->kept_len[i], AV_E_HANDLER_ERROR, NULL, NULL, NULL, 0);
            FUZZ_ASSERT(rc == AV_OK || rc == AV_E_BUSY || rc == AV_E_CANCELLED);
        }
    }
    r->kept_count = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run r;
    memset(&r, 0, sizeof r);
    av_core_config cfg = {0};
    cfg.inbound_capacity = 16;
    cfg.inbound_byte_limit = 1 << 16;
    cfg.outbound_capacity = 16;
    cfg.outbound_byte_limit = 1 << 16;
    cfg.max_message_bytes = 2048;
    cfg.flush_bytes = 512;
    FUZZ_ASSERT(av_core_new(&cfg, &r.core) == AV_OK);
    av_view_config vc = {check_delivery, NULL, &r};
    FUZZ_ASSERT(av_view_new(r.core, &vc, &r.view) == AV_OK);
    FUZZ_ASSERT(av_view_allow_origin(r.view, TRUSTED) == AV_OK);
    FUZZ_ASSERT(av_view_bind(r.view, "echo", echo, NULL) == AV_OK);
    FUZZ_ASSERT(av_view_bind(r.view, "fail", fail, NULL) == AV_OK);
    FUZZ_ASSERT(av_view_bind(r.view, "later", later, &r) == AV_OK);
    FUZZ_ASSERT(av_view_on(r.view, "bounce", bounce, NULL) == AV_OK);

    uint64_t refused_origins = 0;
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *stop = memchr(p, 0xFF, (size_t)(end - p));
        if (!stop)
            stop = end;
        if (stop > p) {
            unsigned op = (unsigned char)*p % 4;
            const char *text = p + 1;
            size_t len = (size_t)(stop - text);
            const char *origin = TRUSTED;
            if (op == 1) {
                origin = "https://evil.example";
                refused_origins++;
            } else if (op == 2) {
                av_view_reset(r.view);
            } else if (op == 3) {
                answer_kept(&r, text, len);
            }
            int rc = av_view_receive(r.view, origin, text, len);
            if (op == 1)
                FUZZ_ASSERT(rc == AV_E_FORBIDDEN_ORIGIN);
            av_core_drain(r.core);
        }
        p = stop + 1;
    }
    answer_kept(&r, NULL, 0);
    /* Everything queued reaches a handler and every answer the page: each
     * drain delivers at least one record of a view's 16. */
    for (int i = 0; i < 20; i++)
        av_core_drain(r.core);

    av_stats st;
    av_core_stats(r.core, &st);
    FUZZ_ASSERT(st.rejected[av_err_index(AV_E_FORBIDDEN_ORIGIN)] == refused_origins);
    av_view_close(r.view);
    av_view_unref(r.view);
    av_core_free(r.core);
    return 0;
}
