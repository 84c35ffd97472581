/* The core: configuration, the wake, the main thread's drain and the
 * counters. The page's way in is av_receive.c; views are av_view.c. */
#include "core_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_CAPACITY (1u << 20)
#define DEFAULT_BYTE_LIMIT ((size_t)512 << 20)
#define DEFAULT_MAX_MESSAGE ((size_t)1 << 30)
#define DEFAULT_BUDGET_NS 4000000ull
#define DEFAULT_FLUSH_BYTES ((size_t)8 << 20)
#define DEFAULT_BATCH_BYTES ((size_t)256 << 10)

/* The core whose drain is running on this thread (the innermost, when
 * drains nest), or NULL. Thread-local state rather than a field of the core:
 * "am I inside the drain?" is a question about the calling thread, and
 * answers made from other threads must not read main-thread state. */
static _Thread_local const av_core *tl_draining;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void av_core_logf(av_core *core, av_log_level level, const char *fmt, ...)
{
    if (!core->cfg.log || level < core->cfg.log_level)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    core->cfg.log(core->cfg.user, level, line);
}

void av_core_count_rejected(av_core *core, int code)
{
    int i = av_err_index(code);
    if (i >= 0)
        atomic_fetch_add_explicit(&core->n.rejected[i], 1, memory_order_relaxed);
}

int av_core_draining_here(const av_core *core)
{
    return tl_draining == core;
}

/* The signal's wake: counts it and asks the binder for a drain. */
static void core_wake(void *arg)
{
    av_core *core = arg;
    atomic_fetch_add_explicit(&core->n.wakes, 1, memory_order_relaxed);
    if (core->cfg.wake)
        core->cfg.wake(core, core->cfg.user);
}

int av_core_new(const av_core_config *cfg, av_core **out)
{
    if (!cfg || !out)
        return AV_E_INVALID_ARG;
    av_core *core = calloc(1, sizeof *core);
    if (!core)
        return AV_E_NO_MEMORY;
    core->cfg = *cfg;
    av_core_config *c = &core->cfg;
    if (!c->inbound_capacity)
        c->inbound_capacity = DEFAULT_CAPACITY;
    if (!c->inbound_byte_limit)
        c->inbound_byte_limit = DEFAULT_BYTE_LIMIT;
    if (!c->outbound_capacity)
        c->outbound_capacity = DEFAULT_CAPACITY;
    if (!c->outbound_byte_limit)
        c->outbound_byte_limit = DEFAULT_BYTE_LIMIT;
    if (!c->max_message_bytes)
        c->max_message_bytes = DEFAULT_MAX_MESSAGE;
    if (!c->drain_budget_ns)
        c->drain_budget_ns = DEFAULT_BUDGET_NS;
    if (!c->flush_bytes)
        c->flush_bytes = DEFAULT_FLUSH_BYTES;
    if (!c->batch_bytes)
        c->batch_bytes = DEFAULT_BATCH_BYTES;
    if (pthread_mutex_init(&core->views_lock, NULL) != 0) {
        free(core);
        return AV_E_NO_MEMORY;
    }
    av_signal_init(&core->signal, core_wake, core);
    atomic_init(&core->next_view_id, 1);
    *out = core;
    return AV_OK;
}

/* The open view at index i of the table, referenced, or NULL past the end. */
static av_view *view_at(av_core *core, size_t i)
{
    pthread_mutex_lock(&core->views_lock);
    av_view *v = i < core->view_count ? core->views[i] : NULL;
    if (v)
        av_view_ref(v);
    pthread_mutex_unlock(&core->views_lock);
    return v;
}

static size_t view_count(av_core *core)
{
    pthread_mutex_lock(&core->views_lock);
    size_t n = core->view_count;
    pthread_mutex_unlock(&core->views_lock);
    return n;
}

/* The views a drain walks: the open ones when it starts, each referenced,
 * so handlers and deliver() may close views (and shrink the table) without
 * the walk skipping one. A few fit in the drain's own frame; nested drains
 * each have theirs. */
typedef struct view_set {
    av_view **views;
    size_t count;
    av_view *local[16];
} view_set;

static void view_set_take(av_core *core, view_set *set)
{
    pthread_mutex_lock(&core->views_lock);
    size_t n = core->view_count;
    set->views = n <= sizeof set->local / sizeof *set->local ? set->local : malloc(n * sizeof *set->views);
    set->count = set->views ? n : 0;
    for (size_t i = 0; i < set->count; i++) {
        set->views[i] = core->views[i];
        av_view_ref(set->views[i]);
    }
    pthread_mutex_unlock(&core->views_lock);
    if (!set->views) {
        /* Out of memory with this many views: walk none now, try again soon. */
        av_core_logf(core, AV_LOG_ERROR, "drain: out of memory listing %zu views", n);
        set->views = set->local;
    }
}

static void view_set_release(view_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        av_view_unref(set->views[i]);
    if (set->views != set->local)
        free(set->views);
}

void av_core_free(av_core *core)
{
    if (!core)
        return;
    /* av_view_close removes the view from the table, so take from the end. */
    size_t n;
    while ((n = view_count(core)) > 0) {
        av_view *v = view_at(core, n - 1);
        av_view_close(v);
        av_view_unref(v);
    }
    pthread_mutex_destroy(&core->views_lock);
    free(core->views);
    free(core);
}

/* ---- the drain ------------------------------------------------------------ */

typedef struct drain_state {
    av_core *core;
    uint64_t start;
    int began;         /* drain_begin was called */
    uintptr_t token;   /* what it returned */
    size_t handled;
} drain_state;

/* A "did you mean" for a name nothing is bound to: the nearest bound name
 * (av_registry_nearest), looked up for the first AV_SUGGEST_MAX misses of a
 * view only, so a page that sends wrong names by the million costs no more
 * than a plain refusal each. Main thread. */
#define AV_SUGGEST_MAX 64
static int suggest(av_view *view, av_registry *names, const av_msg *m, char *out, size_t out_len)
{
    if (view->suggested >= AV_SUGGEST_MAX)
        return 0;
    view->suggested++;
    return av_registry_nearest(names, m->name.ptr, m->name.len, out, out_len);
}

/* 1 the first time a view sees an unhandled event of this name, for the
 * first 16 names (later ones, and repeats, are debug lines). Main thread. */
static int first_warning(av_view *view, const av_msg *m)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < m->name.len; i++)
        h = (h ^ (unsigned char)m->name.ptr[i]) * 1099511628211ull;
    size_t n = sizeof view->warned_events / sizeof view->warned_events[0];
    for (unsigned i = 0; i < view->warned_count; i++)
        if (view->warned_events[i] == h)
            return 0;
    if (view->warned_count == n)
        return 0;
    view->warned_events[view->warned_count++] = h;
    return 1;
}

static void dispatch_call(av_core *core, av_view *view, const av_msg *m)
{
    /* The call entered the pending table as it arrived (av_receive.c); a
     * cancel that arrived since took it out, and it does not run: the page
     * already rejected it, and nothing could receive its answer. */
    if (av_pending_start(&view->pending, m->generation, m->id.ptr, m->id.len) != AV_PENDING_ACTIVE) {
        av_core_logf(core, AV_LOG_DEBUG, "view %u: call %s was cancelled before it ran: not run", view->id,
                     m->id.ptr);
        return;
    }
    av_binding b;
    if (!av_registry_get(&view->methods, m->name.ptr, m->name.len, &b)) {
        char why[2 * AV_NAME_MAX + 64], near[AV_NAME_MAX + 1];
        int n = snprintf(why, sizeof why, "no method named '%s'", m->name.ptr);
        if (suggest(view, &view->methods, m, near, sizeof near))
            snprintf(why + n, sizeof why - (size_t)n, " (did you mean '%s'?)", near);
        av_view_reject(view, m->id.ptr, m->id.len, AV_E_METHOD_NOT_FOUND, NULL, why, NULL, 0);
        return;
    }
    atomic_fetch_add_explicit(&core->n.handled, 1, memory_order_relaxed);
    av_request req = {view, m};
    b.fn(&req, b.user);
}

static void dispatch_event(av_core *core, av_view *view, const av_msg *m)
{
    av_binding b;
    if (!av_registry_get(&view->events, m->name.ptr, m->name.len, &b)) {
        atomic_fetch_add_explicit(&core->n.unhandled, 1, memory_order_relaxed);
        char near[AV_NAME_MAX + 1];
        if (!first_warning(view, m))
            av_core_logf(core, AV_LOG_DEBUG, "view %u: event '%s' has no handler", view->id, m->name.ptr);
        else if (suggest(view, &view->events, m, near, sizeof near))
            av_core_logf(core, AV_LOG_WARN,
                         "view %u: the page sent event '%s', which has no handler (did you mean '%s'?); "
                         "repeats are logged at debug level", view->id, m->name.ptr, near);
        else
            av_core_logf(core, AV_LOG_WARN,
                         "view %u: the page sent event '%s', which has no handler; repeats are logged at "
                         "debug level", view->id, m->name.ptr);
        return;
    }
    atomic_fetch_add_explicit(&core->n.handled, 1, memory_order_relaxed);
    av_request req = {view, m};
    b.fn(&req, b.user);
}

static void dispatch(av_core *core, av_view *view, const av_msg *m)
{
    if (atomic_load(&view->generation) != m->generation) {
        /* The page that sent it is gone; its bridge already rejected the
         * call, and av_view_reset counted it cancelled. */
        av_core_logf(core, AV_LOG_DEBUG, "view %u: %s from a replaced page dropped", view->id,
                     av_msg_type_name(m->type));
        return;
    }
    switch (m->type) {
    case AV_MSG_CALL:
        dispatch_call(core, view, m);
        break;
    case AV_MSG_EVENT:
        dispatch_event(core, view, m);
        break;
    case AV_MSG_READY:
        if (view->cfg.on_ready)
            view->cfg.on_ready(view->cfg.user, view, m->name.ptr);
        break;
    default:
        break;
    }
}

/* Handles the view's queued messages in order until its queue is empty, it
 * closes, or the budget is spent. A view whose handler is on the stack (this
 * is a nested drain) is left alone: its messages wait for that handler.
 * Returns 1 when the budget ran out. */
static int handle_view(drain_state *st, av_view *v)
{
    av_core *core = st->core;
    if (v->running)
        return 0;
    while (!atomic_load_explicit(&v->closed, memory_order_acquire)) {
        if (now_ns() - st->start >= core->cfg.drain_budget_ns)
            return 1;
        av_msg *m = av_queue_pop(&v->inbound);
        if (!m)
            return 0;
        if (!st->began && core->cfg.drain_begin)
            st->token = core->cfg.drain_begin(core->cfg.user);
        st->began = 1;
        v->running = 1;
        dispatch(core, v, m);
        v->running = 0;
        av_msg_free(m);
        st->handled++;
    }
    return 0;
}

/* 1 if a view that is not waiting on its own handler has messages queued. */
static int inbound_left(av_core *core)
{
    int left = 0;
    pthread_mutex_lock(&core->views_lock);
    for (size_t i = 0; !left && i < core->view_count; i++)
        left = !core->views[i]->running && av_queue_count(&core->views[i]->inbound) > 0;
    pthread_mutex_unlock(&core->views_lock);
    return left;
}

size_t av_core_drain(av_core *core)
{
    drain_state st = {core, now_ns(), 0, 0, 0};
    view_set set;

    atomic_fetch_add_explicit(&core->n.drains, 1, memory_order_relaxed);
    av_signal_clear(&core->signal);
    view_set_take(core, &set);

    /* Handlers: each view in turn, starting one further each drain, so a
     * busy view cannot keep the others waiting for their first message.
     * Answers made meanwhile on this thread need no wake: the flush below
     * delivers them. */
    const av_core *outer = tl_draining;
    tl_draining = core;
    size_t first = set.count ? core->next_first++ % set.count : 0;
    int more = 0;
    for (size_t k = 0; k < set.count && !more; k++)
        more = handle_view(&st, set.views[(first + k) % set.count]);
    if (st.began && core->cfg.drain_end)
        core->cfg.drain_end(core->cfg.user, st.token);
    tl_draining = outer;

    /* Handlers may have opened views: look again at what is left. */
    more |= inbound_left(core);
    for (size_t i = 0; i < set.count; i++)
        more |= av_view_flush(set.views[i]);
    view_set_release(&set);
    if (more)
        av_signal_raise(&core->signal);
    return st.handled;
}

size_t av_core_max_message_bytes(const av_core *core)
{
    return core->cfg.max_message_bytes;
}

void av_core_stats(av_core *core, av_stats *out)
{
    core_counters *n = &core->n;
    memset(out, 0, sizeof *out);
    out->received = atomic_load_explicit(&n->received, memory_order_relaxed);
    out->handled = atomic_load_explicit(&n->handled, memory_order_relaxed);
    out->unhandled = atomic_load_explicit(&n->unhandled, memory_order_relaxed);
    out->answered = atomic_load_explicit(&n->answered, memory_order_relaxed);
    out->emitted = atomic_load_explicit(&n->emitted, memory_order_relaxed);
    out->delivered = atomic_load_explicit(&n->delivered, memory_order_relaxed);
    out->dropped = atomic_load_explicit(&n->dropped, memory_order_relaxed);
    out->flushes = atomic_load_explicit(&n->flushes, memory_order_relaxed);
    out->drains = atomic_load_explicit(&n->drains, memory_order_relaxed);
    out->wakes = atomic_load_explicit(&n->wakes, memory_order_relaxed);
    out->late_answers = atomic_load_explicit(&n->late_answers, memory_order_relaxed);
    for (int i = 0; i < AV_ERR_COUNT; i++)
        out->rejected[i] = atomic_load_explicit(&n->rejected[i], memory_order_relaxed);
    out->inbound_high_water = atomic_load_explicit(&n->inbound_high_water, memory_order_relaxed);
    out->inbound_high_water_bytes = atomic_load_explicit(&n->inbound_high_water_bytes, memory_order_relaxed);
}
