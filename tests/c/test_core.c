/* The core end to end, without Qt or Python: page text in, handlers run by
 * the drain, answers and emits out as dispatch scripts, per view per drain. */
#define _GNU_SOURCE /* memmem */
#include "auroraview/av_core.h"

#include "av_test.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

/* What the fake host saw: scripts delivered, wakes requested, logs. */
typedef struct host {
    char *scripts[64];
    int script_count;
    atomic_int wakes;
    int begins, ends, in_drain;
    atomic_int warnings; /* the log hook runs on any thread */
    int ready;
    char ready_url[64];
} host;

static void host_wake(void *user)
{
    atomic_fetch_add(&((host *)user)->wakes, 1);
}

static void host_begin(void *user)
{
    host *h = user;
    h->begins++;
    h->in_drain = 1;
}

static void host_end(void *user)
{
    host *h = user;
    h->ends++;
    h->in_drain = 0;
}

static void host_log(void *user, av_log_level level, const char *message)
{
    (void)message;
    if (level >= AV_LOG_WARN)
        atomic_fetch_add(&((host *)user)->warnings, 1);
}

static void host_deliver(void *user, const char *script, size_t len)
{
    host *h = user;
    if (h->script_count < 64)
        h->scripts[h->script_count++] = strndup(script, len);
}

static void host_ready(void *user, av_view *view, const char *url)
{
    host *h = user;
    (void)view;
    h->ready++;
    snprintf(h->ready_url, sizeof h->ready_url, "%s", url);
}

static void host_clear(host *h)
{
    for (int i = 0; i < h->script_count; i++)
        free(h->scripts[i]);
    h->script_count = 0;
}

typedef struct fixture {
    host h;
    av_core *core;
    av_view *view;
} fixture;

static void setup(fixture *f, av_core_config cfg)
{
    memset(&f->h, 0, sizeof f->h);
    cfg.wake = host_wake;
    cfg.drain_begin = host_begin;
    cfg.drain_end = host_end;
    cfg.log = host_log;
    cfg.log_level = AV_LOG_DEBUG;
    cfg.user = &f->h;
    REQUIRE(av_core_new(&cfg, &f->core) == AV_OK);
    av_view_config vc = {host_deliver, host_ready, &f->h};
    REQUIRE(av_view_new(f->core, &vc, &f->view) == AV_OK);
    REQUIRE(av_view_allow_origin(f->view, "https://tool.local") == AV_OK);
}

static void teardown(fixture *f)
{
    av_view_close(f->view);
    av_view_unref(f->view);
    av_core_free(f->core);
    host_clear(&f->h);
}

static int receive(fixture *f, const char *text)
{
    return av_core_receive(f->core, av_view_id(f->view), "https://tool.local", text, strlen(text));
}

/* A method that answers {"ok":true,"echo":<params>} at once. */
static void echo_method(void *ctx, void *data)
{
    av_request *req = ctx;
    host *h = data;
    char buf[256];
    CHECK(h->in_drain); /* handlers run between drain_begin and drain_end */
    int n = snprintf(buf, sizeof buf, "{\"ok\":true,\"echo\":%s}",
                     req->msg->payload.len ? req->msg->payload.ptr : "null");
    CHECK_EQ_INT(av_view_resolve(req->view, req->msg->id.ptr, req->msg->id.len, buf, (size_t)n), AV_OK);
}

static int g_events_seen; /* counts event handler calls in this test file */
static char g_last_detail[128];

static void on_export(void *ctx, void *data)
{
    av_request *req = ctx;
    (void)data;
    g_events_seen++;
    snprintf(g_last_detail, sizeof g_last_detail, "%s", req->msg->payload.ptr);
}

static void test_call_and_event_round_trip(void)
{
    fixture f;
    setup(&f, (av_core_config){0});
    REQUIRE(av_core_bind(f.core, "api.rename_object", echo_method, &f.h, NULL) == AV_OK);
    REQUIRE(av_core_on(f.core, "export_scene", on_export, NULL, NULL) == AV_OK);
    g_events_seen = 0;

    CHECK_EQ_INT(receive(&f, "[{\"type\":\"call\",\"id\":1,\"method\":\"api.rename_object\","
                             "\"params\":{\"old_name\":\"a\",\"new_name\":\"b\"}},"
                             "{\"type\":\"event\",\"event\":\"export_scene\",\"detail\":{\"path\":\"/x\"}}]"),
                 AV_OK);
    CHECK_EQ_INT(atomic_load(&f.h.wakes), 1);
    CHECK_EQ_INT(av_core_drain(f.core), 2);
    CHECK_EQ_INT(f.h.begins, 1); /* one bracket (one GIL take) per drain */
    CHECK_EQ_INT(f.h.ends, 1);
    CHECK_EQ_INT(g_events_seen, 1);
    CHECK(strcmp(g_last_detail, "{\"path\":\"/x\"}") == 0);
    REQUIRE(f.h.script_count == 1);
    CHECK(strcmp(f.h.scripts[0],
                 "window.auroraview&&window.auroraview.__dispatch(JSON.parse('[[\"__auroraview_call_result\","
                 "{\"id\":1,\"ok\":true,\"result\":{\"ok\":true,\"echo\":{\"old_name\":\"a\","
                 "\"new_name\":\"b\"}}}]]'));") == 0);

    av_stats st;
    av_core_stats(f.core, &st);
    CHECK_EQ_INT(st.received, 2);
    CHECK_EQ_INT(st.handled, 2);
    CHECK_EQ_INT(st.answered, 1);
    CHECK_EQ_INT(st.delivered, 1);
    CHECK_EQ_INT(st.flushes, 1);
    CHECK_EQ_INT(st.inbound_high_water, 2);
    teardown(&f);
}

static void test_method_not_found_at_once(void)
{
    fixture f;
    setup(&f, (av_core_config){0});
    receive(&f, "{\"type\":\"call\",\"id\":\"q\",\"method\":\"api.nope\"}");
    av_core_drain(f.core);
    REQUIRE(f.h.script_count == 1);
    CHECK(strstr(f.h.scripts[0], "{\"id\":\"q\",\"ok\":false,\"error\":{\"name\":\"METHOD_NOT_FOUND\","
                                 "\"message\":\"no method named \\'api.nope\\'\",\"code\":\"METHOD_NOT_FOUND\"}}") != NULL);
    av_stats st;
    av_core_stats(f.core, &st);
    CHECK_EQ_INT(st.rejected[av_err_index(AV_E_METHOD_NOT_FOUND)], 1);
    teardown(&f);
}

static void test_bad_envelopes_answered_or_counted(void)
{
    fixture f;
    setup(&f, (av_core_config){0});
    /* A call missing its method is answered BAD_MESSAGE by id; a broken
     * event cannot be answered and is counted; the good event still goes. */
    REQUIRE(av_core_on(f.core, "export_scene", on_export, NULL, NULL) == AV_OK);
    g_events_seen = 0;
    CHECK_EQ_INT(receive(&f, "[{\"type\":\"call\",\"id\":5},{\"type\":\"event\",\"event\":3},"
                             "{\"type\":\"event\",\"event\":\"export_scene\"}]"),
                 AV_E_BAD_MESSAGE);
    CHECK_EQ_INT(receive(&f, "{not json"), AV_E_BAD_MESSAGE);
    av_core_drain(f.core);
    CHECK_EQ_INT(g_events_seen, 1);
    REQUIRE(f.h.script_count == 1);
    CHECK(strstr(f.h.scripts[0], "{\"id\":5,\"ok\":false,\"error\":{\"name\":\"BAD_MESSAGE\",\"message\":\"missing \\\\\"method\\\\\"\",\"code\":\"BAD_MESSAGE\"}}") != NULL);
    av_stats st;
    av_core_stats(f.core, &st);
    CHECK_EQ_INT(st.rejected[av_err_index(AV_E_BAD_MESSAGE)], 3);
    CHECK(atomic_load(&f.h.warnings) >= 3);
    teardown(&f);
}

static void test_busy_and_too_large(void)
{
    fixture f;
    setup(&f, (av_core_config){.inbound_capacity = 2, .max_message_bytes = 100});
    REQUIRE(av_core_bind(f.core, "m", echo_method, &f.h, NULL) == AV_OK);
    /* Capacity 2 rounds up to a 4-slot ring: 3 fit, the rest are BUSY. */
    CHECK_EQ_INT(receive(&f, "[{\"type\":\"call\",\"id\":1,\"method\":\"m\"},{\"type\":\"call\",\"id\":2,\"method\":\"m\"},"
                             "{\"type\":\"call\",\"id\":3,\"method\":\"m\"},{\"type\":\"call\",\"id\":4,\"method\":\"m\"},"
                             "{\"type\":\"call\",\"id\":5,\"method\":\"m\",\"params\":\"" 
                             "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}]"),
                 AV_E_BUSY);
    av_core_drain(f.core);
    REQUIRE(f.h.script_count == 1);
    const char *s = f.h.scripts[0];
    CHECK(strstr(s, "{\"id\":1,\"ok\":true") && strstr(s, "{\"id\":2,\"ok\":true") && strstr(s, "{\"id\":3,\"ok\":true"));
    CHECK(strstr(s, "{\"id\":4,\"ok\":false,\"error\":{\"name\":\"BUSY\""));
    CHECK(strstr(s, "{\"id\":5,\"ok\":false,\"error\":{\"name\":\"PAYLOAD_TOO_LARGE\""));
    av_stats st;
    av_core_stats(f.core, &st);
    CHECK_EQ_INT(st.rejected[av_err_index(AV_E_BUSY)], 1);
    CHECK_EQ_INT(st.rejected[av_err_index(AV_E_PAYLOAD_TOO_LARGE)], 1);
    teardown(&f);
}

static void test_origin_refused(void)
{
    fixture f;
    setup(&f, (av_core_config){0});
    const char *t = "{\"type\":\"event\",\"event\":\"x\"}";
    CHECK_EQ_INT(av_core_receive(f.core, av_view_id(f.view), "https://evil.example", t, strlen(t)),
                 AV_E_FORBIDDEN_ORIGIN);
    CHECK_EQ_INT(av_core_receive(f.core, av_view_id(f.view), NULL, t, strlen(t)), AV_E_FORBIDDEN_ORIGIN);
    CHECK_EQ_INT(av_core_receive(f.core, 9999, "https://tool.local", t, strlen(t)), AV_E_CLOSED);
    av_stats st;
    av_core_stats(f.core, &st);
    CHECK_EQ_INT(st.rejected[av_err_index(AV_E_FORBIDDEN_ORIGIN)], 2);
    CHECK_EQ_INT(st.received, 0);
    CHECK_EQ_INT(atomic_load(&f.h.wakes), 0);
    teardown(&f);
}

/* Remembers the call instead of answering. */
static char g_held_id[32];
static size_t g_held_len;

static void hold_method(void *ctx, void *data)
{
    av_request *req = ctx;
    (void)data;
    memcpy(g_held_id, req->msg->id.ptr, req->msg->id.len);
    g_held_len = req->msg->id.len;
}

static void test_reset_and_cancel_drop_late_answers(void)
{
    fixture f;
    setup(&f, (av_core_config){0});
    REQUIRE(av_core_bind(f.core, "hold", hold_method, NULL, NULL) == AV_OK);
    receive(&f, "{\"type\":\"call\",\"id\":1,\"method\":\"hold\"}");
    av_core_drain(f.core);
    CHECK_EQ_INT(av_view_reset(f.view), 1);
    CHECK_EQ_INT(av_view_resolve(f.view, g_held_id, g_held_len, "1", 1), AV_E_CANCELLED);

    /* A call queued by the old page is not handled after the reset. */
    receive(&f, "{\"type\":\"call\",\"id\":2,\"method\":\"hold\"}");
    av_view_reset(f.view);
    g_held_len = 0;
    av_core_drain(f.core);
    CHECK_EQ_INT(g_held_len, 0);

    /* The page cancels (timeout): the late answer is dropped. */
    receive(&f, "[{\"type\":\"call\",\"id\":3,\"method\":\"hold\"},{\"type\":\"cancel\",\"id\":3}]");
    av_core_drain(f.core);
    CHECK_EQ_INT(av_view_resolve(f.view, "3", 1, "null", 4), AV_E_CANCELLED);
    /* A duplicate id while the first is pending is refused. */
    receive(&f, "{\"type\":\"call\",\"id\":4,\"method\":\"hold\"}");
    receive(&f, "{\"type\":\"call\",\"id\":4,\"method\":\"hold\"}");
    host_clear(&f.h);
    av_core_drain(f.core);
    REQUIRE(f.h.script_count == 1);
    CHECK(strstr(f.h.scripts[0], "already pending") != NULL);

    av_stats st;
    av_core_stats(f.core, &st);
    CHECK_EQ_INT(st.late_answers, 2);
    /* Call 1 cancelled by the reset, call 2 dropped as stale; call 3 was
     * cancelled by the page itself, which is not a refusal. */
    CHECK_EQ_INT(st.rejected[av_err_index(AV_E_CANCELLED)], 2);
    teardown(&f);
}

static void test_ready_emit_eval_order(void)
{
    fixture f;
    setup(&f, (av_core_config){0});
    receive(&f, "{\"type\":\"ready\",\"url\":\"https://tool.local/x\"}");
    CHECK_EQ_INT(av_view_emit(f.view, "a", 1, "{\"n\":1}", 7), AV_OK);
    CHECK_EQ_INT(av_view_emit(f.view, "b\"q", 3, NULL, 0), AV_OK);
    CHECK_EQ_INT(av_view_eval(f.view, "go()", 4), AV_OK);
    /* JSON may hold ' and raw newlines between tokens: escaped for the literal. */
    CHECK_EQ_INT(av_view_emit(f.view, "c", 1, "[1,\n\"it's\"]", 11), AV_OK);
    CHECK_EQ_INT(av_view_emit(f.view, "d", 1, "{bad", 4), AV_E_BAD_MESSAGE);
    CHECK_EQ_INT(av_view_emit(f.view, "\xff", 1, "1", 1), AV_E_BAD_MESSAGE);
    av_core_drain(f.core);
    CHECK_EQ_INT(f.h.ready, 1);
    CHECK(strcmp(f.h.ready_url, "https://tool.local/x") == 0);
    REQUIRE(f.h.script_count == 3);
    CHECK(strcmp(f.h.scripts[0], "window.auroraview&&window.auroraview.__dispatch(JSON.parse("
                                 "'[[\"a\",{\"n\":1}],[\"b\\\\\"q\",null]]'));") == 0);
    CHECK(strcmp(f.h.scripts[1], "go()") == 0);
    CHECK(strcmp(f.h.scripts[2], "window.auroraview&&window.auroraview.__dispatch(JSON.parse("
                                 "'[[\"c\",[1,\\n\"it\\'s\"]]]'));") == 0);

    av_view_close(f.view);
    CHECK_EQ_INT(av_view_emit(f.view, "a", 1, "1", 1), AV_E_CLOSED);
    teardown(&f);
}

/* A backlog leaves as several whole dispatch scripts of about script_bytes,
 * in order, and a drain stops sending at flush_bytes; the next drain goes on. */
static void test_flush_splits_scripts_and_stops_at_its_limit(void)
{
    fixture f;
    setup(&f, (av_core_config){.script_bytes = 100, .flush_bytes = 400});
    char detail[16];
    for (int i = 0; i < 40; i++) {
        int n = snprintf(detail, sizeof detail, "%d", i);
        REQUIRE(av_view_emit(f.view, "tick", 4, detail, (size_t)n) == AV_OK);
    }
    int next = 0, drains = 0;
    while (next < 40 && drains < 40) {
        host_clear(&f.h);
        av_core_drain(f.core);
        drains++;
        size_t sent = 0;
        for (int s = 0; s < f.h.script_count; s++) {
            const char *script = f.h.scripts[s];
            size_t len = strlen(script);
            /* Each one complete: the dispatch call, closed. */
            static const char open[] = "window.auroraview&&window.auroraview.__dispatch(JSON.parse('[";
            CHECK(strncmp(script, open, sizeof open - 1) == 0);
            CHECK(strcmp(script + len - 5, "]'));") == 0);
            CHECK(len < 100 + 100); /* closed at the first record past script_bytes */
            sent += len;
            for (const char *p = script; (p = strstr(p, "[\"tick\",")) != NULL; p++)
                CHECK_EQ_INT(atoi(p + 8), next++);
        }
        CHECK(sent < 400 + 200); /* stopped at the first script past flush_bytes */
        CHECK(f.h.script_count >= 1);
    }
    CHECK_EQ_INT(next, 40);
    CHECK(drains >= 2); /* 40 records did not fit one drain's flush_bytes */
    teardown(&f);
}

/* A handler that takes a millisecond: the drain must stop at its budget. */
static void slow_event(void *ctx, void *data)
{
    (void)ctx;
    (void)data;
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
    g_events_seen++;
}

static void test_drain_budget_leaves_the_rest(void)
{
    fixture f;
    setup(&f, (av_core_config){.drain_budget_ns = 3000000});
    REQUIRE(av_core_on(f.core, "slow", slow_event, NULL, NULL) == AV_OK);
    g_events_seen = 0;
    for (int i = 0; i < 40; i++)
        receive(&f, "{\"type\":\"event\",\"event\":\"slow\"}");
    CHECK_EQ_INT(atomic_load(&f.h.wakes), 1); /* coalesced: 40 receives, one wake */
    size_t first = av_core_drain(f.core);
    CHECK(first >= 1 && first <= 4); /* each handler takes >= 1 ms of a 3 ms budget */
    CHECK_EQ_INT(atomic_load(&f.h.wakes), 2); /* the drain asked for another */
    size_t total = first, drains = 1;
    while (total < 40 && drains < 100) {
        total += av_core_drain(f.core);
        drains++;
    }
    CHECK_EQ_INT(total, 40);
    CHECK_EQ_INT(g_events_seen, 40);
    CHECK(drains >= 10);
    /* Empty now: a drain with nothing to do asks for nothing. */
    int wakes = atomic_load(&f.h.wakes);
    CHECK_EQ_INT(av_core_drain(f.core), 0);
    CHECK_EQ_INT(atomic_load(&f.h.wakes), wakes);
    teardown(&f);
}

#define EMITTERS 8
#define EMITS 10000

static av_view *g_emit_view; /* shared with the emitter threads */
static atomic_int g_stop_emitters; /* set if the draining side gives up */

static void *emitter(void *arg)
{
    int t = (int)(intptr_t)arg;
    char buf[64];
    for (int i = 0; i < EMITS && !atomic_load(&g_stop_emitters); i++) {
        int n = snprintf(buf, sizeof buf, "{\"t\":%d,\"i\":%d}", t, i);
        /* BUSY is the queue saying "full": wait for the drain, as a caller would. */
        while (av_view_emit(g_emit_view, "update_data", 11, buf, (size_t)n) == AV_E_BUSY &&
               !atomic_load(&g_stop_emitters))
            sched_yield();
    }
    return NULL;
}

/* Checks per-thread order in one delivered script; returns records seen. */
static long scan_script(const char *s, int next[EMITTERS], long *order_errors)
{
    long seen = 0;
    const char *p = s;
    while ((p = strstr(p, "{\"t\":")) != NULL) {
        int t, i;
        if (sscanf(p, "{\"t\":%d,\"i\":%d}", &t, &i) == 2 && t >= 0 && t < EMITTERS) {
            if (i != next[t])
                (*order_errors)++;
            next[t] = i + 1;
            seen++;
        }
        p++;
    }
    return seen;
}

static void test_concurrent_emits_arrive_in_order(void)
{
    fixture f;
    setup(&f, (av_core_config){.outbound_capacity = 4096});
    g_emit_view = f.view;
    pthread_t th[EMITTERS];
    for (int i = 0; i < EMITTERS; i++)
        REQUIRE(pthread_create(&th[i], NULL, emitter, (void *)(intptr_t)i) == 0);
    int next[EMITTERS] = {0};
    long seen = 0, order_errors = 0, drains = 0;
    /* A hang guard, not a speed check: sanitizers make this much slower. */
    time_t give_up = time(NULL) + 300;
    while (seen < (long)EMITTERS * EMITS && time(NULL) < give_up) {
        if (av_core_drain(f.core) == 0 && f.h.script_count == 0)
            sched_yield();
        for (int k = 0; k < f.h.script_count; k++)
            seen += scan_script(f.h.scripts[k], next, &order_errors);
        host_clear(&f.h);
        drains++;
    }
    atomic_store(&g_stop_emitters, 1);
    for (int i = 0; i < EMITTERS; i++)
        pthread_join(th[i], NULL);
    printf("emits seen %ld in %ld drains, order errors %ld\n", seen, drains, order_errors);
    CHECK_EQ_INT(seen, (long)EMITTERS * EMITS);
    CHECK_EQ_INT(order_errors, 0);
    av_stats st;
    av_core_stats(f.core, &st);
    CHECK_EQ_INT(st.emitted, (long)EMITTERS * EMITS);
    CHECK_EQ_INT(st.delivered, (long)EMITTERS * EMITS);
    teardown(&f);
}

int main(void)
{
    RUN(test_call_and_event_round_trip);
    RUN(test_method_not_found_at_once);
    RUN(test_bad_envelopes_answered_or_counted);
    RUN(test_busy_and_too_large);
    RUN(test_origin_refused);
    RUN(test_reset_and_cancel_drop_late_answers);
    RUN(test_ready_emit_eval_order);
    RUN(test_flush_splits_scripts_and_stops_at_its_limit);
    RUN(test_drain_budget_leaves_the_rest);
    RUN(test_concurrent_emits_arrive_in_order);
    return TEST_EXIT();
}
