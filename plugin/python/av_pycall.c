/* auroraview._core.Call: the context of one call a Python handler answers,
 * what auroraview.current_call() returns (python_pkg/auroraview/_calls.py).
 *
 * A call is current while its handler runs: on_call (av_pyview.c) sets the
 * context variable auroraview._calls.current around the handler, so a sync
 * handler reads it however deep it spins the main loop, and an async
 * handler's task, created while it is set, keeps it (asyncio copies the
 * context into each task). `cancelled` asks the core each time it is read
 * (av_view_call_cancelled): the page's cancels are applied as they arrive,
 * so a handler spinning the main loop sees its call's. Once the call is
 * answered, the value it had then is kept (the core forgets answered calls). */
#include "av_py.h"

#include <string.h>

typedef struct av_py_call {
    PyObject_HEAD
    av_view *view;      /* av_view_ref'd */
    PyObject *owner;    /* the _core.View: its WebView is .view */
    PyObject *method;   /* str */
    uint32_t generation; /* the page generation that sent the call */
    int answered;       /* 1: `cancelled` is was_cancelled from now on */
    int was_cancelled;
    char *id;           /* PyMem copy of the id token, as the page sent it */
    size_t id_len;
} av_py_call;

/* Sync call handlers on the stack with their context set (main thread). */
static int calls_on_stack;

PyObject *av_py_call_new(PyObject *owner, const av_request *req)
{
    const av_msg *m = req->msg;
    av_py_call *c = (av_py_call *)PyType_GenericAlloc((PyTypeObject *)av_py.call_type, 0);
    if (!c)
        return NULL;
    c->method = PyUnicode_DecodeUTF8(m->name.ptr, (Py_ssize_t)m->name.len, "replace");
    c->id = PyMem_Malloc(m->id.len ? m->id.len : 1);
    if (!c->method || !c->id) {
        if (c->method)
            PyErr_NoMemory();
        Py_DECREF(c);
        return NULL;
    }
    memcpy(c->id, m->id.ptr, m->id.len);
    c->id_len = m->id.len;
    c->generation = m->generation;
    c->owner = Py_NewRef(owner);
    av_view_ref(req->view);
    c->view = req->view;
    return (PyObject *)c;
}

static int is_cancelled(av_py_call *c)
{
    if (c->answered)
        return c->was_cancelled;
    return av_view_call_cancelled(c->view, c->generation, c->id, c->id_len);
}

int av_py_call_given_up(PyObject *call)
{
    return call && is_cancelled((av_py_call *)call);
}

void av_py_call_answered(PyObject *call)
{
    av_py_call *c = (av_py_call *)call;
    if (!c || c->answered)
        return;
    c->was_cancelled = is_cancelled(c);
    c->answered = 1;
}

/* ---- the context variable ---------------------------------------------------- */

/* auroraview._calls.current, imported when first needed. Borrowed, or NULL
 * with an exception set. */
static PyObject *current_var(void)
{
    if (!av_py.current_call) {
        PyObject *mod = PyImport_ImportModule("auroraview._calls");
        av_py.current_call = mod ? PyObject_GetAttrString(mod, "current") : NULL;
        Py_XDECREF(mod);
    }
    return av_py.current_call;
}

int av_py_call_enter(av_py_call_scope *scope, PyObject *call)
{
    PyObject *var = current_var();
    scope->token = var ? PyObject_CallMethod(var, "set", "O", call) : NULL;
    scope->is_call = call != Py_None;
    if (!scope->token) {
        av_py_log_exception(AV_LOG_ERROR, "setting auroraview.current_call() failed");
        return -1;
    }
    calls_on_stack += scope->is_call;
    return 0;
}

void av_py_call_leave(av_py_call_scope *scope)
{
    if (!scope->token)
        return;
    calls_on_stack -= scope->is_call;
    PyObject *r = PyObject_CallMethod(av_py.current_call, "reset", "O", scope->token);
    Py_CLEAR(scope->token);
    if (r)
        Py_DECREF(r);
    else
        av_py_log_exception(AV_LOG_ERROR, "restoring auroraview.current_call() failed");
}

int av_py_calls_on_stack(void)
{
    return calls_on_stack;
}

/* ---- the type ------------------------------------------------------------------ */

static void call_dealloc(PyObject *o)
{
    av_py_call *c = (av_py_call *)o;
    PyTypeObject *type = Py_TYPE(o);
    av_view_unref(c->view);
    PyMem_Free(c->id);
    Py_XDECREF(c->owner);
    Py_XDECREF(c->method);
    ((freefunc)PyType_GetSlot(type, Py_tp_free))(o);
    Py_DECREF(type);
}

static PyObject *call_get_id(PyObject *o, void *unused)
{
    (void)unused;
    av_py_call *c = (av_py_call *)o;
    return av_py_json_decode(c->id, c->id_len);
}

static PyObject *call_get_method(PyObject *o, void *unused)
{
    (void)unused;
    return Py_NewRef(((av_py_call *)o)->method);
}

static PyObject *call_get_view(PyObject *o, void *unused)
{
    (void)unused;
    return av_py_view_facade(((av_py_call *)o)->owner);
}

static PyObject *call_get_cancelled(PyObject *o, void *unused)
{
    (void)unused;
    return PyBool_FromLong(is_cancelled((av_py_call *)o));
}

static PyObject *call_raise_if_cancelled(PyObject *o, PyObject *unused)
{
    (void)unused;
    av_py_call *c = (av_py_call *)o;
    if (!is_cancelled(c))
        Py_RETURN_NONE;
    Py_ssize_t n;
    const char *method = av_py_utf8(c->method, &n);
    char what[AV_NAME_MAX + 16];
    snprintf(what, sizeof what, "call '%s'", method ? method : "?");
    PyErr_Clear();
    return av_py_raise(AV_E_CANCELLED, what);
}

static PyObject *call_repr(PyObject *o)
{
    av_py_call *c = (av_py_call *)o;
    return PyUnicode_FromFormat("<auroraview call %.*s of '%U'%s>", (int)c->id_len, c->id, c->method,
                                is_cancelled(c) ? ", cancelled" : "");
}

static PyGetSetDef call_getset[] = {
    {"id", call_get_id, NULL, "The call's id, as the page's bridge numbered it.", NULL},
    {"method", call_get_method, NULL, "The method the page called.", NULL},
    {"view", call_get_view, NULL, "The WebView whose page made the call.", NULL},
    {"cancelled", call_get_cancelled, NULL,
     "True once nobody waits for the answer: the page aborted or timed out, the view closed, or its page changed.",
     NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyMethodDef call_methods[] = {
    {"raise_if_cancelled", call_raise_if_cancelled, METH_NOARGS,
     "raise_if_cancelled(): raise AuroraViewError (code CANCELLED) when the call is cancelled."},
    {NULL, NULL, 0, NULL}};

PyObject *av_py_call_type_new(void)
{
    PyType_Slot slots[] = {{Py_tp_doc, "The call a handler answers: auroraview.current_call()."},
                           {Py_tp_dealloc, call_dealloc},
                           {Py_tp_repr, call_repr},
                           {Py_tp_methods, call_methods},
                           {Py_tp_getset, call_getset},
                           {0, NULL}};
    PyType_Spec spec = {"auroraview.Call", sizeof(av_py_call), 0, Py_TPFLAGS_DEFAULT, slots};
    return PyType_FromSpec(&spec);
}
