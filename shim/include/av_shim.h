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
 * callback has run (the user closed its window and on_close_requested did
 * not refuse, the host deleted its parent, or av_shim_view_close was called;
 * a dock made with `retain` is only hidden by its close button). After
 * on_closed the handle is invalid; no callback follows it.
 *
 * Errors: every function that can fail returns 0 on success or -1 and
 * writes a sentence into the caller's err buffer (err may be NULL; the
 * sentence is cut to err_len bytes, always NUL-terminated). Functions that
 * cannot fail return void.
 *
 * Trust: the shim trusts nothing by itself. A view installs the bridge only
 * in pages it was told to trust (av_shim_view_allow_origin: origins, and
 * directory trees or files for file pages), and asset roots serve only pages
 * that a view using them trusts; av_panel.h keeps the one list that both
 * this and the core obey.
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

/* What av_shim_app_init did with the process's QApplication. */
typedef enum av_shim_app_how {
    AV_SHIM_APP_ATTACHED = 0, /* one existed, ready for Qt WebEngine */
    AV_SHIM_APP_CREATED = 1,  /* none existed: the shim made it (standalone use) */
    AV_SHIM_APP_REPAIRED = 2  /* one existed without Qt::AA_ShareOpenGLContexts: a global
                               * share context was installed, which is what the
                               * attribute does (Qt warns about it; nothing is wrong) */
} av_shim_app_how;

/* Attaches to the process's QApplication, or creates one (with
 * Qt::AA_ShareOpenGLContexts set first) when there is none. When attaching
 * to an application created without that attribute, installs a global share
 * context before the first view so Qt WebEngine does not crash (DESIGN.md
 * section 8), or fails with a clear error if that is impossible. Idempotent.
 * Returns 0 or -1. Writes what it did into *how (may be NULL). */
AV_SHIM_API int av_shim_app_init(int *how, char *err, size_t err_len);

/* Before any QApplication exists: sets Qt::AA_ShareOpenGLContexts, so the
 * application a tool or host makes after loading the shim is one Qt
 * WebEngine takes as it is (no warning, no repair). Does nothing once an
 * application exists. Call it right after loading the shim. */
AV_SHIM_API void av_shim_app_prepare(void);

/* Keeps Qt WebEngine's startup report (the "qt.webenginecontext:" lines:
 * GL type, Chromium's flags) off the terminal: disables that category's
 * info messages through a category filter that defers to the filter
 * installed before it for every other category. Call it before the first
 * view; a user who set QT_LOGGING_RULES is left alone by the callers. */
AV_SHIM_API void av_shim_app_quiet_startup(void);

/* Runs the event loop until av_shim_app_quit (standalone use only). */
AV_SHIM_API int av_shim_app_run(void);
AV_SHIM_API void av_shim_app_quit(void);

/* Processes pending events for up to max_ms milliseconds (an input hook's
 * way to keep windows live while a REPL waits for a line). */
AV_SHIM_API void av_shim_app_process_events(int max_ms);

/* Waits for Qt events, up to max_ms milliseconds, and processes those that
 * came (a caller waiting for something only the event loop can bring: a
 * page's answer). Returns after the first batch of events, or at max_ms. */
AV_SHIM_API void av_shim_app_wait_events(int max_ms);

/* The Qt major version this shim was built against (5 or 6). */
AV_SHIM_API int av_shim_qt_major(void);

/* Serves the files under the directory root at "auroraview://<host>/<path>"
 * (the same root always gets the same host; paths cannot leave the root:
 * "." and "..", encoded or not, an encoded "/" that would make one, a
 * backslash or NUL, and symlinks leading outside are refused; a missing file
 * is a not-found error) and writes that base URL, with its trailing slash,
 * into url (url_len bytes).
 *
 * Who is served: the host name is not a secret. A request is served only
 * when the page that made it is trusted by its own view and that view uses
 * this root, that is, trusts the root's origin (av_shim_view_allow_origin
 * with the URL's origin, which is also what gives the root's pages the
 * bridge): the asset pages themselves, and pages of other origins that view
 * trusts. (A page of no view of ours, a host's own on the default profile,
 * is served when some open view that uses the root trusts it.) A request
 * with no initiator (the view's own load: a load_url of an asset URL) is
 * served too. Everything else is refused: pages of untrusted origins (their
 * scripts, stylesheets, images, XHR, navigations into the root, redirects
 * into it), opaque pages (data:, sandboxed frames), file pages whatever a
 * view trusts (their origin, "file://" in Qt 5 and "null" in Qt 6, names no
 * directory), pages of views that do not use the root. Each refusal is
 * logged (av_shim_set_log) once per page origin, root and reason, not per
 * request.
 *
 * Needs the auroraview scheme, which av_shim_app_init registers: in a host
 * that started Qt WebEngine before that (made a web page or profile), it
 * cannot be registered any more and this fails saying so. Returns 0 or -1. */
AV_SHIM_API int av_shim_asset_root(const char *root, char *url, size_t url_len, char *err, size_t err_len);

/* Runs fn(arg) on the main thread soon. Any thread. Never runs fn inline.
 * Returns 0, or -1 when there is no application to post to (this is the one
 * function without an err buffer: it is called from any thread, on hot paths,
 * and has one failure). */
AV_SHIM_API int av_shim_post(void (*fn)(void *arg), void *arg);

/* Room for any entry av_shim_url_origin or av_shim_file_origin writes: a
 * path of up to 4096 bytes, percent-encoded, and its scheme and host. */
#define AV_SHIM_ORIGIN_MAX 16384

/* The trust entry of url, what av_shim_view_allow_origin takes to trust the
 * pages url's content is: its origin, "scheme://host[:port]" (the host in its
 * ASCII form, no default port, as on_message reports a page's origin), for
 * network URLs; "scheme://" for other local schemes (qrc); "null" for opaque
 * ones (about:blank, data:), which are never trusted.
 *
 * File URLs have no origin of their own (every local file is "file://"), so
 * their entry is a path, percent-encoded, dot segments resolved: the URL's
 * directory tree, "file:///home/me/tool/" for
 * "file:///home/me/tool/index.html" (and for "file:///home/me/tool" when that
 * is a directory); or the file alone, "file:///tmp/tool.html", when its
 * directory is writable by other users (as /tmp is: any of them could put a
 * page beside it). "file://" with no path is written as it is, and
 * av_shim_view_allow_origin refuses it. A file entry depends on the file
 * system at the time of the call.
 *
 * url is read as av_shim_view_load_url reads it. Writes the entry into origin
 * (origin_len bytes; AV_SHIM_ORIGIN_MAX is always enough). Returns 0 or -1. */
AV_SHIM_API int av_shim_url_origin(const char *url, char *origin, size_t origin_len, char *err, size_t err_len);

/* The trust entry of the page av_shim_view_load_file(path) shows, as
 * av_shim_url_origin gives it for that page's file URL: the file's directory
 * tree, or the file alone in a directory others may write. Returns 0, or -1
 * when path is not a file. */
AV_SHIM_API int av_shim_file_origin(const char *path, char *origin, size_t origin_len, char *err, size_t err_len);

/* ---- logging ----------------------------------------------------------------- */

enum { AV_SHIM_LOG_INFO = 20, AV_SHIM_LOG_WARN = 30 }; /* the levels of av_core.h's av_log_level */

/* Receives the shim's log lines (refused asset requests, ...): fn(user, level,
 * message) on the main thread, message valid during the call only. NULL, the
 * default, writes them with qWarning / qInfo. Main thread. */
typedef void (*av_shim_log_fn)(void *user, int level, const char *message);
AV_SHIM_API void av_shim_set_log(av_shim_log_fn fn, void *user);

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

/* A one-shot timer on the main loop: deadlines and back-offs of the
 * parent/child channel, without a thread. */
typedef struct av_shim_timer av_shim_timer;

/* Calls fire(user) once on the main thread after ms milliseconds (0 and
 * above), unless av_shim_timer_free comes first. Returns 0 with the timer in
 * *out, or -1 (no application, a negative ms, no callback). Ownership: the
 * caller frees *out with av_shim_timer_free, whether it has fired or not. */
AV_SHIM_API int av_shim_timer_start(int ms, void (*fire)(void *user), void *user, av_shim_timer **out, char *err,
                                    size_t err_len);

/* Stops the timer if it has not fired; no callback follows. May be called
 * from inside its own callback. The handle is invalid afterwards. */
AV_SHIM_API void av_shim_timer_free(av_shim_timer *timer);

/* ---- views ---------------------------------------------------------------- */

typedef struct av_shim_view av_shim_view;

typedef enum av_shim_placement {
    AV_SHIM_TOPLEVEL = 0, /* its own window */
    AV_SHIM_CHILD = 1,    /* inside `parent`, a QWidget*, filling it: added to its
                           * layout (one is made when it has none) */
    AV_SHIM_DOCK = 2,     /* a QDockWidget in `parent`, a QMainWindow* */
    AV_SHIM_OWNED = 3     /* a window of its own, owned by `parent`, a QWidget*:
                           * kept above it by the window manager, closed when it
                           * is deleted */
} av_shim_placement;

/* Dock areas, with Qt's values. */
enum { AV_SHIM_DOCK_LEFT = 1, AV_SHIM_DOCK_RIGHT = 2, AV_SHIM_DOCK_TOP = 4, AV_SHIM_DOCK_BOTTOM = 8 };

/* Window states (av_shim_view_set_state, av_shim_geometry.state). */
typedef enum av_shim_window_state {
    AV_SHIM_STATE_NORMAL = 0,
    AV_SHIM_STATE_MINIMIZED = 1,
    AV_SHIM_STATE_MAXIMIZED = 2,
    AV_SHIM_STATE_FULLSCREEN = 3
} av_shim_window_state;

/* Where a view's top widget is and how it shows: the dock when docked, the
 * view's own window when top-level, the view widget inside its parent for a
 * child. x, y: the window's position on the screen (top-level, floating
 * dock), or the widget's position in its parent window (docked, child);
 * width, height: the top widget's size. visible: shown (not hidden, its
 * window open); state: av_shim_window_state (always NORMAL for a docked or
 * child view); focused: keyboard focus is in the view (its window is the
 * active one, or a docked view holds focus in its main window); docked: the
 * view is a dock widget (floating or not); floating: a floating dock;
 * dock_area: AV_SHIM_DOCK_* while docked and not floating, else 0. */
typedef struct av_shim_geometry {
    int x, y, width, height;
    int visible;
    int state;
    int focused;
    int docked;
    int floating;
    int dock_area;
} av_shim_geometry;

/* What changed, for on_window. */
typedef enum av_shim_window_event {
    AV_SHIM_WINDOW_SHOWN = 1,
    AV_SHIM_WINDOW_HIDDEN,
    AV_SHIM_WINDOW_RESIZED,
    AV_SHIM_WINDOW_MOVED,
    AV_SHIM_WINDOW_FOCUSED,
    AV_SHIM_WINDOW_BLURRED,
    AV_SHIM_WINDOW_MINIMIZED,
    AV_SHIM_WINDOW_MAXIMIZED,
    AV_SHIM_WINDOW_RESTORED,   /* back to the normal state */
    AV_SHIM_WINDOW_FULLSCREEN,
    AV_SHIM_WINDOW_FLOATED,    /* a dock came out of its area */
    AV_SHIM_WINDOW_DOCKED      /* a dock went (back) into an area: geometry.dock_area */
} av_shim_window_event;

/* Console message levels, Qt's: JavaScript's console.debug, console.log and
 * console.info all arrive as INFO. */
enum { AV_SHIM_CONSOLE_INFO = 0, AV_SHIM_CONSOLE_WARNING = 1, AV_SHIM_CONSOLE_ERROR = 2 };

/* At most this many console messages a second are forwarded per view; the
 * rest are counted, and the count is forwarded in one warning line (source
 * "auroraview") when the view ends. A message's text is cut to
 * AV_SHIM_CONSOLE_TEXT_MAX bytes (at a character boundary, "...[cut]"
 * appended). A page logging in a loop thus costs the host a bounded amount
 * of work per second. */
#define AV_SHIM_CONSOLE_PER_SECOND 100
#define AV_SHIM_CONSOLE_TEXT_MAX 4096

typedef struct av_shim_callbacks {
    /* One transport message from the page: UTF-8 bytes, valid during the
     * call only, and the origin ("scheme://host[:port]", "null", ...) of the
     * page that sent it. A file page's messages carry instead the view's
     * file entry that covers the page (the longest, when several do), or
     * "file://<untrusted>" when none does: an exact comparison with the
     * view's entries then holds file pages to their directory. */
    void (*on_message)(void *user, const char *text, size_t len, const char *origin);
    /* A navigation started (the old page, and its pending calls, are gone). */
    void (*on_load_started)(void *user, const char *url);
    /* The page finished loading; ok is 0 on failure. */
    void (*on_load_finished)(void *user, int ok, const char *url);
    /* The view is gone; the handle is invalid after this returns. */
    void (*on_closed)(void *user);
    void *user;

    /* The fields below may be NULL; strings are UTF-8, valid during the call
     * only. None of them runs after on_closed. */

    /* The window changed: what, and the geometry after it (av_shim_geometry).
     * From the top widget: the dock when docked, the view when top-level, the
     * view inside its parent for a child (which has no state of its own). */
    void (*on_window)(void *user, int what, const av_shim_geometry *geometry);
    /* The user asked to close a top-level window (its X, Alt-F4) or a dock
     * that does not retain its page. Return 0 to keep it open, anything else
     * to let it close (then on_closed follows). NULL: it closes. Never called
     * for av_shim_view_close. */
    int (*on_close_requested)(void *user);
    /* A load failed: the URL, a sentence saying why (Qt 6: Chromium's error
     * text; Qt 5 gives no reason, which the sentence says, except "no such
     * file" for a file URL whose file is missing) and Qt's error code (0 when
     * there is none). on_load_finished(ok=0) follows or precedes it. */
    void (*on_load_failed)(void *user, const char *url, const char *error, int code);
    void (*on_title_changed)(void *user, const char *title);
    void (*on_url_changed)(void *user, const char *url);
    /* The page's render process ended: status "normal", "abnormal", "crashed"
     * or "killed", its exit code, and whether the view reloads the page (it
     * does once; not again if the process dies again before a page of the
     * view has loaded successfully). The page's state is gone either way. */
    void (*on_render_process_gone)(void *user, const char *status, int exit_code, int reloading);
    /* A console message of the page (uncaught errors arrive as ERROR-level
     * "Uncaught ..." messages): level AV_SHIM_CONSOLE_*, text, source URL,
     * line. Bounded: see AV_SHIM_CONSOLE_PER_SECOND. */
    void (*on_console)(void *user, int level, const char *message, const char *source, int line);
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
     * {"type":"too_large"} envelope. 0 means what this Qt's WebChannel
     * carries; one post never carries more than that, and the page's bridge
     * sends a longer message (up to this limit) in pieces. */
    size_t max_post_units;
    av_shim_callbacks callbacks;
    /* Own windows only (top-level, owned): no frame
     * (Qt::FramelessWindowHint), and kept above other windows
     * (Qt::WindowStaysOnTopHint). */
    int frameless;
    int always_on_top;
    /* Docks only: the dock's close button hides the dock instead of ending
     * the view; av_shim_view_show brings the same page back, its state
     * intact. av_shim_view_close still ends it. */
    int retain;
    /* Docks only: tabified with the existing dock of this objectName or
     * window title; av_shim_view_create fails when there is none. NULL: none.
     * A dock's width and height are applied in its area (QMainWindow::
     * resizeDocks), so a dock added to a full area is not collapsed. */
    const char *tabify_with;

    /* The fields below are 0 or NULL for Qt's defaults. */

    /* Own windows only (top-level, owned): a tool window (Qt::Tool: no
     * taskbar entry where the window manager honours it), and a window that
     * keeps its size (the user cannot resize it; av_shim_view_resize still
     * can). */
    int tool_window;
    int fixed_size;
    /* The page paints on a transparent background (until its own CSS paints
     * one), and an own window is translucent (Qt::WA_TranslucentBackground).
     * background_color is then ignored. */
    int transparent;
    /* Right clicks open no context menu (Qt::NoContextMenu); the page's own
     * contextmenu listeners still run. */
    int no_context_menu;
    /* The page's background, painted before the page's own: a color QColor
     * reads ("#RRGGBB", "#AARRGGBB", an SVG color name). NULL: white. */
    const char *background_color;
    /* The window's (or dock's) icon: an image file Qt can read. */
    const char *icon;
    /* The profile of the view's pages, which holds the user agent and the
     * storage (cookies, cache, local storage). Neither set: Qt WebEngine's
     * default profile. user_agent alone: an off-the-record profile (storage
     * in memory) for that user agent, shared by the views that give the same
     * one. storage_path: a profile that keeps its storage in that directory,
     * shared by the views that give the same directory, with user_agent if
     * given (an open view of the directory with another user agent is an
     * error: the user agent belongs to the profile). Every profile serves
     * asset roots as the default one does. */
    const char *user_agent;
    const char *storage_path;
    /* Downloads the view's pages start (a link with a download attribute, a
     * file the page cannot show): 0 drops them, as Qt WebEngine does with a
     * download nobody accepts (logged at info level). Else each is saved in
     * download_directory (NULL: the user's download directory), or, with
     * download_prompt, where the user says in a file dialog (cancelled: not
     * saved); where it went is logged when it has finished. */
    int allow_downloads;
    int download_prompt;
    const char *download_directory;
} av_shim_view_options;

/* Creates a view; the page is blank until a load. The bridge (window.ipc
 * and window.auroraview) is installed at document creation of every page
 * the view shows whose origin the view trusts; other pages get no bridge and
 * no window.qt (docs/security.md). Returns NULL and fills err on failure. */
AV_SHIM_API av_shim_view *av_shim_view_create(const av_shim_view_options *opts, char *err, size_t err_len);

/* Trusts pages of origin from the next document on: an entry as
 * av_shim_url_origin spells it ("scheme://host[:port]"; for file pages a
 * directory tree "file:///dir/", ending in "/", or one file
 * "file:///dir/page.html"), or "*" = every page. A file page is judged by
 * its path, decoded: one with an encoded "/", "\" or NUL in its path, or a
 * path that is not UTF-8, is covered by no entry. "", "null" and "file://"
 * alone (every local file) are never trusted, nor file entries with such a
 * path. Trusting an auroraview:// origin also makes the view a user of that
 * asset root (av_shim_asset_root). Returns 0 or -1. */
AV_SHIM_API int av_shim_view_allow_origin(av_shim_view *view, const char *origin, char *err, size_t err_len);

/* The loads: the page gets the bridge only if its origin is trusted already.
 * Each returns 0 or -1 (a closed view, an unusable URL, a missing file). */
AV_SHIM_API int av_shim_view_load_url(av_shim_view *view, const char *url, char *err, size_t err_len);
/* base_url may be NULL ("about:blank" origin: no bridge). */
AV_SHIM_API int av_shim_view_load_html(av_shim_view *view, const char *html, const char *base_url, char *err,
                                       size_t err_len);
AV_SHIM_API int av_shim_view_load_file(av_shim_view *view, const char *path, char *err, size_t err_len);

/* Hands a batch of native -> page messages to the page's bridge: batch is a
 * JSON array of [event, data] pairs (UTF-8, len bytes), given to the
 * bridge's dispatcher through the transport's own closure, never through a
 * name a page could redefine. Small batches go by the view's WebChannel
 * signal (the fastest way in; docs/architecture.md, "Transport"), large ones
 * by one runJavaScript; both ride the frame's one IPC channel, so batches and
 * scripts arrive in the order given. Only a document of a trusted origin
 * receives anything. */
AV_SHIM_API void av_shim_view_dispatch(av_shim_view *view, const char *batch, size_t len);

/* A blob's bytes, given by whoever made it rather than copied (the road of
 * big payloads to the page, docs/architecture.md "Big payloads"):
 *  - read copies up to cap bytes starting at offset at (at + cap never
 *    passes length) into dst and returns how many; 0 is a failure. It runs
 *    on the thread Qt reads the reply on (the main thread), with no lock of
 *    the shim held, while the page reads.
 *  - release is called exactly once, when the blob has been read to its end
 *    or its reply was dropped, expired, been refused, or its view closed (or
 *    when av_shim_view_blob fails), on whichever thread that happens, with no
 *    lock of the shim held. Nothing is read after it. */
typedef struct av_shim_blob_reader {
    size_t (*read)(void *user, unsigned long long at, char *dst, size_t cap);
    void (*release)(void *user);
    void *user;
    unsigned long long length;
} av_shim_blob_reader;

/* Makes a blob of reader's bytes for view's page to read once, with an
 * XMLHttpRequest, at the URL written to url ("auroraview://blob/<token>",
 * NUL-terminated). Served only to a page of an origin view trusts, within
 * 60 s, once; a closing view's are dropped. Any thread. 0, or -1 with *err
 * (too many waiting, url_len too small); either way the blob owns reader
 * from here on (its release is called). */
AV_SHIM_API int av_shim_view_blob(av_shim_view *view, const av_shim_blob_reader *reader, char *url, size_t url_len,
                                  char *err, size_t err_len);

/* Runs script (UTF-8, len bytes) in the page's main world, if the document
 * showing is of a trusted origin. */
AV_SHIM_API void av_shim_view_eval(av_shim_view *view, const char *script, size_t len);

/* Sets the script (UTF-8, NUL-terminated; copied) that every document of a
 * trusted origin created from now on runs right after the bridge, before any
 * script of the page: window.auroraview exists, the page's own scripts have
 * not run. It replaces the previous one; "" removes it. The document showing
 * is not touched (use av_shim_view_eval for it). */
AV_SHIM_API int av_shim_view_set_page_script(av_shim_view *view, const char *script, char *err, size_t err_len);

AV_SHIM_API void av_shim_view_show(av_shim_view *view);
AV_SHIM_API void av_shim_view_set_title(av_shim_view *view, const char *title);

/* ---- window control (main thread) -----------------------------------------
 * Each works on the view's top widget (the dock when docked, its window when
 * top-level) and returns 0, or -1 with err filled: a closed view, or what
 * does not apply to the view's placement (a child's window is its host's; a
 * docked view is moved and given a state only once floating). The matching
 * on_window events follow when Qt reports the change. */

AV_SHIM_API int av_shim_view_hide(av_shim_view *view, char *err, size_t err_len);
/* Raises the window (or dock) and gives the page keyboard focus. */
AV_SHIM_API int av_shim_view_focus(av_shim_view *view, char *err, size_t err_len);
AV_SHIM_API int av_shim_view_move(av_shim_view *view, int x, int y, char *err, size_t err_len);
/* width, height > 0. A docked (not floating) view is resized in its area
 * (QMainWindow::resizeDocks). */
AV_SHIM_API int av_shim_view_resize(av_shim_view *view, int width, int height, char *err, size_t err_len);
/* state: av_shim_window_state. */
AV_SHIM_API int av_shim_view_set_state(av_shim_view *view, int state, char *err, size_t err_len);
AV_SHIM_API int av_shim_view_set_always_on_top(av_shim_view *view, int on, char *err, size_t err_len);
/* The geometry now. Returns 0, or -1 for a closed view. */
AV_SHIM_API int av_shim_view_geometry(av_shim_view *view, av_shim_geometry *out, char *err, size_t err_len);

/* Docks: puts the dock into area (AV_SHIM_DOCK_*; 0 = the one it is in, or
 * was last in) and floats it (floating 1) or docks it (0). -1 for a view
 * that is not a dock. */
AV_SHIM_API int av_shim_view_dock(av_shim_view *view, int area, int floating, char *err, size_t err_len);
/* Tabifies the dock with the dock of objectName or window title name in the
 * same main window. -1 when there is none, or the view is not a dock. */
AV_SHIM_API int av_shim_view_tabify(av_shim_view *view, const char *name, char *err, size_t err_len);

/* ---- the page ------------------------------------------------------------- */

/* The URL showing (for a load_html page, its base URL) into url (url_len
 * bytes). Returns 0, or -1 (closed, too long for the buffer). */
AV_SHIM_API int av_shim_view_url(av_shim_view *view, char *url, size_t url_len, char *err, size_t err_len);
/* Loads the page again: a load_html page gets the same html and base URL
 * again (not its base URL), others reload their URL. Returns 0 or -1. */
AV_SHIM_API int av_shim_view_reload(av_shim_view *view, char *err, size_t err_len);
/* The pid of the page's render process, 0 when there is none (tests). */
AV_SHIM_API long long av_shim_view_render_pid(av_shim_view *view);

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
