/* av_core.h: the message engine. One av_core per process, one av_view per web
 * view. No Qt, no Python: the shim feeds it page text, the binder (the Python
 * module, or C code) registers handlers and answers.
 *
 * The path of a message (DESIGN.md section 3):
 *   page text --av_core_receive--> inbound queue --av_core_drain--> handler
 *   handler --av_view_resolve/reject--> view's outbound queue
 *   av_view_emit / av_view_eval (any thread) --> view's outbound queue
 *   av_core_drain --> deliver() of each view's queue as dispatch scripts of
 *   about script_bytes, up to flush_bytes per view per drain
 *
 * Threads:
 *  - "main" means the host's main (GUI) thread: the thread that calls
 *    av_core_drain. Handlers, drain_begin/end, deliver and on_ready run there.
 *  - av_core_receive, av_view_emit, av_view_eval, av_view_resolve,
 *    av_view_reject, av_core_bind/unbind/on/off, av_view_ref/unref and
 *    av_core_stats are safe from any thread. None of them blocks on another
 *    thread, none calls back into the binder except `wake`.
 *  - Everything else is main-thread only.
 *
 * Memory: records are allocated per message at the producer; nothing on the
 * drain path allocates once the per-view script buffer has grown to size.
 */
#ifndef AURORAVIEW_AV_CORE_H
#define AURORAVIEW_AV_CORE_H

#include "auroraview/av_error.h"
#include "auroraview/av_msg.h"
#include "auroraview/av_handler.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct av_core av_core;
typedef struct av_view av_view;

/* ---- logging ------------------------------------------------------------ */

typedef enum av_log_level { AV_LOG_DEBUG = 10, AV_LOG_INFO = 20, AV_LOG_WARN = 30, AV_LOG_ERROR = 40 } av_log_level;

/* Receives one formatted line (no trailing newline). May run on any thread
 * that calls into the core, so it must be thread-safe. */
typedef void (*av_log_fn)(void *user, av_log_level level, const char *message);

/* ---- statistics --------------------------------------------------------- */

typedef struct av_stats {
    uint64_t received;        /* envelopes accepted from pages */
    uint64_t handled;         /* calls and events given to a handler */
    uint64_t unhandled;       /* events with no handler bound (logged at debug) */
    uint64_t answered;        /* results and errors queued for pages */
    uint64_t emitted;         /* events queued for pages by av_view_emit */
    uint64_t delivered;       /* records handed to pages (all kinds) */
    uint64_t flushes;         /* deliver() calls */
    uint64_t drains;          /* av_core_drain calls */
    uint64_t late_answers;    /* answers dropped: the call was cancelled or its page is gone */
    uint64_t rejected[AV_ERR_COUNT]; /* by av_err_index(code): each refused message, once */
    uint64_t inbound_high_water;       /* most records queued inbound at once */
    uint64_t inbound_high_water_bytes;
} av_stats;

/* ---- the core ----------------------------------------------------------- */

typedef struct av_core_config {
    unsigned inbound_capacity;    /* records; 0 = 1 << 20 */
    size_t inbound_byte_limit;    /* 0 = 512 MiB */
    unsigned outbound_capacity;   /* records per view; 0 = 1 << 20 */
    size_t outbound_byte_limit;   /* bytes per view; 0 = 512 MiB */
    size_t max_message_bytes;     /* one envelope or one emit; 0 = 16 MiB */
    uint64_t drain_budget_ns;     /* time for handlers per drain; 0 = 4 ms */
    size_t flush_bytes;           /* script bytes per view per drain; 0 = 8 MiB */
    size_t script_bytes;          /* bytes of one dispatch script, about; 0 = 256 KiB */

    /* Ask the main thread to call av_core_drain soon (post, never call it
     * inline). Any thread. Coalesced: at most one request is outstanding. */
    void (*wake)(void *user);
    /* Bracket the handlers of one drain (e.g. take and release the GIL once).
     * Main thread. Either may be NULL. */
    void (*drain_begin)(void *user);
    void (*drain_end)(void *user);
    av_log_fn log;                /* NULL = silent */
    av_log_level log_level;       /* lines below this level are not formatted */
    void *user;                   /* passed to the callbacks above */
} av_core_config;

/* Creates the core. cfg is copied. Returns AV_OK, AV_E_INVALID_ARG or
 * AV_E_NO_MEMORY. Ownership: the caller owns *out and frees it with
 * av_core_free. */
int av_core_new(const av_core_config *cfg, av_core **out);

/* Closes every view still open (their pending calls are cancelled), drops all
 * handlers and frees the core. Main thread; no other thread may be using the
 * core any more. NULL is ignored. Ownership: takes core. */
void av_core_free(av_core *core);

/* A handler gets one of these as its ctx. It is valid during the call only;
 * copy msg->id to answer later (av_view_ref the view to keep it). */
typedef struct av_request {
    av_core *core;
    av_view *view;
    const av_msg *msg; /* AV_MSG_CALL or AV_MSG_EVENT */
} av_request;

/* Binds a method name. fn(av_request *req, data) runs on the main thread and
 * must answer req->msg->id with av_view_resolve or av_view_reject, then or
 * later, from any thread. Replaces an earlier binding. Ownership: on AV_OK
 * the core owns data (release frees it, on whichever thread drops it last). */
int av_core_bind(av_core *core, const char *method, av_handler_fn fn, void *data, av_release_fn release);
int av_core_unbind(av_core *core, const char *method);

/* Binds an event handler (one per name; the binder fans out if it wants
 * several). Same ownership as av_core_bind. */
int av_core_on(av_core *core, const char *event, av_handler_fn fn, void *data, av_release_fn release);
int av_core_off(av_core *core, const char *event);

/* Hands one transport message from a page to the core. `origin` is the
 * sending frame's origin ("https://host:port", "file://", "qrc://", ...).
 * The text is checked, split and queued; calls that cannot be queued are
 * answered at once (BUSY, PAYLOAD_TOO_LARGE, BAD_MESSAGE with their id).
 * Returns AV_OK if every envelope was queued, else the first error met
 * (each refused envelope is counted and logged). Any thread. The text is
 * only read during the call. */
int av_core_receive(av_core *core, uint32_t view_id, const char *origin, const char *text, size_t len);

/* Runs handlers for queued messages until the queue is empty or the time
 * budget is spent, then delivers every view's outbound records up to
 * flush_bytes; asks for another drain if either left work. Main thread.
 * Returns the number of messages handled. */
size_t av_core_drain(av_core *core);

/* A snapshot of the counters. Any thread. */
void av_core_stats(av_core *core, av_stats *out);

/* ---- views -------------------------------------------------------------- */

typedef struct av_view_config {
    /* Runs the script in the page (the shim's runJavaScript). Main thread. */
    void (*deliver)(void *user, const char *script, size_t len);
    /* The page sent "ready" (its bridge is installed). Main thread. May be NULL. */
    void (*on_ready)(void *user, av_view *view, const char *url);
    void *user;
} av_view_config;

/* Creates a view with a process-unique id. Main thread. Ownership: the caller
 * holds one reference; av_view_close then av_view_unref to let it go. */
int av_view_new(av_core *core, const av_view_config *cfg, av_view **out);

uint32_t av_view_id(const av_view *view);

/* Finds an open view by id and takes a reference (NULL if none). Any thread.
 * Ownership: the caller must av_view_unref the result. */
av_view *av_core_find_view(av_core *core, uint32_t view_id);

/* Reference counting: a view's memory lives while references remain; any
 * thread. The last unref frees queued records. */
void av_view_ref(av_view *view);
void av_view_unref(av_view *view);

/* Allows messages from origin (exact match of scheme://host[:port]; "*"
 * allows every origin). Messages from any other origin are refused with
 * AV_E_FORBIDDEN_ORIGIN and counted. Main thread. */
int av_view_allow_origin(av_view *view, const char *origin);

/* The page is being replaced (navigation or reload): calls still pending
 * for the old page are cancelled and their answers dropped; queued messages
 * from it are not handled. Main thread. Returns the number of calls cancelled. */
size_t av_view_reset(av_view *view);

/* Closes the view: pending calls are cancelled, nothing more is delivered,
 * later emits fail with AV_E_CLOSED. Main thread. Idempotent. Does not drop
 * the caller's reference. */
void av_view_close(av_view *view);

/* Queues an event for the page: it reaches auroraview.on(event) handlers.
 * data is JSON text (len 0 = null); it is validated. Any thread. Returns
 * AV_OK, AV_E_BAD_MESSAGE (data is not JSON, or event is not UTF-8),
 * AV_E_PAYLOAD_TOO_LARGE, AV_E_BUSY, AV_E_CLOSED or AV_E_NO_MEMORY. */
int av_view_emit(av_view *view, const char *event, size_t event_len, const char *data, size_t data_len);

/* Queues JavaScript to run in the page, in order with emits. Any thread.
 * Same errors as av_view_emit (the script itself is not checked). */
int av_view_eval(av_view *view, const char *script, size_t len);

/* Answers a pending call with a JSON result (len 0 = null). Any thread.
 * Returns AV_OK, AV_E_CANCELLED (the call was cancelled or its page is gone:
 * the answer is dropped and counted), AV_E_BAD_MESSAGE (result not JSON),
 * AV_E_BUSY, AV_E_CLOSED or AV_E_NO_MEMORY. */
int av_view_resolve(av_view *view, const char *id, size_t id_len, const char *result, size_t result_len);

/* Answers a pending call with an error. code is one of the protocol codes;
 * name is the error class shown in JS (NULL = the code's name); message is
 * UTF-8 text (NULL = av_strerror(code)); data is JSON or NULL. Any thread.
 * Same returns as av_view_resolve. */
int av_view_reject(av_view *view, const char *id, size_t id_len, int code, const char *name,
                   const char *message, const char *data, size_t data_len);

#ifdef __cplusplus
}
#endif
#endif
