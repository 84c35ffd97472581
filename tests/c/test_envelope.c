/* The envelope codec: every message shape of the wire protocol, batches,
 * and every malformed shape refused with BAD_MESSAGE and a position. */
#include "auroraview/av_error.h"
#include "auroraview/av_msg.h"

#include "av_test.h"

#define MAX_SEEN 8

typedef struct seen {
    int count;
    av_envelope env[MAX_SEEN];
} seen;

static void collect(void *user, const av_envelope *env)
{
    seen *s = user;
    if (s->count < MAX_SEEN)
        s->env[s->count] = *env;
    s->count++;
}

static int parse(const char *text, seen *s, av_json_error *err)
{
    memset(s, 0, sizeof *s);
    return av_envelope_parse(text, strlen(text), collect, s, err);
}

static void test_call_with_every_params_shape(void)
{
    seen s;
    const char *t = "{\"type\":\"call\",\"id\":7,\"method\":\"api.get_data\",\"params\":{\"root\":\"scene\"}}";
    CHECK_EQ_INT(parse(t, &s, NULL), AV_OK);
    REQUIRE(s.count == 1);
    CHECK_EQ_INT(s.env[0].error, AV_OK);
    CHECK_EQ_INT(s.env[0].type, AV_MSG_CALL);
    CHECK_SPAN(s.env[0].id, "7");
    CHECK_SPAN(s.env[0].name, "\"api.get_data\"");
    CHECK_SPAN(s.env[0].payload, "{\"root\":\"scene\"}");
    CHECK_EQ_INT(s.env[0].offset, 0);
    CHECK_EQ_INT(s.env[0].size, strlen(t));

    CHECK_EQ_INT(parse("{\"type\":\"call\",\"id\":\"a-1\",\"method\":\"m\",\"params\":[1,2]}", &s, NULL), AV_OK);
    CHECK_SPAN(s.env[0].id, "\"a-1\"");
    CHECK_SPAN(s.env[0].payload, "[1,2]");

    CHECK_EQ_INT(parse("{\"method\":\"m\",\"id\":1,\"type\":\"call\"}", &s, NULL), AV_OK);
    CHECK_EQ_INT(s.env[0].error, AV_OK);
    CHECK_EQ_INT(s.env[0].payload.len, 0); /* absent = no arguments */

    CHECK_EQ_INT(parse("{\"type\":\"call\",\"id\":1,\"method\":\"m\",\"params\":null}", &s, NULL), AV_OK);
    CHECK_SPAN(s.env[0].payload, "null");
}

static void test_event_ready_cancel(void)
{
    seen s;
    CHECK_EQ_INT(parse("{\"type\":\"event\",\"event\":\"export_scene\",\"detail\":{\"path\":\"/tmp/x\"}}", &s, NULL), AV_OK);
    CHECK_EQ_INT(s.env[0].type, AV_MSG_EVENT);
    CHECK_SPAN(s.env[0].name, "\"export_scene\"");
    CHECK_SPAN(s.env[0].payload, "{\"path\":\"/tmp/x\"}");
    CHECK_EQ_INT(s.env[0].id.len, 0);

    CHECK_EQ_INT(parse("{\"type\":\"ready\",\"url\":\"file:///x.html\"}", &s, NULL), AV_OK);
    CHECK_EQ_INT(s.env[0].type, AV_MSG_READY);
    CHECK_SPAN(s.env[0].name, "\"file:///x.html\"");

    CHECK_EQ_INT(parse("{\"type\":\"ready\"}", &s, NULL), AV_OK);
    CHECK_EQ_INT(s.env[0].error, AV_OK);

    CHECK_EQ_INT(parse("{\"type\":\"cancel\",\"id\":12}", &s, NULL), AV_OK);
    CHECK_EQ_INT(s.env[0].type, AV_MSG_CANCEL);
    CHECK_SPAN(s.env[0].id, "12");

    /* The transport's report of a post it refused in the page. */
    CHECK_EQ_INT(parse("{\"type\":\"too_large\",\"detail\":{\"length\":9,\"limit\":8}}", &s, NULL), AV_OK);
    CHECK_EQ_INT(s.env[0].error, AV_OK);
    CHECK_EQ_INT(s.env[0].type, AV_MSG_TOO_LARGE);
    CHECK_SPAN(s.env[0].payload, "{\"length\":9,\"limit\":8}");
}

static void test_batch_and_unknown_keys(void)
{
    seen s;
    const char *t = " [ {\"type\":\"event\",\"event\":\"a\"} , {\"type\":\"call\",\"id\":1,\"method\":\"b\",\"x\":[{}]},"
                    "{\"type\":\"event\",\"event\":\"c\",\"detail\":3} ] ";
    CHECK_EQ_INT(parse(t, &s, NULL), AV_OK);
    REQUIRE(s.count == 3);
    CHECK_SPAN(s.env[0].name, "\"a\"");
    CHECK_SPAN(s.env[1].name, "\"b\"");
    CHECK_EQ_INT(s.env[1].error, AV_OK); /* unknown key "x" ignored */
    CHECK_SPAN(s.env[2].payload, "3");
    CHECK_EQ_INT(parse("[]", &s, NULL), AV_OK);
    CHECK_EQ_INT(s.count, 0);
}

static void test_escaped_keys_and_names(void)
{
    seen s;
    av_json_error e;
    CHECK_EQ_INT(parse("{\"t\\u0079pe\":\"event\",\"event\":\"caf\\u00e9\"}", &s, &e), AV_OK);
    CHECK_EQ_INT(s.env[0].error, AV_OK);
    av_msg *m = av_msg_from_envelope(&s.env[0], 3);
    REQUIRE(m);
    CHECK_SPAN(m->name, "caf\xc3\xa9");
    CHECK_EQ_INT(m->view_id, 3);
    av_msg_free(m);
}

/* One malformed envelope: BAD_MESSAGE on the element, at `pos`. */
static void check_bad_element(const char *t, size_t pos, int has_id)
{
    seen s;
    int rc = parse(t, &s, NULL);
    if (rc != AV_OK || s.count != 1 || s.env[0].error != AV_E_BAD_MESSAGE ||
        s.env[0].where.pos != pos || !s.env[0].where.reason || (s.env[0].id.len > 0) != has_id) {
        fprintf(stderr, "element %s: rc %d count %d error %d pos %zu (want %zu) id %zu\n", t, rc,
                s.count, s.count ? s.env[0].error : 0, s.count ? s.env[0].where.pos : 0, pos,
                s.count ? s.env[0].id.len : 0);
        av_test_failures++;
    }
}

static void test_malformed_elements(void)
{
    check_bad_element("{\"id\":1,\"method\":\"m\"}", 0, 1);                       /* no type */
    check_bad_element("{\"type\":\"bogus\",\"id\":1}", 8, 1);                      /* unknown type */
    check_bad_element("{\"type\":5}", 8, 0);                                       /* type not a string */
    check_bad_element("{\"type\":\"call\",\"method\":\"m\"}", 0, 0);               /* call without id */
    check_bad_element("{\"type\":\"call\",\"id\":1}", 0, 1);                       /* call without method */
    check_bad_element("{\"type\":\"call\",\"id\":1,\"method\":7}", 31, 1);         /* method not a string */
    check_bad_element("{\"type\":\"call\",\"id\":1,\"method\":\"\"}", 31, 1);      /* empty method */
    check_bad_element("{\"type\":\"call\",\"id\":-1,\"method\":\"m\"}", 20, 0);    /* negative id */
    check_bad_element("{\"type\":\"call\",\"id\":1.5,\"method\":\"m\"}", 20, 0);   /* fractional id */
    check_bad_element("{\"type\":\"call\",\"id\":{},\"method\":\"m\"}", 20, 0);    /* object id */
    check_bad_element("{\"type\":\"call\",\"id\":12345678901234567,\"method\":\"m\"}", 20, 0);
    check_bad_element("{\"type\":\"call\",\"id\":1,\"id\":2,\"method\":\"m\"}", 22, 0); /* an id twice: none */
    check_bad_element("{\"type\":\"call\",\"id\":1,\"method\":\"m\",\"params\":1,\"params\":2}", 46, 1);
    check_bad_element("{\"type\":\"call\",\"id\":1,\"method\":\"a\\u0000b\"}", 31, 1); /* NUL in a name */
    check_bad_element("{\"type\":\"event\",\"event\":\"\\u0000\"}", 24, 0);
    check_bad_element("{\"type\":\"call\",\"id\":1,\"method\":\"m\",\"params\":\"\xed\xa0\x80\"}", 45, 1);
    check_bad_element("{\"type\":\"event\"}", 0, 0);                               /* event without name */
    check_bad_element("{\"type\":\"cancel\"}", 0, 0);                              /* cancel without id */
    check_bad_element("{\"type\":\"event\",\"event\":\"\\ud800\"}", 25, 0);        /* lone surrogate name */
    check_bad_element("[1]", 1, 0);                                               /* not an object */

    char huge_id[300];
    snprintf(huge_id, sizeof huge_id, "{\"type\":\"call\",\"id\":\"%0200d\",\"method\":\"m\"}", 0);
    check_bad_element(huge_id, 20, 0);

    char long_name[400];
    memset(long_name, 0, sizeof long_name);
    strcpy(long_name, "{\"type\":\"event\",\"event\":\"");
    memset(long_name + strlen(long_name), 'x', AV_NAME_MAX + 1);
    strcat(long_name, "\"}");
    check_bad_element(long_name, 24, 0);
}

/* "[" * n + "]" * n, or n levels of [[...]] around a 1: a value n deep. */
static char *nested(size_t n)
{
    char *s = malloc(2 * n + 2);
    REQUIRE(s);
    memset(s, '[', n);
    s[n] = '1';
    memset(s + n + 1, ']', n);
    s[2 * n + 1] = '\0';
    return s;
}

/* Joins parts into one malloc'd string. */
static char *join(const char *const *parts, size_t count)
{
    size_t len = 1;
    for (size_t i = 0; i < count; i++)
        len += strlen(parts[i]);
    char *s = malloc(len);
    REQUIRE(s);
    s[0] = '\0';
    for (size_t i = 0; i < count; i++)
        strcat(s, parts[i]);
    return s;
}

/* The red-team batch: call a, call b with params 1100 deep, call c, an
 * event. b is refused on its own, with its id and type read so it can be
 * answered at once; a, c and the event are well-formed envelopes. */
static void test_a_too_deep_envelope_does_not_poison_its_batch(void)
{
    char *deep = nested(1100);
    const char *parts[] = {"[{\"type\":\"call\",\"id\":1,\"method\":\"a\"},",
                           "{\"type\":\"call\",\"id\":2,\"method\":\"b\",\"params\":", deep, "},",
                           "{\"type\":\"call\",\"id\":3,\"method\":\"c\"},",
                           "{\"type\":\"event\",\"event\":\"e\",\"detail\":[1]}]"};
    char *t = join(parts, 6);
    seen s;
    av_json_error e = {0, NULL};
    CHECK_EQ_INT(parse(t, &s, &e), AV_OK);
    REQUIRE(s.count == 4);
    CHECK_EQ_INT(s.env[0].error, AV_OK);
    CHECK_EQ_INT(s.env[1].error, AV_E_BAD_MESSAGE);
    CHECK(s.env[1].where.reason && strcmp(s.env[1].where.reason, "a value nested more than 512 levels deep") == 0);
    /* Where the 513th level opens. */
    CHECK_EQ_INT(s.env[1].where.pos, strlen(parts[0]) + strlen(parts[1]) + AV_PAYLOAD_DEPTH_MAX);
    CHECK_EQ_INT(s.env[1].type, AV_MSG_CALL);
    CHECK_SPAN(s.env[1].id, "2");
    CHECK_EQ_INT(s.env[2].error, AV_OK);
    CHECK_SPAN(s.env[2].name, "\"c\"");
    CHECK_EQ_INT(s.env[3].error, AV_OK);
    CHECK_EQ_INT(s.env[3].type, AV_MSG_EVENT);
    free(t);
    free(deep);

    /* 100k deep, past the scanner's own stack, with the id after the params. */
    deep = nested(100000);
    const char *late_id[] = {"[{\"type\":\"call\",\"params\":", deep, ",\"id\":\"x\",\"method\":\"b\"},",
                             "{\"type\":\"event\",\"event\":\"e\"}]"};
    t = join(late_id, 4);
    CHECK_EQ_INT(parse(t, &s, &e), AV_OK);
    REQUIRE(s.count == 2);
    CHECK_EQ_INT(s.env[0].error, AV_E_BAD_MESSAGE);
    CHECK_SPAN(s.env[0].id, "\"x\"");
    CHECK_EQ_INT(s.env[1].error, AV_OK);
    free(t);
    free(deep);
}

/* Every value of an envelope nests at most AV_PAYLOAD_DEPTH_MAX deep: the
 * limit itself passes, one more is refused, for params, detail and any key. */
static void test_payload_depth_limit(void)
{
    const char *heads[] = {"{\"type\":\"call\",\"id\":1,\"method\":\"m\",\"params\":",
                           "{\"type\":\"event\",\"event\":\"e\",\"detail\":",
                           "{\"type\":\"event\",\"event\":\"e\",\"extra\":"};
    for (size_t h = 0; h < 3; h++) {
        for (size_t depth = AV_PAYLOAD_DEPTH_MAX; depth <= AV_PAYLOAD_DEPTH_MAX + 1; depth++) {
            char *v = nested(depth);
            const char *parts[] = {heads[h], v, "}"};
            char *t = join(parts, 3);
            seen s;
            CHECK_EQ_INT(parse(t, &s, NULL), AV_OK);
            REQUIRE(s.count == 1);
            if (depth == AV_PAYLOAD_DEPTH_MAX) {
                CHECK_EQ_INT(s.env[0].error, AV_OK);
            } else {
                CHECK_EQ_INT(s.env[0].error, AV_E_BAD_MESSAGE);
                CHECK_EQ_INT(s.env[0].where.pos, strlen(heads[h]) + AV_PAYLOAD_DEPTH_MAX);
                CHECK_EQ_INT(s.env[0].id.len, h == 0 ? 1 : 0);
            }
            free(t);
            free(v);
        }
    }
}

/* A lone surrogate escape anywhere in an envelope refuses that envelope
 * alone; the id of a call is still read (and a lone surrogate in the id
 * itself leaves no id to answer). */
static void test_lone_surrogates_refuse_one_envelope(void)
{
    seen s;
    const char *t = "[{\"type\":\"event\",\"event\":\"e\",\"detail\":\"a\\ud800b\"},"
                    "{\"type\":\"call\",\"id\":7,\"method\":\"m\",\"params\":[\"\\udc00\"]},"
                    "{\"type\":\"call\",\"id\":\"\\ud800\",\"method\":\"m\"},"
                    "{\"type\":\"event\",\"event\":\"e\",\"detail\":{\"k\\udbff\":1}},"
                    "{\"type\":\"event\",\"event\":\"ok\",\"detail\":\"\\ud83d\\ude00\"}]";
    CHECK_EQ_INT(parse(t, &s, NULL), AV_OK);
    REQUIRE(s.count == 5);
    for (int i = 0; i < 4; i++) {
        CHECK_EQ_INT(s.env[i].error, AV_E_BAD_MESSAGE);
        CHECK(s.env[i].where.reason && strcmp(s.env[i].where.reason, "lone UTF-16 surrogate escape") == 0);
        CHECK_EQ_INT(t[s.env[i].where.pos], '\\');
    }
    CHECK_EQ_INT(s.env[0].type, AV_MSG_EVENT);
    CHECK_EQ_INT(s.env[1].type, AV_MSG_CALL);
    CHECK_SPAN(s.env[1].id, "7");
    CHECK_EQ_INT(s.env[2].id.len, 0);
    CHECK_EQ_INT(s.env[4].error, AV_OK); /* a pair is one character */
}

static void test_malformed_text(void)
{
    seen s;
    av_json_error e;
    const char *cases[][2] = {
        {"", "0"}, {"   ", "3"}, {"{\"type\":\"call\"", "14"}, {"[{\"type\":\"ready\"},", "18"},
        {"[{\"type\":\"ready\"} {}]", "18"}, {"{\"type\":\"ready\"} x", "17"}, {"nope", "0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = parse(cases[i][0], &s, &e);
        size_t want = (size_t)atoi(cases[i][1]);
        if (rc != AV_E_BAD_MESSAGE || e.pos != want || !e.reason) {
            fprintf(stderr, "text '%s': rc %d pos %zu (want %zu)\n", cases[i][0], rc, e.pos, want);
            av_test_failures++;
        }
    }
    /* Elements before the fault still arrive; the parser reports where it stopped. */
    CHECK_EQ_INT(parse("[{\"type\":\"ready\"},{\"type\":", &s, &e), AV_E_BAD_MESSAGE);
    CHECK_EQ_INT(s.count, 1);
    /* Invalid UTF-8 in a string refuses that element alone (its end is
     * certain), with its reason; outside strings it refuses the text. */
    CHECK_EQ_INT(parse("\"\xff\"", &s, &e), AV_OK);
    CHECK_EQ_INT(s.count, 1);
    CHECK_EQ_INT(s.env[0].error, AV_E_BAD_MESSAGE);
    CHECK_EQ_INT(parse("[{\"type\":\"call\",\"id\":4,\"method\":\"m\",\"params\":\"\xc0\xaf\"},{\"type\":\"ready\"}]", &s, &e),
                 AV_OK);
    REQUIRE(s.count == 2);
    CHECK(s.env[0].where.reason && strcmp(s.env[0].where.reason, "invalid UTF-8") == 0);
    CHECK_SPAN(s.env[0].id, "4");
    CHECK_EQ_INT(s.env[1].error, AV_OK);
    CHECK_EQ_INT(parse("[{\"type\":\"ready\"}\xff]", &s, &e), AV_E_BAD_MESSAGE);
    CHECK_EQ_INT(e.pos, 17);
    /* A top-level scalar is not an envelope. */
    CHECK_EQ_INT(parse("42", &s, &e), AV_OK);
    CHECK_EQ_INT(s.count, 1);
    CHECK_EQ_INT(s.env[0].error, AV_E_BAD_MESSAGE);
}

static void test_record_layout(void)
{
    av_msg *m = av_msg_new(AV_MSG_RESULT, 9, "\"x\"", 3, NULL, 0, "{\"a\":1}", 7);
    REQUIRE(m);
    CHECK_SPAN(m->id, "\"x\"");
    CHECK_EQ_INT(m->name.len, 0);
    CHECK_SPAN(m->payload, "{\"a\":1}");
    CHECK_EQ_INT(m->payload.ptr[7], 0);
    CHECK(m->size >= sizeof(av_msg) + 10);
    av_msg_free(m);
}

int main(void)
{
    RUN(test_call_with_every_params_shape);
    RUN(test_event_ready_cancel);
    RUN(test_batch_and_unknown_keys);
    RUN(test_escaped_keys_and_names);
    RUN(test_malformed_elements);
    RUN(test_a_too_deep_envelope_does_not_poison_its_batch);
    RUN(test_payload_depth_limit);
    RUN(test_lone_surrogates_refuse_one_envelope);
    RUN(test_malformed_text);
    RUN(test_record_layout);
    return TEST_EXIT();
}
