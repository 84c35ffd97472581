/* av_panel.h: one panel = one Qt WebEngine view (the shim's) wired to one
 * core view. The only code that includes both av_core.h and av_shim.h.
 *
 * A panel owns the joint between the two halves:
 *  - every shim callback, wired once: page text goes to av_view_receive, a
 *    navigation resets the core view, the page's close closes it;
 *  - the core view's deliver, which runs each dispatch script in the page;
 *  - the one list of trusted origins (and, for file pages, directory trees
 *    or files): av_panel_allow_origin gives an entry to the shim (pages it
 *    covers get the bridge, and may read the asset roots the view uses) and
 *    to the core (messages tagged with it are accepted) in one step, and the
 *    loads trust their own content through it; nothing else adds to either
 *    list;
 *  - the drains: av_panel_wake is the core's wake, posting av_core_drain to
 *    the Qt main thread.
 * Handlers are bound on the core view (av_panel_view + av_view_bind/on);
 * emits, evals and answers go through it too.
 *
 * Threads: av_panel_wake and av_panel_view may be called from any thread;
 * everything else on the Qt main thread. Callbacks run on the main thread.
 *
 * Lifetime (libuv style): av_panel_new opens; the panel is open until its
 * page closes (the user closed its window or dock, the host deleted its
 * parent, or av_panel_close); on_closed runs then, once. The memory lives
 * until av_panel_free, which closes the panel first if it is still open.
 *
 * Errors: functions that can fail return an av_err code and, for failures
 * that come from Qt, write a sentence into the caller's err buffer (which may
 * be NULL).
 */
#ifndef AURORAVIEW_AV_PANEL_H
#define AURORAVIEW_AV_PANEL_H

#include "auroraview/av_core.h"
#include "av_shim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct av_panel av_panel;

typedef struct av_panel_callbacks {
    /* The page sent "ready": its bridge is installed. May be NULL. */
    void (*on_ready)(av_panel *panel, const char *url, void *user);
    /* The page finished loading (ok 0: it failed). May be NULL. */
    void (*on_load_finished)(av_panel *panel, int ok, const char *url, void *user);
    /* The panel closed: the core view is closed, the shim view gone. Runs
     * once, before av_panel_close returns when that closed it. It may free
     * the panel (av_panel_free; a no-op when av_panel_free is what closed
     * it). May be NULL. */
    void (*on_closed)(av_panel *panel, void *user);
    void *user;

    /* The shim's page and window events, passed through (av_shim.h,
     * av_shim_callbacks, says when each comes and what it carries); each may
     * be NULL. None runs after on_closed. */
    void (*on_load_started)(av_panel *panel, const char *url, void *user);
    void (*on_window)(av_panel *panel, int what, const av_shim_geometry *geometry, void *user);
    /* Return 0 to keep the window open. NULL: it closes. */
    int (*on_close_requested)(av_panel *panel, void *user);
    void (*on_load_failed)(av_panel *panel, const char *url, const char *error, int code, void *user);
    void (*on_title_changed)(av_panel *panel, const char *title, void *user);
    void (*on_url_changed)(av_panel *panel, const char *url, void *user);
    /* The page is gone: its pending calls are cancelled (the core view is
     * reset) before this runs, whether the view reloads or not. */
    void (*on_render_process_gone)(av_panel *panel, const char *status, int exit_code, int reloading, void *user);
    void (*on_console)(av_panel *panel, int level, const char *message, const char *source, int line, void *user);
} av_panel_callbacks;

/* The core's wake for av_core_config.wake: posts av_core_drain(core) to the
 * Qt main thread. Any thread. */
void av_panel_wake(av_core *core, void *user);

/* Opens a panel: a core view of core and a shim view made with opts (its
 * callbacks field is ignored: the panel wires them). Main thread. Returns
 * AV_OK, AV_E_INVALID_ARG, AV_E_NO_MEMORY, or AV_E_IO with err filled when
 * Qt refused the view. Ownership: the caller owns *out and frees it with
 * av_panel_free. */
int av_panel_new(av_core *core, const av_shim_view_options *opts, const av_panel_callbacks *cb, av_panel **out,
                 char *err, size_t err_len);

/* Closes the panel if open (on_closed runs before this returns), then frees
 * it. Safe after the QApplication is gone (a host shutting down): the page's
 * widgets are then left to the host. NULL is ignored. Ownership: takes panel. */
void av_panel_free(av_panel *panel);

/* The core view: bind handlers, emit, eval and answer on it. Valid until
 * av_panel_free (closed once the panel is). Any thread. */
av_view *av_panel_view(av_panel *panel);

/* The shim view, or NULL once closed (for show, title, devtools, widget). */
av_shim_view *av_panel_shim(av_panel *panel);

/* 1 while open. */
int av_panel_is_open(const av_panel *panel);

/* Trusts origin in the shim and the core at once: an entry as
 * av_shim_url_origin spells it ("scheme://host[:port]"; for file pages a
 * directory tree "file:///dir/" or one file "file:///dir/page.html"), or
 * "*" = every page. The shim tags a file page's messages with the entry that
 * covers it, so the core's exact match holds file pages to their directory
 * too. Trusting an auroraview:// origin makes the view a user of that asset
 * root: the root then serves the pages this view trusts (av_shim_asset_root).
 * Returns AV_OK, AV_E_CLOSED, AV_E_INVALID_ARG (err says why: "", "null",
 * "file://" alone), AV_E_NO_MEMORY. */
int av_panel_allow_origin(av_panel *panel, const char *origin, char *err, size_t err_len);

/* The loads. Each trusts its content (the URL's origin, base_url's, and for
 * a file, or a file:// URL, its directory tree: the file alone when others
 * may write its directory; never every local file, see av_shim_url_origin),
 * cancels the calls pending from the page it replaces (and drops what was
 * emitted for it), and starts the load. What was emitted before the first
 * load waits for the first page. Returns AV_OK, AV_E_CLOSED, or AV_E_INVALID_ARG with err filled (not a
 * URL, no such file). base_url may be NULL: an about:blank page, which never
 * gets the bridge. */
int av_panel_load_url(av_panel *panel, const char *url, char *err, size_t err_len);
int av_panel_load_html(av_panel *panel, const char *html, const char *base_url, char *err, size_t err_len);
int av_panel_load_file(av_panel *panel, const char *path, char *err, size_t err_len);

/* Loads the page again (av_shim_view_reload: a load_html page gets its html
 * again); a navigation, so the calls pending from the old page are cancelled
 * as for the loads. Returns AV_OK, AV_E_CLOSED, or AV_E_INVALID_ARG with err
 * filled. */
int av_panel_reload(av_panel *panel, char *err, size_t err_len);

/* Closes the panel (idempotent): on_closed has run when this returns. */
void av_panel_close(av_panel *panel);

#ifdef __cplusplus
}
#endif
#endif
