/* auroraview._core: the module. The process-wide engine (core + Qt
 * application), the GIL brackets of a drain, posting to the main thread,
 * logging, errors. Views (and async handlers' answers) are in av_pyview.c,
 * Ctrl-C and the REPL input hook in av_pysignal.c. */
#include "av_py.h"

#include "auroraview/av_panel.h"

#include <time.h>

av_py_state av_py;

int av_py_on_main_thread(void)
{
    return av_py.core && pthread_equal(pthread_self(), av_py.main_thread);
}

/* ---- errors and logging ------------------------------------------------- */

const char *av_py_utf8(PyObject *str, Py_ssize_t *len)
{
    /* "s#" reaches the string's cached UTF-8 without a copy: the limited
     * API's PyUnicode_AsUTF8AndSize before 3.10. */
    const char *s;
    return PyArg_Parse(str, "s#", &s, len) ? s : NULL;
}

PyObject *av_py_raise(int code, const char *what)
{
    PyObject *type = code == AV_E_BUSY     ? av_py.busy_error
                     : code == AV_E_CLOSED ? av_py.closed_error
                     : code == AV_E_NO_MEMORY ? PyExc_MemoryError
                     : code == AV_E_BAD_MESSAGE || code == AV_E_INVALID_ARG ? PyExc_ValueError
                                                                             : av_py.error;
    /* CLOSED names the public method the caller used: "load_url(): the view is closed". */
    PyObject *message = code == AV_E_CLOSED ? PyUnicode_FromFormat("%s(): the view is closed", what)
                                            : PyUnicode_FromFormat("%s: %s", what, av_strerror(code));
    PyObject *name = NULL;
    PyObject *exc = message ? PyObject_CallFunctionObjArgs(type, message, NULL) : NULL;
    Py_XDECREF(message);
    if (!exc)
        return NULL;
    /* Our own classes carry the protocol code, as AuroraViewError does in JS. */
    if (PyObject_IsSubclass(type, av_py.error) == 1) {
        name = PyUnicode_FromString(av_err_name(code));
        if (!name || PyObject_SetAttrString(exc, "code", name) < 0) {
            Py_XDECREF(name);
            Py_DECREF(exc);
            return NULL;
        }
        Py_DECREF(name);
    }
    PyErr_SetObject(type, exc);
    Py_DECREF(exc);
    return NULL;
}

void av_py_log(int level, PyObject *message, PyObject *exc)
{
    if (!av_py.log)
        return;
    PyObject *r = PyObject_CallFunction(av_py.log, "iOO", level, message, exc ? exc : Py_None);
    if (r)
        Py_DECREF(r);
    else
        PyErr_WriteUnraisable(av_py.log);
}

void av_py_log_exception(int level, const char *context)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb)
        PyException_SetTraceback(value, tb);
    PyObject *line = PyUnicode_FromFormat("%s: %S", context, value);
    if (line) {
        av_py_log(level, line, value);
        Py_DECREF(line);
    } else {
        PyErr_WriteUnraisable(value);
    }
    av_py_retrip_interrupt(type); /* Ctrl-C landed in the code that raised */
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

/* The core's log hook: any thread, GIL not held. */
static void core_log(void *user, av_log_level level, const char *message)
{
    (void)user;
    PyGILState_STATE gil = PyGILState_Ensure();
    PyObject *line = PyUnicode_DecodeUTF8(message, (Py_ssize_t)strlen(message), "replace");
    if (line) {
        av_py_log(level, line, NULL);
        Py_DECREF(line);
    } else {
        PyErr_WriteUnraisable(NULL);
    }
    PyGILState_Release(gil);
}

/* The shim's log hook (refused asset requests): main thread, the GIL may or
 * may not be held. */
static void shim_log(void *user, int level, const char *message)
{
    core_log(user, (av_log_level)level, message);
}

/* ---- the core's hooks: the GIL around a drain ----------------------------- */

/* The GIL is taken once per drain, around all its handlers. A handler that
 * runs a modal loop lets a nested drain in; each drain keeps its own state
 * (the core hands the token back), so nesting has no depth limit. */
static uintptr_t drain_begin(void *user)
{
    (void)user;
    return (uintptr_t)PyGILState_Ensure();
}

static void drain_end(void *user, uintptr_t token)
{
    (void)user;
    PyGILState_Release((PyGILState_STATE)token);
}

/* ---- the core's hooks: a page's big binary values, straight into bytes ---- */

/* A bytes leaf (av_leaves.h) is filled where the handler will find it: in a
 * bytes object made at the leaf's header, so the value is never copied on
 * its way to Python. Main thread, from the receive path (no GIL held). */
static void *leaf_make(void *user, size_t size, char **data)
{
    (void)user;
    *data = NULL;
    if (!Py_IsInitialized()) /* the interpreter is gone (the host exits): refused as out of memory */
        return NULL;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *b = size <= PY_SSIZE_T_MAX ? PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size) : NULL;
    *data = b ? PyBytes_AsString(b) : NULL;
    PyErr_Clear(); /* out of memory is the core's refusal, said to the page */
    PyGILState_Release(g);
    return b;
}

static void leaf_release(void *user, void *object)
{
    (void)user;
    if (!Py_IsInitialized()) /* a record freed after the interpreter: its memory went with it */
        return;
    PyGILState_STATE g = PyGILState_Ensure();
    Py_DECREF((PyObject *)object);
    PyGILState_Release(g);
}

/* ---- posting Python calls to the main thread ----------------------------- */

typedef struct posted_call {
    PyObject *fn;
    PyObject *args; /* NULL = no arguments */
} posted_call;

static void run_posted(void *arg)
{
    posted_call *p = arg;
    PyGILState_STATE gil = PyGILState_Ensure();
    PyObject *r = PyObject_CallObject(p->fn, p->args);
    if (r)
        Py_DECREF(r);
    else
        av_py_log_exception(AV_LOG_ERROR, "a call posted to the main thread raised");
    Py_DECREF(p->fn);
    Py_XDECREF(p->args);
    PyMem_Free(p);
    PyGILState_Release(gil);
}

int av_py_post(PyObject *fn, PyObject *args)
{
    posted_call *p = PyMem_Malloc(sizeof *p);
    if (!p) {
        PyErr_NoMemory();
        return -1;
    }
    Py_INCREF(fn);
    Py_XINCREF(args);
    *p = (posted_call){fn, args};
    if (av_shim_post(run_posted, p) != 0) {
        Py_DECREF(fn);
        Py_XDECREF(args);
        PyMem_Free(p);
        PyErr_SetString(PyExc_RuntimeError, "auroraview: there is no Qt application to post to");
        return -1;
    }
    return 0;
}

/* ---- module functions ---------------------------------------------------- */

/* What init did with the process's QApplication, for its one log line. */
static const char *const app_reports[] = {
    [AV_SHIM_APP_ATTACHED] = "attached to the process's QApplication",
    [AV_SHIM_APP_CREATED] = "no QApplication existed: auroraview created one (with Qt::AA_ShareOpenGLContexts); "
                            "show() runs its event loop",
    [AV_SHIM_APP_REPAIRED] = "attached to the process's QApplication, which was made without "
                             "Qt::AA_ShareOpenGLContexts: auroraview installed the global OpenGL share context that "
                             "attribute gives, so Qt WebEngine works (Qt's warning \"Qt WebEngine seems to be "
                             "initialized from a plugin\" is about this; nothing is wrong). To have neither, import "
                             "auroraview before making the QApplication, or set the attribute first",
};

/* init(log, log_level, inbound_capacity=0, outbound_capacity=0,
 * max_message_bytes=0, quiet=False) -> bool: attaches to (or creates) the
 * QApplication and makes the core, once (0 = the core's default); returns
 * whether the shim created the application. quiet keeps Qt WebEngine's
 * startup report off the terminal. Logs what it did to the application. */
static PyObject *mod_init(PyObject *module, PyObject *args, PyObject *kw)
{
    (void)module;
    static char *kwlist[] = {"log", "log_level", "inbound_capacity", "outbound_capacity",
                             "max_message_bytes", "quiet", NULL};
    PyObject *log;
    int log_level;
    unsigned inbound = 0, outbound = 0;
    Py_ssize_t max_message = 0;
    int quiet = 0, how = AV_SHIM_APP_ATTACHED;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "Oi|$IInp:init", kwlist, &log, &log_level, &inbound,
                                     &outbound, &max_message, &quiet))
        return NULL;
    if (av_py.core)
        return PyBool_FromLong(av_py.app_created);

    char err[512];
    if (quiet)
        av_shim_app_quiet_startup();
    if (av_shim_app_init(&how, err, sizeof err) != 0) {
        PyErr_Format(PyExc_RuntimeError, "auroraview: %s", err);
        return NULL;
    }
    av_py.app_created = how == AV_SHIM_APP_CREATED;
    av_core_config cfg = {0};
    cfg.wake = av_panel_wake;
    cfg.drain_begin = drain_begin;
    cfg.drain_end = drain_end;
    cfg.leaves = (av_leaf_allocator){leaf_make, leaf_release, NULL};
    cfg.log = core_log;
    cfg.log_level = (av_log_level)log_level;
    cfg.inbound_capacity = inbound;
    cfg.outbound_capacity = outbound;
    cfg.max_message_bytes = max_message > 0 ? (size_t)max_message : 0;
    int rc = av_core_new(&cfg, &av_py.core);
    if (rc != AV_OK)
        return av_py_raise(rc, "creating the core");
    av_py.main_thread = pthread_self();
    av_shim_set_log(shim_log, NULL);
    Py_INCREF(log);
    av_py.log = log;
    core_log(NULL, how == AV_SHIM_APP_REPAIRED ? AV_LOG_WARN : AV_LOG_INFO, app_reports[how]);
    /* A REPL that owns the application keeps its windows live while typing;
     * a host's application has its own loop (PyQt installs its own hook). */
    if (av_py.app_created && !PyOS_InputHook)
        PyOS_InputHook = av_py_input_hook;
    return PyBool_FromLong(av_py.app_created);
}

static PyObject *mod_standalone(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    return PyBool_FromLong(av_py.app_created);
}

/* wait_until(done, timeout) -> bool: processes Qt events on the main thread,
 * the GIL released while it waits for them, until done() is true or timeout
 * seconds have passed (negative: no limit). Returns done()'s last truth. A
 * signal's Python handler runs between waits: Ctrl-C raises here. */
static PyObject *mod_wait_until(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *done;
    double timeout;
    if (!PyArg_ParseTuple(args, "Od:wait_until", &done, &timeout))
        return NULL;
    if (!PyCallable_Check(done)) {
        PyErr_SetString(PyExc_TypeError, "wait_until(done, timeout): done must be callable");
        return NULL;
    }
    if (!av_py.core || !av_py_on_main_thread()) {
        PyErr_SetString(PyExc_RuntimeError, "wait_until: call it on the Qt main thread, after the first view");
        return NULL;
    }
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        PyObject *r = PyObject_CallObject(done, NULL);
        int truth = r ? PyObject_IsTrue(r) : -1;
        Py_XDECREF(r);
        if (truth != 0)
            return truth < 0 ? NULL : Py_NewRef(Py_True);
        clock_gettime(CLOCK_MONOTONIC, &now);
        double left = timeout - ((double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9);
        if (timeout >= 0 && left <= 0)
            Py_RETURN_FALSE;
        /* Slices of at most 50 ms, so signals are looked at that often. */
        int slice = timeout < 0 || left > 0.05 ? 50 : (int)(left * 1000.0) + 1;
        Py_BEGIN_ALLOW_THREADS
        av_shim_app_wait_events(slice);
        Py_END_ALLOW_THREADS
        if (PyErr_CheckSignals() < 0)
            return NULL;
    }
}

/* run_on_main_thread(fn, *args): fn(*args) runs on the main thread soon. */
static PyObject *mod_run_on_main_thread(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *fn, *rest;
    if (PyTuple_Size(args) < 1 || !PyCallable_Check(fn = PyTuple_GetItem(args, 0))) {
        PyErr_SetString(PyExc_TypeError, "run_on_main_thread(fn, *args) needs a callable");
        return NULL;
    }
    if (!(rest = PyTuple_GetSlice(args, 1, PyTuple_Size(args))))
        return NULL;
    int rc = av_py_post(fn, rest);
    Py_DECREF(rest);
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* stats() -> dict of the core's counters; "rejected" maps code names to counts
 * for every code of the table but OK (st.rejected is by dense index). A hand
 * list used to leave out DUPLICATE, NOT_FOUND and IO, which nothing refuses
 * with today; but the core counts whatever code a message is refused with
 * (av_view_fail takes any), so every code has its key, 0 until counted, and
 * no count the core keeps is hidden. */
static PyObject *mod_stats(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    if (!av_py.core) {
        PyErr_SetString(PyExc_RuntimeError, "auroraview: no view has been created yet");
        return NULL;
    }
    av_stats st;
    av_core_stats(av_py.core, &st);
    PyObject *rejected = PyDict_New();
    for (int i = 0; rejected && i < AV_ERR_COUNT; i++) {
        int code = av_err_at(i);
        if (code == AV_OK)
            continue;
        PyObject *n = PyLong_FromUnsignedLongLong(st.rejected[i]);
        if (!n || PyDict_SetItemString(rejected, av_err_name(code), n) < 0)
            Py_CLEAR(rejected);
        Py_XDECREF(n);
    }
    if (!rejected)
        return NULL;
    return Py_BuildValue("{sKsKsKsKsKsKsKsKsKsKsKsKsN}", "received", st.received, "handled", st.handled,
                         "unhandled", st.unhandled, "answered", st.answered, "emitted", st.emitted,
                         "delivered", st.delivered, "dropped", st.dropped, "flushes", st.flushes, "drains", st.drains, "wakes", st.wakes,
                         "late_answers", st.late_answers, "inbound_high_water", st.inbound_high_water,
                         "rejected", rejected);
}

/* error_codes() -> [(name, value, protocol, message), ...]: the error table
 * (av_error.h's AV_ERRNO_MAP) in dense-index order, OK first; protocol is
 * True for the codes sent to pages as error.code. */
static PyObject *mod_error_codes(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    PyObject *list = PyList_New(AV_ERR_COUNT);
    for (int i = 0; list && i < AV_ERR_COUNT; i++) {
        int code = av_err_at(i);
        PyObject *row = Py_BuildValue("(siOs)", av_err_name(code), code,
                                      av_err_is_protocol(code) ? Py_True : Py_False, av_strerror(code));
        if (!row || PyList_SetItem(list, i, row) < 0)
            Py_CLEAR(list);
    }
    return list;
}

/* asset_root(path) -> str: serves the directory at an auroraview:// base URL
 * (av_shim_asset_root); main thread, after init(). */
static PyObject *mod_asset_root(PyObject *module, PyObject *args)
{
    (void)module;
    const char *path;
    char url[256], err[512];
    if (!PyArg_ParseTuple(args, "s:asset_root", &path))
        return NULL;
    if (!av_py.core || !av_py_on_main_thread()) {
        PyErr_SetString(PyExc_RuntimeError, "auroraview: asset_root() runs on the Qt main thread, after init()");
        return NULL;
    }
    if (av_shim_asset_root(path, url, sizeof url, err, sizeof err) != 0) {
        PyErr_Format(PyExc_ValueError, "auroraview: %s", err);
        return NULL;
    }
    return PyUnicode_FromString(url);
}

/* origin_of(url) -> str: the origin as the view spells it (av_shim_url_origin). */
static PyObject *mod_origin_of(PyObject *module, PyObject *args)
{
    (void)module;
    const char *url;
    static char origin[AV_SHIM_ORIGIN_MAX]; /* the GIL is held: one caller at a time */
    char err[512];
    if (!PyArg_ParseTuple(args, "s:origin_of", &url))
        return NULL;
    if (av_shim_url_origin(url, origin, sizeof origin, err, sizeof err) != 0) {
        PyErr_Format(PyExc_ValueError, "auroraview: %s", err);
        return NULL;
    }
    return PyUnicode_FromString(origin);
}

static PyMethodDef module_methods[] = {
    {"init", (PyCFunction)(void (*)(void))mod_init, METH_VARARGS | METH_KEYWORDS,
     "init(log, log_level, **limits) -> bool: start the engine; True when standalone."},
    {"standalone", mod_standalone, METH_NOARGS, "True when auroraview created the QApplication."},
    {"wait_until", mod_wait_until, METH_VARARGS,
     "wait_until(done, timeout) -> bool: process Qt events until done() or timeout seconds (< 0: none)."},
    {"run_on_main_thread", mod_run_on_main_thread, METH_VARARGS,
     "run_on_main_thread($module, fn, /, *args)\n--\n\nCalls fn(*args) on the Qt main thread soon."},
    {"stats", mod_stats, METH_NOARGS, "stats($module, /)\n--\n\nThe engine's counters."},
    {"error_codes", mod_error_codes, METH_NOARGS,
     "error_codes($module, /)\n--\n\nThe error table: [(name, value, protocol, message), ...], OK first."},
    {"origin_of", mod_origin_of, METH_VARARGS,
     "origin_of(url) -> str: url's origin as views spell it (ASCII host, no default port)."},
    {"asset_root", mod_asset_root, METH_VARARGS, "asset_root(path) -> str: the auroraview:// base URL serving path."},
    {"json_dumps", av_py_json_dumps, METH_VARARGS,
     "json_dumps(obj, default=None) -> str: the JSON text emit() and call results send."},
    {"ipc_hello", av_py_ipc_hello, METH_VARARGS, "ipc_hello(token, child_id, pid) -> bytes: a HELLO frame."},
    {"ipc_event", av_py_ipc_event, METH_VARARGS,
     "ipc_event(name, data=None, default=None) -> bytes: an EVENT frame, data as emit() encodes it."},
    {"ipc_read", av_py_ipc_read, METH_VARARGS,
     "ipc_read(buffer, max_frame=0) -> (frames, used, error): the whole frames at buffer's start; "
     "a malformed one is ('refused', why)."},
    {"watch_fd", av_py_watch_fd, METH_VARARGS,
     "watch_fd(fd, writable, callback) -> watch: callback() on the main thread when fd is ready."},
    {"unwatch_fd", av_py_unwatch_fd, METH_VARARGS, "unwatch_fd(watch): stop a watch."},
    {"call_later", av_py_call_later, METH_VARARGS,
     "call_later(seconds, callback) -> timer: callback() once on the main thread after seconds."},
    {"cancel_call", av_py_cancel_call, METH_VARARGS, "cancel_call(timer): its callback will not run."},
    {"json_loads", av_py_json_loads, METH_VARARGS,
     "json_loads(text) -> value: the channel's JSON decoder (strict, no recursion limit)."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "auroraview._core",
    "The AuroraView engine: C core and Qt WebEngine shim behind a small Python API.", -1,
    module_methods, NULL, NULL, NULL, NULL};

/* Adds value under name. Takes value (even on failure). */
static int add(PyObject *module, const char *name, PyObject *value)
{
    if (!value || PyModule_AddObject(module, name, value) < 0) {
        Py_XDECREF(value);
        return -1;
    }
    return 0;
}

/* Imports module.attr into *out (a strong reference kept for the process). */
static int import_attr(const char *module, const char *attr, PyObject **out)
{
    PyObject *m = PyImport_ImportModule(module);
    if (!m)
        return -1;
    *out = PyObject_GetAttrString(m, attr);
    Py_DECREF(m);
    return *out ? 0 : -1;
}

PyMODINIT_FUNC PyInit__core(void)
{
    if (!av_py.format_exception && import_attr("traceback", "format_exception", &av_py.format_exception) < 0)
        return NULL;
    if (!av_py.error) {
        av_py.error = PyErr_NewExceptionWithDoc(
            "auroraview.AuroraViewError",
            "An engine error; `code` is the protocol's name for it (BUSY, CLOSED, ...).",
            PyExc_RuntimeError, NULL);
        if (!av_py.error)
            return NULL;
        av_py.busy_error = PyErr_NewExceptionWithDoc(
            "auroraview.BusyError", "A queue is full: the message was not sent.", av_py.error, NULL);
        av_py.closed_error = PyErr_NewExceptionWithDoc(
            "auroraview.ClosedError", "The view is closed.", av_py.error, NULL);
        av_py.view_type = av_py_view_type_new();
        av_py.pending_type = av_py_pending_type_new();
        av_py.call_type = av_py_call_type_new();
        if (!av_py.busy_error || !av_py.closed_error || !av_py.view_type || !av_py.pending_type ||
            !av_py.call_type)
            return NULL;
    }
    PyObject *m = PyModule_Create(&module_def);
    if (!m)
        return NULL;
    Py_INCREF(av_py.error);
    Py_INCREF(av_py.busy_error);
    Py_INCREF(av_py.closed_error);
    Py_INCREF(av_py.view_type);
    if (add(m, "AuroraViewError", av_py.error) < 0 || add(m, "BusyError", av_py.busy_error) < 0 ||
        add(m, "ClosedError", av_py.closed_error) < 0 || add(m, "View", av_py.view_type) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
