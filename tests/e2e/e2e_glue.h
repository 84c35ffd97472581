/* e2e_glue.h: what every C e2e program needs beside av_panel: a watchdog
 * that ends a hung test. */
#ifndef E2E_GLUE_H
#define E2E_GLUE_H

/* Starts a thread that, after seconds, calls describe() (which prints what
 * the test was waiting for) and ends the process with exit status 2. */
void e2e_watchdog_start(unsigned seconds, void (*describe)(void));

#endif
