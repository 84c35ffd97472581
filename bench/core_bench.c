/* core_bench: ns per operation of the core's hot paths, each beside a
 * reference in the same run.
 *   queue : push+pop of one record through av_queue (ck_ring MPMC), 1, 2
 *           and 4 threads (4 oversubscribes a 2-core machine), against a
 *           mutex-protected ring of the same size;
 *   parse : av_envelope_parse of a call with a small / 1 KiB / 64 KiB params
 *           payload, against yajl (a validating C parser) on the same text.
 * Usage: core_bench [--quick]. Prints one line per figure. */
#include "auroraview/av_core.h"
#include "av_queue.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yajl/yajl_parse.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the reference queue: a ring under one mutex ---------------------- */

typedef struct mutex_queue {
    pthread_mutex_t lock;
    av_msg **slots;
    size_t cap, head, count;
} mutex_queue;

static int mq_push(mutex_queue *q, av_msg *m)
{
    pthread_mutex_lock(&q->lock);
    int ok = q->count < q->cap;
    if (ok) {
        q->slots[(q->head + q->count) % q->cap] = m;
        q->count++;
    }
    pthread_mutex_unlock(&q->lock);
    return ok;
}

static av_msg *mq_pop(mutex_queue *q)
{
    av_msg *m = NULL;
    pthread_mutex_lock(&q->lock);
    if (q->count) {
        m = q->slots[q->head];
        q->head = (q->head + 1) % q->cap;
        q->count--;
    }
    pthread_mutex_unlock(&q->lock);
    return m;
}

/* Each thread pushes its own record and pops one, `iters` times: the cost of
 * moving a record through the queue, contention included. */
typedef struct queue_job {
    int use_ck;
    av_queue *ck;
    mutex_queue *mq;
    long iters;
    av_msg *rec;
} queue_job;

static void *queue_worker(void *arg)
{
    queue_job *j = arg;
    av_msg *m = j->rec;
    for (long i = 0; i < j->iters; i++) {
        if (j->use_ck) {
            while (av_queue_push(j->ck, m) != AV_OK)
                ;
            while ((m = av_queue_pop(j->ck)) == NULL)
                ;
        } else {
            while (!mq_push(j->mq, m))
                ;
            while ((m = mq_pop(j->mq)) == NULL)
                ;
        }
    }
    j->rec = m;
    return NULL;
}

static double bench_queue(int use_ck, int threads, long iters)
{
    av_queue ck;
    mutex_queue mq = {PTHREAD_MUTEX_INITIALIZER, NULL, 1024, 0, 0};
    av_queue_init(&ck, 1023, 0);
    mq.slots = calloc(mq.cap, sizeof *mq.slots);
    queue_job jobs[8];
    pthread_t th[8];
    for (int t = 0; t < threads; t++) {
        jobs[t] = (queue_job){use_ck, &ck, &mq, iters,
                              av_msg_new(AV_MSG_EVENT, 1, NULL, 0, "e", 1, "{}", 2)};
    }
    double t0 = now_s();
    for (int t = 0; t < threads; t++)
        pthread_create(&th[t], NULL, queue_worker, &jobs[t]);
    for (int t = 0; t < threads; t++)
        pthread_join(th[t], NULL);
    double dt = now_s() - t0;
    for (int t = 0; t < threads; t++)
        av_msg_free(jobs[t].rec);
    av_queue_close(&ck);
    free(mq.slots);
    return dt * 1e9 / ((double)iters * threads);
}

/* ---- parsing ------------------------------------------------------------ */

static void count_envelope(void *user, const av_envelope *env)
{
    (void)env;
    ++*(long *)user;
}

/* yajl with no callbacks validates the whole text, like our scanner does. */
static int yajl_parse_all(const char *text, size_t len)
{
    yajl_handle h = yajl_alloc(NULL, NULL, NULL);
    int ok = yajl_parse(h, (const unsigned char *)text, len) == yajl_status_ok &&
             yajl_complete_parse(h) == yajl_status_ok;
    yajl_free(h);
    return ok;
}

static char *make_call(size_t payload_bytes)
{
    /* params: {"old_name":"cube1","new_name":"hero_cube","blob":"xxxx..."} */
    size_t cap = payload_bytes + 256;
    char *s = malloc(cap);
    int n = snprintf(s, cap, "{\"type\":\"call\",\"id\":42,\"method\":\"api.rename_object\",\"params\":"
                             "{\"old_name\":\"cube1\",\"new_name\":\"hero_cube\",\"blob\":\"");
    size_t fill = payload_bytes > 64 ? payload_bytes - 64 : 0;
    for (size_t i = 0; i < fill; i++)
        s[n + i] = (char)('a' + i % 26);
    strcpy(s + n + fill, "\"}}");
    return s;
}

static void bench_parse(const char *label, size_t payload_bytes, long iters)
{
    char *text = make_call(payload_bytes);
    size_t len = strlen(text);
    long seen = 0;
    double t0 = now_s();
    for (long i = 0; i < iters; i++)
        av_envelope_parse(text, len, count_envelope, &seen, NULL);
    double ours = (now_s() - t0) * 1e9 / (double)iters;
    int ok = 1;
    t0 = now_s();
    for (long i = 0; i < iters; i++)
        ok &= yajl_parse_all(text, len);
    double yajl = (now_s() - t0) * 1e9 / (double)iters;
    printf("parse %-6s (%6zu B): av_envelope_parse %10.1f ns/op (%6.2f GB/s)   yajl %10.1f ns/op   ratio %.2fx%s\n",
           label, len, ours, (double)len / ours, yajl, yajl / ours, ok && seen == iters ? "" : "  [CHECK FAILED]");
    free(text);
}

int main(int argc, char **argv)
{
    int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    long qiters = quick ? 200000 : 2000000;
    static const int thread_counts[] = {1, 2, 4};
    for (size_t i = 0; i < sizeof thread_counts / sizeof thread_counts[0]; i++) {
        int threads = thread_counts[i];
        double ck = bench_queue(1, threads, qiters);
        double mx = bench_queue(0, threads, qiters);
        printf("queue push+pop, %d thread%s: av_queue (ck_ring MPMC) %7.1f ns/op   mutex ring %7.1f ns/op   ratio %.2fx\n",
               threads, threads > 1 ? "s" : " ", ck, mx, mx / ck);
    }
    bench_parse("small", 0, quick ? 200000 : 2000000);
    bench_parse("1KiB", 1024, quick ? 50000 : 500000);
    bench_parse("64KiB", 65536, quick ? 1000 : 10000);
    return 0;
}
