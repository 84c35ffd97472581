/* The parent/child channel's pieces for python_pkg/auroraview/child.py:
 * the frame codec (plugin/ipc), file-descriptor watches and one-shot timers
 * on the Qt main loop (av_shim_watch_fd, av_shim_timer_start). The sockets
 * themselves are Python's. */
#include "av_py.h"

#include "auroraview/av_ipc.h"
#include "av_shim.h"

#include <stdlib.h>
#include <string.h>

/* bytes of an encoded frame, or NULL with ValueError set. */
static PyObject *encoded(const av_ipc_frame *f)
{
    uint8_t *buf;
    size_t len;
    char why[256];
    int rc = av_ipc_frame_encode(f, AV_IPC_DEFAULT_MAX_FRAME, &buf, &len, why, sizeof why);
    if (rc == AV_E_NO_MEMORY)
        return PyErr_NoMemory();
    if (rc != AV_OK) {
        PyErr_Format(PyExc_ValueError, "%s", why);
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize((const char *)buf, (Py_ssize_t)len);
    free(buf);
    return out;
}

/* Copies a str's UTF-8 into dst (cap bytes with the NUL); ValueError if it
 * does not fit. */
static int copy_str(PyObject *str, char *dst, size_t cap, const char *what)
{
    Py_ssize_t n;
    const char *s = av_py_utf8(str, &n);
    if (!s)
        return -1;
    if ((size_t)n >= cap) {
        PyErr_Format(PyExc_ValueError, "%s is %zd bytes; at most %zu", what, n, cap - 1);
        return -1;
    }
    memcpy(dst, s, (size_t)n + 1);
    return 0;
}

/* ipc_hello(token: bytes, child_id: str, pid: int) -> bytes */
PyObject *av_py_ipc_hello(PyObject *module, PyObject *args)
{
    (void)module;
    const char *token;
    Py_ssize_t token_len;
    PyObject *child_id;
    unsigned int pid;
    if (!PyArg_ParseTuple(args, "y#UI:ipc_hello", &token, &token_len, &child_id, &pid))
        return NULL;
    av_ipc_frame f = {.kind = AV_IPC_HELLO, .pid = pid, .version = AV_IPC_VERSION};
    if ((size_t)token_len > sizeof f.token) {
        PyErr_Format(PyExc_ValueError, "token is %zd bytes; at most %d", token_len, AV_IPC_TOKEN_MAX);
        return NULL;
    }
    memcpy(f.token, token, (size_t)token_len);
    f.token_len = (size_t)token_len;
    if (copy_str(child_id, f.child_id, sizeof f.child_id, "child_id") < 0)
        return NULL;
    return encoded(&f);
}

/* ipc_event(name: str, data=None, default=None) -> bytes; data as emit() encodes it. */
PyObject *av_py_ipc_event(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *name, *data = Py_None, *fallback = Py_None;
    if (!PyArg_ParseTuple(args, "U|OO:ipc_event", &name, &data, &fallback))
        return NULL;
    av_ipc_frame f = {.kind = AV_IPC_EVENT};
    if (copy_str(name, f.name, sizeof f.name, "event name") < 0)
        return NULL;
    av_py_json json;
    av_py_json_init(&json);
    if (av_py_json_encode(&json, data, fallback) < 0) {
        av_py_json_release(&json);
        return NULL;
    }
    f.data = json.p;
    f.data_len = json.len;
    PyObject *out = encoded(&f);
    av_py_json_release(&json);
    return out;
}

/* One decoded frame as a tuple: ("hello", token, child_id, pid) or
 * ("event", name, data) with data decoded (av_py_json_decode: no Python
 * recursion limit), or ("refused", why) for an event whose data Python
 * cannot hold (an integer past int()'s digit limit). New reference or NULL. */
static PyObject *frame_tuple(const av_ipc_frame *f)
{
    if (f->kind == AV_IPC_HELLO)
        return Py_BuildValue("(sy#sI)", "hello", (const char *)f->token, (Py_ssize_t)f->token_len, f->child_id,
                             (unsigned int)f->pid);
    PyObject *data = f->data_len ? av_py_json_decode(f->data, f->data_len) : Py_NewRef(Py_None);
    if (!data) {
        if (PyErr_ExceptionMatches(PyExc_MemoryError))
            return NULL;
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyObject *text = value ? PyObject_Str(value) : NULL;
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
        PyErr_Clear();
        PyObject *why = PyUnicode_FromFormat("event '%s': its data cannot be read in Python (%S)", f->name,
                                             text ? text : Py_None);
        Py_XDECREF(text);
        return why ? Py_BuildValue("(sN)", "refused", why) : NULL;
    }
    return Py_BuildValue("(ssN)", "event", f->name, data);
}

/* ipc_read(buffer: bytes, max_frame=0) -> (frames, used, error): every whole
 * frame at the start of buffer, the bytes they took, and None or the
 * sentence that says why the stream must be closed (a length prefix above
 * max_frame: the frames after it cannot be found). A frame that is whole
 * but malformed is in frames as ("refused", why) and the reading goes on
 * past it: its length prefix says where the next one starts. */
PyObject *av_py_ipc_read(PyObject *module, PyObject *args)
{
    (void)module;
    const char *data;
    Py_ssize_t data_len, max_frame = 0;
    if (!PyArg_ParseTuple(args, "y#|n:ipc_read", &data, &data_len, &max_frame))
        return NULL;
    size_t limit = max_frame > 0 ? (size_t)max_frame : AV_IPC_DEFAULT_MAX_FRAME;
    const uint8_t *buf = (const uint8_t *)data;
    size_t len = (size_t)data_len, used = 0;
    PyObject *frames = PyList_New(0), *error = NULL;
    while (frames && !error) {
        const uint8_t *body;
        size_t body_len, n;
        int rc = av_ipc_frame_next(buf + used, len - used, limit, &body, &body_len, &n);
        if (rc == 0)
            break;
        if (rc < 0) {
            error = PyUnicode_FromFormat("a frame announces more than the limit of %zu bytes", limit);
            if (!error)
                Py_CLEAR(frames);
            break;
        }
        av_ipc_frame f;
        char why[256];
        PyObject *t;
        if (av_ipc_frame_decode(body, body_len, &f, why, sizeof why) != AV_OK) {
            t = Py_BuildValue("(ss)", "refused", why);
        } else {
            t = frame_tuple(&f);
            av_ipc_frame_clear(&f);
        }
        if (!t || PyList_Append(frames, t) < 0)
            Py_CLEAR(frames);
        Py_XDECREF(t);
        used += n;
    }
    if (!frames) {
        Py_XDECREF(error);
        return NULL;
    }
    return Py_BuildValue("(NnN)", frames, (Py_ssize_t)used, error ? error : Py_NewRef(Py_None));
}

/* ---- fd watches ----------------------------------------------------------- */

/* A watch and the Python callable it runs. Lives until unwatch_fd, or until
 * its capsule is collected without one (then freed on the main thread). */
typedef struct fd_watch {
    av_shim_watch *watch; /* NULL once stopped */
    PyObject *callback;
} fd_watch;

static const char k_watch_capsule[] = "auroraview._core.fd_watch";

/* Main thread, no GIL: the descriptor is ready. */
static void watch_ready(void *user)
{
    fd_watch *w = user;
    PyGILState_STATE gil = PyGILState_Ensure();
    PyObject *callback = Py_NewRef(w->callback); /* the callback may unwatch */
    PyObject *r = PyObject_CallObject(callback, NULL);
    if (!r)
        av_py_log_exception(AV_LOG_ERROR, "a file descriptor watch's callback raised");
    Py_XDECREF(r);
    Py_DECREF(callback);
    PyGILState_Release(gil);
}

static void watch_stop(fd_watch *w)
{
    av_shim_watch_free(w->watch);
    w->watch = NULL;
}

/* Main thread, no GIL: a collected capsule's watch. */
static void watch_free_on_main(void *arg)
{
    fd_watch *w = arg;
    watch_stop(w);
    PyGILState_STATE gil = PyGILState_Ensure();
    Py_DECREF(w->callback);
    PyGILState_Release(gil);
    free(w);
}

static void watch_capsule_destroy(PyObject *capsule)
{
    fd_watch *w = PyCapsule_GetPointer(capsule, k_watch_capsule);
    if (!w)
        return;
    if (!w->watch) {
        Py_DECREF(w->callback);
        free(w);
    } else if (av_shim_post(watch_free_on_main, w) != 0) {
        /* No application any more: nothing can call it back. */
        Py_DECREF(w->callback);
        free(w);
    }
}

/* watch_fd(fd, writable, callback) -> watch: callback() runs on the main
 * thread whenever fd is readable (or writable), until unwatch_fd(watch). */
PyObject *av_py_watch_fd(PyObject *module, PyObject *args)
{
    (void)module;
    int fd, writable;
    PyObject *callback;
    if (!PyArg_ParseTuple(args, "ipO:watch_fd", &fd, &writable, &callback))
        return NULL;
    if (!PyCallable_Check(callback)) {
        PyErr_SetString(PyExc_TypeError, "watch_fd: callback must be callable");
        return NULL;
    }
    if (!av_py_on_main_thread()) {
        PyErr_SetString(PyExc_RuntimeError, "watch_fd: call it on the main thread");
        return NULL;
    }
    fd_watch *w = calloc(1, sizeof *w);
    if (!w)
        return PyErr_NoMemory();
    w->callback = Py_NewRef(callback);
    char err[256];
    if (av_shim_watch_fd(fd, writable ? AV_SHIM_WRITABLE : AV_SHIM_READABLE, watch_ready, w, &w->watch, err,
                         sizeof err) != 0) {
        Py_DECREF(w->callback);
        free(w);
        PyErr_Format(PyExc_RuntimeError, "auroraview: %s", err);
        return NULL;
    }
    PyObject *capsule = PyCapsule_New(w, k_watch_capsule, watch_capsule_destroy);
    if (!capsule) {
        watch_stop(w);
        Py_DECREF(w->callback);
        free(w);
    }
    return capsule;
}

/* unwatch_fd(watch): no callback follows. Idempotent. Main thread. */
PyObject *av_py_unwatch_fd(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *capsule;
    if (!PyArg_ParseTuple(args, "O:unwatch_fd", &capsule))
        return NULL;
    fd_watch *w = PyCapsule_GetPointer(capsule, k_watch_capsule);
    if (!w)
        return NULL;
    if (!av_py_on_main_thread()) {
        PyErr_SetString(PyExc_RuntimeError, "unwatch_fd: call it on the main thread");
        return NULL;
    }
    watch_stop(w);
    Py_RETURN_NONE;
}

/* ---- timers --------------------------------------------------------------- */

/* A one-shot timer and the Python callable it runs. Freed once it has fired
 * or been cancelled and its capsule is gone. */
typedef struct py_timer {
    av_shim_timer *timer; /* NULL once fired or cancelled */
    PyObject *callback;   /* NULL once fired or cancelled */
} py_timer;

static const char k_timer_capsule[] = "auroraview._core.timer";

/* Main thread, no GIL: the timer fired. */
static void timer_fired(void *user)
{
    py_timer *t = user;
    av_shim_timer_free(t->timer);
    t->timer = NULL;
    PyGILState_STATE gil = PyGILState_Ensure();
    PyObject *callback = t->callback; /* ours now: fires once */
    t->callback = NULL;
    if (callback) {
        PyObject *r = PyObject_CallObject(callback, NULL);
        if (!r)
            av_py_log_exception(AV_LOG_ERROR, "a timer's callback raised");
        Py_XDECREF(r);
        Py_DECREF(callback);
    }
    PyGILState_Release(gil);
}

/* Main thread, no GIL: a collected capsule's pending timer. */
static void timer_free_on_main(void *arg)
{
    py_timer *t = arg;
    av_shim_timer_free(t->timer);
    free(t);
}

static void timer_capsule_destroy(PyObject *capsule)
{
    py_timer *t = PyCapsule_GetPointer(capsule, k_timer_capsule);
    if (!t)
        return;
    Py_CLEAR(t->callback); /* the GIL is held: if it fires before the free below, nothing runs */
    if (!t->timer || av_shim_post(timer_free_on_main, t) != 0)
        free(t); /* fired, cancelled, or no application left to fire it */
}

/* call_later(seconds, callback) -> timer: callback() runs once on the main
 * thread after seconds, unless cancel_call(timer) comes first. Keep the
 * timer: collecting it cancels it. Main thread. */
PyObject *av_py_call_later(PyObject *module, PyObject *args)
{
    (void)module;
    double seconds;
    PyObject *callback;
    if (!PyArg_ParseTuple(args, "dO:call_later", &seconds, &callback))
        return NULL;
    if (!PyCallable_Check(callback)) {
        PyErr_SetString(PyExc_TypeError, "call_later: callback must be callable");
        return NULL;
    }
    if (!(seconds >= 0 && seconds <= 86400)) {
        PyErr_Format(PyExc_ValueError, "call_later: seconds must be 0 to 86400 (got %R)", PyTuple_GetItem(args, 0));
        return NULL;
    }
    if (!av_py_on_main_thread()) {
        PyErr_SetString(PyExc_RuntimeError, "call_later: call it on the main thread");
        return NULL;
    }
    py_timer *t = calloc(1, sizeof *t);
    if (!t)
        return PyErr_NoMemory();
    t->callback = Py_NewRef(callback);
    char err[256];
    if (av_shim_timer_start((int)(seconds * 1000.0 + 0.5), timer_fired, t, &t->timer, err, sizeof err) != 0) {
        Py_DECREF(t->callback);
        free(t);
        PyErr_Format(PyExc_RuntimeError, "auroraview: %s", err);
        return NULL;
    }
    PyObject *capsule = PyCapsule_New(t, k_timer_capsule, timer_capsule_destroy);
    if (!capsule) {
        av_shim_timer_free(t->timer);
        Py_DECREF(t->callback);
        free(t);
    }
    return capsule;
}

/* cancel_call(timer): its callback will not run. Idempotent. Main thread. */
PyObject *av_py_cancel_call(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *capsule;
    if (!PyArg_ParseTuple(args, "O:cancel_call", &capsule))
        return NULL;
    py_timer *t = PyCapsule_GetPointer(capsule, k_timer_capsule);
    if (!t)
        return NULL;
    if (!av_py_on_main_thread()) {
        PyErr_SetString(PyExc_RuntimeError, "cancel_call: call it on the main thread");
        return NULL;
    }
    av_shim_timer_free(t->timer);
    t->timer = NULL;
    Py_CLEAR(t->callback);
    Py_RETURN_NONE;
}
