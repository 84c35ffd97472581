/* The JSON scanner: what it accepts, what it refuses and where. */
#define _GNU_SOURCE /* memmem */
#include "auroraview/av_error.h"
#include "auroraview/av_json.h"

#include "av_test.h"

static int valid(const char *s)
{
    return av_json_validate(s, strlen(s), NULL) == AV_OK;
}

/* Refused, at byte `pos`. */
static void check_bad(const char *s, size_t pos)
{
    av_json_error e = {0, NULL};
    int rc = av_json_validate(s, strlen(s), &e);
    if (rc != AV_E_BAD_MESSAGE || e.pos != pos || !e.reason) {
        fprintf(stderr, "input %s: rc %d pos %zu (want %zu) reason %s\n", s, rc, e.pos, pos,
                e.reason ? e.reason : "(null)");
        av_test_failures++;
    }
}

static void test_accepts_every_value_shape(void)
{
    const char *ok[] = {"null", "true", "false", "0", "-0", "12", "-3.25", "1e9", "1E+2", "2.5e-3",
                        "\"\"", "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", "\"\\u00e9\\ud83d\\ude00\"",
                        "\"h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"", "[]", "{}", "[1,[2,[3]]]",
                        "{\"a\":{\"b\":[true,false,null]}}", " \t\r\n[ 1 , 2 ] \n",
                        "\"\\ud800\"" /* a lone surrogate escape is valid JSON text */};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (!valid(ok[i])) {
            fprintf(stderr, "refused valid JSON: %s\n", ok[i]);
            av_test_failures++;
        }
    }
}

static void test_refuses_with_position(void)
{
    check_bad("", 0);
    check_bad("[1,]", 3);
    check_bad("[1 2]", 3);
    check_bad("{\"a\" 1}", 5);
    check_bad("{\"a\":1,}", 7);
    check_bad("{1:2}", 1);
    check_bad("01", 1);
    check_bad("1.", 2);
    check_bad("1e", 2);
    check_bad("-", 1);
    check_bad("+1", 0);
    check_bad("tru", 0);
    check_bad("nul", 0);
    check_bad("\"abc", 0);
    check_bad("\"a\\x\"", 2);
    check_bad("\"\\u12g4\"", 1);
    check_bad("\"a\nb\"", 2);
    check_bad("\"\xc3\"", 1);          /* truncated sequence */
    check_bad("\"\xc0\xaf\"", 1);      /* overlong */
    check_bad("\"\xed\xa0\x80\"", 1);  /* UTF-8 encoded surrogate */
    check_bad("\"\xf4\x90\x80\x80\"", 1); /* above U+10FFFF */
    check_bad("\"\xff\"", 1);
    check_bad("[1]]", 3);
    check_bad("[[1]", 4);
    check_bad("{\"a\":[}", 6);
    check_bad("1 2", 2);
}

static void test_nesting_limit_without_recursion(void)
{
    size_t n = 100000;
    char *deep = malloc(2 * n + 1);
    REQUIRE(deep);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = 0;
    check_bad(deep, AV_JSON_MAX_DEPTH);
    free(deep);

    char ok[2 * AV_JSON_MAX_DEPTH + 1];
    memset(ok, '[', AV_JSON_MAX_DEPTH);
    memset(ok + AV_JSON_MAX_DEPTH, ']', AV_JSON_MAX_DEPTH);
    ok[2 * AV_JSON_MAX_DEPTH] = 0;
    CHECK(valid(ok));
}

static void test_scan_stops_after_one_value(void)
{
    const char *s = "{\"a\":[1,2]} tail";
    size_t pos = 0;
    av_json_type t;
    CHECK_EQ_INT(av_json_scan(s, strlen(s), &pos, 0, &t, NULL), AV_OK);
    CHECK_EQ_INT(pos, 11);
    CHECK_EQ_INT(t, AV_JSON_OBJECT);
}

static void test_unescape(void)
{
    char out[64];
    const char *tok = "\"a\\n\\u00e9\\ud83d\\ude00\\\"\"";
    long n = av_json_unescape(tok, strlen(tok), out);
    CHECK_EQ_INT(n, 1 + 1 + 2 + 4 + 1);
    CHECK(memcmp(out, "a\n\xc3\xa9\xf0\x9f\x98\x80\"", (size_t)n) == 0);
    CHECK_EQ_INT(av_json_unescape("\"\\ud800\"", 8, out), -1);
    CHECK_EQ_INT(av_json_unescape("\"\\udc00x\"", 9, out), -1);
    CHECK_EQ_INT(av_json_unescape("abc", 3, out), -1);
}

static void test_escape_round_trip(void)
{
    const char *text = "q\"b\\n\n\x01 \xe2\x80\xa8 \xc3\xa9";
    size_t len = strlen(text);
    char tok[128], back[128];
    size_t n = av_json_escape(text, len, tok);
    CHECK_EQ_INT(n, av_json_escaped_len(text, len));
    CHECK(av_json_validate(tok, n, NULL) == AV_OK);
    CHECK(memmem(tok, n, "\\u2028", 6) != NULL);
    CHECK(memmem(tok, n, "\\u0001", 6) != NULL);
    long m = av_json_unescape(tok, n, back);
    CHECK_EQ_INT(m, (long)len);
    CHECK(memcmp(back, text, len) == 0);
}

static void test_utf8(void)
{
    CHECK(av_utf8_valid("abc \xc3\xa9 \xf0\x9f\x98\x80", 11));
    CHECK(!av_utf8_valid("\xc3", 1));
    CHECK(!av_utf8_valid("\xe0\x80\x80", 3));
    CHECK(!av_utf8_valid("\xed\xbf\xbf", 3));
}

int main(void)
{
    RUN(test_accepts_every_value_shape);
    RUN(test_refuses_with_position);
    RUN(test_nesting_limit_without_recursion);
    RUN(test_scan_stops_after_one_value);
    RUN(test_unescape);
    RUN(test_escape_round_trip);
    RUN(test_utf8);
    return TEST_EXIT();
}
