/* av_signal.h: a coalesced wake-up.
 *
 * Many threads may ask for the main thread's attention; the host hears at
 * most one request until the main thread clears the signal at the start of
 * its drain. Nothing is throttled to a period: the first raise after a clear
 * wakes at once.
 *
 * Guarantees: lock-free; av_signal_raise may be called from any thread;
 * `wake` runs on the raising thread, outside any lock of the core, and must
 * only post work to the main thread (never run the drain inline).
 */
#ifndef AURORAVIEW_AV_SIGNAL_H
#define AURORAVIEW_AV_SIGNAL_H

#include <stdatomic.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*av_wake_fn)(void *user);

typedef struct av_signal {
    atomic_int pending;
    av_wake_fn wake;
    void *user;
} av_signal;

void av_signal_init(av_signal *s, av_wake_fn wake, void *user);

/* Calls wake unless a wake is already pending. Returns 1 if it woke. */
int av_signal_raise(av_signal *s);

/* Called by the drain before it looks at its queues, so a raise that races
 * with the drain wakes again instead of being lost. */
void av_signal_clear(av_signal *s);

#ifdef __cplusplus
}
#endif
#endif
