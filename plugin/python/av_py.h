/* av_py.h: private to the extension module auroraview._core.
 *
 * The module is the only place the Python C API meets the engine (DESIGN.md
 * section 2). It is built on the limited API (abi3), so one binary serves
 * every CPython from 3.8 on.
 *
 * Threads and the GIL:
 *  - "main" is the Qt main thread: the thread that made the first view. The
 *    shim is touched there only; methods called elsewhere are posted there.
 *  - Shim callbacks (on_message, on_load_started, on_closed, deliver) arrive
 *    on the main thread without the GIL. Only those that run Python take it.
 *  - A drain takes the GIL once, through the core's drain_begin/drain_end,
 *    and every handler of that drain runs under it.
 *  - Anything that can wait (the event loop of show(), the input hook)
 *    runs without the GIL.
 */
#ifndef AV_PY_H
#define AV_PY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "auroraview/av_core.h"
#include "av_shim.h"

#include <pthread.h>

typedef struct av_py_view av_py_view;

/* The process's engine state: one core, one Qt application. */
typedef struct av_py_state {
    av_core *core;             /* NULL until av_py_init_core */
    pthread_t main_thread;
    int app_created;           /* the shim made the QApplication: standalone */
    int loop_running;          /* show() is running the event loop */
    av_py_view *waited;        /* the view whose closing ends that loop */
    PyObject *log;             /* callable(level, message, exc_or_None) */
    PyObject *format_exception; /* traceback.format_exception */
    PyObject *error;           /* AuroraViewError and two subclasses */
    PyObject *busy_error;
    PyObject *closed_error;
    PyObject *view_type;
    PyObject *pending_type;    /* an async handler's answer (av_pyview.c) */
    PyObject *call_type;       /* a handler's call context (av_pycall.c) */
    PyObject *current_call;    /* auroraview._calls.current, once a call ran */
    PyObject *aio;             /* auroraview._aio once an async handler ran */
    PyObject *explain;         /* auroraview._explain once a handler's mistake was explained */
} av_py_state;

extern av_py_state av_py;

/* The module's entry point (the one exported symbol). */
PyMODINIT_FUNC PyInit__core(void);

/* 1 on the Qt main thread. */
int av_py_on_main_thread(void);

/* Creates the view type (a heap type). New reference, or NULL. */
PyObject *av_py_view_type_new(void);

/* The type of the answer an async handler owes. New reference, or NULL. */
PyObject *av_py_pending_type_new(void);

/* The WebView a _core.View serves (View.facade), or None. New reference. */
PyObject *av_py_view_facade(PyObject *view);

/* A call's context (av_pycall.c), what auroraview.current_call() returns. */
PyObject *av_py_call_type_new(void);
/* The context of the call req, of the _core.View owner. New reference, or
 * NULL with an exception set. GIL held. */
PyObject *av_py_call_new(PyObject *owner, const av_request *req);
/* The call is answered: its `cancelled` keeps the value it has now. call
 * may be NULL. */
void av_py_call_answered(PyObject *call);
/* 1 when nobody waits for call's answer any more (its `cancelled`); call
 * may be NULL (0). */
int av_py_call_given_up(PyObject *call);
/* Makes call (or None) current until av_py_call_leave. A failure is logged
 * (the handler runs all the same): -1. Main thread, GIL held, no exception
 * set on entry or return. */
typedef struct av_py_call_scope {
    PyObject *token; /* what ContextVar.set returned, or NULL */
    int is_call;
} av_py_call_scope;
int av_py_call_enter(av_py_call_scope *scope, PyObject *call);
void av_py_call_leave(av_py_call_scope *scope);
/* Call handlers on the stack now (their context set). Main thread. */
int av_py_calls_on_stack(void);

/* Closes every open view. Main thread, GIL held. */
void av_py_close_all(void);

/* Ctrl-C (av_pysignal.c), only while Python's own SIGINT handler
 * (signal.default_int_handler) is installed. Main thread, GIL held.
 *  - av_py_interrupt_begin / _end bracket a blocking show(): SIGINT wakes
 *    the loop through a wakeup fd, closes every view and quits the loop;
 *    _end restores the previous wakeup fd and returns -1 with the
 *    KeyboardInterrupt set when that happened, else 0.
 *  - av_py_retrip_interrupt(type): a KeyboardInterrupt (type) raised inside
 *    a handler was turned into a failed call or a log line: trip SIGINT
 *    again, so the interrupt still ends the loop or reaches the prompt. No
 *    exception set on entry or return.
 *  - av_py_input_hook: the REPL's PyOS_InputHook. */
void av_py_interrupt_begin(void);
int av_py_interrupt_end(void);
void av_py_retrip_interrupt(PyObject *type);
int av_py_input_hook(void);

/* Runs fn(*args) on the main thread soon (args may be NULL). Any thread,
 * GIL held. Returns 0, or -1 with an exception set. Takes new references to
 * fn and args. */
int av_py_post(PyObject *fn, PyObject *args);

/* Sends a line to the Python log hook; exc may be NULL. GIL held, no
 * exception set. */
void av_py_log(int level, PyObject *message, PyObject *exc);

/* Takes the pending exception and logs it with its traceback under
 * "<context>: <exception>". GIL held. */
void av_py_log_exception(int level, const char *context);

/* Raises the Python exception that fits a core error code, with what the
 * caller was doing. Always returns NULL. */
PyObject *av_py_raise(int code, const char *what);

/* The UTF-8 bytes of a str, valid while str lives, or NULL with an
 * exception set. */
const char *av_py_utf8(PyObject *str, Py_ssize_t *len);

/* JSON text of a Python value (av_pyjson.c), written into storage that
 * starts inside the struct: a small value costs no allocation. Usually on
 * the stack of the call that sends it, so it is as thread-safe as that. */
typedef struct av_py_leaves av_py_leaves;
typedef struct av_py_json {
    char *p; /* the text so far: local, or PyMem memory once it outgrew local */
    size_t len, cap;
    av_py_leaves *leaves; /* NULL, or where big strs and bytes go instead of the text */
    PyObject *path; /* while a TypeError unwinds: the keys and indexes down to the
                       value JSON cannot carry, innermost first (a list), or NULL */
    char local[512];
} av_py_json;

void av_py_json_init(av_py_json *j);
/* Replaces j's text by obj as json.dumps(obj, ensure_ascii=False,
 * separators=(",", ":"), allow_nan=False, default=fallback) writes it
 * (fallback may be NULL or None: no default). GIL held. Returns 0, or -1
 * with an exception set (TypeError, ValueError, or what fallback raised). A
 * TypeError for a value inside containers says where it is: "... (at
 * ['items'][3]['when'])". */
int av_py_json_encode(av_py_json *j, PyObject *obj, PyObject *fallback);
/* Frees what j allocated; j is empty (and reusable) afterwards. */
void av_py_json_release(av_py_json *j);
/* j's text (its length in *len) as PyMem memory the caller frees
 * (PyMem_Free, GIL held); j is empty afterwards. NULL with MemoryError. */
char *av_py_json_take(av_py_json *j, size_t *len);
/* Appends s[0..n) to j's text as it is. 0, or -1 with MemoryError. */
int av_py_json_put(av_py_json *j, const char *s, size_t n);

/* Leaves (av_pyjson.c): with j->leaves set, the encoder writes a str of at
 * least AV_PY_LEAF_MIN characters, or bytes, bytearray or memoryview of at
 * least AV_PY_LEAF_MIN bytes, not into the text but as a leaf, and the text
 * gets {"__auroraview_leaf__":<index>} in its place: the skeleton of a blob
 * (av_pyblob.c). A leaf holds a reference to immutable memory: the str
 * itself (its UTF-8, which for an ASCII str is its own storage), the bytes
 * itself, or a bytes copy of a bytearray or memoryview (their contents may
 * change after the call). */
#define AV_PY_LEAF_MIN (256u << 10)
#define AV_PY_LEAF_TAG "__auroraview_leaf__"
typedef struct av_py_leaf {
    PyObject *owner;   /* a str or a bytes */
    const char *p;     /* owner's UTF-8 or bytes, valid while owner lives */
    size_t n;
    Py_ssize_t chars;  /* a str's length in characters; -1 for bytes */
    size_t at, end;    /* where its reference sits in the skeleton */
} av_py_leaf;
struct av_py_leaves {
    av_py_leaf *v;
    size_t len, cap;
    size_t bytes;            /* the sum of the leaves' n */
    Py_ssize_t longest_text; /* the longest str leaf, in characters */
};
/* Drops every leaf (their references). GIL held. */
void av_py_leaves_clear(av_py_leaves *l);
/* Writes each leaf of l back into j's skeleton as the encoder would have
 * written it inline, and clears l. 0, or -1 with MemoryError. */
int av_py_json_inline_leaves(av_py_json *j, av_py_leaves *l);
/* _core.json_dumps(obj, default=None) -> str: the encoder, for tests. */
PyObject *av_py_json_dumps(PyObject *module, PyObject *args);
/* The Python value of JSON text that av_json_validate accepted (so nested at
 * most AV_JSON_MAX_DEPTH deep), as json.loads would build it but with no
 * Python recursion: a value json.loads could not read for the interpreter's
 * recursion limit decodes here all the same. GIL held. Returns a new
 * reference, or NULL with an exception set (ValueError for an integer with
 * more digits than int() converts, MemoryError). */
PyObject *av_py_json_decode(const char *text, size_t len);
/* The same, for a message that came in pieces with big values taken out
 * (av_leaves.h): {"__auroraview_leaf__": k} in it is leaf k, text as str and
 * bytes as bytes (the allocator's object itself, or a copy of the core's
 * buffer). leaves may be NULL. */
PyObject *av_py_json_decode_leaves(const char *text, size_t len, const av_leaves *leaves);
/* _core.json_loads(text) -> value: the decoder, for tests; ValueError for
 * text the strict scanner refuses. */
PyObject *av_py_json_loads(PyObject *module, PyObject *args);

/* A message to a page (av_pyblob.c): encoded with its leaves kept aside;
 * below AV_PY_BLOB_MIN bytes in all it is written whole into json (leaves
 * empty) and goes inline, at or above it, it goes as a blob the page reads
 * from auroraview://blob/<token> (docs/protocol.md, "Big payloads"). GIL held
 * throughout. */
#define AV_PY_BLOB_MIN (1u << 20)
typedef struct av_py_message {
    av_py_json json; /* the whole JSON, or the blob's skeleton */
    av_py_leaves leaves;
} av_py_message;
void av_py_message_init(av_py_message *m);
/* 0, or -1 with an exception set (m empty), as av_py_json_encode. */
int av_py_message_encode(av_py_message *m, PyObject *obj, PyObject *fallback);
/* The bytes the page gets: the JSON, or the skeleton and the leaves. */
size_t av_py_message_size(const av_py_message *m);
int av_py_message_is_blob(const av_py_message *m);
/* Hands the skeleton and the leaves to a new blob of shim's page and writes
 * its URL; m is empty afterwards, either way. 0, or -1 with *err. */
int av_py_message_send_blob(av_py_message *m, av_shim_view *shim, char *url, size_t url_len, char *err,
                            size_t err_len);
void av_py_message_release(av_py_message *m);

/* Binary values on the JSON wire (av_pybytes.c): {"__auroraview_bytes__":
 * "<base64>"} (docs/protocol.md). */
#define AV_PY_BYTES_TAG "__auroraview_bytes__"
/* o's bytes when it is bytes, bytearray or memoryview: a new reference to a
 * bytes object; NULL with no exception set when o is none of them, NULL with
 * one set when copying failed. */
PyObject *av_py_bytes_of(PyObject *o);
/* Writes the base64 of p[0..n) to out: AV_PY_BASE64_LEN(n) characters. */
#define AV_PY_BASE64_LEN(n) (((n) + 2) / 3 * 4)
void av_py_base64_encode(const unsigned char *p, size_t n, char *out);
/* bytes from base64 text (padding optional), or NULL with ValueError. */
PyObject *av_py_bytes_from_base64(const char *s, size_t n);

/* The parent/child channel (av_pyipc.c): frame codec and fd watches. */
PyObject *av_py_ipc_hello(PyObject *module, PyObject *args);
PyObject *av_py_ipc_event(PyObject *module, PyObject *args);
PyObject *av_py_ipc_read(PyObject *module, PyObject *args);
PyObject *av_py_watch_fd(PyObject *module, PyObject *args);
PyObject *av_py_unwatch_fd(PyObject *module, PyObject *args);
PyObject *av_py_call_later(PyObject *module, PyObject *args);
PyObject *av_py_cancel_call(PyObject *module, PyObject *args);

#endif
