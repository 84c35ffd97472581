/* fuzz.h: what every fuzz target in tests/fuzz shares.
 *
 * A target is one C file defining LLVMFuzzerTestOneInput. It is built twice:
 *  - with clang's libFuzzer (-fsanitize=fuzzer,address,undefined) when
 *    AV_BUILD_FUZZ is ON (the "fuzz" preset; tests/fuzz/run.sh runs it);
 *  - with replay_main.c in every build, as the ctest fuzz.replay.<name>, which
 *    feeds it the committed corpus (seeds and every past finding), so the
 *    targets never rot and each finding stays a regression case, under ASan
 *    too in the asan preset.
 *
 * FUZZ_ASSERT reports a broken invariant and aborts: libFuzzer saves the
 * input as a crash artifact, the replay test fails. */
#ifndef AV_FUZZ_H
#define AV_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                                  \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

#endif
