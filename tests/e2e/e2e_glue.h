/* e2e_glue.h: what every C e2e program needs between the core and the shim
 * (the Python module does the same for real): a wake that posts one drain
 * to the main thread, and a watchdog that ends a hung test. */
#ifndef E2E_GLUE_H
#define E2E_GLUE_H

#include "auroraview/av_core.h"

/* av_core_config.wake: posts av_core_drain(*(av_core **)user) to the main
 * thread. Set cfg.user to the address of the variable that will hold the
 * core (it is filled by av_core_new before any wake can come). */
void e2e_wake(void *user);

/* Starts a thread that, after seconds, calls describe() (which prints what
 * the test was waiting for) and ends the process with exit status 2. */
void e2e_watchdog_start(unsigned seconds, void (*describe)(void));

#endif
