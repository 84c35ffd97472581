/* The pending-call table: add, start, duplicate, cancel (queued and running),
 * take, generations, clear, growth. */
#include "auroraview/av_error.h"
#include "av_pending.h"

#include "av_test.h"

/* Adds id and starts it, as a call that arrived and was dispatched. */
static int add_started(av_pending *p, const char *id, size_t len)
{
    int rc = av_pending_add(p, 0, id, len);
    if (rc == AV_OK && av_pending_start(p, 0, id, len) != AV_PENDING_ACTIVE)
        rc = -1;
    return rc;
}

static void test_life_of_a_call(void)
{
    av_pending p;
    REQUIRE(av_pending_init(&p) == AV_OK);
    CHECK_EQ_INT(add_started(&p, "1", 1), AV_OK);
    CHECK_EQ_INT(av_pending_add(&p, 0, "1", 1), AV_E_DUPLICATE);
    CHECK_EQ_INT(add_started(&p, "\"1\"", 3), AV_OK); /* "1" and 1 are different ids */
    CHECK_EQ_INT(av_pending_count(&p), 2);
    CHECK_EQ_INT(av_pending_take(&p, "1", 1), AV_PENDING_ACTIVE);
    CHECK_EQ_INT(av_pending_take(&p, "1", 1), AV_PENDING_NONE);
    CHECK_EQ_INT(av_pending_state_of(&p, 0, "\"1\"", 3), AV_PENDING_ACTIVE);
    CHECK_EQ_INT(av_pending_cancel(&p, 0, "\"1\"", 3), AV_PENDING_ACTIVE);
    CHECK_EQ_INT(av_pending_state_of(&p, 0, "\"1\"", 3), AV_PENDING_CANCELLED);
    CHECK_EQ_INT(av_pending_cancel(&p, 0, "\"1\"", 3), AV_PENDING_CANCELLED); /* twice: no change */
    CHECK_EQ_INT(av_pending_cancel(&p, 0, "7", 1), AV_PENDING_NONE);
    CHECK_EQ_INT(av_pending_take(&p, "\"1\"", 3), AV_PENDING_CANCELLED);
    CHECK_EQ_INT(av_pending_add(&p, 0, "", 0), AV_E_INVALID_ARG);
    char big[200];
    memset(big, '1', sizeof big);
    CHECK_EQ_INT(av_pending_add(&p, 0, big, sizeof big), AV_E_INVALID_ARG);
    av_pending_close(&p);
}

/* A call cancelled while queued leaves the table and does not start; an
 * answer cannot take a queued call (its handler has not run). */
static void test_cancel_before_start(void)
{
    av_pending p;
    REQUIRE(av_pending_init(&p) == AV_OK);
    CHECK_EQ_INT(av_pending_add(&p, 0, "1", 1), AV_OK);
    CHECK_EQ_INT(av_pending_add(&p, 0, "2", 1), AV_OK);
    CHECK_EQ_INT(av_pending_state_of(&p, 0, "1", 1), AV_PENDING_QUEUED);
    CHECK_EQ_INT(av_pending_take(&p, "1", 1), AV_PENDING_QUEUED);
    CHECK_EQ_INT(av_pending_state_of(&p, 0, "1", 1), AV_PENDING_QUEUED); /* still there */
    CHECK_EQ_INT(av_pending_cancel(&p, 0, "1", 1), AV_PENDING_QUEUED);
    CHECK_EQ_INT(av_pending_count(&p), 1);
    CHECK_EQ_INT(av_pending_start(&p, 0, "1", 1), AV_PENDING_NONE); /* it does not run */
    CHECK_EQ_INT(av_pending_start(&p, 0, "2", 1), AV_PENDING_ACTIVE);
    CHECK_EQ_INT(av_pending_start(&p, 0, "2", 1), AV_PENDING_ACTIVE); /* idempotent */
    CHECK_EQ_INT(av_pending_take(&p, "2", 1), AV_PENDING_ACTIVE);
    CHECK_EQ_INT(av_pending_count(&p), 0);
    av_pending_close(&p);
}

/* The table is for one page generation: a clear moves it on, and the old
 * page's calls and cancels arriving late are refused or change nothing. */
static void test_generations(void)
{
    av_pending p;
    REQUIRE(av_pending_init(&p) == AV_OK);
    CHECK_EQ_INT(av_pending_add(&p, 0, "1", 1), AV_OK);
    CHECK_EQ_INT(av_pending_add(&p, 0, "2", 1), AV_OK);
    CHECK_EQ_INT(av_pending_start(&p, 0, "1", 1), AV_PENDING_ACTIVE);
    CHECK_EQ_INT(av_pending_clear(&p, 1), 2); /* one running, one queued */
    CHECK_EQ_INT(av_pending_add(&p, 0, "3", 1), AV_E_CANCELLED);
    CHECK_EQ_INT(av_pending_add(&p, 1, "1", 1), AV_OK); /* the next page's own call 1 */
    CHECK_EQ_INT(av_pending_cancel(&p, 0, "1", 1), AV_PENDING_NONE);
    CHECK_EQ_INT(av_pending_state_of(&p, 0, "1", 1), AV_PENDING_NONE);
    CHECK_EQ_INT(av_pending_start(&p, 0, "1", 1), AV_PENDING_NONE);
    CHECK_EQ_INT(av_pending_start(&p, 1, "1", 1), AV_PENDING_ACTIVE);
    CHECK_EQ_INT(av_pending_take(&p, "1", 1), AV_PENDING_ACTIVE);
    av_pending_close(&p);
}

static void test_many_and_clear(void)
{
    av_pending p;
    REQUIRE(av_pending_init(&p) == AV_OK);
    char id[16];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(id, sizeof id, "%d", i);
        CHECK_EQ_INT(add_started(&p, id, (size_t)n), AV_OK);
    }
    for (int i = 0; i < 20000; i += 2) {
        int n = snprintf(id, sizeof id, "%d", i);
        CHECK_EQ_INT(av_pending_take(&p, id, (size_t)n), AV_PENDING_ACTIVE);
    }
    CHECK_EQ_INT(av_pending_cancel(&p, 0, "1", 1), AV_PENDING_ACTIVE);
    CHECK_EQ_INT(av_pending_count(&p), 10000);
    CHECK_EQ_INT(av_pending_clear(&p, 0), 9999); /* active ones; the cancelled one is not counted */
    CHECK_EQ_INT(av_pending_count(&p), 0);
    CHECK_EQ_INT(av_pending_take(&p, "3", 1), AV_PENDING_NONE);
    CHECK_EQ_INT(add_started(&p, "3", 1), AV_OK);
    av_pending_close(&p);
}

int main(void)
{
    RUN(test_life_of_a_call);
    RUN(test_cancel_before_start);
    RUN(test_generations);
    RUN(test_many_and_clear);
    return TEST_EXIT();
}
