/* Ctrl-C while auroraview's own loops wait: the blocking show() and the
 * REPL's input hook. Python's C-level SIGINT handler only trips a flag (and
 * writes the signal's number to the wakeup fd, signal.set_wakeup_fd); its
 * Python-level handler, signal.default_int_handler, raises
 * KeyboardInterrupt when the main thread next checks, which a Qt loop with
 * the GIL released never does. So while those loops wait, the wakeup fd is
 * a pipe of ours, watched with the loop: on a signal the GIL is taken,
 * PyErr_CheckSignals() runs the handler, and a KeyboardInterrupt closes
 * every view and ends the wait.
 *
 * All of it only while signal.default_int_handler is SIGINT's handler: a
 * host (or user) that installed its own keeps it, untouched. */
#include "av_py.h"

#include "auroraview/av_panel.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

/* _signal, the C module under signal.py: signal.getsignal is a Python
 * wrapper, and Python code run while a signal is pending raises its
 * KeyboardInterrupt inside (which this code would then swallow). */
static PyObject *signal_module;

/* 1 when SIGINT's handler is signal.default_int_handler. GIL held; leaves
 * no exception set. */
static int sigint_is_default(void)
{
    if (!signal_module && !(signal_module = PyImport_ImportModule("_signal"))) {
        PyErr_Clear();
        return 0;
    }
    PyObject *handler = PyObject_CallMethod(signal_module, "getsignal", "i", SIGINT);
    PyObject *dflt = PyObject_GetAttrString(signal_module, "default_int_handler");
    int yes = handler && dflt && handler == dflt;
    Py_XDECREF(handler);
    Py_XDECREF(dflt);
    PyErr_Clear();
    return yes;
}

/* ---- the wakeup pipe ------------------------------------------------------ */

typedef struct wakeup {
    int active;
    int fds[2];   /* read end, write end (the signal module's wakeup fd) */
    PyObject *old; /* what set_wakeup_fd returned: the fd to restore */
} wakeup;

/* Makes the pipe the wakeup fd. GIL held, main thread. Returns 0, or -1
 * (not Python's SIGINT handler, not Python's main thread, no pipe): then w
 * is inactive and nothing changed. Leaves no exception set. */
static int wakeup_open(wakeup *w)
{
    w->active = 0;
    if (!sigint_is_default() || pipe(w->fds) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(w->fds[i], F_SETFL, fcntl(w->fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(w->fds[i], F_SETFD, FD_CLOEXEC);
    }
    PyObject *fn = PyObject_GetAttrString(signal_module, "set_wakeup_fd");
    PyObject *args = Py_BuildValue("(i)", w->fds[1]);
    PyObject *kw = Py_BuildValue("{sO}", "warn_on_full_buffer", Py_False);
    w->old = fn && args && kw ? PyObject_Call(fn, args, kw) : NULL;
    Py_XDECREF(fn);
    Py_XDECREF(args);
    Py_XDECREF(kw);
    if (!w->old) { /* ValueError: this is not Python's main thread */
        PyErr_Clear();
        close(w->fds[0]);
        close(w->fds[1]);
        return -1;
    }
    w->active = 1;
    return 0;
}

/* Restores the previous wakeup fd and closes the pipe. GIL held. */
static void wakeup_close(wakeup *w)
{
    if (!w->active)
        return;
    PyObject *r = PyObject_CallMethod(signal_module, "set_wakeup_fd", "O", w->old);
    if (!r)
        PyErr_WriteUnraisable(signal_module);
    Py_XDECREF(r);
    Py_CLEAR(w->old);
    close(w->fds[0]);
    close(w->fds[1]);
    w->active = 0;
}

/* A handler's KeyboardInterrupt, answered as its call's error: the wait it
 * interrupted ends as if the signal had come now (av_py_retrip_interrupt). */
static int handler_interrupted;

static void wakeup_drain(wakeup *w)
{
    char buf[64];
    while (read(w->fds[0], buf, sizeof buf) > 0)
        ;
}

/* ---- the blocking show() -------------------------------------------------- */

static wakeup show_wakeup, hook_wakeup;
static av_shim_watch *show_watch;
static PyObject *caught_type, *caught_value, *caught_tb; /* what ended the loop */

/* Main thread, no GIL: a signal arrived while show() runs the loop. */
static void show_woken(void *user)
{
    (void)user;
    wakeup_drain(&show_wakeup);
    PyGILState_STATE gil = PyGILState_Ensure();
    if (PyErr_CheckSignals() < 0 || (handler_interrupted && (PyErr_SetNone(PyExc_KeyboardInterrupt), 1))) {
        handler_interrupted = 0;
        /* The handler raised (KeyboardInterrupt, or another signal's
         * handler's exception): show() raises it once the loop has ended. */
        if (caught_type)
            PyErr_Clear();
        else
            PyErr_Fetch(&caught_type, &caught_value, &caught_tb);
        av_py_close_all();
        av_shim_app_quit();
    }
    PyGILState_Release(gil);
}

void av_py_interrupt_begin(void)
{
    char err[256];
    if (wakeup_open(&show_wakeup) == 0 &&
        av_shim_watch_fd(show_wakeup.fds[0], AV_SHIM_READABLE, show_woken, NULL, &show_watch, err, sizeof err) != 0) {
        show_watch = NULL;
        wakeup_close(&show_wakeup);
    }
}

int av_py_interrupt_end(void)
{
    if (show_watch)
        av_shim_watch_free(show_watch);
    show_watch = NULL;
    wakeup_close(&show_wakeup);
    if (!caught_type)
        return 0;
    PyErr_Restore(caught_type, caught_value, caught_tb);
    caught_type = caught_value = caught_tb = NULL;
    return -1;
}

/* ---- a KeyboardInterrupt inside a handler ----------------------------------- */

void av_py_retrip_interrupt(PyObject *type)
{
    /* Only where something waits for it: a blocking show() or the REPL's
     * hook is told through its pipe (tripping SIGINT again would raise it in
     * whatever Python code runs next: another handler, a hook); the REPL
     * running the user's code gets SIGINT tripped again. In a host's loop
     * it stays one failed call, as before. */
    if (!type || !PyErr_GivenExceptionMatches(type, PyExc_KeyboardInterrupt) || !sigint_is_default())
        return;
    wakeup *w = show_wakeup.active ? &show_wakeup : hook_wakeup.active ? &hook_wakeup : NULL;
    if (w) {
        handler_interrupted = 1;
        char byte = SIGINT;
        (void)!write(w->fds[1], &byte, 1);
    } else if (PyOS_InputHook == av_py_input_hook) {
        PyErr_SetInterrupt();
    }
}

/* ---- the REPL's input hook ------------------------------------------------ */

/* Python calls the hook without the GIL while it waits for a line of input,
 * then reads the line: with readline (a terminal), select() on stdin with a
 * 0.1 s timeout, the hook after each select, and a check for signals only
 * when select failed with EINTR (Modules/readline.c,
 * readline_until_enter_or_signal); without readline, fgets(), whose read()
 * checks for signals on EINTR (Parser/myreadline.c, my_fgets). A SIGINT the
 * hook has handled while those were not waiting reaches neither: so after
 * closing the views, the hook trips SIGINT again (Python's own check sees
 * it) and, 20 ms later, sends SIGINT to the main thread from a short-lived
 * thread, whose EINTR makes select or read give up and check. */

static pthread_t kick_target;

static void *kick(void *unused)
{
    (void)unused;
    struct timespec delay = {0, 20 * 1000 * 1000};
    nanosleep(&delay, NULL);
    pthread_kill(kick_target, SIGINT);
    return NULL;
}

/* The windows stay live until stdin is readable: Qt's events are processed,
 * then stdin (and the wakeup pipe) polled for 10 ms (the shim has no way to
 * wake a poll on its events, so 10 ms is the longest a window waits while
 * the user types). Only a terminal is waited on: from a pipe, stdio may
 * already hold the next line where poll cannot see it. */
int av_py_input_hook(void)
{
    int entry_errno = errno; /* EINTR: readline's select was interrupted */
    int tty = isatty(STDIN_FILENO), woken = 0;
    wakeup *w = &hook_wakeup; /* nested calls of the hook (a handler's processEvents) do not wait */
    PyGILState_STATE gil = PyGILState_Ensure();
    /* A signal that interrupted readline's select (it calls the hook before
     * its own check), or one tripped again. */
    int interrupted = PyErr_CheckSignals() < 0;
    int ours = !interrupted && sigint_is_default();
    int in_select = interrupted && entry_errno == EINTR; /* readline checks next */
    if (ours && !interrupted && !w->active)
        wakeup_open(w);
    else
        w = NULL;
    PyGILState_Release(gil);

    if (!interrupted) {
        struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {w && w->active ? w->fds[0] : -1, POLLIN, 0}};
        for (;;) {
            av_shim_app_process_events(10);
            int n = poll(fds, 2, tty ? 10 : 0);
            if (n > 0 && fds[1].revents) {
                woken = 1;
                break;
            }
            if (n < 0 && errno == EINTR && tty)
                continue; /* a signal: the pipe tells whether it was ours */
            if (!tty || n != 0)
                break;
        }
        gil = PyGILState_Ensure();
        if (woken) {
            wakeup_drain(w);
            interrupted = PyErr_CheckSignals() < 0;
            if (!interrupted && handler_interrupted) {
                PyErr_SetNone(PyExc_KeyboardInterrupt);
                interrupted = 1;
            }
            handler_interrupted = 0;
        }
    } else {
        gil = PyGILState_Ensure();
    }
    PyObject *type = NULL, *value = NULL, *tb = NULL;
    PyErr_Fetch(&type, &value, &tb); /* before wakeup_close runs Python */
    if (w)
        wakeup_close(w);

    if (interrupted) {
        if (PyErr_GivenExceptionMatches(type, PyExc_KeyboardInterrupt)) {
            av_py_close_all();
            PyErr_SetInterrupt(); /* the prompt raises it */
            pthread_t t;
            kick_target = pthread_self();
            if (!in_select && pthread_create(&t, NULL, kick, NULL) == 0)
                pthread_detach(t);
            Py_XDECREF(type);
            Py_XDECREF(value);
            Py_XDECREF(tb);
        } else { /* another signal's Python handler raised: it has no caller here */
            PyErr_Restore(type, value, tb);
            av_py_log_exception(AV_LOG_ERROR, "a signal handler raised while the REPL waited for input");
        }
    }
    PyGILState_Release(gil);
    return 0;
}
