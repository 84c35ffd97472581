#define _GNU_SOURCE /* memmem */
/* e2e_origin: the second wall of origin security, on a real page.
 *
 * The first wall (the shim gives untrusted pages no bridge and no window.qt)
 * is tested from Python (tests/python/test_origins.py). Here it is lowered
 * on purpose: the shim is told to trust https://elsewhere.example while the
 * core allows only https://tool.local, so a page of the other origin has a
 * working window.ipc. Everything it crafts (raw envelopes through
 * window.ipc.postMessage, auroraview.call, send_event, its bridge's "ready")
 * must be refused by the core and counted under FORBIDDEN_ORIGIN, no handler
 * may run, and afterwards a page of the trusted origin still gets its calls
 * answered. */
#include "auroraview/av_core.h"
#include "av_shim.h"
#include "e2e_glue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRUSTED "https://tool.local"
#define OTHER "https://elsewhere.example"

static struct {
    av_core *core;
    av_view *view;
    av_shim_view *shim;
    int stage;          /* 1: the other origin's page, 2: the trusted page again */
    int from_other;     /* messages of the other page that got to native */
    int refused;        /* of them, refused by core with FORBIDDEN_ORIGIN */
    int secret_calls;   /* runs of api.secret: must stay 0 */
    int failures;
} g; /* one test, one process: the callbacks find their state here */

static void fail(const char *what)
{
    fprintf(stderr, "FAIL: %s\n", what);
    g.failures++;
}

static void deliver(void *user, const char *script, size_t len)
{
    av_shim_view_eval(user, script, len);
}

static const char *k_other_page =
    "<!doctype html><script>\n"
    "window.ipc.postMessage(JSON.stringify({type:'call', id:'crafted-1', method:'api.secret', params:{}}));\n"
    "window.ipc.postMessage('[{\"type\":\"event\",\"event\":\"steal\",\"detail\":1},"
    "{\"type\":\"call\",\"id\":2,\"method\":\"api.secret\"}]');\n"
    "auroraview.call('api.secret', {x: 1}).catch(() => {});\n"
    "auroraview.send_event('steal', {cookie: document.cookie});\n"
    "window.addEventListener('load', () => setTimeout(() =>\n"
    "  window.ipc.postMessage('{\"type\":\"event\",\"event\":\"other_done\"}'), 50));\n"
    "</script>";

static const char *k_trusted_page =
    "<!doctype html><script>\n"
    "auroraview.call('api.echo', {still: 'works'}).then(r => auroraview.send_event('trusted_done', r));\n"
    "</script>";

static void load_trusted(void *arg)
{
    (void)arg;
    g.stage = 2;
    av_shim_view_load_html(g.shim, k_trusted_page, TRUSTED "/index.html");
}

static void on_message(void *user, const char *text, size_t len, const char *origin)
{
    (void)user;
    int rc = av_core_receive(g.core, av_view_id(g.view), origin, text, len);
    if (strcmp(origin, OTHER) == 0) { /* its bridge's "cancel" at unload may come in stage 2 */
        g.from_other++;
        g.refused += rc == AV_E_FORBIDDEN_ORIGIN;
        if (g.stage == 1 && memmem(text, len, "other_done", 10))
            av_shim_post(load_trusted, NULL);
    } else if (g.stage == 1) {
        fprintf(stderr, "FAIL: stage 1 message from origin '%s'\n", origin);
        g.failures++;
    }
}

static void on_load_started(void *user, const char *url)
{
    (void)user;
    (void)url;
    av_view_reset(g.view);
}

static void on_closed(void *user)
{
    (void)user;
    av_view_close(g.view);
}

static void secret(void *ctx, void *data)
{
    av_request *req = ctx;
    (void)data;
    g.secret_calls++;
    av_view_resolve(req->view, req->msg->id.ptr, req->msg->id.len, "\"leaked\"", 8);
}

static void echo(void *ctx, void *data)
{
    av_request *req = ctx;
    (void)data;
    av_view_resolve(req->view, req->msg->id.ptr, req->msg->id.len, req->msg->payload.ptr, req->msg->payload.len);
}

static void trusted_done(void *ctx, void *data)
{
    av_request *req = ctx;
    (void)data;
    if (!strstr(req->msg->payload.ptr, "\"still\":\"works\""))
        fail("the trusted page's call was not answered");
    av_shim_view_close(g.shim);
    av_shim_app_quit();
}

static void describe(void)
{
    fprintf(stderr, "e2e_origin at stage %d, %d messages from the other page\n", g.stage, g.from_other);
}

int main(void)
{
    char err[256];
    int created;
    e2e_watchdog_start(90, describe);
    if (av_shim_app_init(&created, err, sizeof err) != 0) {
        fprintf(stderr, "app: %s\n", err);
        return 1;
    }
    av_core_config cfg = {0};
    cfg.wake = e2e_wake;
    cfg.user = &g.core;
    if (av_core_new(&cfg, &g.core) != AV_OK)
        return 1;
    av_core_bind(g.core, "api.secret", secret, NULL, NULL);
    av_core_bind(g.core, "api.echo", echo, NULL, NULL);
    av_core_on(g.core, "steal", secret, NULL, NULL);
    av_core_on(g.core, "trusted_done", trusted_done, NULL, NULL);

    av_shim_view_options o = {0};
    o.title = "e2e origin";
    o.callbacks = (av_shim_callbacks){on_message, on_load_started, NULL, on_closed, NULL};
    g.shim = av_shim_view_create(&o, err, sizeof err);
    if (!g.shim) {
        fprintf(stderr, "view: %s\n", err);
        return 1;
    }
    av_view_config vc = {deliver, NULL, g.shim};
    if (av_view_new(g.core, &vc, &g.view) != AV_OK)
        return 1;
    av_view_allow_origin(g.view, TRUSTED); /* the core trusts only this origin */
    av_view_unref(g.view);                 /* the core's table keeps it until av_view_close */
    /* The first wall lowered: the shim gives the other origin a bridge. */
    if (av_shim_view_allow_origin(g.shim, OTHER) != 0)
        fail("av_shim_view_allow_origin");

    g.stage = 1;
    av_shim_view_show(g.shim);
    av_shim_view_load_html(g.shim, k_other_page, OTHER "/page.html");
    av_shim_app_run();

    av_stats st;
    av_core_stats(g.core, &st);
    unsigned long long forbidden = st.rejected[av_err_index(AV_E_FORBIDDEN_ORIGIN)];
    printf("other origin: %d messages reached native, %d refused FORBIDDEN_ORIGIN; counted %llu; "
           "api.secret/steal ran %d times; core received %llu, handled %llu\n",
           g.from_other, g.refused, forbidden, g.secret_calls, (unsigned long long)st.received,
           (unsigned long long)st.handled);
    if (g.from_other < 4)
        fail("the other page's crafted messages did not reach native (the first wall was meant to be down)");
    if (g.refused != g.from_other || forbidden != (unsigned long long)g.from_other)
        fail("a message of the other origin was not refused and counted");
    if (g.secret_calls != 0)
        fail("a handler ran for the other origin");
    av_core_free(g.core);
    printf("%d passed, %d failed\n", g.failures ? 0 : 1, g.failures ? 1 : 0);
    return g.failures ? 1 : 0;
}
