/* auroraview._core.View: one web view. An av_panel (the shim's page wired
 * to a core view) with the Python handlers bound on it.
 *
 * Handlers hang off the view: the core view calls on_call / on_event with
 * this object as `user`, and they look the name up in its dicts.
 *
 * Lifetime: an open view is held by the open list below, so its window
 * lives whether or not Python keeps a reference (as a Qt window does). The
 * panel's on_closed ends that: handlers are dropped (they often refer to the
 * view: the cycle ends there), and the open list lets go. */
#include "av_py.h"

#include "auroraview/av_panel.h"

#include <stdio.h>
#include <string.h>

struct av_py_view {
    PyObject_HEAD
    av_panel *panel;        /* owned; freed with this object */
    av_view *view;          /* the panel's core view (borrowed) */
    uint32_t id;
    int closed;             /* read and written under the GIL */
    int debug;              /* errors sent to the page carry data.traceback */
    int handling;           /* handlers of this view on the stack (GIL held) */
    PyObject *methods;      /* dict: method name -> callable */
    PyObject *events;       /* dict: event name -> tuple of callables; tuples are
                               replaced, never changed, so a drain walks a snapshot */
    PyObject *json_default; /* callable(obj) -> a value JSON can encode, for any
                               other object (json.dumps' default=), or None */
    PyObject *on_ready;     /* callable(url) or None */
    PyObject *on_closed;    /* callable() or None */
    PyObject *on_window;    /* callable(kind, data) or None */
    PyObject *on_page;      /* callable(kind, data) or None */
    PyObject *on_closing;   /* callable() -> False to keep the window open, or None */
    /* Caches the shim's events update (main thread, GIL held), so that the
     * geometry and url properties are read from any thread without Qt. */
    PyObject *geometry;     /* dict, or NULL before the first snapshot */
    PyObject *url;          /* str, or NULL before the first page */
    PyObject *facade;       /* a weak reference to the WebView this view serves, or NULL */
};

/* ---- the open list (main thread, GIL held) ------------------------------- */

/* Every open view, one reference each: process-wide because Qt windows are
 * (a window lives while open, whoever holds the Python object). */
static av_py_view **open_views;
static size_t open_count, open_cap;

static int remember(av_py_view *v)
{
    if (open_count == open_cap) {
        size_t cap = open_cap ? open_cap * 2 : 8;
        av_py_view **grown = PyMem_Realloc(open_views, cap * sizeof *grown);
        if (!grown) {
            PyErr_NoMemory();
            return -1;
        }
        open_views = grown;
        open_cap = cap;
    }
    Py_INCREF(v);
    open_views[open_count++] = v;
    return 0;
}

/* Drops the open list's reference: v may be freed on return. */
static void forget(av_py_view *v)
{
    for (size_t i = 0; i < open_count; i++) {
        if (open_views[i] == v) {
            open_views[i] = open_views[--open_count];
            Py_DECREF(v);
            return;
        }
    }
}

/* Closes every open view (Ctrl-C, av_pysignal.c): their closed hooks run.
 * Main thread, GIL held. */
void av_py_close_all(void)
{
    size_t n = open_count;
    av_py_view **views = n ? PyMem_Malloc(n * sizeof *views) : NULL;
    if (!views)
        return;
    for (size_t i = 0; i < n; i++)
        views[i] = (av_py_view *)Py_NewRef(open_views[i]);
    for (size_t i = 0; i < n; i++) {
        av_panel_close(views[i]->panel);
        Py_DECREF(views[i]);
    }
    PyMem_Free(views);
}

/* ---- conversions ----------------------------------------------------------- */

/* JSON text the core has validated -> Python object, by the module's own
 * decoder (av_pyjson.c): no recursion, so whatever depth the core accepts
 * decodes wherever on the stack the drain runs; the same values as
 * json.loads. New reference or NULL. */
static PyObject *json_loads(const av_msg *msg)
{
    return av_py_json_decode_leaves(msg->payload.ptr, msg->payload.len, msg->leaves);
}

/* A call's params as arguments (DESIGN.md section 4): object -> **kwargs,
 * array -> *args, absent -> (), anything else (null included) -> one
 * positional argument. New references in *args and *kwargs (which may be
 * NULL). Returns 0, or -1 with an exception set. */
static int params_to_args(const av_msg *msg, PyObject **args, PyObject **kwargs)
{
    *kwargs = NULL;
    if (!msg->payload.len)
        return (*args = PyTuple_New(0)) ? 0 : -1;
    PyObject *value = json_loads(msg);
    if (!value)
        return -1;
    if (PyDict_Check(value)) {
        *kwargs = value;
        *args = PyTuple_New(0);
    } else {
        *args = PyList_Check(value) ? PyList_AsTuple(value) : PyTuple_Pack(1, value);
        Py_DECREF(value);
    }
    if (!*args) {
        Py_CLEAR(*kwargs);
        return -1;
    }
    return 0;
}

/* ---- the big road (docs/architecture.md, "Big payloads") ------------------ */

/* A message of AV_PY_BLOB_MIN bytes or more goes to the page as a blob it
 * reads once from the scheme (av_pyblob.c); the queue carries only a
 * reference, [AV_PY_BLOB_EVENT, {"event", "url"}] (and "id" for a call's
 * result), in the value's place. */
#define AV_PY_BLOB_EVENT "__auroraview_blob__"
#define AV_PY_TOO_LARGE_MAX 300
/* The longest string V8 makes (String::kMaxLength on 64-bit), in UTF-16
 * units: a str leaf longer than this cannot become a page's string. */
#define AV_PY_PAGE_STRING_MAX ((Py_ssize_t)((1 << 29) - 24))

/* 1 with the refusal's text in what when m is more than a page may be sent:
 * above the message limit, or holding a str no page can make; else 0. */
static int too_large(const char *verb, const av_py_message *m, char what[AV_PY_TOO_LARGE_MAX])
{
    size_t limit = av_core_max_message_bytes(av_py.core), len = av_py_message_size(m);
    if (m->leaves.longest_text > AV_PY_PAGE_STRING_MAX) {
        snprintf(what, AV_PY_TOO_LARGE_MAX, "%s (a str of %zd characters; a page's strings hold at most %zd "
                 "UTF-16 units: send it as bytes, text.encode(), or in parts)", verb, m->leaves.longest_text,
                 AV_PY_PAGE_STRING_MAX);
        return 1;
    }
    if (len > limit) {
        snprintf(what, AV_PY_TOO_LARGE_MAX, "%s (%zu bytes; the limit is %zu, set by "
                 "auroraview.configure(max_message_bytes=...))", verb, len, limit);
        return 1;
    }
    return 0;
}

/* Makes m's blob for the view's page and writes its URL. 0, or -1 with BUSY
 * set (verb names the operation). */
static int make_blob(av_py_view *self, av_py_message *m, char *url, size_t url_len, const char *verb)
{
    char err[256];
    if (av_py_message_send_blob(m, av_panel_shim(self->panel), url, url_len, err, sizeof err) != 0) {
        PyErr_Format(av_py.busy_error, "%s: %s", verb, err);
        return -1;
    }
    return 0;
}

/* ---- answering calls ------------------------------------------------------- */

/* The call an answer is for: the view and the call's id, which an async
 * handler's answer copies (av_core.h: answer later, from any thread). */
typedef struct call_ref {
    av_view *view;
    const char *id;
    size_t id_len;
} call_ref;

/* A refused answer (the call was cancelled, or the queue is full) is
 * counted and logged by the core; there is nothing more to do here. */
static void reject(call_ref call, int code, const char *name, const char *message, const char *data,
                   size_t data_len)
{
    av_view_reject(call.view, call.id, call.id_len, code, name, message, data, data_len);
}

/* {"traceback": "..."} for an exception, as JSON text in *out. Returns 0,
 * or -1 with an exception set. */
static int traceback_json(PyObject *type, PyObject *value, PyObject *tb, av_py_json *out)
{
    PyObject *lines = PyObject_CallFunctionObjArgs(av_py.format_exception, type, value,
                                                   tb ? tb : Py_None, NULL);
    PyObject *empty = PyUnicode_FromString(""), *text = NULL;
    if (lines && empty)
        text = PyUnicode_Join(empty, lines);
    PyObject *data = text ? Py_BuildValue("{sO}", "traceback", text) : NULL;
    int rc = data ? av_py_json_encode(out, data, NULL) : -1;
    Py_XDECREF(lines);
    Py_XDECREF(empty);
    Py_XDECREF(text);
    Py_XDECREF(data);
    return rc;
}

/* Replaces the pending exception with auroraview._explain.<what>(fn,
 * method, exception): the same mistake said in terms of the user's handler
 * (its signature, file and line). fn may be NULL (unknown). The new
 * exception has no traceback: the old one ended in the engine, not in the
 * handler. If explaining fails, the original exception stays. */
static void explain(const char *what, PyObject *fn, const char *method)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (!av_py.explain)
        av_py.explain = PyImport_ImportModule("auroraview._explain");
    PyObject *better = av_py.explain ? PyObject_CallMethod(av_py.explain, what, "OsO", fn ? fn : Py_None, method,
                                                            value ? value : Py_None)
                                     : NULL;
    if (better && PyExceptionInstance_Check(better)) {
        PyErr_SetObject((PyObject *)Py_TYPE(better), better);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
    } else {
        PyErr_Clear();
        PyErr_Restore(type, value, tb);
    }
    Py_XDECREF(better);
}

/* Answers the call with the pending exception. code 0 means: INVALID_PARAMS
 * for a TypeError raised before any line of the handler ran (binding the
 * arguments failed, so there is no traceback; the message then names fn's
 * parameters and place, when fn is given), HANDLER_ERROR otherwise. The
 * error's name is the exception's class, its message str(exception), and in
 * debug mode data.traceback. */
static void reject_with_exception(av_py_view *self, call_ref call, int code, const char *method, PyObject *fn)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (!code) {
        code = !tb && PyErr_GivenExceptionMatches(type, PyExc_TypeError) ? AV_E_INVALID_PARAMS
                                                                       : AV_E_HANDLER_ERROR;
        if (code == AV_E_INVALID_PARAMS && fn) {
            PyErr_Restore(type, value, tb);
            explain("bad_params", fn, method);
            PyErr_Fetch(&type, &value, &tb);
            PyErr_NormalizeException(&type, &value, &tb);
        }
    }
    if (tb)
        PyException_SetTraceback(value, tb);

    PyObject *name = PyObject_GetAttrString(type, "__name__");
    PyObject *message = PyObject_Str(value);
    av_py_json data;
    av_py_json_init(&data);
    int has_data = self->debug && traceback_json(type, value, tb, &data) == 0;
    Py_ssize_t n;
    const char *name_s = name ? av_py_utf8(name, &n) : NULL;
    const char *message_s = message ? av_py_utf8(message, &n) : NULL;
    PyErr_Clear(); /* whatever failed above, the core fills in defaults */
    reject(call, code, name_s, message_s, has_data ? data.p : NULL, has_data ? data.len : 0);
    av_py_json_release(&data);

    PyObject *line = PyUnicode_FromFormat("call '%s' failed with %s: %s: %S", method,
                                          av_err_name(code), name_s ? name_s : "?", value);
    if (line) {
        av_py_log(AV_LOG_WARN, line, value);
        Py_DECREF(line);
    } else {
        PyErr_Clear();
    }
    /* Ctrl-C landed in the handler: the call has its error; the interrupt
     * itself goes on (av_pysignal.c). */
    av_py_retrip_interrupt(type);
    Py_XDECREF(name);
    Py_XDECREF(message);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

/* A big result takes the blob road: the page's bridge reads it and settles
 * the call with it, in order with what was queued around it; no blob to be
 * had (too many waiting) answers BUSY. Returns what av_view_resolve does. */
static int resolve_blob(av_py_view *self, call_ref call, av_py_message *m)
{
    char url[128], ref[320];
    if (make_blob(self, m, url, sizeof url, "the result") < 0) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyObject *text = value ? PyObject_Str(value) : NULL;
        Py_ssize_t n;
        const char *message = text ? av_py_utf8(text, &n) : NULL;
        PyErr_Clear();
        int rc = av_view_reject(call.view, call.id, call.id_len, AV_E_BUSY, NULL, message, NULL, 0);
        Py_XDECREF(text);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
        return rc;
    }
    int n = snprintf(ref, sizeof ref, "{\"event\":\"__auroraview_call_result\",\"id\":%.*s,\"url\":\"%s\"}",
                     (int)call.id_len, call.id, url);
    return av_view_resolve_as(call.view, call.id, call.id_len, AV_PY_BLOB_EVENT, sizeof AV_PY_BLOB_EVENT - 1, ref,
                              (size_t)n);
}

/* Answers the call with result as JSON. fn, the handler (NULL: unknown),
 * is named when the result cannot be encoded. */
static void resolve(av_py_view *self, call_ref call, PyObject *result, const char *method, PyObject *fn)
{
    av_py_message m;
    av_py_message_init(&m);
    if (av_py_message_encode(&m, result, self->json_default) < 0) {
        /* Not JSON-serialisable: the caller gets the TypeError, never a str(). */
        av_py_message_release(&m);
        if (PyErr_ExceptionMatches(PyExc_TypeError))
            explain("bad_result", fn, method);
        reject_with_exception(self, call, AV_E_HANDLER_ERROR, method, fn);
        return;
    }
    char what[AV_PY_TOO_LARGE_MAX];
    int rc;
    if (too_large("the result", &m, what))
        rc = av_view_reject(call.view, call.id, call.id_len, AV_E_PAYLOAD_TOO_LARGE, NULL, what, NULL, 0);
    else if (av_py_message_is_blob(&m))
        rc = resolve_blob(self, call, &m);
    else
        rc = av_view_resolve(call.view, call.id, call.id_len, m.json.p, m.json.len);
    av_py_message_release(&m);
    /* CANCELLED and CLOSED: the page gave up or is gone; the core counted it. */
    if (rc != AV_OK && rc != AV_E_CANCELLED && rc != AV_E_CLOSED)
        reject(call, rc, NULL, NULL, NULL, 0);
}

/* ---- async handlers ---------------------------------------------------------- */

/* A handler that returns an awaitable (an async def's coroutine) answers
 * later: auroraview._aio runs the awaitable on an asyncio loop driven from
 * the Qt main loop, and gives its outcome to a Pending, which answers the
 * call exactly as a plain handler's return or exception would (an event's
 * Pending logs the exception as a sync handler's is logged). The call stays
 * pending meanwhile; a Pending holds a reference to the core view and a copy
 * of the call's id (av_core.h). */
typedef struct av_py_pending {
    PyObject_HEAD
    av_py_view *owner; /* strong: debug and json_default */
    PyObject *handler; /* strong, or NULL: named when its result cannot be encoded */
    av_view *view;     /* av_view_ref'd */
    PyObject *call;    /* strong, or NULL: the call's context (av_pycall.c) */
    int is_call;       /* 0: an event's handler */
    int done;          /* answered, or dropped */
    char *id;          /* PyMem copy of the call's id */
    size_t id_len;
    char name[AV_NAME_MAX + 1];
} av_py_pending;

static call_ref pending_call(av_py_pending *p)
{
    return (call_ref){p->view, p->id, p->id_len};
}

/* Marks p answered (or dropped); its call's context keeps its state. */
static void pending_done(av_py_pending *p)
{
    p->done = 1;
    av_py_call_answered(p->call);
}

static av_py_pending *pending_new(av_py_view *owner, call_ref call, int is_call, const char *name, PyObject *handler,
                                  PyObject *context)
{
    av_py_pending *p = (av_py_pending *)PyType_GenericAlloc((PyTypeObject *)av_py.pending_type, 0);
    if (!p)
        return NULL;
    p->id = PyMem_Malloc(call.id_len ? call.id_len : 1);
    if (!p->id) {
        Py_DECREF(p);
        PyErr_NoMemory();
        return NULL;
    }
    if (call.id_len)
        memcpy(p->id, call.id, call.id_len);
    p->id_len = call.id_len;
    p->owner = (av_py_view *)Py_NewRef(owner);
    p->handler = Py_XNewRef(handler);
    p->call = Py_XNewRef(context);
    av_view_ref(call.view);
    p->view = call.view;
    p->is_call = is_call;
    snprintf(p->name, sizeof p->name, "%s", name);
    return p;
}

/* Answers with the pending exception (HANDLER_ERROR: the handler ran), or
 * logs it for an event. */
/* The exception set is the CancelledError of a handler whose call the page
 * gave up (its signal, its timeout): cancelling its task was our doing, and
 * nobody waits for the answer, so it is no failure to report. */
static int cancelled_for_the_page(av_py_pending *p)
{
    PyObject *type = PyErr_Occurred(), *name = NULL;
    int yes = 0;
    if (type && p->is_call && av_py_call_given_up(p->call) && (name = PyObject_GetAttrString(type, "__name__"))) {
        Py_ssize_t n;
        const char *s = av_py_utf8(name, &n);
        yes = s && strcmp(s, "CancelledError") == 0;
    }
    Py_XDECREF(name);
    return yes;
}

static void pending_fail(av_py_pending *p)
{
    int given_up = cancelled_for_the_page(p);
    pending_done(p);
    if (given_up) {
        PyErr_Clear();
        /* The core drops it as late, counts it (stats()["late_answers"]) and
         * logs it at debug. */
        reject(pending_call(p), AV_E_CANCELLED, NULL, "the page gave up on the call", NULL, 0);
    } else if (p->is_call) {
        reject_with_exception(p->owner, pending_call(p), AV_E_HANDLER_ERROR, p->name, p->handler);
    } else {
        char context[AV_NAME_MAX + 64];
        snprintf(context, sizeof context, "handler for event '%s' raised", p->name);
        av_py_log_exception(AV_LOG_ERROR, context);
    }
}

static PyObject *pending_resolve(av_py_pending *p, PyObject *value)
{
    if (!p->done) {
        pending_done(p);
        if (p->is_call)
            resolve(p->owner, pending_call(p), value, p->name, p->handler);
    }
    Py_RETURN_NONE;
}

static PyObject *pending_reject(av_py_pending *p, PyObject *exc)
{
    if (!PyExceptionInstance_Check(exc)) {
        PyErr_SetString(PyExc_TypeError, "Pending.reject(exc): exc must be an exception");
        return NULL;
    }
    if (!p->done) {
        PyObject *tb = PyException_GetTraceback(exc); /* new reference or NULL */
        PyErr_Restore(Py_NewRef((PyObject *)Py_TYPE(exc)), Py_NewRef(exc), tb);
        pending_fail(p);
    }
    Py_RETURN_NONE;
}

/* The view closed: the core cancelled the call with it, nothing to answer. */
static PyObject *pending_drop(av_py_pending *p, PyObject *unused)
{
    (void)unused;
    pending_done(p);
    Py_RETURN_NONE;
}

static void pending_dealloc(PyObject *o)
{
    av_py_pending *p = (av_py_pending *)o;
    PyTypeObject *type = Py_TYPE(o);
    /* Collected unanswered (its awaitable was dropped unfinished): the page
     * hears so rather than waiting for its timeout. */
    if (!p->done && p->is_call && p->view) {
        pending_done(p);
        av_view_reject(p->view, p->id, p->id_len, AV_E_CANCELLED, NULL,
                       "the async handler was dropped before it finished", NULL, 0);
    }
    av_view_unref(p->view);
    Py_XDECREF(p->call);
    PyMem_Free(p->id);
    Py_XDECREF(p->owner);
    Py_XDECREF(p->handler);
    ((freefunc)PyType_GetSlot(type, Py_tp_free))(o);
    Py_DECREF(type);
}

/* The call's id token as the page sent it ("7", "\"a\""), or None for an
 * event's handler: what _aio cancels the handler's task by. */
static PyObject *pending_call_id(PyObject *o, void *unused)
{
    (void)unused;
    av_py_pending *p = (av_py_pending *)o;
    if (!p->is_call)
        Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(p->id, (Py_ssize_t)p->id_len, "replace");
}

static PyGetSetDef pending_getset[] = {
    {"call_id", pending_call_id, NULL, "The call's id token as sent, or None (an event).", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyMethodDef pending_methods[] = {
    {"resolve", (PyCFunction)(void (*)(void))pending_resolve, METH_O, "resolve(value): answer with value."},
    {"reject", (PyCFunction)(void (*)(void))pending_reject, METH_O, "reject(exc): answer with the exception."},
    {"drop", (PyCFunction)(void (*)(void))pending_drop, METH_NOARGS, "drop(): the view closed; no answer."},
    {NULL, NULL, 0, NULL}};

PyObject *av_py_pending_type_new(void)
{
    PyType_Slot slots[] = {{Py_tp_doc, "The answer an async handler owes (auroraview._aio)."},
                           {Py_tp_dealloc, pending_dealloc},
                           {Py_tp_methods, pending_methods},
                           {Py_tp_getset, pending_getset},
                           {0, NULL}};
    PyType_Spec spec = {"auroraview._core.Pending", sizeof(av_py_pending), 0, Py_TPFLAGS_DEFAULT, slots};
    return PyType_FromSpec(&spec);
}

/* auroraview._aio.<name>, imported when first needed. New reference or NULL. */
static PyObject *aio_function(const char *name)
{
    if (!av_py.aio && !(av_py.aio = PyImport_ImportModule("auroraview._aio")))
        return NULL;
    return PyObject_GetAttrString(av_py.aio, name);
}

/* A handler's result is awaitable: it has __await__ (a coroutine, a Task,
 * a Future). JSON's own types are not, without a lookup. */
static int awaitable(PyObject *result)
{
    if (result == Py_None || PyBool_Check(result) || PyLong_CheckExact(result) || PyFloat_CheckExact(result) ||
        PyUnicode_CheckExact(result) || PyDict_CheckExact(result) || PyList_CheckExact(result) ||
        PyTuple_CheckExact(result))
        return 0;
    return PyObject_HasAttrString(result, "__await__");
}

/* Hands the awaitable to _aio.start(awaitable, pending, view_id). A failure
 * there answers the call (or logs for an event) with its exception. */
static void start_async(av_py_view *self, call_ref call, int is_call, PyObject *aw, const char *name,
                        PyObject *handler, PyObject *context)
{
    av_py_pending *p = pending_new(self, call, is_call, name, handler, context);
    PyObject *start = p ? aio_function("start") : NULL;
    PyObject *r = start ? PyObject_CallFunction(start, "OOk", aw, (PyObject *)p, (unsigned long)self->id) : NULL;
    Py_XDECREF(start);
    if (!r) {
        if (p) {
            pending_fail(p);
        } else if (is_call) {
            reject_with_exception(self, call, AV_E_HANDLER_ERROR, name, handler);
        } else {
            av_py_log_exception(AV_LOG_ERROR, "starting an async event handler failed");
        }
    }
    Py_XDECREF(r);
    Py_XDECREF(p);
}

/* The view closed: _aio cancels its unfinished async handlers (when any
 * ever ran). GIL held. */
static void aio_view_closed(av_py_view *self)
{
    if (!av_py.aio)
        return;
    PyObject *fn = aio_function("view_closed");
    PyObject *r = fn ? PyObject_CallFunction(fn, "k", (unsigned long)self->id) : NULL;
    Py_XDECREF(fn);
    if (!r)
        av_py_log_exception(AV_LOG_ERROR, "cancelling the closed view's async handlers failed");
    Py_XDECREF(r);
}

/* ---- handlers (main thread, inside a drain: GIL held) -------------------- */

static void on_call(av_request *req, void *user)
{
    av_py_view *self = user;
    const char *method = req->msg->name.ptr;
    call_ref call = {req->view, req->msg->id.ptr, req->msg->id.len};
    PyObject *name = PyUnicode_DecodeUTF8(method, (Py_ssize_t)req->msg->name.len, "strict");
    PyObject *fn = name ? PyDict_GetItemWithError(self->methods, name) : NULL;
    Py_XDECREF(name);
    if (!fn) {
        /* Unbound meanwhile (off the main thread, between the core's lookup
         * and this one): answered as the core answers a name nothing is bound
         * to, with the code's own sentence. */
        PyErr_Clear();
        reject(call, AV_E_METHOD_NOT_FOUND, NULL, NULL, NULL, 0);
        return;
    }
    /* The handler may unbind itself or close the view: hold both. */
    Py_INCREF(fn);
    Py_INCREF(self);
    /* The call is current (auroraview.current_call()) while its handler
     * runs, and in the task of an async handler, started before it ends. */
    PyObject *context = av_py_call_new((PyObject *)self, req);
    av_py_call_scope scope = {NULL, 0};
    if (!context)
        av_py_log_exception(AV_LOG_ERROR, "making the call's context for auroraview.current_call() failed");
    else
        av_py_call_enter(&scope, context);
    PyObject *args, *kwargs, *result = NULL;
    int code = AV_E_INVALID_PARAMS;
    if (params_to_args(req->msg, &args, &kwargs) == 0) {
        self->handling++;
        result = PyObject_Call(fn, args, kwargs);
        self->handling--;
        code = 0;
        Py_DECREF(args);
        Py_XDECREF(kwargs);
    }
    if (result && awaitable(result)) {
        start_async(self, call, 1, result, method, fn, context);
        Py_DECREF(result);
    } else {
        av_py_call_answered(context);
        if (result) {
            resolve(self, call, result, method, fn);
            Py_DECREF(result);
        } else {
            reject_with_exception(self, call, code, method, fn);
        }
    }
    av_py_call_leave(&scope);
    Py_XDECREF(context);
    Py_DECREF(fn);
    Py_DECREF(self);
}

static void on_event(av_request *req, void *user)
{
    av_py_view *self = user;
    const char *event = req->msg->name.ptr;
    PyObject *name = PyUnicode_DecodeUTF8(event, (Py_ssize_t)req->msg->name.len, "strict");
    PyObject *handlers = name ? PyDict_GetItemWithError(self->events, name) : NULL;
    Py_XDECREF(name);
    if (!handlers) {
        PyErr_Clear();
        return; /* removed meanwhile */
    }
    Py_INCREF(handlers);
    Py_INCREF(self);
    /* An event dispatched while a call handler spins the main loop is no
     * part of that call: no call is current in its handlers. */
    av_py_call_scope scope = {NULL, 0};
    if (av_py_calls_on_stack())
        av_py_call_enter(&scope, Py_None);
    char context[AV_NAME_MAX + 64];
    snprintf(context, sizeof context, "handler for event '%s' raised", event);
    /* No detail given: {} (upstream AuroraView's shape), so handlers may always read keys. */
    PyObject *detail = req->msg->payload.len ? json_loads(req->msg) : PyDict_New();
    for (Py_ssize_t i = 0; detail && i < PyTuple_Size(handlers); i++) {
        self->handling++;
        PyObject *r = PyObject_CallFunctionObjArgs(PyTuple_GetItem(handlers, i), detail, NULL);
        self->handling--;
        if (r && awaitable(r))
            start_async(self, (call_ref){req->view, NULL, 0}, 0, r, event, NULL, NULL);
        if (r)
            Py_DECREF(r);
        else
            av_py_log_exception(AV_LOG_ERROR, context);
    }
    if (!detail)
        av_py_log_exception(AV_LOG_ERROR, context);
    av_py_call_leave(&scope);
    Py_XDECREF(detail);
    Py_DECREF(handlers);
    Py_DECREF(self);
}

/* ---- the panel's callbacks (main thread, no GIL) -------------------------- */

static void panel_on_ready(av_panel *panel, const char *url, void *user)
{
    (void)panel;
    av_py_view *self = user;
    PyGILState_STATE gil = PyGILState_Ensure();
    if (self->on_ready && self->on_ready != Py_None) {
        Py_INCREF(self);
        self->handling++; /* inside the drain of this view, as handlers are */
        PyObject *r = PyObject_CallFunction(self->on_ready, "s", url);
        self->handling--;
        if (r)
            Py_DECREF(r);
        else
            av_py_log_exception(AV_LOG_ERROR, "the ready hook raised");
        Py_DECREF(self);
    }
    PyGILState_Release(gil);
}

/* ---- window and page events (main thread, no GIL) ------------------------ */

static const char *const window_kinds[] = {NULL,      "shown",     "hidden",    "resized",  "moved",
                                           "focused", "blurred",   "minimized", "maximized", "restored",
                                           "fullscreen", "floated", "docked"};
static const char *const state_names[] = {"normal", "minimized", "maximized", "fullscreen"};

static const char *area_name(int area)
{
    switch (area) {
    case AV_SHIM_DOCK_LEFT:
        return "left";
    case AV_SHIM_DOCK_RIGHT:
        return "right";
    case AV_SHIM_DOCK_TOP:
        return "top";
    case AV_SHIM_DOCK_BOTTOM:
        return "bottom";
    default:
        return NULL;
    }
}

/* A string from Qt's side: UTF-8, a page's lone surrogates replaced. New
 * reference or NULL. */
static PyObject *text(const char *s)
{
    return PyUnicode_DecodeUTF8(s ? s : "", (Py_ssize_t)strlen(s ? s : ""), "replace");
}

/* The geometry as a dict. New reference or NULL. */
static PyObject *geometry_dict(const av_shim_geometry *g)
{
    const char *area = area_name(g->dock_area);
    int state = g->state >= 0 && g->state <= AV_SHIM_STATE_FULLSCREEN ? g->state : 0;
    return Py_BuildValue("{sisisisisOsssOsOsOsz}", "x", g->x, "y", g->y, "width", g->width, "height", g->height,
                         "visible", g->visible ? Py_True : Py_False, "state", state_names[state], "focused",
                         g->focused ? Py_True : Py_False, "docked", g->docked ? Py_True : Py_False, "floating",
                         g->floating ? Py_True : Py_False, "dock_area", area);
}

/* hook(kind, data), with the GIL held; an exception is logged, never passed
 * on into Qt. Steals data (NULL: the exception building it is logged). */
static void call_hook(av_py_view *self, PyObject *hook, const char *kind, PyObject *data)
{
    char context[96];
    snprintf(context, sizeof context, "the %s hook raised", kind);
    if (!data) {
        av_py_log_exception(AV_LOG_ERROR, context);
        return;
    }
    if (hook && hook != Py_None) {
        Py_INCREF(self);
        Py_INCREF(hook); /* the hook may close the view, which drops it */
        PyObject *r = PyObject_CallFunction(hook, "sO", kind, data);
        if (r)
            Py_DECREF(r);
        else
            av_py_log_exception(AV_LOG_ERROR, context);
        Py_DECREF(hook);
        Py_DECREF(self);
    }
    Py_DECREF(data);
}

static void panel_on_window(av_panel *panel, int what, const av_shim_geometry *geometry, void *user)
{
    (void)panel;
    av_py_view *self = user;
    if (what < AV_SHIM_WINDOW_SHOWN || what > AV_SHIM_WINDOW_DOCKED)
        return;
    PyGILState_STATE gil = PyGILState_Ensure();
    PyObject *data = geometry_dict(geometry);
    if (data) {
        PyObject *old = self->geometry;
        self->geometry = PyDict_Copy(data);
        Py_XDECREF(old);
        if (!self->geometry)
            PyErr_Clear();
    }
    call_hook(self, self->on_window, window_kinds[what], data);
    PyGILState_Release(gil);
}

/* The user asked to close the window: exactly False from the hook keeps it. */
static int panel_on_close_requested(av_panel *panel, void *user)
{
    (void)panel;
    av_py_view *self = user;
    int close = 1;
    PyGILState_STATE gil = PyGILState_Ensure();
    PyObject *hook = self->on_closing;
    if (hook && hook != Py_None) {
        Py_INCREF(self);
        Py_INCREF(hook);
        PyObject *r = PyObject_CallObject(hook, NULL);
        if (r) {
            close = r != Py_False;
            Py_DECREF(r);
        } else {
            av_py_log_exception(AV_LOG_ERROR, "the closing hook raised (the window closes)");
        }
        Py_DECREF(hook);
        Py_DECREF(self);
    }
    PyGILState_Release(gil);
    return close;
}

static void panel_on_load_started(av_panel *panel, const char *url, void *user)
{
    (void)panel;
    av_py_view *self = user;
    PyGILState_STATE gil = PyGILState_Ensure();
    call_hook(self, self->on_page, "load_started", Py_BuildValue("{sN}", "url", text(url)));
    PyGILState_Release(gil);
}

static void panel_on_load_finished(av_panel *panel, int ok, const char *url, void *user)
{
    (void)panel;
    av_py_view *self = user;
    PyGILState_STATE gil = PyGILState_Ensure();
    call_hook(self, self->on_page, "load_finished",
              Py_BuildValue("{sNsO}", "url", text(url), "ok", ok ? Py_True : Py_False));
    PyGILState_Release(gil);
}

static void panel_on_load_failed(av_panel *panel, const char *url, const char *error, int code, void *user)
{
    (void)panel;
    av_py_view *self = user;
    PyGILState_STATE gil = PyGILState_Ensure();
    call_hook(self, self->on_page, "load_failed",
              Py_BuildValue("{sNsNsi}", "url", text(url), "error", text(error), "code", code));
    PyGILState_Release(gil);
}

static void panel_on_title_changed(av_panel *panel, const char *title, void *user)
{
    (void)panel;
    av_py_view *self = user;
    PyGILState_STATE gil = PyGILState_Ensure();
    call_hook(self, self->on_page, "title_changed", Py_BuildValue("{sN}", "title", text(title)));
    PyGILState_Release(gil);
}

static void panel_on_url_changed(av_panel *panel, const char *url, void *user)
{
    (void)panel;
    av_py_view *self = user;
    PyGILState_STATE gil = PyGILState_Ensure();
    PyObject *u = text(url);
    if (u) {
        PyObject *old = self->url;
        self->url = Py_NewRef(u);
        Py_XDECREF(old);
    }
    call_hook(self, self->on_page, "url_changed", u ? Py_BuildValue("{sN}", "url", u) : NULL);
    PyGILState_Release(gil);
}

static void panel_on_render_process_gone(av_panel *panel, const char *status, int exit_code, int reloading,
                                         void *user)
{
    (void)panel;
    av_py_view *self = user;
    PyGILState_STATE gil = PyGILState_Ensure();
    call_hook(self, self->on_page, "render_process_gone",
              Py_BuildValue("{sssisO}", "reason", status, "exit_code", exit_code, "reloading",
                            reloading ? Py_True : Py_False));
    PyGILState_Release(gil);
}

static void panel_on_console(av_panel *panel, int level, const char *message, const char *source, int line,
                             void *user)
{
    (void)panel;
    av_py_view *self = user;
    static const char *const levels[] = {"info", "warning", "error"};
    PyGILState_STATE gil = PyGILState_Ensure();
    call_hook(self, self->on_page, "console",
              Py_BuildValue("{sssNsNsi}", "level", levels[level >= 0 && level <= 2 ? level : 0], "message",
                            text(message), "source", text(source), "line", line));
    PyGILState_Release(gil);
}

static void panel_on_closed(av_panel *panel, void *user)
{
    (void)panel;
    av_py_view *self = user;
    if (av_py.waited == self)
        av_shim_app_quit();

    PyGILState_STATE gil = PyGILState_Ensure();
    self->closed = 1;
    PyObject *hook = self->on_closed;
    self->on_closed = NULL;
    if (hook && hook != Py_None) {
        PyObject *r = PyObject_CallObject(hook, NULL);
        if (r)
            Py_DECREF(r);
        else
            av_py_log_exception(AV_LOG_ERROR, "the closed hook raised");
    }
    Py_XDECREF(hook);
    Py_CLEAR(self->on_ready);
    Py_CLEAR(self->on_window);
    Py_CLEAR(self->on_page);
    Py_CLEAR(self->on_closing);
    PyDict_Clear(self->methods);
    PyDict_Clear(self->events);
    aio_view_closed(self);
    forget(self);
    PyGILState_Release(gil);
}

/* ---- construction and lifetime -------------------------------------------- */

static PyObject *view_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"json_default", "title",      "width",     "height",   "placement", "parent",
                             "dock_area",    "floating",   "devtools",  "debug",    "on_ready",  "on_closed",
                             "frameless",    "always_on_top", "retain", "tabify",   "on_window", "on_page",
                             "on_closing",   "tool_window", "fixed_size", "transparent", "context_menu",
                             "background_color", "icon", "user_agent", "storage_path", "allow_downloads",
                             "download_prompt", "download_directory", NULL};
    PyObject *json_default, *parent = Py_None, *ready = Py_None, *closed = Py_None;
    PyObject *on_window = Py_None, *on_page = Py_None, *on_closing = Py_None;
    const char *title = "AuroraView", *tabify = NULL;
    const char *background_color = NULL, *icon = NULL, *user_agent = NULL, *storage_path = NULL;
    const char *download_directory = NULL;
    int width = 0, height = 0, placement = AV_SHIM_TOPLEVEL, dock_area = 0;
    int floating = 0, devtools = 0, debug = 0, frameless = 0, always_on_top = 0, retain = 0;
    int tool_window = 0, fixed_size = 0, transparent = 0, context_menu = 1, allow_downloads = 0, download_prompt = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$siiiOipppOOpppzOOOppppzzzzppz:View", kwlist, &json_default,
                                     &title, &width, &height, &placement, &parent, &dock_area, &floating,
                                     &devtools, &debug, &ready, &closed, &frameless, &always_on_top, &retain,
                                     &tabify, &on_window, &on_page, &on_closing, &tool_window, &fixed_size,
                                     &transparent, &context_menu, &background_color, &icon, &user_agent,
                                     &storage_path, &allow_downloads, &download_prompt, &download_directory))
        return NULL;
    if (!av_py_on_main_thread()) {
        PyErr_SetString(PyExc_RuntimeError,
                        "auroraview: views are created on the Qt main thread, after init()");
        return NULL;
    }
    void *parent_ptr = parent == Py_None ? NULL : PyLong_AsVoidPtr(parent);
    if (PyErr_Occurred())
        return NULL;

    av_py_view *self = (av_py_view *)PyType_GenericAlloc(type, 0);
    if (!self)
        return NULL;
    self->debug = debug;
    self->methods = PyDict_New();
    self->events = PyDict_New();
    self->json_default = Py_NewRef(json_default);
    self->on_ready = Py_NewRef(ready);
    self->on_closed = Py_NewRef(closed);
    self->on_window = Py_NewRef(on_window);
    self->on_page = Py_NewRef(on_page);
    self->on_closing = Py_NewRef(on_closing);
    if (!self->methods || !self->events || remember(self) < 0) {
        Py_DECREF(self);
        return NULL;
    }

    av_shim_view_options o = {0};
    o.title = title;
    o.width = width;
    o.height = height;
    /* -1: dock when the parent is a QMainWindow (a raw pointer cannot be
     * asked from here; the shim refuses DOCK for anything else), else child. */
    o.placement = placement < 0 ? AV_SHIM_DOCK : (av_shim_placement)placement;
    o.parent = parent_ptr;
    o.dock_area = dock_area;
    o.floating = floating;
    o.devtools = devtools;
    o.frameless = frameless;
    o.always_on_top = always_on_top;
    o.retain = retain;
    o.tabify_with = tabify;
    o.tool_window = tool_window;
    o.fixed_size = fixed_size;
    o.transparent = transparent;
    o.no_context_menu = !context_menu;
    o.background_color = background_color;
    o.icon = icon;
    o.user_agent = user_agent;
    o.storage_path = storage_path;
    o.allow_downloads = allow_downloads;
    o.download_prompt = download_prompt;
    o.download_directory = download_directory;
    av_panel_callbacks cb = {
        .on_ready = panel_on_ready,
        .on_load_finished = panel_on_load_finished,
        .on_closed = panel_on_closed,
        .user = self,
        .on_load_started = panel_on_load_started,
        .on_window = panel_on_window,
        .on_close_requested = panel_on_close_requested,
        .on_load_failed = panel_on_load_failed,
        .on_title_changed = panel_on_title_changed,
        .on_url_changed = panel_on_url_changed,
        .on_render_process_gone = panel_on_render_process_gone,
        .on_console = panel_on_console,
    };
    char err[512];
    int rc = av_panel_new(av_py.core, &o, &cb, &self->panel, err, sizeof err);
    if (rc == AV_E_IO && placement < 0) {
        o.placement = AV_SHIM_CHILD;
        rc = av_panel_new(av_py.core, &o, &cb, &self->panel, err, sizeof err);
    }
    if (rc != AV_OK) {
        if (rc == AV_E_IO)
            PyErr_Format(PyExc_RuntimeError, "auroraview: %s", err);
        else
            av_py_raise(rc, "creating a view");
        forget(self);
        return NULL;
    }
    self->view = av_panel_view(self->panel);
    self->id = av_view_id(self->view);
    av_shim_geometry g;
    if (av_shim_view_geometry(av_panel_shim(self->panel), &g, NULL, 0) == 0) {
        self->geometry = geometry_dict(&g);
        if (!self->geometry)
            PyErr_Clear();
    }
    return (PyObject *)self;
}

static int view_traverse(PyObject *o, visitproc visit, void *arg)
{
    av_py_view *self = (av_py_view *)o;
    Py_VISIT(Py_TYPE(o));
    Py_VISIT(self->methods);
    Py_VISIT(self->events);
    Py_VISIT(self->json_default);
    Py_VISIT(self->on_ready);
    Py_VISIT(self->on_closed);
    Py_VISIT(self->on_window);
    Py_VISIT(self->on_page);
    Py_VISIT(self->on_closing);
    Py_VISIT(self->facade);
    return 0;
}

static int view_clear(PyObject *o)
{
    av_py_view *self = (av_py_view *)o;
    Py_CLEAR(self->methods);
    Py_CLEAR(self->events);
    Py_CLEAR(self->json_default);
    Py_CLEAR(self->on_ready);
    Py_CLEAR(self->on_closed);
    Py_CLEAR(self->on_window);
    Py_CLEAR(self->on_page);
    Py_CLEAR(self->on_closing);
    Py_CLEAR(self->geometry);
    Py_CLEAR(self->url);
    Py_CLEAR(self->facade);
    return 0;
}

/* Only closed views get here (the open list holds the others), so freeing
 * the panel is all that is left. */
static void view_dealloc(PyObject *o)
{
    av_py_view *self = (av_py_view *)o;
    PyTypeObject *type = Py_TYPE(o);
    PyObject_GC_UnTrack(o);
    view_clear(o);
    av_panel_free(self->panel);
    ((freefunc)PyType_GetSlot(type, Py_tp_free))(o);
    Py_DECREF(type);
}

/* ---- methods: any thread ---------------------------------------------------- */

static PyObject *view_bind(av_py_view *self, PyObject *args)
{
    const char *method;
    PyObject *fn;
    if (!PyArg_ParseTuple(args, "sO:bind", &method, &fn))
        return NULL;
    if (!PyCallable_Check(fn)) {
        PyErr_Format(PyExc_TypeError, "bind('%s', fn): fn must be callable", method);
        return NULL;
    }
    if (PyDict_SetItemString(self->methods, method, fn) < 0)
        return NULL;
    int rc = av_view_bind(self->view, method, on_call, self);
    if (rc != AV_OK) {
        PyDict_DelItemString(self->methods, method);
        return av_py_raise(rc, "bind_call");
    }
    Py_RETURN_NONE;
}

/* bound(): the names of the methods bound now, sorted (a new list). */
static PyObject *view_bound(av_py_view *self, PyObject *unused)
{
    (void)unused;
    PyObject *names = PyDict_Keys(self->methods);
    if (names && PyList_Sort(names) < 0)
        Py_CLEAR(names);
    return names;
}

static PyObject *view_on(av_py_view *self, PyObject *args)
{
    const char *event;
    PyObject *fn;
    if (!PyArg_ParseTuple(args, "sO:on", &event, &fn))
        return NULL;
    if (!PyCallable_Check(fn)) {
        PyErr_Format(PyExc_TypeError, "on('%s', fn): fn must be callable", event);
        return NULL;
    }
    PyObject *old = Py_XNewRef(PyDict_GetItemString(self->events, event));
    PyObject *one = PyTuple_Pack(1, fn);
    PyObject *handlers = one && old ? PySequence_Concat(old, one) : Py_XNewRef(one);
    Py_XDECREF(one);
    Py_XDECREF(old);
    if (!handlers)
        return NULL;
    int failed = PyDict_SetItemString(self->events, event, handlers) < 0;
    Py_DECREF(handlers);
    if (failed)
        return NULL;
    int rc = av_view_on(self->view, event, on_event, self);
    if (rc != AV_OK) {
        PyDict_DelItemString(self->events, event);
        return av_py_raise(rc, "on");
    }
    Py_RETURN_NONE;
}

/* off(event, fn=None): removes fn, or every handler of event. */
static PyObject *view_off(av_py_view *self, PyObject *args)
{
    const char *event;
    PyObject *fn = Py_None;
    if (!PyArg_ParseTuple(args, "s|O:off", &event, &fn))
        return NULL;
    /* Held: comparing runs arbitrary __eq__ code, which could replace it. */
    PyObject *old = Py_XNewRef(PyDict_GetItemString(self->events, event));
    if (!old)
        Py_RETURN_NONE;
    PyObject *kept = PyList_New(0);
    for (Py_ssize_t i = 0; kept && fn != Py_None && i < PyTuple_Size(old); i++) {
        PyObject *h = PyTuple_GetItem(old, i);
        int same = PyObject_RichCompareBool(h, fn, Py_EQ);
        if (same < 0 || (!same && PyList_Append(kept, h) < 0))
            Py_CLEAR(kept);
    }
    Py_DECREF(old);
    PyObject *handlers = kept ? PyList_AsTuple(kept) : NULL;
    Py_XDECREF(kept);
    if (!handlers)
        return NULL;
    int last = PyTuple_Size(handlers) == 0;
    int failed = last ? PyDict_DelItemString(self->events, event)
                      : PyDict_SetItemString(self->events, event, handlers);
    Py_DECREF(handlers);
    if (failed < 0)
        return NULL;
    if (last)
        av_view_off(self->view, event); /* the core counts the event unhandled from now on */
    Py_RETURN_NONE;
}

static int emit_blob(av_py_view *self, const char *event, Py_ssize_t event_len, av_py_message *m)
{
    char url[128];
    if (make_blob(self, m, url, sizeof url, "emit") < 0)
        return -1;
    PyObject *ref = Py_BuildValue("{s:s#,s:s}", "event", event, event_len, "url", url);
    av_py_json small;
    av_py_json_init(&small);
    int rc = ref ? av_py_json_encode(&small, ref, NULL) : -1;
    Py_XDECREF(ref);
    if (rc == 0) {
        rc = av_view_emit(self->view, AV_PY_BLOB_EVENT, sizeof AV_PY_BLOB_EVENT - 1, small.p, small.len);
        if (rc != AV_OK)
            av_py_raise(rc, "emit");
    }
    av_py_json_release(&small);
    return rc == AV_OK ? 0 : -1;
}

/* emit(event, data=None): serialised here, under the GIL, then pushed onto
 * the view's lock-free outbound queue (or, when big, the other road). */
static PyObject *view_emit(av_py_view *self, PyObject *args)
{
    const char *event;
    Py_ssize_t event_len;
    PyObject *data = Py_None;
    if (!PyArg_ParseTuple(args, "s#|O:emit", &event, &event_len, &data))
        return NULL;
    av_py_message m;
    av_py_message_init(&m);
    if (av_py_message_encode(&m, data, self->json_default) < 0)
        return NULL;
    char what[AV_PY_TOO_LARGE_MAX];
    if (too_large("emit", &m, what)) {
        av_py_raise(AV_E_PAYLOAD_TOO_LARGE, what);
    } else if (av_py_message_is_blob(&m)) {
        emit_blob(self, event, event_len, &m); /* sets the exception when it fails */
    } else {
        int rc = av_view_emit(self->view, event, (size_t)event_len, m.json.p, m.json.len);
        if (rc != AV_OK)
            av_py_raise(rc, "emit");
    }
    av_py_message_release(&m);
    if (PyErr_Occurred())
        return NULL;
    Py_RETURN_NONE;
}

/* eval_js(script): queued in order with emits; any thread. */
static PyObject *view_eval_js(av_py_view *self, PyObject *args)
{
    const char *script;
    Py_ssize_t len;
    if (!PyArg_ParseTuple(args, "s#:eval_js", &script, &len))
        return NULL;
    int rc = av_view_eval(self->view, script, (size_t)len);
    if (rc != AV_OK)
        return av_py_raise(rc, "eval_js");
    Py_RETURN_NONE;
}

/* ---- methods: the shim's, marshalled to the main thread ------------------ */

/* 1: carry on here (main thread, view open); 0: posted self.<method>(*args)
 * to the main thread; -1: error set. */
static int on_main(av_py_view *self, const char *method, PyObject *args)
{
    if (av_py_on_main_thread()) {
        if (av_panel_is_open(self->panel))
            return 1;
        av_py_raise(AV_E_CLOSED, method);
        return -1;
    }
    PyObject *fn = PyObject_GetAttrString((PyObject *)self, method);
    int rc = fn ? av_py_post(fn, args) : -1;
    Py_XDECREF(fn);
    return rc;
}

static PyObject *done(int rc)
{
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* Raises what a panel's av_err means, with the sentence it wrote. */
static PyObject *panel_error(int rc, const char *method, const char *err)
{
    if (rc == AV_E_CLOSED || rc == AV_E_NO_MEMORY)
        return av_py_raise(rc, method);
    PyErr_Format(PyExc_ValueError, "auroraview: %s", err);
    return NULL;
}

static PyObject *view_allow_origin(av_py_view *self, PyObject *args)
{
    const char *origin;
    if (!PyArg_ParseTuple(args, "s:allow_origin", &origin))
        return NULL;
    int rc = on_main(self, "allow_origin", args);
    if (rc == 1) {
        char err[512];
        if ((rc = av_panel_allow_origin(self->panel, origin, err, sizeof err)) != AV_OK)
            return panel_error(rc, "allow_origin", err);
    }
    return done(rc);
}

/* The loads trust their content's origin and cancel the old page's pending
 * calls at once (av_panel.h). */

static PyObject *view_load_url(av_py_view *self, PyObject *args)
{
    const char *url;
    if (!PyArg_ParseTuple(args, "s:load_url", &url))
        return NULL;
    int rc = on_main(self, "load_url", args);
    if (rc == 1) {
        char err[512];
        if ((rc = av_panel_load_url(self->panel, url, err, sizeof err)) != AV_OK)
            return panel_error(rc, "load_url", err);
    }
    return done(rc);
}

static PyObject *view_load_html(av_py_view *self, PyObject *args)
{
    const char *html, *base_url;
    if (!PyArg_ParseTuple(args, "ss:load_html", &html, &base_url))
        return NULL;
    int rc = on_main(self, "load_html", args);
    if (rc == 1) {
        char err[512];
        if ((rc = av_panel_load_html(self->panel, html, base_url, err, sizeof err)) != AV_OK)
            return panel_error(rc, "load_html", err);
    }
    return done(rc);
}

static PyObject *view_load_file(av_py_view *self, PyObject *args)
{
    const char *path;
    if (!PyArg_ParseTuple(args, "s:load_file", &path))
        return NULL;
    int rc = on_main(self, "load_file", args);
    if (rc == 1) {
        char err[512];
        if ((rc = av_panel_load_file(self->panel, path, err, sizeof err)) != AV_OK) {
            if (rc == AV_E_INVALID_ARG) {
                PyErr_Format(PyExc_FileNotFoundError, "auroraview: %s", err);
                return NULL;
            }
            return panel_error(rc, "load_file", err);
        }
    }
    return done(rc);
}

/* show(block=False): with block, runs the event loop (GIL released) until
 * this view closes, unless a loop runs already; Ctrl-C (with Python's own
 * SIGINT handler) closes every view and raises KeyboardInterrupt here. Events queued by then (a
 * drain the closing handler's drain left for the next turn, posted calls)
 * are processed before it returns. */
static PyObject *view_show(av_py_view *self, PyObject *args)
{
    int block = 0;
    if (!PyArg_ParseTuple(args, "|p:show", &block))
        return NULL;
    int rc = on_main(self, "show", NULL);
    if (rc != 1)
        return done(rc);
    av_shim_view_show(av_panel_shim(self->panel));
    if (block && !av_py.loop_running) {
        av_py.loop_running = 1;
        av_py.waited = self;
        av_py_interrupt_begin(); /* Ctrl-C closes the windows and ends the loop */
        Py_BEGIN_ALLOW_THREADS
        av_shim_app_run();
        av_shim_app_process_events(0);
        Py_END_ALLOW_THREADS
        av_py.waited = NULL;
        av_py.loop_running = 0;
        if (av_py_interrupt_end() < 0)
            return NULL; /* the KeyboardInterrupt */
    }
    Py_RETURN_NONE;
}

static PyObject *view_open_devtools(av_py_view *self, PyObject *unused)
{
    (void)unused;
    int rc = on_main(self, "open_devtools", NULL);
    if (rc == 1)
        av_shim_view_open_devtools(av_panel_shim(self->panel));
    return done(rc);
}

/* close(): idempotent. The closed hook has run when it returns on the main
 * thread. */
static PyObject *view_close(av_py_view *self, PyObject *unused)
{
    (void)unused;
    if (!av_py_on_main_thread())
        return done(on_main(self, "close", NULL));
    av_panel_close(self->panel);
    Py_RETURN_NONE;
}

/* ---- window control: the shim's, marshalled to the main thread ---------- */

/* A shim failure (err filled) as a RuntimeError. */
static PyObject *shim_failed(const char *err)
{
    PyErr_Format(PyExc_RuntimeError, "auroraview: %s", err);
    return NULL;
}

static PyObject *view_hide(av_py_view *self, PyObject *unused)
{
    (void)unused;
    int rc = on_main(self, "hide", NULL);
    char err[512];
    if (rc == 1 && av_shim_view_hide(av_panel_shim(self->panel), err, sizeof err) != 0)
        return shim_failed(err);
    return done(rc);
}

static PyObject *view_focus(av_py_view *self, PyObject *unused)
{
    (void)unused;
    int rc = on_main(self, "focus", NULL);
    char err[512];
    if (rc == 1 && av_shim_view_focus(av_panel_shim(self->panel), err, sizeof err) != 0)
        return shim_failed(err);
    return done(rc);
}

static PyObject *view_move(av_py_view *self, PyObject *args)
{
    int x, y;
    if (!PyArg_ParseTuple(args, "ii:move", &x, &y))
        return NULL;
    int rc = on_main(self, "move", args);
    char err[512];
    if (rc == 1 && av_shim_view_move(av_panel_shim(self->panel), x, y, err, sizeof err) != 0)
        return shim_failed(err);
    return done(rc);
}

static PyObject *view_resize(av_py_view *self, PyObject *args)
{
    int width, height;
    if (!PyArg_ParseTuple(args, "ii:resize", &width, &height))
        return NULL;
    if (width <= 0 || height <= 0) {
        PyErr_Format(PyExc_ValueError, "resize(%d, %d): width and height must be positive", width, height);
        return NULL;
    }
    int rc = on_main(self, "resize", args);
    char err[512];
    if (rc == 1 && av_shim_view_resize(av_panel_shim(self->panel), width, height, err, sizeof err) != 0)
        return shim_failed(err);
    return done(rc);
}

static PyObject *view_set_state(av_py_view *self, PyObject *args)
{
    const char *name;
    if (!PyArg_ParseTuple(args, "s:set_state", &name))
        return NULL;
    int state = -1;
    for (int i = 0; i <= AV_SHIM_STATE_FULLSCREEN; i++)
        if (strcmp(name, state_names[i]) == 0)
            state = i;
    if (state < 0) {
        PyErr_Format(PyExc_ValueError,
                     "set_state('%s'): the states are 'normal', 'minimized', 'maximized', 'fullscreen'", name);
        return NULL;
    }
    int rc = on_main(self, "set_state", args);
    char err[512];
    if (rc == 1 && av_shim_view_set_state(av_panel_shim(self->panel), state, err, sizeof err) != 0)
        return shim_failed(err);
    return done(rc);
}

static PyObject *view_set_always_on_top(av_py_view *self, PyObject *args)
{
    int on;
    if (!PyArg_ParseTuple(args, "p:set_always_on_top", &on))
        return NULL;
    int rc = on_main(self, "set_always_on_top", args);
    char err[512];
    if (rc == 1 && av_shim_view_set_always_on_top(av_panel_shim(self->panel), on, err, sizeof err) != 0)
        return shim_failed(err);
    return done(rc);
}

static PyObject *view_set_title(av_py_view *self, PyObject *args)
{
    const char *title;
    if (!PyArg_ParseTuple(args, "s:set_title", &title))
        return NULL;
    int rc = on_main(self, "set_title", args);
    if (rc == 1)
        av_shim_view_set_title(av_panel_shim(self->panel), title);
    return done(rc);
}

/* dock(area, floating): area 0 keeps the dock's area. */
static PyObject *view_dock(av_py_view *self, PyObject *args)
{
    int area, floating;
    if (!PyArg_ParseTuple(args, "ip:dock", &area, &floating))
        return NULL;
    int rc = on_main(self, "dock", args);
    char err[512];
    if (rc == 1 && av_shim_view_dock(av_panel_shim(self->panel), area, floating, err, sizeof err) != 0)
        return shim_failed(err);
    return done(rc);
}

static PyObject *view_tabify(av_py_view *self, PyObject *args)
{
    const char *name;
    if (!PyArg_ParseTuple(args, "s:tabify", &name))
        return NULL;
    int rc = on_main(self, "tabify", args);
    char err[512];
    if (rc == 1 && av_shim_view_tabify(av_panel_shim(self->panel), name, err, sizeof err) != 0)
        return shim_failed(err);
    return done(rc);
}

/* set_page_script(script): run by every trusted document created from now on,
 * after the bridge and before the page's scripts (av_shim_view_set_page_script). */
static PyObject *view_set_page_script(av_py_view *self, PyObject *args)
{
    const char *script;
    if (!PyArg_ParseTuple(args, "s:set_page_script", &script))
        return NULL;
    int rc = on_main(self, "set_page_script", args);
    char err[512];
    if (rc == 1 && av_shim_view_set_page_script(av_panel_shim(self->panel), script, err, sizeof err) != 0)
        return shim_failed(err);
    return done(rc);
}

/* reload(): a navigation, as the loads are (av_panel_reload). */
static PyObject *view_reload(av_py_view *self, PyObject *unused)
{
    (void)unused;
    int rc = on_main(self, "reload", NULL);
    if (rc == 1) {
        char err[512];
        if ((rc = av_panel_reload(self->panel, err, sizeof err)) != AV_OK)
            return panel_error(rc, "reload", err);
    }
    return done(rc);
}

/* _render_pid(): the page's render process (tests). Main thread. */
static PyObject *view_render_pid(av_py_view *self, PyObject *unused)
{
    (void)unused;
    if (!av_py_on_main_thread()) {
        PyErr_SetString(PyExc_RuntimeError, "_render_pid() runs on the main thread");
        return NULL;
    }
    av_shim_view *shim = av_panel_shim(self->panel);
    return PyLong_FromLongLong(shim ? av_shim_view_render_pid(shim) : 0);
}

static PyObject *view_get_geometry(PyObject *o, void *unused)
{
    (void)unused;
    av_py_view *self = (av_py_view *)o;
    if (!self->geometry)
        Py_RETURN_NONE;
    return PyDict_Copy(self->geometry);
}

static PyObject *view_get_url(PyObject *o, void *unused)
{
    (void)unused;
    av_py_view *self = (av_py_view *)o;
    return Py_NewRef(self->url ? self->url : Py_None);
}

static PyObject *view_get_closed(PyObject *o, void *unused)
{
    (void)unused;
    return PyBool_FromLong(((av_py_view *)o)->closed);
}

static PyObject *view_get_handling(PyObject *o, void *unused)
{
    (void)unused;
    return PyBool_FromLong(((av_py_view *)o)->handling > 0);
}

PyObject *av_py_view_facade(PyObject *o)
{
    av_py_view *self = (av_py_view *)o;
    PyObject *facade = self->facade ? PyWeakref_GetObject(self->facade) : Py_None;
    return Py_NewRef(facade ? facade : Py_None);
}

static PyObject *view_get_facade(PyObject *o, void *unused)
{
    (void)unused;
    return av_py_view_facade(o);
}

static int view_set_facade(PyObject *o, PyObject *value, void *unused)
{
    (void)unused;
    av_py_view *self = (av_py_view *)o;
    PyObject *ref = value && value != Py_None ? PyWeakref_NewRef(value, NULL) : NULL;
    if (value && value != Py_None && !ref)
        return -1;
    PyObject *old = self->facade;
    self->facade = ref;
    Py_XDECREF(old);
    return 0;
}

static PyObject *view_get_id(PyObject *o, void *unused)
{
    (void)unused;
    return PyLong_FromUnsignedLong(((av_py_view *)o)->id);
}

#define METHOD(name, flags, doc) {#name, (PyCFunction)(void (*)(void))view_##name, flags, doc}

static PyMethodDef view_methods[] = {
    METHOD(bind, METH_VARARGS, "bind(method, fn): fn answers auroraview.call(method, params)."),
    METHOD(bound, METH_NOARGS, "bound() -> the names of the methods bound now, sorted."),
    METHOD(on, METH_VARARGS, "on(event, fn): fn(detail) gets auroraview.send_event(event, detail)."),
    METHOD(off, METH_VARARGS, "off(event, fn=None): remove fn, or every handler of event."),
    METHOD(emit, METH_VARARGS, "emit(event, data=None): send an event to the page. Any thread."),
    METHOD(eval_js, METH_VARARGS, "eval_js(script): run JavaScript in the page. Any thread."),
    METHOD(allow_origin, METH_VARARGS, "allow_origin(origin): give pages of origin the bridge and accept their messages."),
    METHOD(load_url, METH_VARARGS, "load_url(url)"),
    METHOD(load_html, METH_VARARGS, "load_html(html, base_url)"),
    METHOD(load_file, METH_VARARGS, "load_file(path)"),
    METHOD(show, METH_VARARGS, "show(block=False): show; with block, run the event loop until closed."),
    METHOD(open_devtools, METH_NOARGS, "open_devtools(): needs devtools=True."),
    METHOD(close, METH_NOARGS, "close(): close the view (idempotent)."),
    METHOD(hide, METH_NOARGS, "hide(): hide the window or dock."),
    METHOD(focus, METH_NOARGS, "focus(): raise the window and give the page keyboard focus."),
    METHOD(move, METH_VARARGS, "move(x, y): a top-level window or floating dock."),
    METHOD(resize, METH_VARARGS, "resize(width, height); a docked view in its area."),
    METHOD(set_state, METH_VARARGS, "set_state(state): 'normal', 'minimized', 'maximized', 'fullscreen'."),
    METHOD(set_always_on_top, METH_VARARGS, "set_always_on_top(on)"),
    METHOD(set_title, METH_VARARGS, "set_title(title)"),
    METHOD(dock, METH_VARARGS, "dock(area, floating): area 0 keeps the dock's area."),
    METHOD(set_page_script, METH_VARARGS,
           "set_page_script(script): run in each trusted document from now on, after the bridge, before the page's scripts."),
    METHOD(tabify, METH_VARARGS, "tabify(name): tab the dock with the dock of that objectName or title."),
    METHOD(reload, METH_NOARGS, "reload(): load the page again (a load_html page: its html again)."),
    {"_render_pid", (PyCFunction)(void (*)(void))view_render_pid, METH_NOARGS, "The render process's pid (tests)."},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef view_getset[] = {
    {"closed", view_get_closed, NULL, "True once the view has closed.", NULL},
    {"id", view_get_id, NULL, "The view's process-unique id.", NULL},
    {"facade", view_get_facade, view_set_facade, "The WebView this view serves (held weakly), or None.", NULL},
    {"handling", view_get_handling, NULL,
     "True while one of this view's handlers runs (its page's next message waits for it).", NULL},
    {"geometry", view_get_geometry, NULL, "The last geometry the window reported (a dict). Any thread.", NULL},
    {"url", view_get_url, NULL, "The page's URL as last reported, or None. Any thread.", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

PyObject *av_py_view_type_new(void)
{
    PyType_Slot slots[] = {{Py_tp_doc, "A web view: a Qt WebEngine page wired to the AuroraView core."},
                           {Py_tp_new, view_new},
                           {Py_tp_dealloc, view_dealloc},
                           {Py_tp_traverse, view_traverse},
                           {Py_tp_clear, view_clear},
                           {Py_tp_methods, view_methods},
                           {Py_tp_getset, view_getset},
                           {0, NULL}};
    PyType_Spec spec = {"auroraview._core.View", sizeof(av_py_view), 0,
                        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, slots};
    return PyType_FromSpec(&spec);
}
