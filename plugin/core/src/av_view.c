/* Views: lifetime, bindings, origins, and the outbound queue (emits,
 * evals, answers). The flush that delivers it is av_flush.c. */
#include "core_internal.h"

#include <stdlib.h>
#include <string.h>

int av_view_new(av_core *core, const av_view_config *cfg, av_view **out)
{
    if (!core || !cfg || !cfg->deliver || !out)
        return AV_E_INVALID_ARG;
    av_view *v = calloc(1, sizeof *v);
    if (!v)
        return AV_E_NO_MEMORY;
    v->core = core;
    v->cfg = *cfg;
    atomic_init(&v->refs, 2); /* the caller's, and the core's table's */
    atomic_init(&v->closed, 0);
    atomic_init(&v->generation, 0);
    atomic_init(&v->live_generation, UINT32_MAX); /* no page has spoken yet */
    const av_core_config *c = &core->cfg;
    int rc = av_queue_init(&v->inbound, c->inbound_capacity, c->inbound_byte_limit);
    if (rc != AV_OK)
        goto fail_inbound;
    if ((rc = av_queue_init(&v->outbound, c->outbound_capacity, c->outbound_byte_limit)) != AV_OK)
        goto fail_outbound;
    if ((rc = av_pending_init(&v->pending)) != AV_OK)
        goto fail_pending;
    if ((rc = av_registry_init(&v->methods)) != AV_OK)
        goto fail_methods;
    if ((rc = av_registry_init(&v->events)) != AV_OK)
        goto fail_events;
    if (pthread_mutex_init(&v->origins_lock, NULL) != 0) {
        rc = AV_E_NO_MEMORY;
        goto fail_lock;
    }
    if ((rc = av_pieces_init(&v->pieces)) != AV_OK)
        goto fail_pieces;

    pthread_mutex_lock(&core->views_lock);
    if (core->view_count == core->view_cap) {
        size_t cap = core->view_cap ? core->view_cap * 2 : 8;
        av_view **views = realloc(core->views, cap * sizeof *views);
        if (!views) {
            pthread_mutex_unlock(&core->views_lock);
            rc = AV_E_NO_MEMORY;
            goto fail_table;
        }
        core->views = views;
        core->view_cap = cap;
    }
    v->id = atomic_fetch_add(&core->next_view_id, 1);
    core->views[core->view_count++] = v;
    pthread_mutex_unlock(&core->views_lock);
    *out = v;
    return AV_OK;

fail_table:
    av_pieces_close(&v->pieces);
fail_pieces:
    pthread_mutex_destroy(&v->origins_lock);
fail_lock:
    av_registry_close(&v->events);
fail_events:
    av_registry_close(&v->methods);
fail_methods:
    av_pending_close(&v->pending);
fail_pending:
    av_queue_close(&v->outbound);
fail_outbound:
    av_queue_close(&v->inbound);
fail_inbound:
    free(v);
    return rc;
}

uint32_t av_view_id(const av_view *view)
{
    return view->id;
}

void av_view_ref(av_view *view)
{
    atomic_fetch_add_explicit(&view->refs, 1, memory_order_relaxed);
}

void av_view_unref(av_view *view)
{
    if (!view || atomic_fetch_sub_explicit(&view->refs, 1, memory_order_acq_rel) != 1)
        return;
    av_queue_close(&view->inbound);
    av_queue_close(&view->outbound);
    av_pending_close(&view->pending);
    av_registry_close(&view->methods);
    av_registry_close(&view->events);
    for (size_t i = 0; i < view->origin_count; i++)
        free(view->origins[i]);
    free(view->origins);
    pthread_mutex_destroy(&view->origins_lock);
    av_pieces_close(&view->pieces);
    free(view->batch);
    free(view);
}

/* ---- bindings ------------------------------------------------------------ */

static int bind_name(av_view *view, av_registry *r, const char *name, av_call_fn fn, void *user)
{
    if (!name || !fn)
        return AV_E_INVALID_ARG;
    if (atomic_load_explicit(&view->closed, memory_order_acquire))
        return AV_E_CLOSED;
    return av_registry_add(r, name, strlen(name), (av_binding){fn, user});
}

int av_view_bind(av_view *view, const char *method, av_call_fn fn, void *user)
{
    return bind_name(view, &view->methods, method, fn, user);
}

int av_view_unbind(av_view *view, const char *method)
{
    return method ? av_registry_remove(&view->methods, method, strlen(method)) : AV_E_INVALID_ARG;
}

int av_view_on(av_view *view, const char *event, av_event_fn fn, void *user)
{
    return bind_name(view, &view->events, event, fn, user);
}

int av_view_off(av_view *view, const char *event)
{
    return event ? av_registry_remove(&view->events, event, strlen(event)) : AV_E_INVALID_ARG;
}

/* ---- origins, navigation, closing ---------------------------------------- */

int av_view_allow_origin(av_view *view, const char *origin)
{
    if (!origin || !*origin)
        return AV_E_INVALID_ARG;
    if (av_view_origin_allowed(view, origin))
        return AV_OK;
    pthread_mutex_lock(&view->origins_lock);
    int rc = AV_OK;
    if (strcmp(origin, "*") == 0)
        view->allow_any_origin = 1;
    else {
        char **list = realloc(view->origins, (view->origin_count + 1) * sizeof *list);
        char *copy = strdup(origin);
        if (list)
            view->origins = list;
        if (!list || !copy) {
            free(copy);
            rc = AV_E_NO_MEMORY;
        } else
            view->origins[view->origin_count++] = copy;
    }
    pthread_mutex_unlock(&view->origins_lock);
    return rc;
}

size_t av_view_reset(av_view *view)
{
    av_core *core = view->core;
    /* The table moves to the next page first: a call or cancel of the old
     * page arriving meanwhile (from another thread) is refused by it, not
     * left behind in it. */
    uint32_t next = atomic_load(&view->generation) + 1;
    size_t cancelled = av_pending_clear(&view->pending, next);
    atomic_store(&view->generation, next);
    for (size_t i = 0; i < cancelled; i++)
        av_core_count_rejected(core, AV_E_CANCELLED);
    /* A message the page that is going left in pieces is never finished. */
    size_t unfinished = av_pieces_drop(&view->pieces);
    for (size_t i = 0; i < unfinished; i++)
        av_core_count_rejected(core, AV_E_CANCELLED);
    if (unfinished)
        av_core_logf(core, AV_LOG_WARN, "view %u: %zu messages the page left unfinished in pieces dropped",
                     view->id, unfinished);
    /* What was queued for the page that is going is never delivered to the
     * next one: dropped here, counted and logged. */
    size_t dropped = 0;
    for (av_msg *m; (m = av_queue_pop(&view->outbound)) != NULL; av_msg_free(m))
        dropped++;
    if (dropped) {
        atomic_fetch_add_explicit(&core->n.dropped, dropped, memory_order_relaxed);
        av_core_logf(core, AV_LOG_WARN, "view %u: %zu records for a page that was replaced dropped undelivered",
                     view->id, dropped);
    }
    return cancelled;
}

void av_view_close(av_view *view)
{
    if (atomic_exchange(&view->closed, 1))
        return;
    av_core *core = view->core;
    av_view_reset(view);
    /* Messages still queued from the page are not handled: calls among them
     * were in the pending table, so the reset counted them cancelled (the
     * bridge rejects them as its page goes). */
    size_t dropped = 0;
    for (av_msg *m; (m = av_queue_pop(&view->inbound)) != NULL; av_msg_free(m))
        dropped++;
    if (dropped)
        av_core_logf(core, AV_LOG_DEBUG, "view %u closed: %zu queued messages dropped", view->id, dropped);
    /* The binder's pointers may die once the view is closed. */
    av_registry_clear(&view->methods);
    av_registry_clear(&view->events);
    int listed = 0;
    pthread_mutex_lock(&core->views_lock);
    for (size_t i = 0; i < core->view_count; i++) {
        if (core->views[i] == view) {
            memmove(&core->views[i], &core->views[i + 1],
                    (core->view_count - i - 1) * sizeof *core->views);
            core->view_count--;
            listed = 1;
            break;
        }
    }
    pthread_mutex_unlock(&core->views_lock);
    if (listed)
        av_view_unref(view); /* the table's reference */
}

/* ---- the outbound queue -------------------------------------------------- */

/* Pushes a finished record and asks for the drain that delivers it, unless
 * it is an answer made inside a drain on this thread: that drain's own flush
 * delivers it (one wake per call). Emits and scripts always ask, so they
 * reach the page while a handler runs a nested event loop. Takes m. */
static int queue_out(av_view *view, av_msg *m, int is_answer)
{
    if (atomic_load_explicit(&view->closed, memory_order_acquire)) {
        av_msg_free(m);
        return AV_E_CLOSED;
    }
    m->generation = atomic_load_explicit(&view->generation, memory_order_relaxed);
    if (av_queue_push(&view->outbound, m) != AV_OK) {
        av_msg_free(m);
        av_core_count_rejected(view->core, AV_E_BUSY);
        /* The caller gets AV_E_BUSY; a warning per refused emit would flood the log. */
        av_core_logf(view->core, AV_LOG_DEBUG, "view %u: outbound queue full", view->id);
        return AV_E_BUSY;
    }
    if (!is_answer || !av_core_draining_here(view->core))
        av_signal_raise(&view->core->signal);
    return AV_OK;
}

/* Checks JSON about to be pasted into a page script. len 0 = null. */
static int check_json(av_view *view, const char *json, size_t len)
{
    if (len > view->core->cfg.max_message_bytes)
        return AV_E_PAYLOAD_TOO_LARGE;
    if (len && av_json_validate(json, len, NULL) != AV_OK)
        return AV_E_BAD_MESSAGE;
    return AV_OK;
}

static int check_event(av_view *view, const char *event, size_t event_len, const char *data, size_t data_len)
{
    if (!event || !event_len || event_len > AV_NAME_MAX || !av_utf8_valid(event, event_len))
        return AV_E_BAD_MESSAGE;
    return check_json(view, data, data_len);
}

/* Queues an emit record of event/data, both checked; answer: the call it
 * answers (queued as an answer, so it raises no wake inside a drain). */
static int queue_emit(av_view *view, const char *event, size_t event_len, const char *data, size_t data_len,
                      int answer)
{
    size_t token_len = av_json_escaped_len(event, event_len);
    av_msg *m = av_msg_new(AV_MSG_EMIT, view->id, NULL, 0, NULL, token_len, data, data_len);
    if (!m)
        return AV_E_NO_MEMORY;
    av_json_escape(event, event_len, (char *)m->name.ptr);
    return queue_out(view, m, answer);
}

int av_view_emit(av_view *view, const char *event, size_t event_len, const char *data, size_t data_len)
{
    int rc = check_event(view, event, event_len, data, data_len);
    if (rc == AV_OK)
        rc = queue_emit(view, event, event_len, data, data_len, 0);
    if (rc == AV_OK)
        atomic_fetch_add_explicit(&view->core->n.emitted, 1, memory_order_relaxed);
    return rc;
}

int av_view_eval(av_view *view, const char *script, size_t len)
{
    if (!script || !len)
        return AV_E_INVALID_ARG;
    if (len > view->core->cfg.max_message_bytes)
        return AV_E_PAYLOAD_TOO_LARGE;
    av_msg *m = av_msg_new(AV_MSG_EVAL, view->id, NULL, 0, NULL, 0, script, len);
    return m ? queue_out(view, m, 0) : AV_E_NO_MEMORY;
}

/* Takes id out of the pending table; an answer for anything but an active
 * call is dropped and counted. */
int av_view_call_cancelled(av_view *view, uint32_t generation, const char *id, size_t id_len)
{
    if (atomic_load_explicit(&view->closed, memory_order_acquire) || atomic_load(&view->generation) != generation)
        return 1;
    return av_pending_state_of(&view->pending, generation, id, id_len) == AV_PENDING_CANCELLED;
}

static int take_pending(av_view *view, const char *id, size_t id_len)
{
    if (av_pending_take(&view->pending, id, id_len) == AV_PENDING_ACTIVE)
        return AV_OK;
    atomic_fetch_add_explicit(&view->core->n.late_answers, 1, memory_order_relaxed);
    av_core_logf(view->core, AV_LOG_DEBUG, "view %u: answer for call %.*s dropped (cancelled or gone)",
                 view->id, (int)id_len, id);
    return AV_E_CANCELLED;
}

int av_view_resolve(av_view *view, const char *id, size_t id_len, const char *result, size_t result_len)
{
    if (!id || !id_len)
        return AV_E_INVALID_ARG;
    int rc = check_json(view, result, result_len);
    if (rc != AV_OK)
        return rc; /* still pending: the caller can answer again with an error */
    if ((rc = take_pending(view, id, id_len)) != AV_OK)
        return rc;
    av_msg *m = av_msg_new(AV_MSG_RESULT, view->id, id, id_len, NULL, 0, result, result_len);
    if (!m)
        return AV_E_NO_MEMORY;
    if ((rc = queue_out(view, m, 1)) == AV_OK)
        atomic_fetch_add_explicit(&view->core->n.answered, 1, memory_order_relaxed);
    return rc;
}

int av_view_resolve_as(av_view *view, const char *id, size_t id_len, const char *event, size_t event_len,
                       const char *data, size_t data_len)
{
    if (!id || !id_len)
        return AV_E_INVALID_ARG;
    int rc = check_event(view, event, event_len, data, data_len);
    if (rc != AV_OK)
        return rc;
    if ((rc = take_pending(view, id, id_len)) != AV_OK)
        return rc;
    if ((rc = queue_emit(view, event, event_len, data, data_len, 1)) == AV_OK)
        atomic_fetch_add_explicit(&view->core->n.answered, 1, memory_order_relaxed);
    return rc;
}

int av_view_reject(av_view *view, const char *id, size_t id_len, int code, const char *name,
                   const char *message, const char *data, size_t data_len)
{
    if (!id || !id_len)
        return AV_E_INVALID_ARG;
    int rc = take_pending(view, id, id_len);
    if (rc != AV_OK)
        return rc;
    return av_view_queue_fault(view, id, id_len, code, name, message, data, data_len);
}

/* Appends s (n bytes) at *p and advances it. */
static char *put(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

int av_view_queue_fault(av_view *view, const char *id, size_t id_len, int code, const char *name,
                        const char *message, const char *data, size_t data_len)
{
    const char *code_name = av_err_name(code);
    if (!name || !av_utf8_valid(name, strlen(name)))
        name = code_name;
    if (!message || !av_utf8_valid(message, strlen(message)))
        message = av_strerror(code);
    if (data_len && av_json_validate(data, data_len, NULL) != AV_OK)
        data_len = 0; /* a broken data field must not break the answer */
    size_t name_len = strlen(name), msg_len = strlen(message), code_len = strlen(code_name);

    /* {"name":N,"message":M,"code":"C"[,"data":D]} written straight into the record. */
    size_t len = sizeof "{\"name\":,\"message\":,\"code\":\"\"}" - 1 +
                 av_json_escaped_len(name, name_len) + av_json_escaped_len(message, msg_len) +
                 code_len + (data_len ? sizeof ",\"data\":" - 1 + data_len : 0);
    av_msg *m = av_msg_new(AV_MSG_FAULT, view->id, id, id_len, NULL, 0, NULL, len);
    if (!m)
        return AV_E_NO_MEMORY;
    char *p = (char *)m->payload.ptr;
    p = put(p, "{\"name\":", 8);
    p += av_json_escape(name, name_len, p);
    p = put(p, ",\"message\":", 11);
    p += av_json_escape(message, msg_len, p);
    p = put(p, ",\"code\":\"", 9);
    p = put(p, code_name, code_len);
    p = put(p, "\"", 1);
    if (data_len) {
        p = put(p, ",\"data\":", 8);
        p = put(p, data, data_len);
    }
    *p = '}';

    av_core_count_rejected(view->core, code);
    int rc = queue_out(view, m, 1);
    if (rc == AV_OK)
        atomic_fetch_add_explicit(&view->core->n.answered, 1, memory_order_relaxed);
    return rc;
}

