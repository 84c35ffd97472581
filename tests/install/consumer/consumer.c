/* consumer: a program built against an installed AuroraView (tests/install), once through
 * find_package(AuroraView) and once through pkg-config. It uses the core and the ipc codec for
 * real: a page's call is received, drained, answered by a C handler and delivered back; an
 * event frame goes through the parent/child codec and comes out the same. Prints what it saw
 * and exits 0 only if every step did what it must. */
#include "auroraview/av_core.h"
#include "auroraview/av_ipc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct seen {
    int flushes;
    char script[4096];
} seen;

static void deliver(void *user, av_delivery kind, const char *script, size_t len)
{
    (void)kind;
    seen *s = user;
    s->flushes++;
    snprintf(s->script, sizeof s->script, "%.*s", (int)len, script);
}

static void wake(av_core *core, void *user)
{
    (void)core; /* a host posts a drain to its main thread (av_panel_wake); main() drains itself */
    (void)user;
}

/* api.echo: answers with its params. */
static void echo(av_request *req, void *user)
{
    int *calls = user;
    ++*calls;
    av_view_resolve(req->view, req->msg->id.ptr, req->msg->id.len, req->msg->payload.ptr, req->msg->payload.len);
}

static int check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
    return ok;
}

static int core_round_trip(void)
{
    seen s = {0};
    int calls = 0, ok = 1;
    av_core *core = NULL;
    av_view *view = NULL;
    av_core_config cfg = {.wake = wake};
    if (!check(av_core_new(&cfg, &core) == AV_OK, "av_core_new"))
        return 0;
    av_view_config vc = {.deliver = deliver, .user = &s};
    ok &= check(av_view_new(core, &vc, &view) == AV_OK, "av_view_new");
    if (ok) {
        av_view_allow_origin(view, "auroraview://app");
        ok &= check(av_view_bind(view, "api.echo", echo, &calls) == AV_OK, "av_view_bind api.echo");
        const char *page = "{\"type\":\"call\",\"id\":7,\"method\":\"api.echo\",\"params\":{\"installed\":true}}";
        ok &= check(av_view_receive(view, "auroraview://app", page, strlen(page)) == AV_OK,
                    "the page's call is received");
        ok &= check(av_core_drain(core) == 1 && calls == 1, "the drain runs the handler once");
        printf("page <- %s\n", s.script);
        ok &= check(s.flushes == 1 && strstr(s.script, "{\"id\":7,\"ok\":true,\"result\":{\"installed\":true}}"),
                    "the answer is delivered to the page in one flush");
        av_view_close(view);
        av_view_unref(view);
    }
    av_core_free(core);
    return ok;
}

static int ipc_round_trip(void)
{
    av_ipc_frame in = {.kind = AV_IPC_EVENT, .data = "{\"n\":1}", .data_len = 7}, out;
    strcpy(in.name, "progress");
    uint8_t *wire = NULL;
    size_t wire_len = 0, body_len = 0, used = 0;
    const uint8_t *body = NULL;
    char why[256] = "";
    if (!check(av_ipc_frame_encode(&in, AV_IPC_DEFAULT_MAX_FRAME, &wire, &wire_len, why, sizeof why) == AV_OK,
               "av_ipc_frame_encode"))
        return 0;
    int ok = check(av_ipc_frame_next(wire, wire_len, AV_IPC_DEFAULT_MAX_FRAME, &body, &body_len, &used) == 1 &&
                       used == wire_len,
                   "av_ipc_frame_next finds the whole frame");
    if (ok && check(av_ipc_frame_decode(body, body_len, &out, why, sizeof why) == AV_OK, "av_ipc_frame_decode")) {
        ok &= check(out.kind == AV_IPC_EVENT && !strcmp(out.name, "progress") && out.data_len == 7 &&
                        !memcmp(out.data, "{\"n\":1}", 7),
                    "the decoded frame is the one encoded");
        av_ipc_frame_clear(&out);
    } else {
        ok = 0;
    }
    free(wire);
    return ok;
}

int main(void)
{
    int ok = core_round_trip();
    ok &= ipc_round_trip();
    printf("consumer: %s\n", ok ? "OK" : "FAILED");
    return ok ? 0 : 1;
}
