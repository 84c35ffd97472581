/* The bad-input table at the core's door (av_view_receive): each malformed
 * transport message a page could send, and those only code below the page
 * can produce, gets its documented error, answered to the page when it is a
 * call with a readable id, otherwise counted once in stats.rejected and
 * logged. After every row nothing reached a handler that should not have,
 * and a normal call still resolves.
 *
 * "page: no" rows cannot come from a page: JavaScript strings are UTF-16 and
 * the shim hands core their UTF-8 encoding, so invalid UTF-8 (stray bytes,
 * overlongs, encoded surrogates) only exists below the page (a broken shim, a
 * C caller). The page-side table runs in a real view:
 * tests/python/scenarios/bad_input.py. docs/security.md lists both. */
#include "auroraview/av_core.h"

#include "av_test.h"

#define ORIGIN "https://tool.local"

typedef struct page {
    char *seen;        /* every script delivered, concatenated */
    size_t seen_len;
    int handled;       /* handler runs */
    int warnings;      /* log lines at warning level or above */
} page;

static void deliver(void *user, av_delivery kind, const char *script, size_t len)
{
    (void)kind;
    page *p = user;
    char *grown = realloc(p->seen, p->seen_len + len + 1);
    REQUIRE(grown != NULL);
    memcpy(grown + p->seen_len, script, len);
    p->seen = grown;
    p->seen_len += len;
    p->seen[p->seen_len] = '\0';
}

static void log_line(void *user, av_log_level level, const char *message)
{
    (void)message;
    if (level >= AV_LOG_WARN)
        ((page *)user)->warnings++;
}

static void echo(av_request *req, void *user)
{
    ((page *)user)->handled++;
    REQUIRE(av_view_resolve(req->view, req->msg->id.ptr, req->msg->id.len,
                            req->msg->payload.len ? req->msg->payload.ptr : "null",
                            req->msg->payload.len ? req->msg->payload.len : 4) == AV_OK);
}

/* Keeps the call pending (so a second call with its id is a duplicate). */
static void later(av_request *req, void *user)
{
    (void)req;
    ((page *)user)->handled++;
}

static void on_event(av_request *req, void *user)
{
    (void)req;
    ((page *)user)->handled++;
}

typedef struct fixture {
    page p;
    av_core *core;
    av_view *view;
} fixture;

static void setup(fixture *f, av_core_config cfg)
{
    memset(&f->p, 0, sizeof f->p);
    cfg.log = log_line;
    cfg.log_level = AV_LOG_WARN;
    cfg.user = &f->p;
    REQUIRE(av_core_new(&cfg, &f->core) == AV_OK);
    av_view_config vc = {deliver, NULL, &f->p};
    REQUIRE(av_view_new(f->core, &vc, &f->view) == AV_OK);
    REQUIRE(av_view_allow_origin(f->view, ORIGIN) == AV_OK);
    REQUIRE(av_view_bind(f->view, "api.echo", echo, &f->p) == AV_OK);
    REQUIRE(av_view_bind(f->view, "api.later", later, &f->p) == AV_OK);
    REQUIRE(av_view_on(f->view, "ev", on_event, &f->p) == AV_OK);
}

static void teardown(fixture *f)
{
    av_view_close(f->view);
    av_view_unref(f->view);
    av_core_free(f->core);
    free(f->p.seen);
}

static int receive(fixture *f, const char *text, size_t len)
{
    return av_view_receive(f->view, ORIGIN, text, len);
}

static uint64_t rejected(fixture *f, int code)
{
    av_stats st;
    av_core_stats(f->core, &st);
    return st.rejected[av_err_index(code)];
}

/* A normal call after the bad input: it resolves, with its params echoed. */
static int normal_call_works(fixture *f)
{
    static const char call[] = "{\"type\":\"call\",\"id\":999,\"method\":\"api.echo\",\"params\":{\"still\":\"ok\"}}";
    free(f->p.seen);
    f->p.seen = NULL;
    f->p.seen_len = 0;
    if (receive(f, call, sizeof call - 1) != AV_OK)
        return 0;
    av_core_drain(f->core);
    return f->p.seen && strstr(f->p.seen, "{\"id\":999,\"ok\":true,\"result\":{\"still\":\"ok\"}}") != NULL;
}

/* ---- the table ------------------------------------------------------------ */

/* Inputs too big to write inline: made on demand, caller frees. */
typedef char *(*maker)(size_t *len);

static char *repeat_around(const char *head, const char *unit, size_t times, const char *tail, size_t *len)
{
    size_t h = strlen(head), u = strlen(unit), t = strlen(tail);
    *len = h + u * times + t;
    char *s = malloc(*len + 1);
    REQUIRE(s != NULL);
    memcpy(s, head, h);
    for (size_t i = 0; i < times; i++)
        memcpy(s + h + i * u, unit, u);
    memcpy(s + h + u * times, tail, t + 1);
    return s;
}

static char *deep_100k(size_t *len)
{
    return repeat_around("", "[", 100000, "", len);
}

static char *deep_100k_params(size_t *len)
{
    return repeat_around("{\"type\":\"call\",\"id\":41,\"method\":\"api.echo\",\"params\":", "[", 100000, "", len);
}

/* 64 MiB of detail in one event: above the 16 MiB limit the rows run with. */
static char *event_64mib(size_t *len)
{
    return repeat_around("{\"type\":\"event\",\"event\":\"ev\",\"detail\":\"", "xxxxxxxxxxxxxxxx",
                         (size_t)4 << 20, "\"}", len);
}

static char *call_64mib(size_t *len)
{
    return repeat_around("{\"type\":\"call\",\"id\":43,\"method\":\"api.echo\",\"params\":[\"",
                         "xxxxxxxxxxxxxxxx", (size_t)4 << 20, "\"]}", len);
}

static char *method_257(size_t *len)
{
    return repeat_around("{\"type\":\"call\",\"id\":17,\"method\":\"", "m", 257, "\"}", len);
}

static char *id_129(size_t *len)
{
    return repeat_around("{\"type\":\"call\",\"id\":\"", "i", 127, "\",\"method\":\"api.echo\"}", len);
}

typedef struct row {
    const char *name;
    const char *text;  /* or NULL and make */
    maker make;
    size_t len;        /* for texts with NUL bytes; 0 = strlen */
    int rc;            /* what av_view_receive returns */
    int code;          /* counted once per refused envelope under this code */
    int times;         /* how many refusals (0 when the row is not refused at the door) */
    int answer_id;     /* > 0: the page gets an error answer for this call id, with code */
    int handled;       /* handler runs the row causes (a well-formed part) */
    int page;          /* 1: a page can send it; 0: only code below the page */
} row;

#define BAD AV_E_BAD_MESSAGE

static const row k_rows[] = {
    /* Not JSON at all. */
    {"empty message", "", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"whitespace only", " \n\t ", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"plain text", "hello", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"truncated object", "{\"type\":\"call\",\"id\":1,\"method\":\"api.echo\"", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"single quotes", "{'type':'event','event':'ev'}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"trailing comma", "{\"type\":\"event\",\"event\":\"ev\",}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"leading zero", "{\"type\":\"call\",\"id\":01,\"method\":\"api.echo\"}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"NaN", "{\"type\":\"event\",\"event\":\"ev\",\"detail\":NaN}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"raw control character", "{\"type\":\"event\",\"event\":\"e\x01v\"}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"NUL byte", "{\"type\":\"event\",\0\"event\":\"ev\"}", NULL, sizeof "{\"type\":\"event\",\0\"event\":\"ev\"}" - 1, BAD, BAD, 1, 0, 0, 1},
    {"bad escape", "{\"type\":\"event\",\"event\":\"\\x41\"}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    /* The part before the garbage is handled; the garbage is counted. */
    {"trailing garbage", "{\"type\":\"event\",\"event\":\"ev\"} x", NULL, 0, BAD, BAD, 1, 0, 1, 1},
    {"two objects back to back", "{\"type\":\"event\",\"event\":\"ev\"}{\"type\":\"event\",\"event\":\"ev\"}",
     NULL, 0, BAD, BAD, 1, 0, 1, 1},
    {"100k-deep nesting", NULL, deep_100k, 0, BAD, BAD, 1, 0, 0, 1},
    {"100k-deep params of a call", NULL, deep_100k_params, 0, BAD, BAD, 1, 0, 0, 1},
    /* JSON, but not an envelope. */
    {"top-level string", "\"call\"", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"top-level number", "42", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"top-level null", "null", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"batch of non-objects", "[1,\"two\",[3]]", NULL, 0, BAD, BAD, 3, 0, 0, 1},
    {"missing type", "{\"id\":2,\"method\":\"api.echo\"}", NULL, 0, BAD, BAD, 1, 2, 0, 1},
    {"unknown type", "{\"type\":\"explode\",\"id\":3}", NULL, 0, BAD, BAD, 1, 3, 0, 1},
    {"unknown type, no id", "{\"type\":\"explode\"}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"type is a number", "{\"type\":1,\"id\":4,\"method\":\"api.echo\"}", NULL, 0, BAD, BAD, 1, 4, 0, 1},
    {"type in wrong case", "{\"type\":\"CALL\",\"id\":5,\"method\":\"api.echo\"}", NULL, 0, BAD, BAD, 1, 5, 0, 1},
    {"call without id", "{\"type\":\"call\",\"method\":\"api.echo\"}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"call without method", "{\"type\":\"call\",\"id\":6}", NULL, 0, BAD, BAD, 1, 6, 0, 1},
    {"method is a number", "{\"type\":\"call\",\"id\":7,\"method\":7}", NULL, 0, BAD, BAD, 1, 7, 0, 1},
    {"method is empty", "{\"type\":\"call\",\"id\":8,\"method\":\"\"}", NULL, 0, BAD, BAD, 1, 8, 0, 1},
    {"method of 257 bytes", NULL, method_257, 0, BAD, BAD, 1, 17, 0, 1},
    {"method with a lone surrogate escape", "{\"type\":\"call\",\"id\":9,\"method\":\"a\\ud800\"}", NULL, 0,
     BAD, BAD, 1, 9, 0, 1},
    {"duplicate key", "{\"type\":\"call\",\"id\":10,\"method\":\"api.echo\",\"method\":\"api.later\"}", NULL, 0,
     BAD, BAD, 1, 10, 0, 1},
    {"negative id", "{\"type\":\"call\",\"id\":-1,\"method\":\"api.echo\"}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"fractional id", "{\"type\":\"call\",\"id\":1.5,\"method\":\"api.echo\"}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"object id", "{\"type\":\"call\",\"id\":{},\"method\":\"api.echo\"}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"id above 2^53", "{\"type\":\"call\",\"id\":12345678901234567,\"method\":\"api.echo\"}", NULL, 0, BAD, BAD,
     1, 0, 0, 1},
    {"string id of 129 bytes", NULL, id_129, 0, BAD, BAD, 1, 0, 0, 1},
    {"event without name", "{\"type\":\"event\",\"detail\":1}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"event name is an array", "{\"type\":\"event\",\"event\":[]}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"ready url is a number", "{\"type\":\"ready\",\"url\":5}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"cancel without id", "{\"type\":\"cancel\"}", NULL, 0, BAD, BAD, 1, 0, 0, 1},
    {"one bad envelope among good ones",
     "[{\"type\":\"event\",\"event\":\"ev\"},{\"type\":\"call\",\"id\":11},{\"type\":\"event\",\"event\":\"ev\"}]",
     NULL, 0, BAD, BAD, 1, 11, 2, 1},
    /* Too big. */
    {"64 MiB event", NULL, event_64mib, 0, AV_E_PAYLOAD_TOO_LARGE, AV_E_PAYLOAD_TOO_LARGE, 1, 0, 0, 1},
    {"64 MiB call", NULL, call_64mib, 0, AV_E_PAYLOAD_TOO_LARGE, AV_E_PAYLOAD_TOO_LARGE, 1, 43, 0, 1},
    /* The page's transport refused a post for its length and reports it (ipc_transport.js). */
    {"the transport's report of a refused post", "{\"type\":\"too_large\",\"detail\":{\"length\":67108905,\"limit\":16777216}}",
     NULL, 0, AV_E_PAYLOAD_TOO_LARGE, AV_E_PAYLOAD_TOO_LARGE, 1, 0, 0, 1},
    {"a report among good envelopes", "[{\"type\":\"event\",\"event\":\"ev\"},{\"type\":\"too_large\"},"
     "{\"type\":\"event\",\"event\":\"ev\"}]", NULL, 0, AV_E_PAYLOAD_TOO_LARGE, AV_E_PAYLOAD_TOO_LARGE, 1, 0, 2, 1},
    /* Well-formed, refused when handled. */
    {"unknown method", "{\"type\":\"call\",\"id\":12,\"method\":\"api.nope\"}", NULL, 0, AV_OK,
     AV_E_METHOD_NOT_FOUND, 1, 12, 0, 1},
    {"duplicate pending id",
     "[{\"type\":\"call\",\"id\":13,\"method\":\"api.later\"},{\"type\":\"call\",\"id\":13,\"method\":\"api.later\"}]",
     NULL, 0, BAD, BAD, 1, 13, 1, 1}, /* refused at the door: calls enter the pending table as they arrive */
    /* Only below the page: invalid UTF-8. */
    {"invalid UTF-8 byte", "{\"type\":\"event\",\"event\":\"ev\",\"detail\":\"\xff\"}", NULL, 0, BAD, BAD, 1, 0, 0, 0},
    {"truncated UTF-8 sequence", "{\"type\":\"event\",\"event\":\"ev\",\"detail\":\"\xe2\x82\"}", NULL, 0, BAD, BAD,
     1, 0, 0, 0},
    {"overlong UTF-8 '/'", "{\"type\":\"event\",\"event\":\"ev\",\"detail\":\"\xc0\xaf\"}", NULL, 0, BAD, BAD, 1, 0,
     0, 0},
    /* Inside a string it refuses that envelope alone, so a call among them is answered. */
    {"UTF-8-encoded surrogate", "{\"type\":\"call\",\"id\":14,\"method\":\"\xed\xa0\x80\"}", NULL, 0, BAD, BAD, 1, 14,
     0, 0},
    {"code point above U+10FFFF", "{\"type\":\"event\",\"event\":\"\xf4\x90\x80\x80\"}", NULL, 0, BAD, BAD, 1, 0,
     0, 0},
    {"invalid UTF-8 outside strings", "{\"type\":\"event\",\"event\":\"ev\"}\xff", NULL, 0, BAD, BAD, 1, 0, 1, 0},
};

static void run_row(const row *r)
{
    fixture f;
    setup(&f, (av_core_config){.max_message_bytes = (size_t)16 << 20}); /* a configured limit */
    size_t len = r->len;
    char *made = NULL;
    const char *text = r->text;
    if (r->make)
        text = made = r->make(&len);
    else if (!len)
        len = strlen(text);

    uint64_t before = rejected(&f, r->code);
    int rc = receive(&f, text, len);
    av_core_drain(f.core);
    uint64_t counted = rejected(&f, r->code) - before;
    int ok = 1;
    if (rc != r->rc) {
        fprintf(stderr, "  '%s': receive returned %s, expected %s\n", r->name, av_err_name(rc), av_err_name(r->rc));
        ok = 0;
    }
    if (counted != (uint64_t)r->times) {
        fprintf(stderr, "  '%s': %llu counted under %s, expected %d\n", r->name, (unsigned long long)counted,
                av_err_name(r->code), r->times);
        ok = 0;
    }
    if (f.p.warnings < (r->rc != AV_OK ? 1 : 0)) {
        fprintf(stderr, "  '%s': refused without a warning in the log\n", r->name);
        ok = 0;
    }
    if (r->answer_id) {
        char want[128];
        snprintf(want, sizeof want, "{\"id\":%d,\"ok\":false,\"error\":{", r->answer_id);
        char *at = f.p.seen ? strstr(f.p.seen, want) : NULL;
        char code[64];
        snprintf(code, sizeof code, "\"code\":\"%s\"", av_err_name(r->code));
        if (!at || !strstr(at, code)) {
            fprintf(stderr, "  '%s': call %d not answered with %s\n", r->name, r->answer_id, av_err_name(r->code));
            ok = 0;
        }
    }
    if (f.p.handled != r->handled) {
        fprintf(stderr, "  '%s': %d handler runs, expected %d\n", r->name, f.p.handled, r->handled);
        ok = 0;
    }
    av_stats st;
    av_core_stats(f.core, &st);
    if (st.handled != (uint64_t)r->handled) { /* counted only when a handler ran */
        fprintf(stderr, "  '%s': stats.handled %llu, expected %d\n", r->name, (unsigned long long)st.handled,
                r->handled);
        ok = 0;
    }
    if (!normal_call_works(&f)) {
        fprintf(stderr, "  '%s': a normal call afterwards did not resolve\n", r->name);
        ok = 0;
    }
    CHECK(ok);
    printf("  %s %-40s %s x%d%s%s\n", ok ? "ok  " : "FAIL", r->name, av_err_name(r->code), r->times,
           r->answer_id ? ", answered" : "", r->page ? "" : " (below the page only)");
    free(made);
    teardown(&f);
}

static void test_table(void)
{
    size_t n = sizeof k_rows / sizeof k_rows[0], page_rows = 0;
    for (size_t i = 0; i < n; i++) {
        run_row(&k_rows[i]);
        page_rows += (size_t)k_rows[i].page;
    }
    printf("  %zu rows, %zu a page can send, %zu only below the page\n", n, page_rows, n - page_rows);
    CHECK(n >= 30);
}

/* A million events against a 4096-record inbound queue, sent as a page's
 * bridge would (batches of 10,000): every event is handled or refused BUSY
 * and counted, none vanishes; the host keeps draining and a call still works. */
static void test_flood_of_a_million_events(void)
{
    fixture f;
    setup(&f, (av_core_config){.inbound_capacity = 4096});
    size_t len;
    char *batch = repeat_around("[", "{\"type\":\"event\",\"event\":\"ev\",\"detail\":1},", 10000, "", &len);
    batch[len - 1] = ']'; /* the last comma closes the batch */
    int busy_returns = 0;
    for (int i = 0; i < 100; i++) {
        busy_returns += receive(&f, batch, len) == AV_E_BUSY;
        av_core_drain(f.core);
    }
    while (av_core_drain(f.core) > 0)
        ;
    av_stats st;
    av_core_stats(f.core, &st);
    uint64_t busy = st.rejected[av_err_index(AV_E_BUSY)];
    printf("  1,000,000 events: %llu handled, %llu refused BUSY (counted), %d of 100 batches partly refused\n",
           (unsigned long long)st.handled, (unsigned long long)busy, busy_returns);
    CHECK_EQ_INT(st.received, (uint64_t)f.p.handled);
    CHECK_EQ_INT(st.handled, (uint64_t)f.p.handled);
    CHECK_EQ_INT(st.received + busy, 1000000);
    CHECK(busy > 0 && busy_returns > 0);
    CHECK(st.inbound_high_water <= 8191); /* 4096 rounds up to a ring of 8192, one slot kept empty */
    CHECK(normal_call_works(&f));
    free(batch);
    teardown(&f);
}

int main(void)
{
    RUN(test_table);
    RUN(test_flood_of_a_million_events);
    return TEST_EXIT();
}
