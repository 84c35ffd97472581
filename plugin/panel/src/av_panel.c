/* av_panel: see av_panel.h. */
#include "auroraview/av_panel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct av_panel {
    av_core *core;
    av_view *view;       /* our reference; closed when the page closes */
    av_shim_view *shim;  /* main thread only; NULL once closed */
    av_panel_callbacks cb;
    int freeing;         /* av_panel_free is running: a second call from on_closed is a no-op */
    int loading;         /* a load of ours reset the core view already: its load-started must not */
    int loaded;          /* a load was asked for: before the first, emits wait for the first page */
};


static void drain_on_main(void *core)
{
    av_core_drain(core);
}

void av_panel_wake(av_core *core, void *user)
{
    (void)user;
    /* Fails only without a QApplication, when there is no loop to drain on;
     * the records stay queued and the next wake after one exists takes them. */
    av_shim_post(drain_on_main, core);
}

/* ---- the core view's callbacks (main thread) ------------------------------ */

static void deliver(void *user, av_delivery kind, const char *text, size_t len)
{
    av_panel *p = user;
    if (!p->shim)
        return;
    if (kind == AV_DELIVER_BATCH)
        av_shim_view_dispatch(p->shim, text, len);
    else
        av_shim_view_eval(p->shim, text, len);
}

static void on_ready(void *user, av_view *view, const char *url)
{
    (void)view;
    av_panel *p = user;
    if (p->cb.on_ready)
        p->cb.on_ready(p, url, p->cb.user);
}

/* ---- the shim view's callbacks (main thread) ------------------------------ */

static void shim_on_message(void *user, const char *text, size_t len, const char *origin)
{
    av_panel *p = user;
    /* Refusals are counted, logged and answered by the core. */
    av_view_receive(p->view, origin, text, len);
}

/* A navigation the page made itself (a link, a reload, location=...) starts
 * the next page here; one of ours started it when it was asked for. */
static void shim_on_load_started(void *user, const char *url)
{
    av_panel *p = user;
    if (p->loading)
        p->loading = 0;
    else
        av_view_reset(p->view);
    if (p->cb.on_load_started)
        p->cb.on_load_started(p, url, p->cb.user);
}

static void shim_on_window(void *user, int what, const av_shim_geometry *geometry)
{
    av_panel *p = user;
    if (p->cb.on_window)
        p->cb.on_window(p, what, geometry, p->cb.user);
}

static int shim_on_close_requested(void *user)
{
    av_panel *p = user;
    return p->cb.on_close_requested ? p->cb.on_close_requested(p, p->cb.user) : 1;
}

static void shim_on_load_failed(void *user, const char *url, const char *error, int code)
{
    av_panel *p = user;
    if (p->cb.on_load_failed)
        p->cb.on_load_failed(p, url, error, code, p->cb.user);
}

static void shim_on_title_changed(void *user, const char *title)
{
    av_panel *p = user;
    if (p->cb.on_title_changed)
        p->cb.on_title_changed(p, title, p->cb.user);
}

static void shim_on_url_changed(void *user, const char *url)
{
    av_panel *p = user;
    if (p->cb.on_url_changed)
        p->cb.on_url_changed(p, url, p->cb.user);
}

/* The page died with its bridge: what it had pending will never be answered. */
static void shim_on_render_process_gone(void *user, const char *status, int exit_code, int reloading)
{
    av_panel *p = user;
    av_view_reset(p->view);
    if (p->cb.on_render_process_gone)
        p->cb.on_render_process_gone(p, status, exit_code, reloading, p->cb.user);
}

static void shim_on_console(void *user, int level, const char *message, const char *source, int line)
{
    av_panel *p = user;
    if (p->cb.on_console)
        p->cb.on_console(p, level, message, source, line, p->cb.user);
}

static void shim_on_load_finished(void *user, int ok, const char *url)
{
    av_panel *p = user;
    if (p->cb.on_load_finished)
        p->cb.on_load_finished(p, ok, url, p->cb.user);
}

static void shim_on_closed(void *user)
{
    av_panel *p = user;
    p->shim = NULL;
    av_view_close(p->view); /* pending calls cancelled, handlers unbound, nothing more delivered */
    if (p->cb.on_closed)
        p->cb.on_closed(p, p->cb.user);
}

/* ---- lifetime --------------------------------------------------------------- */

int av_panel_new(av_core *core, const av_shim_view_options *opts, const av_panel_callbacks *cb, av_panel **out,
                 char *err, size_t err_len)
{
    if (!core || !opts || !out)
        return AV_E_INVALID_ARG;
    av_panel *p = calloc(1, sizeof *p);
    if (!p)
        return AV_E_NO_MEMORY;
    p->core = core;
    if (cb)
        p->cb = *cb;
    av_view_config vc = {deliver, on_ready, p};
    int rc = av_view_new(core, &vc, &p->view);
    if (rc != AV_OK) {
        free(p);
        return rc;
    }
    av_shim_view_options o = *opts;
    /* A post longer than the core accepts is refused in the page, before Qt
     * parses it on this thread (av_shim.h, max_post_units). */
    size_t most = av_core_max_message_bytes(core);
    if (!o.max_post_units || o.max_post_units > most)
        o.max_post_units = most;
    o.callbacks = (av_shim_callbacks){
        .on_message = shim_on_message,
        .on_load_started = shim_on_load_started,
        .on_load_finished = shim_on_load_finished,
        .on_closed = shim_on_closed,
        .user = p,
        .on_window = shim_on_window,
        .on_close_requested = shim_on_close_requested,
        .on_load_failed = shim_on_load_failed,
        .on_title_changed = shim_on_title_changed,
        .on_url_changed = shim_on_url_changed,
        .on_render_process_gone = shim_on_render_process_gone,
        .on_console = shim_on_console,
    };
    p->shim = av_shim_view_create(&o, err, err_len);
    if (!p->shim) {
        av_view_close(p->view);
        av_view_unref(p->view);
        free(p);
        return AV_E_IO;
    }
    *out = p;
    return AV_OK;
}

void av_panel_close(av_panel *panel)
{
    if (panel->shim)
        av_shim_view_close(panel->shim); /* shim_on_closed runs before it returns */
}

void av_panel_free(av_panel *panel)
{
    if (!panel || panel->freeing)
        return;
    panel->freeing = 1;
    av_panel_close(panel);
    av_view_unref(panel->view);
    free(panel);
}

av_view *av_panel_view(av_panel *panel)
{
    return panel->view;
}

av_shim_view *av_panel_shim(av_panel *panel)
{
    return panel->shim;
}

int av_panel_is_open(const av_panel *panel)
{
    return panel->shim != NULL;
}

/* ---- trust and loads -------------------------------------------------------- */

/* Writes "<what>: the panel is closed" and returns AV_E_CLOSED. */
static int closed_error(const char *what, char *err, size_t err_len)
{
    if (err && err_len)
        snprintf(err, err_len, "%s: the panel is closed", what);
    return AV_E_CLOSED;
}

int av_panel_allow_origin(av_panel *panel, const char *origin, char *err, size_t err_len)
{
    if (!panel->shim)
        return closed_error("allow_origin", err, err_len);
    /* The shim refuses what can never be trusted ("", "null") with a reason;
     * the core then takes the same string, so both walls hold one list. */
    if (av_shim_view_allow_origin(panel->shim, origin, err, err_len) != 0)
        return AV_E_INVALID_ARG;
    return av_view_allow_origin(panel->view, origin);
}

/* Trusts the content about to be loaded from url: its origin, or for a file
 * URL its directory tree (av_shim_url_origin). "null", an opaque origin, is
 * never trusted and needs nothing. */
static int trust_content(av_panel *panel, const char *url, char *err, size_t err_len)
{
    static char origin[AV_SHIM_ORIGIN_MAX]; /* main thread only; too big for a host's stack to take lightly */
    if (av_shim_url_origin(url, origin, sizeof origin, err, err_len) != 0)
        return AV_E_INVALID_ARG;
    return strcmp(origin, "null") == 0 ? AV_OK : av_panel_allow_origin(panel, origin, err, err_len);
}

/* After the shim accepted a load (shim_rc 0): the next page starts now, not
 * a turn later when Qt reports it, so the old page's pending calls (a
 * handler that navigates has its own, and those queued behind it) are
 * cancelled with CANCELLED at once, and emits made from here on wait for the
 * new page. */
static int start_load(av_panel *panel, int shim_rc)
{
    if (shim_rc != 0)
        return AV_E_INVALID_ARG;
    /* Before the first load no page existed: what was emitted meanwhile is
     * for the first one, and no call can be pending. */
    if (panel->loaded)
        av_view_reset(panel->view);
    panel->loaded = 1;
    panel->loading = 1;
    return AV_OK;
}

int av_panel_load_url(av_panel *panel, const char *url, char *err, size_t err_len)
{
    if (!panel->shim)
        return closed_error("load_url", err, err_len);
    int rc = trust_content(panel, url, err, err_len);
    if (rc != AV_OK)
        return rc;
    return start_load(panel, av_shim_view_load_url(panel->shim, url, err, err_len));
}

int av_panel_load_html(av_panel *panel, const char *html, const char *base_url, char *err, size_t err_len)
{
    if (!panel->shim)
        return closed_error("load_html", err, err_len);
    int rc = base_url ? trust_content(panel, base_url, err, err_len) : AV_OK;
    if (rc != AV_OK)
        return rc;
    return start_load(panel, av_shim_view_load_html(panel->shim, html, base_url, err, err_len));
}

int av_panel_load_file(av_panel *panel, const char *path, char *err, size_t err_len)
{
    if (!panel->shim)
        return closed_error("load_file", err, err_len);
    /* Every local file has the origin "file://": the file's directory tree
     * (or the file alone, in a directory others may write) is trusted
     * instead, never every local file (av_shim_file_origin). */
    static char entry[AV_SHIM_ORIGIN_MAX]; /* main thread only */
    if (av_shim_file_origin(path, entry, sizeof entry, err, err_len) != 0)
        return AV_E_INVALID_ARG;
    int rc = av_panel_allow_origin(panel, entry, err, err_len);
    if (rc != AV_OK)
        return rc;
    return start_load(panel, av_shim_view_load_file(panel->shim, path, err, err_len));
}

int av_panel_reload(av_panel *panel, char *err, size_t err_len)
{
    if (!panel->shim)
        return closed_error("reload", err, err_len);
    return start_load(panel, av_shim_view_reload(panel->shim, err, err_len));
}
