/* 8 producers x 4 consumers through one queue: every record delivered
 * exactly once, each producer's order kept. Runs under TSan in CI.
 * AV_STRESS_RECORDS overrides the total (default 1,000,000). */
#include "auroraview/av_error.h"
#include "av_queue.h"

#include "av_test.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

#define PRODUCERS 8
#define CONSUMERS 4

static av_queue g_queue;             /* shared by the threads of this test */
static size_t g_per_producer;
static atomic_size_t g_consumed;
static atomic_int g_busy_seen;
static uint8_t *g_seen;              /* one flag per record */
static atomic_int g_order_errors;

static void *produce(void *arg)
{
    uint32_t p = (uint32_t)(uintptr_t)arg;
    for (size_t i = 0; i < g_per_producer; i++) {
        uint64_t seq = i;
        av_msg *m = av_msg_new(AV_MSG_EVENT, p, NULL, 0, NULL, 0, (const char *)&seq, sizeof seq);
        REQUIRE(m);
        while (av_queue_push(&g_queue, m) == AV_E_BUSY) {
            atomic_store(&g_busy_seen, 1);
            sched_yield();
        }
    }
    return NULL;
}

static void *consume(void *arg)
{
    (void)arg;
    uint64_t last[PRODUCERS];
    for (int i = 0; i < PRODUCERS; i++)
        last[i] = UINT64_MAX;
    size_t total = g_per_producer * PRODUCERS;
    while (atomic_load(&g_consumed) < total) {
        av_msg *m = av_queue_pop(&g_queue);
        if (!m) {
            sched_yield();
            continue;
        }
        uint64_t seq;
        memcpy(&seq, m->payload.ptr, sizeof seq);
        uint32_t p = m->view_id;
        /* Per producer, one consumer must see increasing sequence numbers. */
        if (last[p] != UINT64_MAX && seq <= last[p])
            atomic_fetch_add(&g_order_errors, 1);
        last[p] = seq;
        size_t idx = p * g_per_producer + seq;
        if (g_seen[idx]++)
            fprintf(stderr, "record %u/%llu delivered twice\n", p, (unsigned long long)seq);
        av_msg_free(m);
        atomic_fetch_add(&g_consumed, 1);
    }
    return NULL;
}

int main(void)
{
    const char *env = getenv("AV_STRESS_RECORDS");
    size_t total = env ? (size_t)strtoull(env, NULL, 10) : 1000000;
    g_per_producer = total / PRODUCERS;
    total = g_per_producer * PRODUCERS;
    g_seen = calloc(total, 1);
    REQUIRE(g_seen);
    /* A small ring, so producers keep hitting BUSY and the ring wraps often. */
    REQUIRE(av_queue_init(&g_queue, 1024, 0) == AV_OK);

    pthread_t prod[PRODUCERS], cons[CONSUMERS];
    for (int i = 0; i < CONSUMERS; i++)
        REQUIRE(pthread_create(&cons[i], NULL, consume, NULL) == 0);
    for (int i = 0; i < PRODUCERS; i++)
        REQUIRE(pthread_create(&prod[i], NULL, produce, (void *)(uintptr_t)i) == 0);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(prod[i], NULL);
    for (int i = 0; i < CONSUMERS; i++)
        pthread_join(cons[i], NULL);

    size_t missing = 0, doubled = 0;
    for (size_t i = 0; i < total; i++) {
        missing += g_seen[i] == 0;
        doubled += g_seen[i] > 1;
    }
    printf("records %zu, producers %d, consumers %d, missing %zu, duplicated %zu, order errors %d, "
           "BUSY seen %d\n",
           total, PRODUCERS, CONSUMERS, missing, doubled, atomic_load(&g_order_errors),
           atomic_load(&g_busy_seen));
    CHECK_EQ_INT(atomic_load(&g_consumed), total);
    CHECK_EQ_INT(missing, 0);
    CHECK_EQ_INT(doubled, 0);
    CHECK_EQ_INT(atomic_load(&g_order_errors), 0);
    CHECK(av_queue_pop(&g_queue) == NULL);
    CHECK_EQ_INT(atomic_load(&g_queue.bytes), 0);
    av_queue_close(&g_queue);
    free(g_seen);
    return TEST_EXIT();
}
