/* The page's way in: av_view_receive checks the sender's origin, splits the
 * transport message into envelopes and queues them on the view. A call
 * enters the view's pending table here, and a cancel is applied here rather
 * than queued: a handler that is running (spinning the main loop) sees the
 * cancel of its call, and a call still queued behind it does not run. */
#include "core_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int av_view_origin_allowed(av_view *view, const char *origin)
{
    pthread_mutex_lock(&view->origins_lock);
    int ok = view->allow_any_origin;
    for (size_t i = 0; !ok && origin && i < view->origin_count; i++)
        ok = strcmp(view->origins[i], origin) == 0;
    pthread_mutex_unlock(&view->origins_lock);
    return ok;
}

/* State of one av_view_receive, passed to the envelope callback. */
typedef struct receive_ctx {
    av_view *view;
    uint32_t generation;
    int first_error;
    size_t queued;
    size_t applied; /* cancels applied at once (received, not queued) */
    size_t busy; /* envelopes refused for a full queue: logged once per receive */
    size_t logged; /* refusals logged one by one */
    size_t unlogged[AV_ERR_COUNT]; /* refusals past LOGGED_MAX, by code: logged once, summed */
    av_leaves *leaves; /* a joined message's big values, for its first call or event */
} receive_ctx;

/* Refusals of one message logged a line each; past this they are summed in
 * one line. A batch of 100k malformed envelopes logged 100k warnings, which
 * held the host's main thread for 0.7 s (tests/python/test_attacks.py). Each
 * is still counted in stats()["rejected"] and answered when it can be. */
#define LOGGED_MAX 8

/* Refuses one envelope: answers it when it is a call with a readable id,
 * otherwise counts and logs it. */
static void refuse(receive_ctx *rx, const av_envelope *env, int code, const char *why)
{
    av_view *view = rx->view;
    if (rx->first_error == AV_OK)
        rx->first_error = code;
    if (code == AV_E_BUSY)
        rx->busy++; /* a flood would otherwise log a line per envelope */
    else if (rx->logged >= LOGGED_MAX)
        rx->unlogged[av_err_index(code)]++;
    else {
        rx->logged++;
        av_core_logf(view->core, AV_LOG_WARN, "view %u: %s %s at byte %zu: %s", view->id, av_err_name(code),
                     av_msg_type_name(env->type), env->offset, why);
    }
    if (env->id.len && (env->type == AV_MSG_CALL || env->type == AV_MSG_NONE || av_msg_is_piece(env->type)))
        av_view_queue_fault(view, env->id.ptr, env->id.len, code, NULL, why, NULL, 0);
    else
        av_core_count_rejected(view->core, code);
}

static void on_envelope(void *user, const av_envelope *env);

/* An envelope of a message that came in pieces: anything but a piece. */
static void on_joined_envelope(void *user, const av_envelope *env)
{
    if (env->error == AV_OK && av_msg_is_piece(env->type)) {
        av_envelope inner = *env;
        inner.error = AV_E_BAD_MESSAGE;
        inner.where.reason = "a piece inside a message sent in pieces";
        on_envelope(user, &inner);
        return;
    }
    on_envelope(user, env);
}

/* A piece joins its message; the last one's message is then read as if it
 * had come whole (positions in its refusals are within it). */
static void on_piece(receive_ctx *rx, const av_envelope *env)
{
    av_view *view = rx->view;
    char *whole;
    size_t len;
    const char *why;
    av_leaves *leaves;
    int rc = av_pieces_add(&view->pieces, env, view->core->cfg.max_message_bytes, &view->core->cfg.leaves, &whole,
                           &len, &leaves, &why);
    if (rc != AV_OK) {
        refuse(rx, env, rc, why);
        return;
    }
    if (!whole)
        return;
    av_json_error where = {0, NULL};
    rx->leaves = leaves;
    if (av_envelope_parse(whole, len, on_joined_envelope, rx, &where) != AV_OK) {
        av_envelope bad = *env;
        bad.error = AV_E_BAD_MESSAGE;
        bad.where = where;
        refuse(rx, &bad, AV_E_BAD_MESSAGE, "a message sent in pieces is not JSON");
    }
    av_leaves_free(rx->leaves); /* no call or event took them */
    rx->leaves = NULL;
    free(whole);
}

/* A leaf's part, posted raw (">" id " " part; docs/protocol.md, "Big values
 * in pieces"): not JSON, so Qt's WebChannel takes it in without the escapes
 * that send a post down its slow path, and the part is copied as it is. The
 * id is a run's id without quotes: digits are a number, else a string. */
static void on_raw_part(receive_ctx *rx, const char *text, size_t len)
{
    char token[AV_ID_MAX];
    size_t n = 0, at = 1;
    int digits = 1;
    for (; at < len && text[at] != ' '; at++) {
        char c = text[at];
        int word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!word || n + 3 > sizeof token)
            break;
        digits &= c >= '0' && c <= '9';
        token[1 + n++] = c;
    }
    av_envelope env = {.type = AV_MSG_LEAF_DATA, .size = len};
    /* A number is written as JSON writes it (no leading zero): the id is
     * echoed into answers, which the page parses as JSON. */
    if (n == 0 || at >= len || text[at] != ' ' || (digits && (n > 16 || (n > 1 && token[1] == '0')))) {
        env.error = AV_E_BAD_MESSAGE;
        env.where.reason = "a raw post must be \">\" id \" \" part, the id a number or letters, digits and _";
        refuse(rx, &env, AV_E_BAD_MESSAGE, env.where.reason);
        return;
    }
    env.id.ptr = digits ? token + 1 : token;
    env.id.len = digits ? n : n + 2;
    token[0] = token[n + 1] = '"';
    env.payload.ptr = text + at + 1;
    env.payload.len = len - at - 1;
    on_piece(rx, &env);
}

/* The page gave up on a call. One still queued leaves the pending table and
 * will not run (counted cancelled now); one running is marked, for its
 * handler to see and its late answer to be dropped; none is normal (its
 * answer went out before the page gave up). One still arriving in pieces
 * is dropped with what it holds (the bridge sends no more of it). */
static void on_cancel(receive_ctx *rx, const av_envelope *env)
{
    av_view *view = rx->view;
    rx->applied++;
    if (av_pieces_cancel(&view->pieces, &env->id)) {
        av_core_count_rejected(view->core, AV_E_CANCELLED);
        av_core_logf(view->core, AV_LOG_DEBUG, "view %u: cancel for call %.*s: dropped while it came in pieces",
                     view->id, (int)env->id.len, env->id.ptr);
        return;
    }
    av_pending_state was = av_pending_cancel(&view->pending, rx->generation, env->id.ptr, env->id.len);
    if (was == AV_PENDING_QUEUED)
        av_core_count_rejected(view->core, AV_E_CANCELLED);
    av_core_logf(view->core, AV_LOG_DEBUG, "view %u: cancel for call %.*s: %s", view->id, (int)env->id.len,
                 env->id.ptr,
                 was == AV_PENDING_QUEUED   ? "it was queued and will not run"
                 : was == AV_PENDING_ACTIVE ? "its handler runs; its answer will be dropped"
                                            : "not pending, nothing to do");
}

/* A call enters the pending table before it is queued, so a cancel right
 * behind it finds it. 0 when it may be queued; otherwise it was refused. */
static int enter_call(receive_ctx *rx, const av_envelope *env)
{
    av_view *view = rx->view;
    int rc = av_pending_add(&view->pending, rx->generation, env->id.ptr, env->id.len);
    if (rc == AV_OK)
        return 0;
    if (rc == AV_E_CANCELLED) {
        /* Its page was replaced while this message was read: the bridge
         * rejected the call as that page went. */
        av_core_count_rejected(view->core, AV_E_CANCELLED);
        av_core_logf(view->core, AV_LOG_DEBUG, "view %u: call from a replaced page dropped", view->id);
    } else if (rc == AV_E_DUPLICATE) {
        refuse(rx, env, AV_E_BAD_MESSAGE, "a call with this id is already pending");
    } else {
        refuse(rx, env, AV_E_BUSY, "out of memory");
    }
    return -1;
}

static void on_envelope(void *user, const av_envelope *env)
{
    receive_ctx *rx = user;
    av_view *view = rx->view;
    if (env->error != AV_OK) {
        refuse(rx, env, env->error, env->where.reason);
        return;
    }
    if (av_msg_is_piece(env->type)) {
        on_piece(rx, env);
        return;
    }
    if (env->type == AV_MSG_TOO_LARGE) {
        /* The page's transport refused a post for its length and says so:
         * counted and logged here, so no refusal goes unseen by the host. */
        size_t shown = env->payload.len;
        if (shown > 120) { /* cut on a character boundary: the log takes UTF-8 */
            shown = 120;
            while (shown && ((unsigned char)env->payload.ptr[shown] & 0xC0) == 0x80)
                shown--;
        }
        char why[200];
        snprintf(why, sizeof why, "a post refused in the page by its transport: %.*s", (int)shown,
                 shown ? env->payload.ptr : "(no detail)");
        refuse(rx, env, AV_E_PAYLOAD_TOO_LARGE, why);
        return;
    }
    if (env->size > view->core->cfg.max_message_bytes) {
        refuse(rx, env, AV_E_PAYLOAD_TOO_LARGE, "message above the byte limit");
        return;
    }
    if (env->type == AV_MSG_CANCEL) {
        on_cancel(rx, env);
        return;
    }
    av_msg *m = av_msg_from_envelope(env, view->id);
    if (!m) {
        refuse(rx, env, AV_E_BUSY, "out of memory");
        return;
    }
    m->generation = rx->generation;
    int is_call = env->type == AV_MSG_CALL;
    if (is_call && enter_call(rx, env) != 0) {
        av_msg_free(m);
        return;
    }
    if (rx->leaves && (m->type == AV_MSG_CALL || m->type == AV_MSG_EVENT)) {
        m->leaves = rx->leaves;
        rx->leaves = NULL;
    }
    if (av_queue_push(&view->inbound, m) != AV_OK) {
        av_msg_free(m);
        if (is_call) /* out of the table again: it never ran */
            av_pending_cancel(&view->pending, rx->generation, env->id.ptr, env->id.len);
        refuse(rx, env, AV_E_BUSY, "inbound queue full");
        return;
    }
    rx->queued++;
}

/* Raises *counter to value if it is lower. */
static void raise_to(_Atomic uint64_t *counter, uint64_t value)
{
    uint64_t seen = atomic_load_explicit(counter, memory_order_relaxed);
    while (seen < value &&
           !atomic_compare_exchange_weak_explicit(counter, &seen, value, memory_order_relaxed, memory_order_relaxed))
        ;
}

int av_view_receive(av_view *view, const char *origin, const char *text, size_t len)
{
    av_core *core = view->core;
    if (atomic_load_explicit(&view->closed, memory_order_acquire)) {
        av_core_count_rejected(core, AV_E_CLOSED);
        av_core_logf(core, AV_LOG_DEBUG, "message for closed view %u dropped", view->id);
        return AV_E_CLOSED;
    }
    if (!av_view_origin_allowed(view, origin)) {
        av_core_count_rejected(core, AV_E_FORBIDDEN_ORIGIN);
        av_core_logf(core, AV_LOG_WARN, "view %u: message from origin '%s' refused", view->id,
                     origin ? origin : "(none)");
        return AV_E_FORBIDDEN_ORIGIN;
    }
    receive_ctx rx = {view, atomic_load(&view->generation), AV_OK, 0, 0, 0, 0, {0}, NULL};
    /* A page of an allowed origin has spoken: its bridge is installed, and
     * what is queued for it may go (av_view_flush). */
    if (atomic_exchange(&view->live_generation, rx.generation) != rx.generation)
        av_signal_raise(&core->signal);
    av_json_error where = {0, NULL};
    int rc = AV_OK;
    if (len && text[0] == '>')
        on_raw_part(&rx, text, len);
    else
        rc = av_envelope_parse(text, len, on_envelope, &rx, &where);
    if (rc != AV_OK) {
        av_core_count_rejected(core, rc);
        av_core_logf(core, AV_LOG_WARN, "view %u: BAD_MESSAGE at byte %zu: %s", view->id, where.pos,
                     where.reason);
        if (rx.first_error == AV_OK)
            rx.first_error = rc;
    }
    if (rx.busy)
        av_core_logf(core, AV_LOG_WARN, "view %u: BUSY: %zu envelopes refused (inbound queue full)", view->id,
                     rx.busy);
    for (int i = 0; i < AV_ERR_COUNT; i++)
        if (rx.unlogged[i])
            av_core_logf(core, AV_LOG_WARN, "view %u: %s: %zu more envelopes of this message refused "
                         "(the first %d were logged one by one)", view->id, av_err_name(av_err_at(i)),
                         rx.unlogged[i], LOGGED_MAX);
    if (rx.applied)
        atomic_fetch_add_explicit(&core->n.received, rx.applied, memory_order_relaxed);
    if (rx.queued) {
        atomic_fetch_add_explicit(&core->n.received, rx.queued, memory_order_relaxed);
        raise_to(&core->n.inbound_high_water,
                 atomic_load_explicit(&view->inbound.high_water, memory_order_relaxed));
        raise_to(&core->n.inbound_high_water_bytes,
                 atomic_load_explicit(&view->inbound.high_water_bytes, memory_order_relaxed));
        av_signal_raise(&core->signal);
    }
    /* Refused calls were answered through av_view_queue_fault, which asks
     * for the drain that delivers them. */
    return rx.first_error;
}
