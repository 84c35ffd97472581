/* Private to plugin/core: the layout of av_core and av_view, shared by
 * av_core.c (the drain), av_receive.c (the page's way in) and av_view.c
 * (lifetime, answers, emits, flush). */
#ifndef AURORAVIEW_CORE_INTERNAL_H
#define AURORAVIEW_CORE_INTERNAL_H

#include "auroraview/av_core.h"
#include "av_pending.h"
#include "av_pieces.h"
#include "av_queue.h"
#include "av_registry.h"
#include "av_signal.h"

#include <pthread.h>
#include <stdatomic.h>

/* Counters are relaxed atomics: each is exact, a snapshot of several is not. */
typedef struct core_counters {
    _Atomic uint64_t received, handled, unhandled, answered, emitted, delivered, dropped, flushes, drains,
        wakes, late_answers;
    _Atomic uint64_t rejected[AV_ERR_COUNT];
    _Atomic uint64_t inbound_high_water, inbound_high_water_bytes;
} core_counters;

struct av_core {
    av_core_config cfg;
    av_signal signal;
    core_counters n;

    pthread_mutex_t views_lock; /* guards views, view_count, view_cap */
    av_view **views;            /* open views; each entry holds a reference */
    size_t view_count, view_cap;
    size_t next_first;          /* main thread only: the view the next drain serves first */
    _Atomic uint32_t next_view_id;
};

struct av_view {
    av_core *core;
    uint32_t id;
    _Atomic unsigned refs;
    _Atomic int closed;
    _Atomic uint32_t generation; /* bumped by av_view_reset: one per page */
    /* The generation whose page has spoken (sent any message its origin
     * allows): its bridge is installed, so records may go to it. Until then
     * the outbound queue holds them. */
    _Atomic uint32_t live_generation;
    av_view_config cfg;
    av_queue inbound;            /* from the page: one producer (the shim's thread) */
    av_queue outbound;           /* to the page: any thread */
    av_pending pending;
    av_pieces pieces;            /* the page's messages arriving in pieces */
    av_registry methods, events;
    int running;                 /* main thread only: one of its handlers is on the stack */
    unsigned suggested;          /* main thread only: "did you mean"s looked up (bounded: AV_SUGGEST_MAX) */
    uint64_t warned_events[16];  /* main thread only: hashes of unhandled event names warned about */
    unsigned warned_count;

    pthread_mutex_t origins_lock; /* receive may run off the main thread */
    char **origins;
    size_t origin_count;
    int allow_any_origin;

    /* Main thread only: the batch being built by a flush. */
    char *batch;
    size_t batch_len, batch_cap;
};

void av_core_logf(av_core *core, av_log_level level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Counts one refused message under code. */
void av_core_count_rejected(av_core *core, int code);

/* 1 when the calling thread is inside av_core_drain(core): an answer made
 * now is delivered by that drain's flush and needs no wake of its own. */
int av_core_draining_here(const av_core *core);

/* Queues an error answer for id without consulting the pending table (for
 * calls refused before they reached it). Counts it. */
int av_view_queue_fault(av_view *view, const char *id, size_t id_len, int code, const char *name,
                        const char *message, const char *data, size_t data_len);

/* Delivers everything queued for the view, up to cfg.flush_bytes of script.
 * Main thread. Returns 1 if records remain queued. */
int av_view_flush(av_view *view);

#endif
