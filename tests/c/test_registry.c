/* A view's name -> handler table (av_registry.h): binding, replacing,
 * removing, clearing, growth over tombstones, a handler unbinding itself,
 * and lookups on several threads while other threads bind and unbind.
 * An entry is a handler and the binder's pointer, copied out whole by a
 * lookup; the registry owns neither. */
#include "auroraview/av_error.h"
#include "av_registry.h"

#include "av_test.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

/* Handlers that never run with a request in this file: they count their
 * calls on the object they were bound with, and say which function they are. */
typedef struct target {
    char name[32];
    int fn_index;    /* which of k_fns the binder paired with this object */
    atomic_int calls;
} target;

/* Runs of a fn with another fn's object: a torn binding. Any thread. */
static atomic_int g_wrong_pair;

#define DEFINE_FN(i)                                          \
    static void fn##i(av_request *req, void *user)            \
    {                                                         \
        (void)req;                                            \
        target *t = user;                                     \
        if (t->fn_index != (i))                               \
            atomic_fetch_add(&g_wrong_pair, 1);               \
        atomic_fetch_add(&t->calls, 1);                       \
    }
DEFINE_FN(0)
DEFINE_FN(1)
DEFINE_FN(2)
DEFINE_FN(3)
static const av_call_fn k_fns[] = {fn0, fn1, fn2, fn3};

static void noop(av_request *req, void *user)
{
    (void)req;
    (void)user;
}

static void test_bind_replace_remove(void)
{
    av_registry r;
    REQUIRE(av_registry_init(&r) == AV_OK);
    target a = {"a", 0, 0}, b = {"b", 1, 0};
    av_binding got = {NULL, NULL};

    CHECK_EQ_INT(av_registry_count(&r), 0);
    CHECK_EQ_INT(av_registry_get(&r, "api.x", 5, &got), 0);
    CHECK_EQ_INT(av_registry_add(&r, "api.x", 5, (av_binding){fn0, &a}), AV_OK);
    CHECK_EQ_INT(av_registry_get(&r, "api.x", 5, &got), 1);
    CHECK(got.fn == fn0 && got.user == &a);
    CHECK_EQ_INT(av_registry_count(&r), 1);

    /* Replace: the name now gives the new pair, whole; the count stays 1.
     * What an earlier lookup copied out is the caller's, untouched. */
    av_binding before = got;
    CHECK_EQ_INT(av_registry_add(&r, "api.x", 5, (av_binding){fn1, &b}), AV_OK);
    CHECK(before.fn == fn0 && before.user == &a);
    CHECK_EQ_INT(av_registry_get(&r, "api.x", 5, &got), 1);
    CHECK(got.fn == fn1 && got.user == &b);
    CHECK_EQ_INT(av_registry_count(&r), 1);
    got.fn(NULL, got.user);
    CHECK_EQ_INT(atomic_load(&b.calls), 1);
    CHECK_EQ_INT(atomic_load(&a.calls), 0);

    /* Names are compared whole, by length: no prefix, no extension matches. */
    CHECK_EQ_INT(av_registry_get(&r, "api.y", 5, &got), 0);
    CHECK_EQ_INT(av_registry_get(&r, "api.", 4, &got), 0);
    CHECK_EQ_INT(av_registry_get(&r, "api.xx", 6, &got), 0);
    CHECK_EQ_INT(av_registry_get(&r, "api.x\0", 6, &got), 0);
    /* The same user with another fn under another name is another entry. */
    CHECK_EQ_INT(av_registry_add(&r, "api.x2", 6, (av_binding){fn0, &a}), AV_OK);
    CHECK_EQ_INT(av_registry_count(&r), 2);
    CHECK_EQ_INT(av_registry_get(&r, "api.x", 5, &got), 1);
    CHECK(got.fn == fn1 && got.user == &b);

    /* Remove: gone, a second remove finds nothing, the other name stays. */
    CHECK_EQ_INT(av_registry_remove(&r, "api.x", 5), AV_OK);
    CHECK_EQ_INT(av_registry_get(&r, "api.x", 5, &got), 0);
    CHECK_EQ_INT(av_registry_remove(&r, "api.x", 5), AV_E_NOT_FOUND);
    CHECK_EQ_INT(av_registry_remove(&r, "never", 5), AV_E_NOT_FOUND);
    CHECK_EQ_INT(av_registry_count(&r), 1);
    CHECK_EQ_INT(av_registry_get(&r, "api.x2", 6, &got), 1);
    CHECK(got.fn == fn0 && got.user == &a);
    /* Bound again after removal (over its tombstone). */
    CHECK_EQ_INT(av_registry_add(&r, "api.x", 5, (av_binding){fn0, &a}), AV_OK);
    CHECK_EQ_INT(av_registry_get(&r, "api.x", 5, &got), 1);
    CHECK(got.fn == fn0 && got.user == &a);
    CHECK_EQ_INT(av_registry_count(&r), 2);

    /* A NULL user is a valid binding (the binder may need no object). */
    CHECK_EQ_INT(av_registry_add(&r, "plain", 5, (av_binding){noop, NULL}), AV_OK);
    got.user = &a;
    CHECK_EQ_INT(av_registry_get(&r, "plain", 5, &got), 1);
    CHECK(got.fn == noop && got.user == NULL);
    CHECK_EQ_INT(av_registry_count(&r), 3);
    av_registry_close(&r);
}

static void test_bad_arguments(void)
{
    av_registry r;
    REQUIRE(av_registry_init(&r) == AV_OK);
    char name[AV_NAME_MAX + 2];
    memset(name, 'n', sizeof name);
    CHECK_EQ_INT(av_registry_add(&r, "", 0, (av_binding){noop, NULL}), AV_E_INVALID_ARG);
    CHECK_EQ_INT(av_registry_add(&r, NULL, 3, (av_binding){noop, NULL}), AV_E_INVALID_ARG);
    CHECK_EQ_INT(av_registry_add(&r, "m", 1, (av_binding){NULL, &r}), AV_E_INVALID_ARG);
    CHECK_EQ_INT(av_registry_add(&r, name, AV_NAME_MAX + 1, (av_binding){noop, NULL}), AV_E_INVALID_ARG);
    CHECK_EQ_INT(av_registry_count(&r), 0);
    /* Exactly the limit is fine. */
    CHECK_EQ_INT(av_registry_add(&r, name, AV_NAME_MAX, (av_binding){noop, NULL}), AV_OK);
    av_binding got;
    CHECK_EQ_INT(av_registry_get(&r, name, AV_NAME_MAX, &got), 1);
    CHECK_EQ_INT(av_registry_get(&r, name, AV_NAME_MAX - 1, &got), 0);
    CHECK_EQ_INT(av_registry_count(&r), 1);
    av_registry_close(&r);
}

/* "Did you mean": the nearest bound name, without case, '_' and '-', within
 * a small edit distance; nothing for names far from all, or too long. */
static void test_nearest(void)
{
    av_registry r;
    REQUIRE(av_registry_init(&r) == AV_OK);
    const char *bound[] = {"api.get_item", "api.get_items", "api.set_item", "export_scene", "x"};
    for (size_t i = 0; i < sizeof bound / sizeof bound[0]; i++)
        REQUIRE(av_registry_add(&r, bound[i], strlen(bound[i]), (av_binding){noop, NULL}) == AV_OK);
    char near[AV_NAME_MAX + 1];
#define NEAREST(name) av_registry_nearest(&r, name, strlen(name), near, sizeof near)
    CHECK_EQ_INT(NEAREST("api.getItem"), 1);
    CHECK(strcmp(near, "api.get_item") == 0);
    CHECK_EQ_INT(NEAREST("api.get_iten"), 1);
    CHECK(strcmp(near, "api.get_item") == 0);
    CHECK_EQ_INT(NEAREST("Export-Scene"), 1);
    CHECK(strcmp(near, "export_scene") == 0);
    CHECK_EQ_INT(NEAREST("exportscen"), 1);
    CHECK(strcmp(near, "export_scene") == 0);
    CHECK_EQ_INT(NEAREST("api.delete_everything"), 0);
    CHECK_EQ_INT(NEAREST("y"), 1); /* one edit from "x": the least allowed distance is 1 */
    CHECK(strcmp(near, "x") == 0);
    CHECK_EQ_INT(NEAREST("yz"), 0);
    char longer[AV_REGISTRY_NEAR_MAX_LEN + 2];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    CHECK_EQ_INT(NEAREST(longer), 0);
    /* Ties go to the first in byte order, whatever the table's order. */
    CHECK_EQ_INT(NEAREST("api.get_itemz"), 1);
    CHECK(strcmp(near, "api.get_item") == 0 || strcmp(near, "api.get_items") == 0);
    CHECK(strcmp(near, "api.get_item") == 0);
#undef NEAREST
    av_registry_close(&r);
}

static void test_clear(void)
{
    av_registry r;
    REQUIRE(av_registry_init(&r) == AV_OK);
    target t = {"t", 2, 0};
    char name[32];
    for (int i = 0; i < 100; i++) {
        int n = snprintf(name, sizeof name, "m%d", i);
        CHECK_EQ_INT(av_registry_add(&r, name, (size_t)n, (av_binding){fn2, &t}), AV_OK);
    }
    CHECK_EQ_INT(av_registry_remove(&r, "m7", 2), AV_OK); /* a tombstone too */
    CHECK_EQ_INT(av_registry_count(&r), 99);
    av_registry_clear(&r);
    CHECK_EQ_INT(av_registry_count(&r), 0);
    av_binding got;
    for (int i = 0; i < 100; i++) {
        int n = snprintf(name, sizeof name, "m%d", i);
        CHECK_EQ_INT(av_registry_get(&r, name, (size_t)n, &got), 0);
        CHECK_EQ_INT(av_registry_remove(&r, name, (size_t)n), AV_E_NOT_FOUND);
    }
    /* Still usable after a clear, and a second clear of an empty table is fine. */
    CHECK_EQ_INT(av_registry_add(&r, "m5", 2, (av_binding){fn3, &t}), AV_OK);
    CHECK_EQ_INT(av_registry_get(&r, "m5", 2, &got), 1);
    CHECK(got.fn == fn3 && got.user == &t);
    CHECK_EQ_INT(av_registry_count(&r), 1);
    av_registry_clear(&r);
    av_registry_clear(&r);
    CHECK_EQ_INT(av_registry_count(&r), 0);
    av_registry_close(&r);
    /* Closed, it may be initialised again. */
    REQUIRE(av_registry_init(&r) == AV_OK);
    CHECK_EQ_INT(av_registry_count(&r), 0);
    av_registry_close(&r);
}

static void test_growth_and_tombstones(void)
{
    av_registry r;
    REQUIRE(av_registry_init(&r) == AV_OK);
    char name[32];
    av_binding got;
    for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 1000; i++) {
            int n = snprintf(name, sizeof name, "m%d", i);
            CHECK_EQ_INT(av_registry_add(&r, name, (size_t)n, (av_binding){noop, (void *)(intptr_t)(i + 1)}), AV_OK);
        }
        CHECK_EQ_INT(av_registry_count(&r), 1000);
        /* Remove the even names, then bind every name again: the odd ones
         * are replaced in place (not added twice past a tombstone), the even
         * ones come back. */
        for (int i = 0; i < 1000; i += 2) {
            int n = snprintf(name, sizeof name, "m%d", i);
            CHECK_EQ_INT(av_registry_remove(&r, name, (size_t)n), AV_OK);
        }
        CHECK_EQ_INT(av_registry_count(&r), 500);
        for (int i = 0; i < 1000; i++) {
            int n = snprintf(name, sizeof name, "m%d", i);
            CHECK_EQ_INT(av_registry_add(&r, name, (size_t)n, (av_binding){noop, (void *)(intptr_t)(-i - 1)}), AV_OK);
        }
        CHECK_EQ_INT(av_registry_count(&r), 1000);
        for (int i = 0; i < 1000; i++) {
            int n = snprintf(name, sizeof name, "m%d", i);
            int found = av_registry_get(&r, name, (size_t)n, &got);
            CHECK(found && got.fn == noop && got.user == (void *)(intptr_t)(-i - 1));
            CHECK_EQ_INT(av_registry_remove(&r, name, (size_t)n), AV_OK);
            /* Removing one name must not lose another on its probe chain. */
            if (i + 1 < 1000) {
                n = snprintf(name, sizeof name, "m%d", i + 1);
                CHECK_EQ_INT(av_registry_get(&r, name, (size_t)n, &got), 1);
            }
        }
        CHECK_EQ_INT(av_registry_count(&r), 0);
    }
    av_registry_close(&r);
}

/* A handler may unbind itself, and rebind its name, while it runs: a lookup
 * holds no lock and nothing of the table. */
static av_registry *g_self_reg;
static int g_self_runs;

static void unbinds_itself(av_request *req, void *user)
{
    (void)req;
    g_self_runs++;
    CHECK_EQ_INT(av_registry_remove(g_self_reg, "self", 4), AV_OK);
    CHECK_EQ_INT(av_registry_add(g_self_reg, "self", 4, (av_binding){noop, user}), AV_OK);
    CHECK_EQ_INT(av_registry_add(g_self_reg, "other", 5, (av_binding){noop, user}), AV_OK);
}

static void test_handler_unbinds_itself(void)
{
    av_registry r;
    REQUIRE(av_registry_init(&r) == AV_OK);
    g_self_reg = &r;
    g_self_runs = 0;
    int obj;
    CHECK_EQ_INT(av_registry_add(&r, "self", 4, (av_binding){unbinds_itself, &obj}), AV_OK);
    av_binding got;
    REQUIRE(av_registry_get(&r, "self", 4, &got));
    got.fn(NULL, got.user); /* would deadlock if the lookup kept a lock */
    CHECK_EQ_INT(g_self_runs, 1);
    CHECK_EQ_INT(atomic_load(&g_wrong_pair), 0);
    CHECK_EQ_INT(av_registry_get(&r, "self", 4, &got), 1);
    CHECK(got.fn == noop && got.user == &obj);
    CHECK_EQ_INT(av_registry_count(&r), 2);
    av_registry_close(&r);
}

/* ---- lookups racing with binds ------------------------------------------ */

#define WRITERS 4
#define READERS 2
#define NAMES 64
#define ROUNDS 4000

static av_registry g_reg;                  /* shared by the threads of the concurrent test */
static target g_targets[WRITERS][NAMES];   /* writer w binds name k to (k_fns[w], &g_targets[w][k]) */
static atomic_int g_writers_done;
static pthread_barrier_t g_start;          /* readers and writers set off together */
static atomic_long g_hits, g_lookups, g_mismatches;

static void *writer(void *arg)
{
    int w = (int)(intptr_t)arg;
    char name[32];
    pthread_barrier_wait(&g_start);
    for (int round = 0; round < ROUNDS; round++) {
        int k = (round * 7 + w) % NAMES;
        int n = snprintf(name, sizeof name, "api.n%d", k);
        if (av_registry_add(&g_reg, name, (size_t)n, (av_binding){k_fns[w], &g_targets[w][k]}) != AV_OK)
            atomic_fetch_add(&g_mismatches, 1);
        if (round % 3 == 0)
            av_registry_remove(&g_reg, name, (size_t)n); /* NOT_FOUND if another writer beat us to it */
        if (round % 500 == 499) {
            /* Now and then a burst of fresh names, to make the table grow
             * (and rehash) under the readers' feet. */
            for (int j = 0; j < 40; j++) {
                n = snprintf(name, sizeof name, "burst.%d.%d.%d", w, round, j);
                av_registry_add(&g_reg, name, (size_t)n, (av_binding){noop, NULL});
            }
            for (int j = 0; j < 40; j++) {
                n = snprintf(name, sizeof name, "burst.%d.%d.%d", w, round, j);
                if (av_registry_remove(&g_reg, name, (size_t)n) != AV_OK)
                    atomic_fetch_add(&g_mismatches, 1); /* only this writer removes its bursts */
            }
        }
    }
    atomic_fetch_add(&g_writers_done, 1);
    return NULL;
}

static void *reader(void *arg)
{
    long lookups = 0, hits = 0, mismatches = 0;
    char name[32];
    int k = (int)(intptr_t)arg;
    pthread_barrier_wait(&g_start);
    while (atomic_load(&g_writers_done) < WRITERS || lookups < 10000) {
        k = (k + 1) % NAMES;
        int n = snprintf(name, sizeof name, "api.n%d", k);
        av_binding b = {NULL, NULL};
        if (av_registry_get(&g_reg, name, (size_t)n, &b)) {
            hits++;
            /* The pair is one writer's whole binding of this very name:
             * never a fn from one bind and a user from another. */
            const target *t = b.user;
            uintptr_t at = (uintptr_t)t, lo = (uintptr_t)&g_targets[0][0],
                      hi = (uintptr_t)&g_targets[WRITERS - 1][NAMES - 1];
            if (at < lo || at > hi || strcmp(t->name, name) != 0 || b.fn != k_fns[t->fn_index])
                mismatches++;
            else
                b.fn(NULL, b.user); /* and it runs, while others rebind the name */
        }
        lookups++;
    }
    atomic_fetch_add(&g_lookups, lookups);
    atomic_fetch_add(&g_hits, hits);
    atomic_fetch_add(&g_mismatches, mismatches);
    return NULL;
}

static void test_lookups_during_concurrent_binds(void)
{
    REQUIRE(av_registry_init(&g_reg) == AV_OK);
    for (int w = 0; w < WRITERS; w++)
        for (int k = 0; k < NAMES; k++) {
            target *t = &g_targets[w][k];
            snprintf(t->name, sizeof t->name, "api.n%d", k);
            t->fn_index = w;
            atomic_init(&t->calls, 0);
        }
    pthread_t wt[WRITERS], rt[READERS];
    REQUIRE(pthread_barrier_init(&g_start, NULL, WRITERS + READERS) == 0);
    for (int i = 0; i < READERS; i++)
        REQUIRE(pthread_create(&rt[i], NULL, reader, (void *)(intptr_t)(i * 31)) == 0);
    for (int i = 0; i < WRITERS; i++)
        REQUIRE(pthread_create(&wt[i], NULL, writer, (void *)(intptr_t)i) == 0);
    for (int i = 0; i < WRITERS; i++)
        pthread_join(wt[i], NULL);
    for (int i = 0; i < READERS; i++)
        pthread_join(rt[i], NULL);
    pthread_barrier_destroy(&g_start);

    /* Afterwards the table agrees with itself: the count is the number of
     * names a lookup finds, and every found binding is a whole one. */
    size_t left = av_registry_count(&g_reg), found = 0;
    long bad_after = 0;
    char name[32];
    for (int k = 0; k < NAMES; k++) {
        int n = snprintf(name, sizeof name, "api.n%d", k);
        av_binding b;
        if (av_registry_get(&g_reg, name, (size_t)n, &b)) {
            found++;
            const target *t = b.user;
            if (strcmp(t->name, name) != 0 || b.fn != k_fns[t->fn_index])
                bad_after++;
        }
    }
    /* Binding every name once more leaves exactly NAMES entries: nothing
     * was added twice under one name during the churn. */
    for (int k = 0; k < NAMES; k++) {
        int n = snprintf(name, sizeof name, "api.n%d", k);
        CHECK_EQ_INT(av_registry_add(&g_reg, name, (size_t)n, (av_binding){fn0, &g_targets[0][k]}), AV_OK);
    }
    size_t total = av_registry_count(&g_reg);
    av_registry_close(&g_reg);
    printf("lookups %ld, hits %ld, left at the end %zu\n", atomic_load(&g_lookups), atomic_load(&g_hits), left);
    CHECK_EQ_INT(atomic_load(&g_mismatches), 0);
    CHECK_EQ_INT(bad_after, 0);
    CHECK_EQ_INT(atomic_load(&g_wrong_pair), 0);
    CHECK(atomic_load(&g_hits) > 0);
    CHECK_EQ_INT(left, found);
    CHECK_EQ_INT(total, NAMES);
}

int main(void)
{
    RUN(test_bind_replace_remove);
    RUN(test_bad_arguments);
    RUN(test_nearest);
    RUN(test_clear);
    RUN(test_growth_and_tombstones);
    RUN(test_handler_unbinds_itself);
    RUN(test_lookups_during_concurrent_binds);
    return TEST_EXIT();
}
