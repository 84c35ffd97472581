/* shim_probe: linked to one installed shim (AuroraView::shim_qt<N>) and the installed panel
 * (AuroraView::panel). It asks the shim which Qt major it was built for (it must be AV_PROBE_QT),
 * then opens a real panel offscreen: a page calls a C handler and reports the answer back, and
 * the program exits 0 only if that round trip happened. */
#include "auroraview/av_panel.h"

#include <stdio.h>
#include <string.h>

static const char *k_page = "<!doctype html><script>"
                            "auroraview.call('api.echo', {installed: true})"
                            ".then(r => auroraview.send_event('done', r));</script>";

static int answered;

static void echo(av_request *req, void *user)
{
    (void)user;
    av_view_resolve(req->view, req->msg->id.ptr, req->msg->id.len, req->msg->payload.ptr, req->msg->payload.len);
}

static void done(av_request *req, void *user)
{
    av_panel_close(user);
    answered = strstr(req->msg->payload.ptr, "\"installed\":true") != NULL;
    av_shim_app_quit();
}

int main(void)
{
    int major = av_shim_qt_major();
    printf("shim_probe: linked to the Qt %d shim, which says it was built for Qt %d\n", AV_PROBE_QT, major);
    if (major != AV_PROBE_QT)
        return 1;
    char err[256];
    int how;
    av_core *core;
    av_panel *panel;
    av_core_config cfg = {.wake = av_panel_wake};
    av_shim_view_options o = {.title = "probe"};
    if (av_shim_app_init(&how, err, sizeof err) != 0 || av_core_new(&cfg, &core) != AV_OK ||
        av_panel_new(core, &o, NULL, &panel, err, sizeof err) != AV_OK) {
        printf("shim_probe: %s\n", err);
        return 1;
    }
    av_view_bind(av_panel_view(panel), "api.echo", echo, NULL);
    av_view_on(av_panel_view(panel), "done", done, panel);
    if (av_panel_load_html(panel, k_page, "https://probe.local/", err, sizeof err) != AV_OK) {
        printf("shim_probe: %s\n", err);
        return 1;
    }
    av_shim_app_run();
    av_panel_free(panel);
    av_core_free(core);
    printf("shim_probe: a page in a panel called a C handler and got its answer: %s\n", answered ? "yes" : "no");
    return answered ? 0 : 1;
}
