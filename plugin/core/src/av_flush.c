/* The flush: a view's outbound records (emits, answers, scripts) become
 * dispatch scripts for its page, in pieces of about script_bytes. */
#include "core_internal.h"

#include <stdlib.h>
#include <string.h>

#define RESULT_EVENT "\"__auroraview_call_result\""

/* The batch travels as JSON text inside a JS string literal, parsed by
 * JSON.parse: V8 parses JSON faster than it compiles the same object literal
 * (bench/transport: 570-712k against 317-394k events/s in batches of 1000). */
#define DISPATCH_OPEN "window.auroraview&&window.auroraview.__dispatch(JSON.parse('["
#define DISPATCH_CLOSE "]'));"

/* Makes room for n more script bytes. */
static int script_reserve(av_view *v, size_t n)
{
    if (v->script_len + n <= v->script_cap)
        return 1;
    size_t cap = v->script_cap ? v->script_cap : 4096;
    while (cap < v->script_len + n)
        cap *= 2;
    char *s = realloc(v->script, cap);
    if (!s)
        return 0;
    v->script = s;
    v->script_cap = cap;
    return 1;
}

static void script_put(av_view *v, const char *s, size_t n)
{
    memcpy(v->script + v->script_len, s, n);
    v->script_len += n;
}

/* Puts JSON text into the single-quoted literal: ' and \ are escaped, and
 * so are the CR and LF that JSON allows between tokens (a JS string literal
 * may not hold them raw). Writes at most 2n bytes. */
static void script_put_json(av_view *v, const char *s, size_t n)
{
    char *out = v->script + v->script_len;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c != '\'' && c != '\\' && c != '\n' && c != '\r')
            continue;
        memcpy(out, s + run, i - run);
        out += i - run;
        *out++ = '\\';
        *out++ = c == '\n' ? 'n' : c == '\r' ? 'r' : c;
        run = i + 1;
    }
    memcpy(out, s + run, n - run);
    out += n - run;
    v->script_len = (size_t)(out - v->script);
}

/* Bytes a record adds to the dispatch batch (a comma included), before
 * escaping. */
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

static void append_record(av_view *v, const av_msg *m, int first)
{
    if (!first)
        script_put(v, ",", 1);
    if (m->type == AV_MSG_EMIT) {
        script_put(v, "[", 1);
        script_put_json(v, m->name.ptr, m->name.len);
        script_put(v, ",", 1);
    } else {
        static const char head[] = "[" RESULT_EVENT ",{\"id\":";
        script_put(v, head, sizeof head - 1);
        script_put_json(v, m->id.ptr, m->id.len);
        if (m->type == AV_MSG_RESULT)
            script_put(v, ",\"ok\":true,\"result\":", 20);
        else
            script_put(v, ",\"ok\":false,\"error\":", 20);
    }
    if (m->payload.len)
        script_put_json(v, m->payload.ptr, m->payload.len);
    else
        script_put(v, "null", 4);
    script_put(v, m->type == AV_MSG_EMIT ? "]" : "}]", m->type == AV_MSG_EMIT ? 1 : 2);
}

static void deliver(av_view *v, const char *script, size_t len, uint64_t records)
{
    av_core *core = v->core;
    v->cfg.deliver(v->cfg.user, script, len);
    atomic_fetch_add_explicit(&core->n.flushes, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&core->n.delivered, records, memory_order_relaxed);
}

/* Closes the batch being built, if any, and hands it to the page. */
static void deliver_batch(av_view *v, uint64_t *batched, size_t *sent)
{
    if (!*batched)
        return;
    script_put(v, DISPATCH_CLOSE, sizeof DISPATCH_CLOSE - 1);
    deliver(v, v->script, v->script_len, *batched);
    *sent += v->script_len;
    v->script_len = 0;
    *batched = 0;
}

int av_view_flush(av_view *v)
{
    size_t limit = v->core->cfg.flush_bytes, sent = 0;
    uint64_t batched = 0;
    av_msg *m;

    v->script_len = 0;
    while (sent + v->script_len < limit && !atomic_load(&v->closed) &&
           (m = av_queue_pop(&v->outbound)) != NULL) {
        if (m->type == AV_MSG_EVAL) {
            /* Scripts run on their own, after what was queued before them. */
            deliver_batch(v, &batched, &sent);
            deliver(v, m->payload.ptr, m->payload.len, 1);
            sent += m->payload.len;
            av_msg_free(m);
            continue;
        }
        size_t need = 2 * record_len(m) + sizeof DISPATCH_OPEN + sizeof DISPATCH_CLOSE;
        if (!script_reserve(v, need)) {
            av_core_count_rejected(v->core, AV_E_NO_MEMORY);
            av_core_logf(v->core, AV_LOG_ERROR, "view %u: out of memory building a %zu-byte script",
                         v->id, v->script_len + need);
            av_msg_free(m);
            continue;
        }
        if (!batched)
            script_put(v, DISPATCH_OPEN, sizeof DISPATCH_OPEN - 1);
        append_record(v, m, batched == 0);
        batched++;
        av_msg_free(m);
        if (v->script_len >= v->core->cfg.script_bytes)
            deliver_batch(v, &batched, &sent);
    }
    deliver_batch(v, &batched, &sent);
    return av_queue_count(&v->outbound) > 0 && !atomic_load(&v->closed);
}
