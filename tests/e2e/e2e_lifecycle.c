/* e2e_lifecycle: views come and go in one process, the way a DCC session
 * opens and closes tool panels. Each of N views (argv[1], default 100) loads
 * a page that leaves one call pending ("api.hold", never answered) and, once
 * a second call has come back, asks to be closed; the host closes it with
 * that call still pending, then answers it (a late answer: dropped and
 * counted, never delivered). Then one more view is opened, its call left
 * pending, and the host shuts down with it open: the event loop ends, the
 * QApplication is deleted, the core freed. The program must end 0, without a
 * crash or a hang.
 *
 * Built twice: e2e.lifecycle runs it plainly; the LeakSanitizer build is run
 * for 10 and for 100 views by leak_growth.py, which fails if leaks of our
 * code grow with the number of views. */
#include "auroraview/av_panel.h"
#include "e2e_glue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void e2e_app_new(void);
void e2e_app_delete(void);

#define ORIGIN "https://tool.local"

static struct {
    av_core *core;
    av_panel *open;           /* the panel on screen, NULL between panels */
    int target, opened, closed;
    av_view *held_view;       /* the pending "api.hold" call: its view (a reference) and id */
    char held_id[AV_ID_MAX + 1];
    size_t held_len;
    int late_dropped;         /* answers after close that the core dropped */
    int failures;
} g; /* one test, one process: the callbacks find their state here */

static void fail(const char *what)
{
    fprintf(stderr, "FAIL: %s (view %d)\n", what, g.opened);
    g.failures++;
}

/* The panel closed (its pending call is cancelled): it is freed here. */
static void on_closed(av_panel *p, void *user)
{
    (void)user;
    if (g.open == p)
        g.open = NULL;
    av_panel_free(p);
    g.closed++;
}

static const char *k_page =
    "<!doctype html><script>\n"
    "auroraview.call('api.hold').catch(() => {});\n"
    "auroraview.call('api.ping', [1, 2]).then(r => auroraview.send_event('up', r));\n"
    "</script>";

static void ping(av_request *req, void *user);
static void hold(av_request *req, void *user);
static void up(av_request *req, void *user);

static void open_panel(void)
{
    char err[256], url[64];
    av_shim_view_options o = {0};
    o.title = "lifecycle";
    av_panel_callbacks cb = {.on_closed = on_closed};
    av_panel *p;
    if (av_panel_new(g.core, &o, &cb, &p, err, sizeof err) != AV_OK) {
        fail(err);
        return;
    }
    av_view *v = av_panel_view(p);
    av_view_bind(v, "api.ping", ping, NULL);
    av_view_bind(v, "api.hold", hold, NULL);
    av_view_on(v, "up", up, NULL);
    g.open = p;
    g.opened++;
    snprintf(url, sizeof url, ORIGIN "/view%d.html", g.opened);
    if (av_panel_load_html(p, k_page, url, err, sizeof err) != AV_OK)
        fail(err);
}

/* ---- handlers ------------------------------------------------------------ */

static void ping(av_request *req, void *user)
{
    (void)user;
    if (av_view_resolve(req->view, req->msg->id.ptr, req->msg->id.len, "3", 1) != AV_OK)
        fail("ping not answered");
}

/* Keeps the call pending: answered only after its view has closed. */
static void hold(av_request *req, void *user)
{
    (void)user;
    if (g.held_view)
        fail("two calls held at once");
    av_view_ref(req->view);
    g.held_view = req->view;
    memcpy(g.held_id, req->msg->id.ptr, req->msg->id.len);
    g.held_len = req->msg->id.len;
}

static void next(void *arg)
{
    (void)arg;
    if (!g.open)
        return;
    av_panel_close(g.open); /* on_closed has run (and freed it) when this returns */
    if (g.open)
        fail("the view did not close");
    /* The held call's view is closed: the answer must be dropped and counted. */
    if (!g.held_view)
        fail("no call was pending at close");
    else {
        if (av_view_resolve(g.held_view, g.held_id, g.held_len, "\"late\"", 6) == AV_E_CANCELLED)
            g.late_dropped++;
        av_view_unref(g.held_view);
        g.held_view = NULL;
    }
    open_panel();
}

/* The page's second call came back. Close it, or, for the last one, leave it
 * open with its call pending and end the host's event loop. */
static void up(av_request *req, void *user)
{
    (void)req;
    (void)user;
    if (g.opened <= g.target)
        av_shim_post(next, NULL);
    else
        av_shim_app_quit();
}

static void describe(void)
{
    fprintf(stderr, "e2e_lifecycle after %d views opened\n", g.opened);
}

int main(int argc, char **argv)
{
    char err[256];
    int how = -1;
    g.target = argc > 1 ? atoi(argv[1]) : 100;
    e2e_watchdog_start(600, describe);

    e2e_app_new(); /* the host's application, before auroraview */
    if (av_shim_app_init(&how, err, sizeof err) != 0 || how == AV_SHIM_APP_CREATED) {
        fprintf(stderr, "app: %s\n", how == AV_SHIM_APP_CREATED ? "the shim made a second application" : err);
        return 1;
    }
    av_core_config cfg = {0};
    cfg.wake = av_panel_wake;
    if (av_core_new(&cfg, &g.core) != AV_OK)
        return 1;

    open_panel();
    av_shim_app_run();

    av_stats st;
    av_core_stats(g.core, &st);
    printf("%d views opened, %d closed with a call pending (%d late answers dropped, %llu counted), "
           "1 left open at shutdown; core: received %llu, handled %llu, CANCELLED %llu\n",
           g.opened, g.closed, g.late_dropped, (unsigned long long)st.late_answers,
           (unsigned long long)st.received, (unsigned long long)st.handled,
           (unsigned long long)st.rejected[av_err_index(AV_E_CANCELLED)]);
    if (g.opened != g.target + 1 || g.closed != g.target)
        fail("not every view was opened and closed");
    if (g.late_dropped != g.target || st.late_answers != (uint64_t)g.target)
        fail("a late answer to a closed view was not dropped and counted");
    if (st.rejected[av_err_index(AV_E_CANCELLED)] < (uint64_t)g.target)
        fail("pending calls of closed views were not cancelled");

    /* The host shuts down with a view open and its call pending. */
    if (g.held_view)
        av_view_unref(g.held_view);
    e2e_app_delete();
    int left = g.open != NULL; /* still here if deleting the application did not close it */
    if (left)
        av_panel_free(g.open); /* the application is gone: closes the panel without touching Qt */
    av_core_free(g.core);
    printf("shutdown with a view open: done (its shim view %s by the application's deletion)\n",
           left ? "was not closed" : "was closed");
    printf("%d passed, %d failed\n", g.failures ? 0 : 1, g.failures ? 1 : 0);
    return g.failures ? 1 : 0;
}
