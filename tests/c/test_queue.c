/* The bounded MPMC queue: empty, full, wrap-around, BUSY, byte limit. */
#include "auroraview/av_error.h"
#include "av_queue.h"

#include "av_test.h"

static av_msg *rec(uint32_t n)
{
    av_msg *m = av_msg_new(AV_MSG_EVENT, n, NULL, 0, "e", 1, NULL, 0);
    REQUIRE(m);
    return m;
}

static void test_empty(void)
{
    av_queue q;
    REQUIRE(av_queue_init(&q, 8, 0) == AV_OK);
    CHECK(av_queue_pop(&q) == NULL);
    CHECK_EQ_INT(av_queue_count(&q), 0);
    av_queue_close(&q);
}

static void test_full_is_busy_and_keeps_ownership(void)
{
    av_queue q;
    REQUIRE(av_queue_init(&q, 8, 0) == AV_OK);
    CHECK_EQ_INT(av_queue_capacity(&q), 15); /* 8 + 1 rounded up to 16, one slot kept free */
    size_t cap = av_queue_capacity(&q);
    for (uint32_t i = 0; i < cap; i++)
        CHECK_EQ_INT(av_queue_push(&q, rec(i)), AV_OK);
    av_msg *extra = rec(99);
    CHECK_EQ_INT(av_queue_push(&q, extra), AV_E_BUSY);
    CHECK_EQ_INT(extra->view_id, 99); /* still ours, untouched */
    av_msg_free(extra);
    CHECK_EQ_INT(av_queue_count(&q), cap);
    for (uint32_t i = 0; i < cap; i++) {
        av_msg *m = av_queue_pop(&q);
        REQUIRE(m);
        CHECK_EQ_INT(m->view_id, i);
        av_msg_free(m);
    }
    CHECK(av_queue_pop(&q) == NULL);
    av_queue_close(&q);
}

static void test_wrap_around(void)
{
    av_queue q;
    REQUIRE(av_queue_init(&q, 4, 0) == AV_OK);
    uint32_t next_in = 0, next_out = 0;
    /* Many laps around an 8-slot ring, with the fill level varying. */
    for (int lap = 0; lap < 1000; lap++) {
        int k = 1 + lap % (int)av_queue_capacity(&q);
        for (int i = 0; i < k; i++)
            CHECK_EQ_INT(av_queue_push(&q, rec(next_in++)), AV_OK);
        for (int i = 0; i < k; i++) {
            av_msg *m = av_queue_pop(&q);
            REQUIRE(m);
            CHECK_EQ_INT(m->view_id, next_out++);
            av_msg_free(m);
        }
    }
    CHECK_EQ_INT(next_in, next_out);
    av_queue_close(&q);
}

static void test_byte_limit(void)
{
    av_msg *probe = rec(0);
    size_t one = probe->size;
    av_msg_free(probe);

    av_queue q;
    REQUIRE(av_queue_init(&q, 64, one * 3) == AV_OK);
    for (uint32_t i = 0; i < 3; i++)
        CHECK_EQ_INT(av_queue_push(&q, rec(i)), AV_OK);
    av_msg *m = rec(3);
    CHECK_EQ_INT(av_queue_push(&q, m), AV_E_BUSY);
    CHECK_EQ_INT(atomic_load(&q.bytes), one * 3);
    av_msg_free(av_queue_pop(&q));
    CHECK_EQ_INT(av_queue_push(&q, m), AV_OK); /* room again */
    CHECK_EQ_INT(atomic_load(&q.high_water), 3);
    CHECK_EQ_INT(atomic_load(&q.high_water_bytes), one * 3);
    av_queue_close(&q); /* frees the three still queued (ASan checks) */
}

static void test_bad_init(void)
{
    av_queue q;
    CHECK_EQ_INT(av_queue_init(&q, 0, 0), AV_E_INVALID_ARG);
}

int main(void)
{
    RUN(test_empty);
    RUN(test_full_is_busy_and_keeps_ownership);
    RUN(test_wrap_around);
    RUN(test_byte_limit);
    RUN(test_bad_init);
    return TEST_EXIT();
}
