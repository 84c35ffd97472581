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
                        "\"\\uD83D\\uDE00\"", "\"\\udbff\\udfff\"" /* U+10FFFF */,
                        "\"\\ud7ff\\ue000\"" /* either side of the surrogates */};
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

/* A \u escape of a surrogate must be a high one followed at once by a low
 * one (docs/security.md): a lone one has no UTF-8 form. Refused where the
 * unpaired escape starts, in strings and in keys. */
static void test_refuses_lone_surrogate_escapes(void)
{
    check_bad("\"a\\ud800b\"", 2);               /* high, then text */
    check_bad("\"\\udc00\"", 1);                  /* a lone low */
    check_bad("\"\\ud800\"", 1);                  /* high at the end */
    check_bad("\"\\ud800\\ud800\\udc00\"", 1);   /* high, high+low: the first is lone */
    check_bad("\"\\ud800\\u0041\"", 1);          /* high, then not a low */
    check_bad("\"\\ud800\\n\\udc00\"", 1);        /* something between the halves */
    check_bad("\"\\ude00\\ud83d\"", 1);          /* low then high: reversed pair */
    check_bad("\"\\ud83d\\ude00\\udc00\"", 13);   /* a pair, then a lone low */
    check_bad("{\"k\\udfff\":1}", 3);              /* in a key */
    check_bad("[\"ok\",\"\\uDBFF\"]", 7);           /* upper-case hex too */
    check_bad("\"\\ud800\\u12\"", 1);             /* a broken escape after a high one */
    char out[16];
    /* What the scanner accepts always decodes. */
    const char *pair = "\"\\ud83d\\ude00\"";
    CHECK_EQ_INT(av_json_unescape(pair, strlen(pair), out), 4);
}

/* av_json_skip reads past the two flaws that leave the value's end certain,
 * reports the first, and refuses everything else as av_json_scan does. */
static void check_skip(const char *s, size_t len, unsigned max_depth, size_t end, const char *flaw_reason,
                       size_t flaw_pos)
{
    size_t pos = 0;
    av_json_error flaw = {99, "unset"}, err = {0, NULL};
    int rc = av_json_skip(s, len, &pos, max_depth, NULL, &err, &flaw);
    int ok = rc == AV_OK && pos == end &&
             (flaw_reason ? flaw.reason && strcmp(flaw.reason, flaw_reason) == 0 && flaw.pos == flaw_pos
                          : flaw.reason == NULL);
    if (!ok) {
        fprintf(stderr, "skip %.40s: rc %d end %zu (want %zu) flaw %s at %zu (want %s at %zu) err %s\n", s, rc, pos,
                end, flaw.reason ? flaw.reason : "none", flaw.pos, flaw_reason ? flaw_reason : "none", flaw_pos,
                err.reason ? err.reason : "");
        av_test_failures++;
    }
}

static void test_skip_reads_past_flaws(void)
{
    check_skip("[1,{\"a\":2}] x", 13, 0, 11, NULL, 0);
    check_skip("\"a\\ud800b\",1", 12, 0, 10, "lone UTF-16 surrogate escape", 2);
    check_skip("[[[1]]],2", 9, 2, 7, "nesting too deep", 2);
    check_skip("[[[\"\\udc00\"]]]", 14, 2, 14, "nesting too deep", 2); /* the first flaw */
    check_skip("[[1],[[2]]]", 11, 2, 11, "nesting too deep", 6);

    /* Deeper than the scanner's stack: skipped by counting, no memory per level. */
    size_t n = 100000, len = 2 * n + 2;
    char *deep = malloc(len + 1);
    REQUIRE(deep);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    memcpy(deep + 2 * n, ",1", 3);
    check_skip(deep, len, 0, 2 * n, "nesting too deep", AV_JSON_MAX_DEPTH);
    /* Strings inside the skipped levels are still scanned: a ']' in one is text. */
    memcpy(deep + n - 3, "\"]\"", 3);
    memset(deep + n, ']', 3);
    check_skip(deep, 2 * n, 0, 2 * n - 3, "nesting too deep", AV_JSON_MAX_DEPTH);
    /* Unterminated, or a bad token in the skipped levels: refused outright. */
    size_t pos = 0;
    av_json_error err = {0, NULL};
    CHECK_EQ_INT(av_json_skip(deep, n, &pos, 0, NULL, &err, NULL), AV_E_BAD_MESSAGE);
    CHECK(err.reason && strcmp(err.reason, "unterminated container") == 0);
    deep[n - 3] = 'x';
    pos = 0;
    CHECK_EQ_INT(av_json_skip(deep, 2 * n, &pos, 0, NULL, &err, NULL), AV_E_BAD_MESSAGE);
    CHECK_EQ_INT(err.pos, n - 3);
    free(deep);

    /* Not flaws: refused as av_json_scan refuses them. */
    pos = 0;
    CHECK_EQ_INT(av_json_skip("[1,]", 4, &pos, 0, NULL, &err, NULL), AV_E_BAD_MESSAGE);
    CHECK_EQ_INT(err.pos, 3);
    pos = 0;
    CHECK_EQ_INT(av_json_skip("\"\\x\"", 4, &pos, 0, NULL, &err, NULL), AV_E_BAD_MESSAGE);
    /* Invalid UTF-8 inside a string is a flaw: bytes above 0x7F are never a
     * quote or a backslash. A surrogate written as UTF-8 (how the shim passes
     * on a lone surrogate of a page's text) says so. Outside strings it is
     * refused outright. */
    check_skip("[\"\xed\xa0\x80\",\"\xff\\\"\"]", 13, 0, 13, "lone UTF-16 surrogate", 2);
    check_skip("\"a\xff\xfe\"", 5, 0, 5, "invalid UTF-8", 2);
    check_bad("\"\xed\xb0\x80\"", 1);
    pos = 0;
    CHECK_EQ_INT(av_json_skip("[1]\xff", 4, &pos, 0, NULL, &err, NULL), AV_OK);
    CHECK_EQ_INT(pos, 3);
    pos = 0;
    CHECK_EQ_INT(av_json_skip("[1,\xff]", 5, &pos, 0, NULL, &err, NULL), AV_E_BAD_MESSAGE);
    /* av_json_scan stops at the first flaw, where skip reports it. */
    pos = 0;
    CHECK_EQ_INT(av_json_scan("[[[1]]]", 7, &pos, 2, NULL, &err), AV_E_BAD_MESSAGE);
    CHECK_EQ_INT(err.pos, 2);
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
    RUN(test_refuses_lone_surrogate_escapes);
    RUN(test_skip_reads_past_flaws);
    RUN(test_nesting_limit_without_recursion);
    RUN(test_scan_stops_after_one_value);
    RUN(test_unescape);
    RUN(test_escape_round_trip);
    RUN(test_utf8);
    return TEST_EXIT();
}
