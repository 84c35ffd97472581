/* e2e_origin: the second wall of origin security, on a real page.
 *
 * The first wall (the shim gives untrusted pages no bridge and no window.qt)
 * is tested from Python (tests/python/test_origins.py). Here it is lowered
 * on purpose: the panel trusts only https://tool.local (its one list, which
 * the shim and the core both hold), then the test tells the panel's shim
 * view alone to trust https://elsewhere.example, so a page of the other
 * origin has a working window.ipc. Everything it crafts (raw envelopes
 * through window.ipc.postMessage, auroraview.call, send_event, its bridge's
 * "ready") must be refused by the core and counted under FORBIDDEN_ORIGIN, no
 * handler may run, and afterwards a page of the trusted origin still gets
 * its calls answered.
 *
 * "e2e_origin files" does the same for file pages, whose origin is "file://"
 * whatever their directory: the panel loads tool/index.html (load_file: its
 * directory is trusted), the shim alone is told to trust other/, and a page
 * there crafts the same messages. The shim tags them with other/'s entry,
 * which the core does not hold, so the core refuses them too; then the tool
 * page is loaded again and answered. */
#include "auroraview/av_panel.h"
#include "e2e_glue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TRUSTED "https://tool.local"
#define OTHER "https://elsewhere.example"

static struct {
    av_core *core;
    av_panel *panel;
    int files;          /* the file-page variant */
    char dir[64];       /* its temporary directory: tool/ and other/ */
    char tool[128], other[128];
    int stage;          /* 0: the tool page (files only), 1: the other page, 2: the trusted page again */
    unsigned long long refused_seen; /* FORBIDDEN_ORIGIN count at the last look */
    unsigned long long refused;      /* of the other page's messages: all refused */
    unsigned long long received;     /* messages the core had accepted when the other page came */
    int secret_calls;   /* runs of api.secret: must stay 0 */
    int failures;
} g; /* one test, one process: the callbacks find their state here */

static void fail(const char *what)
{
    fprintf(stderr, "FAIL: %s\n", what);
    g.failures++;
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

void e2e_after_ms(int ms, void (*fn)(void *), void *arg);

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

static unsigned long long forbidden_count(void)
{
    av_stats st;
    av_core_stats(g.core, &st);
    return st.rejected[av_err_index(AV_E_FORBIDDEN_ORIGIN)];
}

static void load_trusted(void)
{
    char err[256];
    g.stage = 2;
    int rc = g.files ? av_panel_load_file(g.panel, g.tool, err, sizeof err)
                     : av_panel_load_html(g.panel, k_trusted_page, TRUSTED "/index.html", err, sizeof err);
    if (rc != AV_OK) {
        fail(err);
        av_shim_app_quit();
    }
}

/* Stage 1 ends when the other page has gone quiet: at least its four crafted
 * posts refused, and no new refusal for 200 ms (its last post goes 50 ms
 * after load). */
static void watch_refusals(void *arg)
{
    (void)arg;
    unsigned long long now = forbidden_count();
    av_stats st;
    av_core_stats(g.core, &st);
    if (st.received != g.received) { /* no need to wait for the rest */
        g.refused = now;
        fail(g.files ? "the core accepted a message of a file page outside the trusted directory"
                     : "the core accepted a message of the other origin");
        load_trusted();
        return;
    }
    if (now >= 4 && now == g.refused_seen) {
        g.refused = now;
        load_trusted();
        return;
    }
    g.refused_seen = now;
    e2e_after_ms(200, watch_refusals, NULL);
}

static void on_load_finished(av_panel *panel, int ok, const char *url, void *user)
{
    (void)panel;
    (void)user;
    if (g.stage == 1 && ok && strstr(url, g.files ? "/other/page.html" : OTHER))
        e2e_after_ms(200, watch_refusals, NULL);
}

static void secret(av_request *req, void *user)
{
    (void)user;
    g.secret_calls++;
    av_view_resolve(req->view, req->msg->id.ptr, req->msg->id.len, "\"leaked\"", 8);
}

static void echo(av_request *req, void *user)
{
    (void)user;
    av_view_resolve(req->view, req->msg->id.ptr, req->msg->id.len, req->msg->payload.ptr, req->msg->payload.len);
}

static void load_other(void)
{
    char err[256], entry[256];
    av_stats st;
    av_core_stats(g.core, &st);
    g.received = st.received;
    g.stage = 1;
    if (g.files) {
        /* The first wall lowered on purpose: the shim alone trusts other/. */
        snprintf(entry, sizeof entry, "file://%s/other/", g.dir);
        if (av_shim_view_allow_origin(av_panel_shim(g.panel), entry, err, sizeof err) != 0)
            fail(err);
        if (av_shim_view_load_file(av_panel_shim(g.panel), g.other, err, sizeof err) != 0)
            fail(err);
        return;
    }
    /* Loaded by the shim, not the panel, which would trust the page's origin. */
    if (av_shim_view_load_html(av_panel_shim(g.panel), k_other_page, OTHER "/page.html", err, sizeof err) != 0)
        fail(err);
}

static void trusted_done(av_request *req, void *user)
{
    (void)user;
    if (!strstr(req->msg->payload.ptr, "\"still\":\"works\""))
        fail("the trusted page's call was not answered");
    if (g.stage == 0) { /* the tool page, before the other one */
        load_other();
        return;
    }
    av_panel_close(g.panel);
    av_shim_app_quit();
}

static void describe(void)
{
    fprintf(stderr, "e2e_origin at stage %d, %llu messages of the other page refused\n", g.stage, forbidden_count());
}

/* The file variant's pages, in a private temporary directory. */
static int make_files(void)
{
    char path[160];
    strcpy(g.dir, "/tmp/e2e-origin-XXXXXX");
    if (!mkdtemp(g.dir))
        return -1;
    snprintf(path, sizeof path, "%s/tool", g.dir);
    if (mkdir(path, 0700) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/other", g.dir);
    if (mkdir(path, 0700) != 0)
        return -1;
    snprintf(g.tool, sizeof g.tool, "%s/tool/index.html", g.dir);
    snprintf(g.other, sizeof g.other, "%s/other/page.html", g.dir);
    return write_file(g.tool, k_trusted_page) == 0 && write_file(g.other, k_other_page) == 0 ? 0 : -1;
}

static void remove_files(void)
{
    char path[160];
    unlink(g.tool);
    unlink(g.other);
    snprintf(path, sizeof path, "%s/tool", g.dir);
    rmdir(path);
    snprintf(path, sizeof path, "%s/other", g.dir);
    rmdir(path);
    rmdir(g.dir);
}

int main(int argc, char **argv)
{
    char err[256];
    int created;
    g.files = argc > 1 && strcmp(argv[1], "files") == 0;
    if (g.files && make_files() != 0) {
        perror("e2e_origin: the file pages");
        return 1;
    }
    e2e_watchdog_start(90, describe);
    if (av_shim_app_init(&created, err, sizeof err) != 0) {
        fprintf(stderr, "app: %s\n", err);
        return 1;
    }
    av_core_config cfg = {0};
    cfg.wake = av_panel_wake;
    if (av_core_new(&cfg, &g.core) != AV_OK)
        return 1;
    av_shim_view_options o = {0};
    o.title = "e2e origin";
    av_panel_callbacks cb = {.on_load_finished = on_load_finished};
    if (av_panel_new(g.core, &o, &cb, &g.panel, err, sizeof err) != AV_OK) {
        fprintf(stderr, "panel: %s\n", err);
        return 1;
    }
    av_view *v = av_panel_view(g.panel);
    av_view_bind(v, "api.secret", secret, NULL);
    av_view_bind(v, "api.echo", echo, NULL);
    av_view_on(v, "steal", secret, NULL);
    av_view_on(v, "trusted_done", trusted_done, NULL);
    av_shim_view_show(av_panel_shim(g.panel));
    if (g.files) {
        /* The one list: the tool's directory, trusted by its load. */
        g.stage = 0;
        if (av_panel_load_file(g.panel, g.tool, err, sizeof err) != AV_OK)
            fail(err);
    } else {
        if (av_panel_allow_origin(g.panel, TRUSTED, err, sizeof err) != AV_OK) /* the one list: only this */
            fail(err);
        /* The first wall lowered on purpose: the shim alone gives the other origin a bridge. */
        if (av_shim_view_allow_origin(av_panel_shim(g.panel), OTHER, err, sizeof err) != 0)
            fail(err);
        load_other();
    }
    av_shim_app_run();

    av_stats st;
    av_core_stats(g.core, &st);
    unsigned long long forbidden = st.rejected[av_err_index(AV_E_FORBIDDEN_ORIGIN)];
    printf("other origin: %llu messages refused FORBIDDEN_ORIGIN in stage 1 (%llu in all); "
           "api.secret/steal ran %d times; core received %llu, handled %llu\n",
           g.refused, forbidden, g.secret_calls, (unsigned long long)st.received, (unsigned long long)st.handled);
    if (g.refused < 4)
        fail("the other page's crafted messages did not reach native (the first wall was meant to be down)");
    if (g.secret_calls != 0)
        fail("a handler ran for the other origin");
    av_panel_free(g.panel);
    av_core_free(g.core);
    if (g.files)
        remove_files();
    printf("%d passed, %d failed\n", g.failures ? 0 : 1, g.failures ? 1 : 0);
    return g.failures ? 1 : 0;
}
