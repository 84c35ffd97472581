#include "av_signal.h"

void av_signal_init(av_signal *s, av_wake_fn wake, void *user)
{
    atomic_init(&s->pending, 0);
    s->wake = wake;
    s->user = user;
}

int av_signal_raise(av_signal *s)
{
    /* The fence orders the caller's push before the read below (a store-load
     * pair, which even x86 may reorder); without it a drain could clear the
     * flag, find the queue empty, and this raise still read the old 1. The
     * read itself is cheap: under a flood almost every raise finds it set. */
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(&s->pending, memory_order_relaxed))
        return 0;
    if (atomic_exchange_explicit(&s->pending, 1, memory_order_acq_rel))
        return 0;
    if (s->wake)
        s->wake(s->user);
    return 1;
}

void av_signal_clear(av_signal *s)
{
    /* seq_cst pairs with the producers' push: a record pushed after this
     * store is followed by a raise that sees 0 and wakes. */
    atomic_store_explicit(&s->pending, 0, memory_order_seq_cst);
}
