/* e2e_glue.c: see e2e_glue.h. */
#include "e2e_glue.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Written once by e2e_watchdog_start before its thread starts, then only
 * read by that thread: one watchdog per test process. */
static struct {
    unsigned seconds;
    void (*describe)(void);
} watchdog;

static void *watch(void *arg)
{
    (void)arg;
    sleep(watchdog.seconds);
    fprintf(stderr, "FAIL: did not finish in %u s: ", watchdog.seconds);
    watchdog.describe();
    _exit(2);
}

void e2e_watchdog_start(unsigned seconds, void (*describe)(void))
{
    watchdog.seconds = seconds;
    watchdog.describe = describe;
    pthread_t thread;
    if (pthread_create(&thread, NULL, watch, NULL) != 0) {
        fprintf(stderr, "FAIL: cannot start the watchdog thread\n");
        exit(2);
    }
    pthread_detach(thread);
}
