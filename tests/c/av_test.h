/* av_test.h: a minimal test harness for the C tests (one executable per
 * file, run by ctest). CHECK records a failure and goes on; REQUIRE stops the
 * test. The exit status is the number of failures (capped), so ctest sees it. */
#ifndef AV_TEST_H
#define AV_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int av_test_failures;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            av_test_failures++;                                              \
        }                                                                    \
    } while (0)

#define REQUIRE(cond)                                                        \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond); \
            exit(1);                                                         \
        }                                                                    \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                   \
    do {                                                                     \
        long long av_a_ = (long long)(a), av_b_ = (long long)(b);            \
        if (av_a_ != av_b_) {                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%lld != %lld)\n", __FILE__, \
                    __LINE__, #a, #b, av_a_, av_b_);                         \
            av_test_failures++;                                              \
        }                                                                    \
    } while (0)

#define CHECK_SPAN(span, lit)                                                \
    do {                                                                     \
        const char *av_l_ = (lit);                                           \
        if ((span).len != strlen(av_l_) || memcmp((span).ptr, av_l_, (span).len) != 0) { \
            fprintf(stderr, "%s:%d: CHECK failed: %s is '%.*s', expected '%s'\n", __FILE__, \
                    __LINE__, #span, (int)(span).len, (span).ptr ? (span).ptr : "", av_l_); \
            av_test_failures++;                                              \
        }                                                                    \
    } while (0)

#define RUN(test)                                                            \
    do {                                                                     \
        int av_before_ = av_test_failures;                                   \
        test();                                                              \
        printf("%s %s\n", av_test_failures == av_before_ ? "ok  " : "FAIL", #test); \
    } while (0)

#define TEST_EXIT() (av_test_failures > 100 ? 100 : av_test_failures)

#endif
