/* The core: configuration, handler registries, the page's way in
 * (av_core_receive) and the main thread's drain. */
#include "core_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_CAPACITY (1u << 20)
#define DEFAULT_BYTE_LIMIT ((size_t)512 << 20)
#define DEFAULT_MAX_MESSAGE ((size_t)16 << 20)
#define DEFAULT_BUDGET_NS 4000000ull
#define DEFAULT_FLUSH_BYTES ((size_t)8 << 20)
#define DEFAULT_SCRIPT_BYTES ((size_t)256 << 10)

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
    if (!c->script_bytes)
        c->script_bytes = DEFAULT_SCRIPT_BYTES;

    int rc = av_queue_init(&core->inbound, c->inbound_capacity, c->inbound_byte_limit);
    if (rc != AV_OK) {
        free(core);
        return rc;
    }
    if ((rc = av_registry_init(&core->methods)) != AV_OK)
        goto fail_methods;
    if ((rc = av_registry_init(&core->events)) != AV_OK)
        goto fail_events;
    if (pthread_mutex_init(&core->views_lock, NULL) != 0) {
        rc = AV_E_NO_MEMORY;
        goto fail_lock;
    }
    av_signal_init(&core->signal, c->wake, c->user);
    atomic_init(&core->next_view_id, 1);
    *out = core;
    return AV_OK;

fail_lock:
    av_registry_close(&core->events);
fail_events:
    av_registry_close(&core->methods);
fail_methods:
    av_queue_close(&core->inbound);
    free(core);
    return rc;
}

void av_core_free(av_core *core)
{
    if (!core)
        return;
    /* av_view_close removes the view from the table, so take from the end. */
    for (;;) {
        pthread_mutex_lock(&core->views_lock);
        av_view *v = core->view_count ? core->views[core->view_count - 1] : NULL;
        if (v)
            av_view_ref(v);
        pthread_mutex_unlock(&core->views_lock);
        if (!v)
            break;
        av_view_close(v);
        av_view_unref(v);
    }
    av_queue_close(&core->inbound);
    av_registry_close(&core->methods);
    av_registry_close(&core->events);
    pthread_mutex_destroy(&core->views_lock);
    free(core->views);
    free(core);
}

int av_core_bind(av_core *core, const char *method, av_handler_fn fn, void *data, av_release_fn release)
{
    if (!method)
        return AV_E_INVALID_ARG;
    return av_registry_add(&core->methods, method, strlen(method), fn, data, release);
}

int av_core_unbind(av_core *core, const char *method)
{
    return method ? av_registry_remove(&core->methods, method, strlen(method)) : AV_E_INVALID_ARG;
}

int av_core_on(av_core *core, const char *event, av_handler_fn fn, void *data, av_release_fn release)
{
    if (!event)
        return AV_E_INVALID_ARG;
    return av_registry_add(&core->events, event, strlen(event), fn, data, release);
}

int av_core_off(av_core *core, const char *event)
{
    return event ? av_registry_remove(&core->events, event, strlen(event)) : AV_E_INVALID_ARG;
}

av_view *av_core_find_view(av_core *core, uint32_t view_id)
{
    av_view *found = NULL;
    pthread_mutex_lock(&core->views_lock);
    for (size_t i = 0; i < core->view_count; i++) {
        if (core->views[i]->id == view_id) {
            found = core->views[i];
            av_view_ref(found);
            break;
        }
    }
    pthread_mutex_unlock(&core->views_lock);
    return found;
}

static int origin_allowed(av_view *view, const char *origin)
{
    int ok = 0;
    pthread_mutex_lock(&view->origins_lock);
    ok = view->allow_any_origin;
    for (size_t i = 0; !ok && origin && i < view->origin_count; i++)
        ok = strcmp(view->origins[i], origin) == 0;
    pthread_mutex_unlock(&view->origins_lock);
    return ok;
}

/* State of one av_core_receive, passed to the envelope callback. */
typedef struct receive_ctx {
    av_core *core;
    av_view *view;
    uint32_t generation;
    const char *text;
    int first_error;
    size_t queued;
    size_t busy; /* envelopes refused for a full queue: logged once per receive */
} receive_ctx;

/* Refuses one envelope: answers it when it is a call with a readable id,
 * otherwise counts and logs it. */
static void refuse(receive_ctx *rx, const av_envelope *env, int code, const char *why)
{
    if (rx->first_error == AV_OK)
        rx->first_error = code;
    if (code == AV_E_BUSY)
        rx->busy++; /* a flood would otherwise log a line per envelope */
    else
        av_core_logf(rx->core, AV_LOG_WARN, "view %u: %s %s at byte %zu: %s", rx->view->id,
                     av_err_name(code), av_msg_type_name(env->type), env->offset, why);
    if (env->id.len && (env->type == AV_MSG_CALL || env->type == AV_MSG_NONE))
        av_view_queue_fault(rx->view, env->id.ptr, env->id.len, code, NULL, why, NULL, 0);
    else
        av_core_count_rejected(rx->core, code);
}

static void on_envelope(void *user, const av_envelope *env)
{
    receive_ctx *rx = user;
    av_core *core = rx->core;
    if (env->error != AV_OK) {
        refuse(rx, env, env->error, env->where.reason);
        return;
    }
    if (env->size > core->cfg.max_message_bytes) {
        refuse(rx, env, AV_E_PAYLOAD_TOO_LARGE, "message above the byte limit");
        return;
    }
    av_msg *m = av_msg_from_envelope(env, rx->view->id);
    if (!m) {
        refuse(rx, env, AV_E_BUSY, "out of memory");
        return;
    }
    m->generation = rx->generation;
    if (av_queue_push(&core->inbound, m) != AV_OK) {
        av_msg_free(m);
        refuse(rx, env, AV_E_BUSY, "inbound queue full");
        return;
    }
    rx->queued++;
}

int av_core_receive(av_core *core, uint32_t view_id, const char *origin, const char *text, size_t len)
{
    av_view *view = av_core_find_view(core, view_id);
    if (!view) {
        av_core_count_rejected(core, AV_E_CLOSED);
        av_core_logf(core, AV_LOG_DEBUG, "message for closed view %u dropped", view_id);
        return AV_E_CLOSED;
    }
    if (!origin_allowed(view, origin)) {
        av_core_count_rejected(core, AV_E_FORBIDDEN_ORIGIN);
        av_core_logf(core, AV_LOG_WARN, "view %u: message from origin '%s' refused", view_id,
                     origin ? origin : "(none)");
        av_view_unref(view);
        return AV_E_FORBIDDEN_ORIGIN;
    }
    receive_ctx rx = {core, view, atomic_load(&view->generation), text, AV_OK, 0, 0};
    av_json_error where = {0, NULL};
    int rc = av_envelope_parse(text, len, on_envelope, &rx, &where);
    if (rc != AV_OK) {
        av_core_count_rejected(core, rc);
        av_core_logf(core, AV_LOG_WARN, "view %u: BAD_MESSAGE at byte %zu: %s", view_id, where.pos,
                     where.reason);
        if (rx.first_error == AV_OK)
            rx.first_error = rc;
    }
    if (rx.busy)
        av_core_logf(core, AV_LOG_WARN, "view %u: BUSY: %zu envelopes refused (inbound queue full)", view_id,
                     rx.busy);
    if (rx.queued) {
        atomic_fetch_add_explicit(&core->n.received, rx.queued, memory_order_relaxed);
        av_signal_raise(&core->signal);
    } else if (rx.first_error != AV_OK) {
        /* Refused calls were answered: get those answers delivered. */
        av_signal_raise(&core->signal);
    }
    av_view_unref(view);
    return rx.first_error;
}

static void run_handler(av_core *core, av_handler *h, av_view *view, const av_msg *m)
{
    av_request req = {core, view, m};
    atomic_fetch_add_explicit(&core->n.handled, 1, memory_order_relaxed);
    h->fn(&req, h->data);
    av_handler_unref(h);
}

static void dispatch_call(av_core *core, av_view *view, const av_msg *m)
{
    int rc = av_pending_add(&view->pending, m->id.ptr, m->id.len);
    if (rc != AV_OK) {
        av_view_queue_fault(view, m->id.ptr, m->id.len,
                            rc == AV_E_DUPLICATE ? AV_E_BAD_MESSAGE : AV_E_BUSY, NULL,
                            rc == AV_E_DUPLICATE ? "a call with this id is already pending"
                                                 : "out of memory",
                            NULL, 0);
        return;
    }
    av_handler *h = av_registry_get(&core->methods, m->name.ptr, m->name.len);
    if (!h) {
        char why[AV_NAME_MAX + 32];
        snprintf(why, sizeof why, "no method named '%s'", m->name.ptr);
        av_view_reject(view, m->id.ptr, m->id.len, AV_E_METHOD_NOT_FOUND, NULL, why, NULL, 0);
        return;
    }
    run_handler(core, h, view, m);
}

static void dispatch(av_core *core, const av_msg *m)
{
    av_view *view = av_core_find_view(core, m->view_id);
    if (!view || atomic_load(&view->generation) != m->generation) {
        /* The page that sent it is gone; its bridge already rejected the call. */
        if (m->type == AV_MSG_CALL)
            av_core_count_rejected(core, AV_E_CANCELLED);
        av_core_logf(core, AV_LOG_DEBUG, "%s from a closed or reloaded page dropped",
                     av_msg_type_name(m->type));
        av_view_unref(view);
        return;
    }
    av_handler *h;
    switch (m->type) {
    case AV_MSG_CALL:
        dispatch_call(core, view, m);
        break;
    case AV_MSG_EVENT:
        if ((h = av_registry_get(&core->events, m->name.ptr, m->name.len)) != NULL)
            run_handler(core, h, view, m);
        else {
            atomic_fetch_add_explicit(&core->n.unhandled, 1, memory_order_relaxed);
            av_core_logf(core, AV_LOG_DEBUG, "event '%s' has no handler", m->name.ptr);
        }
        break;
    case AV_MSG_READY:
        if (view->cfg.on_ready)
            view->cfg.on_ready(view->cfg.user, view, m->name.ptr);
        break;
    case AV_MSG_CANCEL:
        av_pending_cancel(&view->pending, m->id.ptr, m->id.len);
        break;
    default:
        break;
    }
    av_view_unref(view);
}

/* Flushes every open view. Returns 1 if any still has records queued. */
static int flush_views(av_core *core)
{
    int more = 0;
    size_t i = 0;
    for (;;) {
        pthread_mutex_lock(&core->views_lock);
        av_view *v = i < core->view_count ? core->views[i++] : NULL;
        if (v)
            av_view_ref(v);
        pthread_mutex_unlock(&core->views_lock);
        if (!v)
            return more;
        /* deliver() may close views (and so shrink the table): a view
         * skipped that way is picked up by the next drain. */
        more |= av_view_flush(v);
        av_view_unref(v);
    }
}

size_t av_core_drain(av_core *core)
{
    size_t handled = 0;
    int began = 0, more = 0;
    uint64_t start = now_ns();

    atomic_fetch_add_explicit(&core->n.drains, 1, memory_order_relaxed);
    av_signal_clear(&core->signal);
    for (;;) {
        av_msg *m = av_queue_pop(&core->inbound);
        if (!m)
            break;
        if (!began && core->cfg.drain_begin)
            core->cfg.drain_begin(core->cfg.user);
        began = 1;
        dispatch(core, m);
        av_msg_free(m);
        handled++;
        if (now_ns() - start >= core->cfg.drain_budget_ns) {
            more = av_queue_count(&core->inbound) > 0;
            break;
        }
    }
    if (began && core->cfg.drain_end)
        core->cfg.drain_end(core->cfg.user);
    more |= flush_views(core);
    if (more)
        av_signal_raise(&core->signal);
    return handled;
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
    out->flushes = atomic_load_explicit(&n->flushes, memory_order_relaxed);
    out->drains = atomic_load_explicit(&n->drains, memory_order_relaxed);
    out->late_answers = atomic_load_explicit(&n->late_answers, memory_order_relaxed);
    for (int i = 0; i < AV_ERR_COUNT; i++)
        out->rejected[i] = atomic_load_explicit(&n->rejected[i], memory_order_relaxed);
    out->inbound_high_water = atomic_load_explicit(&core->inbound.high_water, memory_order_relaxed);
    out->inbound_high_water_bytes =
        atomic_load_explicit(&core->inbound.high_water_bytes, memory_order_relaxed);
}
