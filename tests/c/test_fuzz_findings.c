/* Every finding of the fuzzers (tests/fuzz), as a named case: the input, or
 * the smallest of its kind, and the behaviour the fix gives. Each finding's
 * input is also in tests/fuzz/corpus/<target>/finding_* (replayed by ctest). */
#include "auroraview/av_core.h"
#include "auroraview/av_error.h"
#include "auroraview/av_msg.h"

#include "av_leaf_fill.h"
#include "av_test.h"

static void count(void *user, const av_envelope *env)
{
    (void)env;
    ++*(int *)user;
}

/* Returns "[" + depth nested empty arrays + "]": a batch whose one element
 * nests depth levels, so the whole text nests depth + 1. */
static char *batch_of_depth(unsigned depth, size_t *len)
{
    *len = 2 + 2 * (size_t)depth;
    char *s = malloc(*len + 1);
    REQUIRE(s != NULL);
    memset(s, '[', depth + 1);
    memset(s + depth + 1, ']', depth + 1);
    s[*len] = '\0';
    return s;
}

/* fuzz_envelope, invariant "the codec accepts exactly what av_json_validate
 * accepts": a batch element that was not an object was scanned with the full
 * nesting limit, so a batch nesting AV_JSON_MAX_DEPTH + 1 levels parsed while
 * the scanner refused it. The batch then counted against the limit, so the
 * element refused the whole text. Since one bad envelope must not poison its
 * batch (the red-team issue, class 4), a too-deep element is refused on its
 * own whatever its depth, and the invariant is "every text the scanner
 * accepts, and more only for an element refused for a flaw": this input is
 * one refused element either side of the old limit. */
static void test_batch_element_nesting_counts_the_batch(void)
{
    size_t len;
    int seen = 0;
    char *over = batch_of_depth(AV_JSON_MAX_DEPTH, &len);
    av_json_error err = {0, NULL};
    CHECK_EQ_INT(av_json_validate(over, len, NULL), AV_E_BAD_MESSAGE);
    CHECK_EQ_INT(av_envelope_parse(over, len, count, &seen, &err), AV_OK);
    CHECK_EQ_INT(seen, 1); /* reported as "envelope must be an object" */
    free(over);

    seen = 0;
    char *at = batch_of_depth(AV_JSON_MAX_DEPTH - 1, &len); /* exactly the limit */
    CHECK_EQ_INT(av_json_validate(at, len, NULL), AV_OK);
    CHECK_EQ_INT(av_envelope_parse(at, len, count, &seen, NULL), AV_OK);
    CHECK_EQ_INT(seen, 1);
    free(at);
}

/* fuzz_receive, UBSan "applying zero offset to null pointer": a text leaf's
 * first part was empty (a raw post ">p1 "), and appending it added 0 to the
 * leaf's buffer, which did not exist yet. An empty part now adds nothing. */
static void test_an_empty_first_part_of_a_text_leaf(void)
{
    av_leaves *set = NULL;
    av_leaf_allocator core_owned = {NULL, NULL, NULL};
    size_t counted, added = 99;
    const char *why = NULL;
    CHECK_EQ_INT(av_leaf_start(&set, &core_owned, "\"text 3\"", 8, 1024, &counted, &why), AV_OK);
    CHECK_EQ_INT(av_leaf_append(set, "", 0, 1024, &added, &why), AV_OK);
    CHECK_EQ_INT(added, 0);
    CHECK_EQ_INT(av_leaf_append(set, "abc", 3, 1024, &added, &why), AV_OK);
    CHECK(av_leaves_get(set, 0)->len == 3);
    av_leaves_free(set);
}

/* fuzz_receive, invariant "every batch delivered is JSON": a raw part's id
 * of digits with a leading zero (">01 abc") was taken for the number 01, and
 * its refusal answered {"id":01,...}, which is not JSON. Such an id is now
 * refused with the raw post (an answer needs an id the page can read back,
 * so none is sent; the refusal is counted). */
static void no_wake(av_core *core, void *user)
{
    (void)core;
    (void)user;
}

static int g_batches;
static void json_only(void *user, av_delivery kind, const char *text, size_t len)
{
    (void)user;
    CHECK(kind == AV_DELIVER_BATCH && av_json_validate(text, len, NULL) == AV_OK);
    g_batches++;
}

static void test_a_raw_id_with_a_leading_zero(void)
{
    av_core *core = NULL;
    REQUIRE(av_core_new(&(av_core_config){.wake = no_wake}, &core) == AV_OK);
    av_view *view = NULL;
    REQUIRE(av_view_new(core, &(av_view_config){json_only, NULL, NULL}, &view) == AV_OK);
    REQUIRE(av_view_allow_origin(view, "https://tool.local") == AV_OK);
    CHECK_EQ_INT(av_view_receive(view, "https://tool.local", ">01 abc", 7), AV_E_BAD_MESSAGE);
    /* "0" is a number JSON writes: refused as a part before any leaf, answered to id 0. */
    CHECK_EQ_INT(av_view_receive(view, "https://tool.local", ">0 abc", 6), AV_E_BAD_MESSAGE);
    av_core_drain(core);
    CHECK_EQ_INT(g_batches, 1);
    av_view_close(view);
    av_view_unref(view);
    av_core_free(core);
}

int main(void)
{
    RUN(test_batch_element_nesting_counts_the_batch);
    RUN(test_an_empty_first_part_of_a_text_leaf);
    RUN(test_a_raw_id_with_a_leading_zero);
    return TEST_EXIT();
}
