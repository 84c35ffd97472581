/* The pending-call table: add, duplicate, cancel, take, clear, growth. */
#include "auroraview/av_error.h"
#include "av_pending.h"

#include "av_test.h"

static void test_life_of_a_call(void)
{
    av_pending p;
    REQUIRE(av_pending_init(&p) == AV_OK);
    CHECK_EQ_INT(av_pending_add(&p, "1", 1), AV_OK);
    CHECK_EQ_INT(av_pending_add(&p, "1", 1), AV_E_DUPLICATE);
    CHECK_EQ_INT(av_pending_add(&p, "\"1\"", 3), AV_OK); /* "1" and 1 are different ids */
    CHECK_EQ_INT(av_pending_count(&p), 2);
    CHECK_EQ_INT(av_pending_take(&p, "1", 1), AV_PENDING_ACTIVE);
    CHECK_EQ_INT(av_pending_take(&p, "1", 1), AV_PENDING_NONE);
    CHECK_EQ_INT(av_pending_cancel(&p, "\"1\"", 3), AV_OK);
    CHECK_EQ_INT(av_pending_cancel(&p, "7", 1), AV_E_NOT_FOUND);
    CHECK_EQ_INT(av_pending_take(&p, "\"1\"", 3), AV_PENDING_CANCELLED);
    CHECK_EQ_INT(av_pending_add(&p, "", 0), AV_E_INVALID_ARG);
    char big[200];
    memset(big, '1', sizeof big);
    CHECK_EQ_INT(av_pending_add(&p, big, sizeof big), AV_E_INVALID_ARG);
    av_pending_close(&p);
}

static void test_many_and_clear(void)
{
    av_pending p;
    REQUIRE(av_pending_init(&p) == AV_OK);
    char id[16];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(id, sizeof id, "%d", i);
        CHECK_EQ_INT(av_pending_add(&p, id, (size_t)n), AV_OK);
    }
    for (int i = 0; i < 20000; i += 2) {
        int n = snprintf(id, sizeof id, "%d", i);
        CHECK_EQ_INT(av_pending_take(&p, id, (size_t)n), AV_PENDING_ACTIVE);
    }
    CHECK_EQ_INT(av_pending_cancel(&p, "1", 1), AV_OK);
    CHECK_EQ_INT(av_pending_count(&p), 10000);
    CHECK_EQ_INT(av_pending_clear(&p), 9999); /* active ones; the cancelled one is not counted */
    CHECK_EQ_INT(av_pending_count(&p), 0);
    CHECK_EQ_INT(av_pending_take(&p, "3", 1), AV_PENDING_NONE);
    CHECK_EQ_INT(av_pending_add(&p, "3", 1), AV_OK);
    av_pending_close(&p);
}

int main(void)
{
    RUN(test_life_of_a_call);
    RUN(test_many_and_clear);
    return TEST_EXIT();
}
