/* av_shim.h: Qt WebEngine behind a small C ABI.
 *
 * This is the only place the product touches Qt. One build of the shim
 * exists per Qt major version; everything above it (the C core, the Python
 * module) sees only this header. The shim does not parse page messages: it
 * hands their bytes, with the page's origin, to the callback it was given.
 *
 * Threads: every function must be called on the Qt main (GUI) thread, except
 * av_shim_post, which any thread may call. Callbacks run on the main thread.
 *
 * Lifetimes: a view lives from av_shim_view_create until its on_closed
 * callback has run (the user closed its window, or av_shim_view_close was
 * called). After on_closed the handle is invalid; no callback follows it.
 *
 * Errors: every function that can fail returns 0 on success or -1 and
 * writes a sentence into the caller's err buffer (err may be NULL; the
 * sentence is cut to err_len bytes, always NUL-terminated). Functions that
 * cannot fail return void.
 *
 * Trust: the shim trusts nothing by itself. A view installs the bridge only
 * in pages whose origin it was told to trust (av_shim_view_allow_origin);
 * av_panel.h keeps the one list that both this and the core obey.
 */
#ifndef AV_SHIM_H
#define AV_SHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(AV_SHIM_BUILD)
#define AV_SHIM_API __attribute__((visibility("default")))
#else
#define AV_SHIM_API
#endif

/* ---- the application ----------------------------------------------------- */

/* Attaches to the process's QApplication, or creates one (with
 * Qt::AA_ShareOpenGLContexts set first) when there is none. When attaching
 * to an application created without that attribute, installs a global share
 * context before the first view so Qt WebEngine does not crash (DESIGN.md
 * section 8), or fails with a clear error if that is impossible. Idempotent.
 * Returns 0 or -1. Sets *created to 1 when it created the application. */
AV_SHIM_API int av_shim_app_init(int *created, char *err, size_t err_len);

/* Runs the event loop until av_shim_app_quit (standalone use only). */
AV_SHIM_API int av_shim_app_run(void);
AV_SHIM_API void av_shim_app_quit(void);

/* Processes pending events for up to max_ms milliseconds (an input hook's
 * way to keep windows live while a REPL waits for a line). */
AV_SHIM_API void av_shim_app_process_events(int max_ms);

/* The Qt major version this shim was built against (5 or 6). */
AV_SHIM_API int av_shim_qt_major(void);

/* Serves the files under the directory root at "auroraview://<host>/<path>"
 * (the same root always gets the same host; paths cannot leave the root:
 * "..", encoded or not, and symlinks leading outside are refused; a missing
 * file is a not-found error) and writes that base URL, with its trailing
 * slash, into url (url_len bytes). A page loaded from it is trusted by a
 * view only once allowed (av_shim_view_allow_origin with the URL's origin).
 * Needs the auroraview scheme, which av_shim_app_init registers: in a host
 * that started Qt WebEngine before that (made a web page or profile), it
 * cannot be registered any more and this fails saying so. Returns 0 or -1. */
AV_SHIM_API int av_shim_asset_root(const char *root, char *url, size_t url_len, char *err, size_t err_len);

/* Runs fn(arg) on the main thread soon. Any thread. Never runs fn inline.
 * Returns 0, or -1 when there is no application to post to (this is the one
 * function without an err buffer: it is called from any thread, on hot paths,
 * and has one failure). */
AV_SHIM_API int av_shim_post(void (*fn)(void *arg), void *arg);

/* The origin of url as on_message reports a page's origin:
 * "scheme://host[:port]" for network URLs (the host in its ASCII form),
 * "scheme://" for local schemes (file, qrc), "null" for opaque ones
 * (about:blank, data:). url is read as av_shim_view_load_url reads it.
 * Writes it into origin (origin_len bytes). Returns 0 or -1. */
AV_SHIM_API int av_shim_url_origin(const char *url, char *origin, size_t origin_len, char *err, size_t err_len);

/* ---- file descriptors ------------------------------------------------------ */

/* A watched file descriptor: the main loop calls back when it is ready, so
 * sockets are served on the main thread with no thread of their own (the
 * parent/child channel, python_pkg/auroraview/child.py). */
typedef struct av_shim_watch av_shim_watch;

enum { AV_SHIM_READABLE = 1, AV_SHIM_WRITABLE = 2 };

/* Calls ready(user) on the main thread each time fd is readable
 * (AV_SHIM_READABLE) or writable (AV_SHIM_WRITABLE), level-triggered, until
 * av_shim_watch_free. The descriptor stays the caller's: free the watch
 * before closing it. Returns 0 with the watch in *out, or -1 (no
 * application, a bad fd or mode). Ownership: the caller frees *out with
 * av_shim_watch_free. */
AV_SHIM_API int av_shim_watch_fd(int fd, int mode, void (*ready)(void *user), void *user, av_shim_watch **out,
                                 char *err, size_t err_len);

/* Stops the watch; no callback follows. May be called from inside its own
 * callback. The handle is invalid afterwards. */
AV_SHIM_API void av_shim_watch_free(av_shim_watch *watch);

/* ---- views ---------------------------------------------------------------- */

typedef struct av_shim_view av_shim_view;

typedef enum av_shim_placement {
    AV_SHIM_TOPLEVEL = 0, /* its own window */
    AV_SHIM_CHILD = 1,    /* inside `parent`, a QWidget*, filling it: added to its
                           * layout (one is made when it has none) */
    AV_SHIM_DOCK = 2      /* a QDockWidget in `parent`, a QMainWindow* */
} av_shim_placement;

/* Dock areas, with Qt's values. */
enum { AV_SHIM_DOCK_LEFT = 1, AV_SHIM_DOCK_RIGHT = 2, AV_SHIM_DOCK_TOP = 4, AV_SHIM_DOCK_BOTTOM = 8 };

typedef struct av_shim_callbacks {
    /* One transport message from the page: UTF-8 bytes, valid during the
     * call only, and the origin ("scheme://host[:port]", or "file://",
     * "null", ...) of the page that sent it. */
    void (*on_message)(void *user, const char *text, size_t len, const char *origin);
    /* A navigation started (the old page, and its pending calls, are gone). */
    void (*on_load_started)(void *user, const char *url);
    /* The page finished loading; ok is 0 on failure. */
    void (*on_load_finished)(void *user, int ok, const char *url);
    /* The view is gone; the handle is invalid after this returns. */
    void (*on_closed)(void *user);
    void *user;
} av_shim_callbacks;

typedef struct av_shim_view_options {
    const char *title;           /* window or dock title; NULL = "AuroraView" */
    int width, height;           /* 0 = 800 x 600 */
    av_shim_placement placement;
    void *parent;                /* QWidget* or QMainWindow*, see placement */
    int dock_area;               /* AV_SHIM_DOCK_*; 0 = right */
    int floating;                /* dock starts floating */
    int devtools;                /* allow av_shim_view_open_devtools */
    /* The longest text window.ipc.postMessage sends, in UTF-16 units (the
     * core's byte limit of one message: a longer post cannot be accepted, as
     * a UTF-8 byte is at most one unit). A longer post is refused in the page,
     * before the host's main thread has to parse it: postMessage throws a
     * RangeError and the transport reports it to on_message as a
     * {"type":"too_large"} envelope. 0, or above what this Qt's WebChannel
     * carries, means that limit. */
    size_t max_post_units;
    av_shim_callbacks callbacks;
} av_shim_view_options;

/* Creates a view; the page is blank until a load. The bridge (window.ipc
 * and window.auroraview) is installed at document creation of every page
 * the view shows whose origin the view trusts; other pages get no bridge and
 * no window.qt (docs/security.md). Returns NULL and fills err on failure. */
AV_SHIM_API av_shim_view *av_shim_view_create(const av_shim_view_options *opts, char *err, size_t err_len);

/* Trusts pages of origin ("scheme://host[:port]" as av_shim_url_origin
 * spells it; "*" = every page) from the next document on. "" and "null" are
 * never trusted. Returns 0 or -1. */
AV_SHIM_API int av_shim_view_allow_origin(av_shim_view *view, const char *origin, char *err, size_t err_len);

/* The loads: the page gets the bridge only if its origin is trusted already.
 * Each returns 0 or -1 (a closed view, an unusable URL, a missing file). */
AV_SHIM_API int av_shim_view_load_url(av_shim_view *view, const char *url, char *err, size_t err_len);
/* base_url may be NULL ("about:blank" origin: no bridge). */
AV_SHIM_API int av_shim_view_load_html(av_shim_view *view, const char *html, const char *base_url, char *err,
                                       size_t err_len);
AV_SHIM_API int av_shim_view_load_file(av_shim_view *view, const char *path, char *err, size_t err_len);

/* Runs script (UTF-8, len bytes) in the page's main world. */
AV_SHIM_API void av_shim_view_eval(av_shim_view *view, const char *script, size_t len);

AV_SHIM_API void av_shim_view_show(av_shim_view *view);
AV_SHIM_API void av_shim_view_set_title(av_shim_view *view, const char *title);

/* Opens a DevTools window for the view (if created with devtools). */
AV_SHIM_API void av_shim_view_open_devtools(av_shim_view *view);

/* The QWidget* showing the page (for hosts that place it themselves). */
AV_SHIM_API void *av_shim_view_widget(av_shim_view *view);

/* Closes the view: its window or dock goes away and on_closed runs before
 * this returns. */
AV_SHIM_API void av_shim_view_close(av_shim_view *view);

#ifdef __cplusplus
}
#endif
#endif
