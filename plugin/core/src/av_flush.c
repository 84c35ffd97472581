/* The flush: a view's outbound records (emits and answers) become batches
 * for its page, JSON arrays of [event, data] pairs of about batch_bytes;
 * eval scripts go on their own, in order with them. */
#include "core_internal.h"

#include <stdlib.h>
#include <string.h>

#define RESULT_EVENT "\"__auroraview_call_result\""

/* Makes room for n more batch bytes. */
static int batch_reserve(av_view *v, size_t n)
{
    if (v->batch_len + n <= v->batch_cap)
        return 1;
    size_t cap = v->batch_cap ? v->batch_cap : 4096;
    while (cap < v->batch_len + n)
        cap *= 2;
    char *s = realloc(v->batch, cap);
    if (!s)
        return 0;
    v->batch = s;
    v->batch_cap = cap;
    return 1;
}

static void batch_put(av_view *v, const char *s, size_t n)
{
    memcpy(v->batch + v->batch_len, s, n);
    v->batch_len += n;
}

/* Bytes a record adds to the batch, its comma included. */
static size_t record_len(const av_msg *m)
{
    size_t payload = m->payload.len ? m->payload.len : 4; /* null */
    switch (m->type) {
    case AV_MSG_EMIT:
        return 4 + m->name.len + payload;
    case AV_MSG_RESULT:
        return sizeof "[" RESULT_EVENT ",{\"id\":,\"ok\":true,\"result\":}]," + m->id.len + payload;
    default: /* AV_MSG_FAULT */
        return sizeof "[" RESULT_EVENT ",{\"id\":,\"ok\":false,\"error\":}]," + m->id.len + payload;
    }
}

/* Appends one [event, data] pair: the record's bytes are valid JSON already
 * (checked when queued), so they are copied, never re-encoded. */
static void append_record(av_view *v, const av_msg *m, int first)
{
    if (!first)
        batch_put(v, ",", 1);
    if (m->type == AV_MSG_EMIT) {
        batch_put(v, "[", 1);
        batch_put(v, m->name.ptr, m->name.len);
        batch_put(v, ",", 1);
    } else {
        static const char head[] = "[" RESULT_EVENT ",{\"id\":";
        batch_put(v, head, sizeof head - 1);
        batch_put(v, m->id.ptr, m->id.len);
        if (m->type == AV_MSG_RESULT)
            batch_put(v, ",\"ok\":true,\"result\":", 20);
        else
            batch_put(v, ",\"ok\":false,\"error\":", 20);
    }
    if (m->payload.len)
        batch_put(v, m->payload.ptr, m->payload.len);
    else
        batch_put(v, "null", 4);
    batch_put(v, m->type == AV_MSG_EMIT ? "]" : "}]", m->type == AV_MSG_EMIT ? 1 : 2);
}

static void deliver(av_view *v, av_delivery kind, const char *text, size_t len, uint64_t records)
{
    av_core *core = v->core;
    v->cfg.deliver(v->cfg.user, kind, text, len);
    atomic_fetch_add_explicit(&core->n.flushes, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&core->n.delivered, records, memory_order_relaxed);
}

/* Closes the batch being built, if any, and hands it to the page. */
static void deliver_batch(av_view *v, uint64_t *batched, size_t *sent)
{
    if (!*batched)
        return;
    batch_put(v, "]", 1);
    deliver(v, AV_DELIVER_BATCH, v->batch, v->batch_len, *batched);
    *sent += v->batch_len;
    v->batch_len = 0;
    *batched = 0;
}

int av_view_flush(av_view *v)
{
    size_t limit = v->core->cfg.flush_bytes, sent = 0;
    uint64_t batched = 0, stale = 0;
    uint32_t generation = atomic_load(&v->generation);
    av_msg *m;

    /* Until its page has spoken, everything stays queued for it (bounded by
     * the queue: emitters hear BUSY); its first message asks for a drain. */
    if (atomic_load(&v->live_generation) != generation)
        return 0;
    v->batch_len = 0;
    while (sent + v->batch_len < limit && !atomic_load(&v->closed) &&
           (m = av_queue_pop(&v->outbound)) != NULL) {
        if (m->generation != generation) {
            /* Queued by another thread for the page before, as it went. */
            stale++;
            av_msg_free(m);
            continue;
        }
        if (m->type == AV_MSG_EVAL) {
            /* Scripts run on their own, after what was queued before them. */
            deliver_batch(v, &batched, &sent);
            deliver(v, AV_DELIVER_SCRIPT, m->payload.ptr, m->payload.len, 1);
            sent += m->payload.len;
            av_msg_free(m);
            continue;
        }
        size_t need = record_len(m) + 2; /* the brackets */
        if (!batch_reserve(v, need)) {
            av_core_count_rejected(v->core, AV_E_NO_MEMORY);
            av_core_logf(v->core, AV_LOG_ERROR, "view %u: out of memory building a %zu-byte batch",
                         v->id, v->batch_len + need);
            av_msg_free(m);
            continue;
        }
        if (!batched)
            batch_put(v, "[", 1);
        append_record(v, m, batched == 0);
        batched++;
        av_msg_free(m);
        if (v->batch_len >= v->core->cfg.batch_bytes)
            deliver_batch(v, &batched, &sent);
    }
    deliver_batch(v, &batched, &sent);
    if (stale) {
        atomic_fetch_add_explicit(&v->core->n.dropped, stale, memory_order_relaxed);
        av_core_logf(v->core, AV_LOG_WARN, "view %u: %llu records for a page that was replaced dropped undelivered",
                     v->id, (unsigned long long)stale);
    }
    return av_queue_count(&v->outbound) > 0 && !atomic_load(&v->closed);
}
