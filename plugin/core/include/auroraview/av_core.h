/* av_core.h: the message engine. One av_core per process, one av_view per web
 * view. No Qt, no Python: the page's text comes in through av_view_receive,
 * handlers bound on the view answer, and av_core_drain hands the view's
 * outbound batches and scripts to its deliver callback. A C program that shows views
 * uses av_panel.h, which wires a view to a Qt WebEngine page; this header is
 * the engine beneath it.
 *
 * The path of a message (docs/architecture.md, "The walk of one call"):
 *   page text --av_view_receive--> the view's inbound queue
 *   av_core_drain --> the handler bound on the view (av_view_bind / av_view_on)
 *   handler --av_view_resolve/reject--> the view's outbound queue
 *   av_view_emit / av_view_eval (any thread) --> the view's outbound queue
 *   av_core_drain --> deliver() of each view's outbound records as batches
 *   of about batch_bytes, up to flush_bytes per view per drain
 *
 * Threads:
 *  - "main" means the host's main (GUI) thread: the thread that calls
 *    av_core_drain. Handlers, drain_begin/end, deliver and on_ready run there.
 *  - av_view_receive, av_view_emit, av_view_eval, av_view_resolve,
 *    av_view_reject, av_view_bind/unbind/on/off, av_view_ref/unref,
 *    av_view_id and av_core_stats are safe from any thread. None of them
 *    blocks on another thread; none calls back into the binder except `wake`.
 *  - Everything else is main-thread only.
 *
 * Order: one view's messages are handled one at a time, in arrival order.
 * While a handler of a view runs (even inside a nested event loop that
 * drains again: a modal dialog), that view's later messages wait; other
 * views are served and every view's outbound records are still delivered.
 *
 * Wakes: a message costs one wake. Answers given on the main thread inside
 * a drain are delivered by that drain's own flush, after its handlers return;
 * emits and evals always ask for a drain, so they reach the page even while a
 * handler sits in a nested event loop.
 *
 * Pages: a view shows one page at a time; av_view_reset starts the next.
 * Records queued for a page are delivered to that page only, once it has
 * spoken (sent any message of an allowed origin: its bridge is there), and
 * held in the queue until then; a reset drops what its page never got,
 * counted in av_stats.dropped and logged. A page of an origin the view does
 * not trust never speaks, so it never receives anything.
 *
 * Memory: records are allocated per message at the producer; nothing on the
 * drain path allocates once the per-view batch buffer has grown to size.
 * Every queue has a record and a byte limit, and refuses with AV_E_BUSY.
 */
#ifndef AURORAVIEW_AV_CORE_H
#define AURORAVIEW_AV_CORE_H

#include "auroraview/av_error.h"
#include "auroraview/av_msg.h"

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
    uint64_t handled;         /* calls and events a bound handler ran for */
    uint64_t unhandled;       /* events with no handler bound (logged at debug) */
    uint64_t answered;        /* results and errors queued for pages */
    uint64_t emitted;         /* events queued for pages by av_view_emit */
    uint64_t delivered;       /* records handed to pages (all kinds) */
    uint64_t dropped;         /* records never delivered: their page was replaced first */
    uint64_t flushes;         /* deliver() calls */
    uint64_t drains;          /* av_core_drain calls */
    uint64_t wakes;           /* drains asked for (wake() calls) */
    uint64_t late_answers;    /* answers dropped: the call was cancelled or its page is gone */
    uint64_t rejected[AV_ERR_COUNT]; /* by av_err_index(code): each refused message, once */
    uint64_t inbound_high_water;       /* most records queued inbound for one view at once */
    uint64_t inbound_high_water_bytes;
} av_stats;

/* ---- the core ----------------------------------------------------------- */

typedef struct av_core_config {
    unsigned inbound_capacity;    /* records per view; 0 = 1 << 20 */
    size_t inbound_byte_limit;    /* bytes per view; 0 = 512 MiB */
    unsigned outbound_capacity;   /* records per view; 0 = 1 << 20 */
    size_t outbound_byte_limit;   /* bytes per view; 0 = 512 MiB */
    size_t max_message_bytes;     /* one envelope or one emit; 0 = 1 GiB */
    uint64_t drain_budget_ns;     /* time for handlers per drain; 0 = 4 ms */
    size_t flush_bytes;           /* bytes delivered per view per drain; 0 = 8 MiB */
    size_t batch_bytes;           /* bytes of one batch, about; 0 = 256 KiB */

    /* Ask the main thread to call av_core_drain(core) soon (post, never call
     * it inline). Any thread. Coalesced: at most one request is outstanding.
     * av_panel_wake is the one that posts to the Qt main thread. */
    void (*wake)(av_core *core, void *user);
    /* Bracket the handlers of one drain (e.g. take and release the GIL once).
     * What drain_begin returns is given back to the drain_end of the same
     * drain, so nested drains (a handler's modal loop) need no stack of their
     * own. Main thread. Either may be NULL. */
    uintptr_t (*drain_begin)(void *user);
    void (*drain_end)(void *user, uintptr_t token);
    /* Where the bytes of a page's big binary values go as they arrive
     * (av_leaves.h): the binding's objects, so its handler gets them with no
     * copy. make NULL: the core's own buffers. */
    av_leaf_allocator leaves;
    av_log_fn log;                /* NULL = silent */
    av_log_level log_level;       /* lines below this level are not formatted */
    void *user;                   /* passed to the callbacks above */
} av_core_config;

/* Creates the core. cfg is copied. Returns AV_OK, AV_E_INVALID_ARG or
 * AV_E_NO_MEMORY. Ownership: the caller owns *out and frees it with
 * av_core_free. */
int av_core_new(const av_core_config *cfg, av_core **out);

/* Closes every view still open (their pending calls are cancelled) and frees
 * the core. Main thread; no other thread may be using the core any more.
 * NULL is ignored. Ownership: takes core. */
void av_core_free(av_core *core);

/* Handles queued messages, view by view, until every view's inbound queue is
 * empty or waits behind a running handler, or the time budget is spent; then
 * delivers every view's outbound records up to flush_bytes; asks for another
 * drain only for work it left. Main thread; may be re-entered from a handler
 * (a nested event loop). Returns the number of messages handled. */
size_t av_core_drain(av_core *core);

/* The byte limit of one message in effect (cfg.max_message_bytes, or its
 * default): the panel gives it to the page's transport, which refuses a
 * longer post before it leaves the page. Any thread. */
size_t av_core_max_message_bytes(const av_core *core);

/* A snapshot of the counters. Any thread. */
void av_core_stats(av_core *core, av_stats *out);

/* ---- handlers ------------------------------------------------------------- */

/* What a handler gets: the view the message came from and the message. Valid
 * during the call only: copy msg->id to answer later (and av_view_ref the
 * view to keep it). */
typedef struct av_request {
    av_view *view;
    const av_msg *msg; /* AV_MSG_CALL or AV_MSG_EVENT */
} av_request;

/* A call handler. Runs on the main thread and must answer req->msg->id with
 * av_view_resolve or av_view_reject, then or later, from any thread. `user`
 * is the pointer given at av_view_bind: the binder's per-view object. */
typedef void (*av_call_fn)(av_request *req, void *user);

/* An event handler: req->msg->payload is the detail (empty when absent). */
typedef void (*av_event_fn)(av_request *req, void *user);

/* ---- views -------------------------------------------------------------- */

/* What a view delivers to its page. */
typedef enum av_delivery {
    /* A JSON array of [event, data] pairs for the bridge's dispatcher
     * (call results travel as the event "__auroraview_call_result"). */
    AV_DELIVER_BATCH = 0,
    /* JavaScript source to run in the page (av_view_eval). */
    AV_DELIVER_SCRIPT = 1
} av_delivery;

typedef struct av_view_config {
    /* Hands one batch or script to the page (av_panel: av_shim_view_dispatch
     * or av_shim_view_eval). text is valid during the call only. Batches and
     * scripts must reach the page in the order given. Main thread. */
    void (*deliver)(void *user, av_delivery kind, const char *text, size_t len);
    /* The page sent "ready" (its bridge is installed). Main thread. May be NULL. */
    void (*on_ready)(void *user, av_view *view, const char *url);
    void *user;
} av_view_config;

/* Creates a view with a process-unique id. Main thread. Ownership: the caller
 * holds one reference; av_view_close then av_view_unref to let it go. */
int av_view_new(av_core *core, const av_view_config *cfg, av_view **out);

uint32_t av_view_id(const av_view *view);

/* Reference counting: a view's memory lives while references remain; any
 * thread. The last unref frees queued records. NULL is ignored. */
void av_view_ref(av_view *view);
void av_view_unref(av_view *view);

/* Binds method on this view: its calls reach fn(req, user). Replaces an
 * earlier binding of the name. A call to a name nothing is bound to is
 * answered METHOD_NOT_FOUND by the drain that sees it. `user` is not owned:
 * it must stay valid while bound (the binder's per-view object, freed after
 * av_view_close). Any thread. Returns AV_OK, AV_E_INVALID_ARG (no fn, or a
 * name empty or longer than AV_NAME_MAX), AV_E_CLOSED or AV_E_NO_MEMORY. */
int av_view_bind(av_view *view, const char *method, av_call_fn fn, void *user);
/* Unbinds method: later calls are answered METHOD_NOT_FOUND. Any thread.
 * Returns AV_OK, AV_E_NOT_FOUND, or AV_E_INVALID_ARG for a NULL name. */
int av_view_unbind(av_view *view, const char *method);

/* Binds the handler of event on this view (one per name: the binder fans
 * out if it wants several). Same rules as av_view_bind. */
int av_view_on(av_view *view, const char *event, av_event_fn fn, void *user);
/* Unbinds it: later events of that name are counted unhandled. */
int av_view_off(av_view *view, const char *event);

/* Allows messages from origin (an exact match of the string the shim tags
 * messages with: scheme://host[:port], or a file entry "file:///dir/"; "*"
 * allows every origin). Messages from any other origin are refused with
 * AV_E_FORBIDDEN_ORIGIN and counted. Any thread. */
int av_view_allow_origin(av_view *view, const char *origin);

/* 1 if messages from origin are allowed. Any thread. */
int av_view_origin_allowed(av_view *view, const char *origin);

/* Hands one transport message from a page to the view. `origin` is the
 * sending frame's origin ("https://host:port", "qrc://", ...), or for a file
 * page the shim's file entry that covers it ("file:///dir/") or
 * "file://<untrusted>" (av_shim.h, on_message).
 * The text is checked, split and queued; every refused envelope is counted
 * and logged, and a refused call is answered at once (BUSY,
 * PAYLOAD_TOO_LARGE, BAD_MESSAGE with its id, BAD_MESSAGE for an id already
 * pending). A cancel is applied here, not queued: a call still queued will
 * not run, a running one reads cancelled (av_view_call_cancelled). Returns
 * AV_OK if every envelope was queued or applied, else the first error met.
 * Any thread. The text is only read during the call. */
int av_view_receive(av_view *view, const char *origin, const char *text, size_t len);

/* The page is being replaced (navigation or reload): calls still pending
 * for the old page are cancelled and their answers dropped; queued messages
 * from it are not handled; records queued for it are dropped (counted in
 * av_stats.dropped, logged), and what is queued from now on waits for the
 * next page to speak. Main thread. Returns the number of calls cancelled. */
size_t av_view_reset(av_view *view);

/* Closes the view: pending calls are cancelled, its handlers are unbound,
 * nothing more is delivered, later emits fail with AV_E_CLOSED. Main thread.
 * Idempotent. Does not drop the caller's reference. */
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
 * AV_E_PAYLOAD_TOO_LARGE, AV_E_BUSY, AV_E_CLOSED or AV_E_NO_MEMORY. */
int av_view_resolve(av_view *view, const char *id, size_t id_len, const char *result, size_t result_len);

/* Answers a pending call by queuing the emit event/data (as av_view_emit)
 * in the result's place: for a result that travels another road (a big
 * result's blob reference), so the call leaves the pending table and counts
 * as answered as av_view_resolve's would. Any thread. Same returns as
 * av_view_resolve. */
int av_view_resolve_as(av_view *view, const char *id, size_t id_len, const char *event, size_t event_len,
                       const char *data, size_t data_len);

/* Answers a pending call with an error. code is one of the protocol codes;
 * name is the error class shown in JS (NULL = the code's name); message is
 * UTF-8 text (NULL = av_strerror(code)); data is JSON or NULL. Any thread.
 * Same returns as av_view_resolve. */
int av_view_reject(av_view *view, const char *id, size_t id_len, int code, const char *name,
                   const char *message, const char *data, size_t data_len);

/* 1 when nobody waits for the answer to call id of page generation
 * `generation` (req->msg->generation) any more: the page cancelled it (its
 * AbortSignal, its timeout), the page was replaced, or the view closed; 0
 * while the page waits, and once it is answered. The page's cancels are
 * applied as they arrive (av_view_receive), so a handler that runs the main
 * loop meanwhile sees its call's cancel. Any thread. */
int av_view_call_cancelled(av_view *view, uint32_t generation, const char *id, size_t id_len);

#ifdef __cplusplus
}
#endif
#endif
