/* Every finding of the fuzzers (tests/fuzz), as a named case: the input, or
 * the smallest of its kind, and the behaviour the fix gives. Each finding's
 * input is also in tests/fuzz/corpus/<target>/finding_* (replayed by ctest). */
#include "auroraview/av_error.h"
#include "auroraview/av_msg.h"

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

int main(void)
{
    RUN(test_batch_element_nesting_counts_the_batch);
    return TEST_EXIT();
}
