/* Python -> JSON text in C, for emit() and call results: the hot path of
 * every message to a page. json.JSONEncoder.encode costs about 1.2 us for a
 * small dict (it builds a C encoder per call and joins chunks in Python);
 * this writes straight into a caller's buffer in about a fifth of that.
 *
 * Output is what json.dumps(obj, ensure_ascii=False, separators=(",", ":"),
 * allow_nan=False, default=fallback) gives, byte for byte:
 * tests/python/test_json_encode.py compares the two on many values. Beyond
 * json: bytes, bytearray and memoryview in the protocol's tagged form
 * (av_pybytes.c), which the decoder reads back as bytes.
 *
 * And JSON text -> Python for the parent/child channel (av_py_json_decode):
 * text the strict scanner accepted, built without Python recursion. */
#include "av_py.h"

#include "auroraview/av_error.h"
#include "auroraview/av_json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Makes room for n more bytes; the first growth leaves the caller's storage. */
static int reserve(av_py_json *j, size_t n)
{
    if (j->len + n <= j->cap)
        return 0;
    size_t cap = j->cap * 2;
    while (cap < j->len + n)
        cap *= 2;
    char *p = j->p == j->local ? PyMem_Malloc(cap) : PyMem_Realloc(j->p, cap);
    if (!p) {
        PyErr_NoMemory();
        return -1;
    }
    if (j->p == j->local)
        memcpy(p, j->local, j->len);
    j->p = p;
    j->cap = cap;
    return 0;
}

static int put(av_py_json *j, const char *s, size_t n)
{
    if (reserve(j, n) < 0)
        return -1;
    memcpy(j->p + j->len, s, n);
    j->len += n;
    return 0;
}

int av_py_json_put(av_py_json *j, const char *s, size_t n)
{
    return put(j, s, n);
}

static int put_char(av_py_json *j, char c)
{
    return put(j, &c, 1);
}

/* Keeps owner's p[0..n) as the next leaf and writes its reference. */
static int put_leaf(av_py_json *j, PyObject *owner, const char *p, size_t n, Py_ssize_t chars)
{
    av_py_leaves *l = j->leaves;
    if (l->len == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        av_py_leaf *v = PyMem_Realloc(l->v, cap * sizeof *v);
        if (!v) {
            PyErr_NoMemory();
            return -1;
        }
        l->v = v;
        l->cap = cap;
    }
    char ref[64];
    int rn = snprintf(ref, sizeof ref, "{\"" AV_PY_LEAF_TAG "\":%zu}", l->len);
    size_t at = j->len;
    if (put(j, ref, (size_t)rn) < 0)
        return -1;
    l->v[l->len++] = (av_py_leaf){Py_NewRef(owner), p, n, chars, at, j->len};
    l->bytes += n;
    if (chars > l->longest_text)
        l->longest_text = chars;
    return 0;
}

static int put_str_token(av_py_json *j, const char *s, Py_ssize_t n);

/* A str as a JSON string token (or a leaf). */
static int put_str(av_py_json *j, PyObject *str)
{
    Py_ssize_t n, chars = j->leaves ? PyUnicode_GetLength(str) : 0;
    const char *s = av_py_utf8(str, &n);
    if (!s)
        return -1;
    if (chars >= (Py_ssize_t)AV_PY_LEAF_MIN)
        return put_leaf(j, str, s, (size_t)n, chars);
    return put_str_token(j, s, n);
}

/* UTF-8 s[0..n) as a JSON string token: ", \ and control characters
 * escaped, the rest as it is (json's ensure_ascii=False). */
static int put_str_token(av_py_json *j, const char *s, Py_ssize_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (reserve(j, (size_t)n * 6 + 2) < 0) /* \u00XX is the widest escape */
        return -1;
    char *out = j->p + j->len;
    *out++ = '"';
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *out++ = (char)c;
            continue;
        }
        *out++ = '\\';
        switch (c) {
        case '"': *out++ = '"'; break;
        case '\\': *out++ = '\\'; break;
        case '\n': *out++ = 'n'; break;
        case '\r': *out++ = 'r'; break;
        case '\t': *out++ = 't'; break;
        case '\b': *out++ = 'b'; break;
        case '\f': *out++ = 'f'; break;
        default:
            *out++ = 'u';
            *out++ = '0';
            *out++ = '0';
            *out++ = hex[c >> 4];
            *out++ = hex[c & 15];
        }
    }
    *out++ = '"';
    j->len = (size_t)(out - j->p);
    return 0;
}

/* str(obj) as it is, for ints (exact ones; json writes int subclasses, such
 * as IntEnum members, as the int they hold). */
static int put_long(av_py_json *j, PyObject *o)
{
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (!overflow) {
        char digits[24];
        int n = snprintf(digits, sizeof digits, "%lld", v);
        return put(j, digits, (size_t)n);
    }
    PyObject *exact = PyNumber_Long(o);
    PyObject *text = exact ? PyObject_Str(exact) : NULL;
    Py_ssize_t n;
    const char *s = text ? av_py_utf8(text, &n) : NULL;
    int rc = s ? put(j, s, (size_t)n) : -1;
    Py_XDECREF(text);
    Py_XDECREF(exact);
    return rc;
}

/* repr(float(o)); NaN and the infinities are not JSON (allow_nan=False). */
static int put_float(av_py_json *j, PyObject *o)
{
    double d = PyFloat_AsDouble(o);
    if (d == -1.0 && PyErr_Occurred())
        return -1;
    if (!isfinite(d)) {
        PyErr_Format(PyExc_ValueError, "Out of range float values are not JSON compliant: %R", o);
        return -1;
    }
    char *s = PyOS_double_to_string(d, 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
    if (!s)
        return -1;
    int rc = put(j, s, strlen(s));
    PyMem_Free(s);
    return rc;
}

static int encode(av_py_json *j, PyObject *o, PyObject *fallback, int depth);

/* s[0..n) as {"__auroraview_bytes__":"<base64>"}. */
static int put_base64(av_py_json *j, const char *s, size_t n)
{
    static const char open[] = "{\"" AV_PY_BYTES_TAG "\":\"";
    size_t text_len = AV_PY_BASE64_LEN(n);
    if (put(j, open, sizeof open - 1) < 0 || reserve(j, text_len + 2) < 0)
        return -1;
    av_py_base64_encode((const unsigned char *)s, n, j->p + j->len);
    j->len += text_len;
    return put(j, "\"}", 2);
}

/* bytes, bytearray or memoryview in their tagged form (or as a leaf): 1
 * when o is none of them. */
static int put_bytes(av_py_json *j, PyObject *o)
{
    PyObject *bytes = av_py_bytes_of(o);
    if (!bytes)
        return PyErr_Occurred() ? -1 : 1;
    char *s;
    Py_ssize_t n;
    int rc = PyBytes_AsStringAndSize(bytes, &s, &n);
    if (rc == 0)
        rc = j->leaves && (size_t)n >= AV_PY_LEAF_MIN ? put_leaf(j, bytes, s, (size_t)n, -1)
                                                     : put_base64(j, s, (size_t)n);
    Py_DECREF(bytes);
    return rc;
}

/* Raises TypeError with what (a format taking the type's name as %S). */
static int type_error(const char *what, PyObject *o)
{
    PyObject *name = PyObject_GetAttrString((PyObject *)Py_TYPE(o), "__name__");
    if (name) {
        PyErr_Format(PyExc_TypeError, what, name);
        Py_DECREF(name);
    }
    return -1;
}

/* A dict key: str as it is; float, int, bool and None as their JSON text in
 * quotes (json's conversions); anything else is a TypeError. */
static int put_key(av_py_json *j, PyObject *key)
{
    if (PyUnicode_Check(key)) { /* never a leaf: a key stays in the skeleton */
        Py_ssize_t n;
        const char *s = av_py_utf8(key, &n);
        return s ? put_str_token(j, s, n) : -1;
    }
    const char *word = key == Py_True ? "\"true\"" : key == Py_False ? "\"false\"" : key == Py_None ? "\"null\"" : NULL;
    if (word)
        return put(j, word, strlen(word));
    if (!PyLong_Check(key) && !PyFloat_Check(key))
        return type_error("keys must be str, int, float, bool or None, not %S", key);
    if (put_char(j, '"') < 0 || (PyLong_Check(key) ? put_long(j, key) : put_float(j, key)) < 0)
        return -1;
    return put_char(j, '"');
}

/* A TypeError unwinding through a container: remembers the key or index it
 * came through (a failure to remember only loses the "at" of the message). */
static void note_path(av_py_json *j, PyObject *key)
{
    if (!PyErr_ExceptionMatches(PyExc_TypeError))
        return;
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (!j->path)
        j->path = PyList_New(0);
    if (!j->path || PyList_Append(j->path, key) < 0)
        PyErr_Clear();
    PyErr_Restore(type, value, tb);
}

/* Rewrites the pending TypeError to say where the value is, from j->path
 * (outermost key first, each as its repr): "Object of type date at
 * ['items'][2]['when'] is not JSON serializable; ...", or "<message> (at
 * [...])" for other messages. */
static void add_path_to_error(av_py_json *j)
{
    if (!j->path || !PyList_Size(j->path) || !PyErr_ExceptionMatches(PyExc_TypeError))
        return;
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *where = PyUnicode_FromString("");
    for (Py_ssize_t i = PyList_Size(j->path) - 1; where && i >= 0; i--) {
        PyObject *part = PyUnicode_FromFormat("%U[%R]", where, PyList_GetItem(j->path, i));
        Py_DECREF(where);
        where = part;
    }
    PyObject *message = where ? PyObject_Str(value) : NULL;
    Py_ssize_t n = 0;
    const char *text = message ? av_py_utf8(message, &n) : NULL;
    const char *tail = text ? strstr(text, " is not JSON serializable") : NULL;
    PyObject *head = tail ? PyUnicode_FromStringAndSize(text, tail - text) : NULL;
    if (head) {
        PyErr_Format(PyExc_TypeError, "%U at %U%s", head, where, tail);
        Py_DECREF(head);
    } else if (text) {
        PyErr_Clear(); /* another message (or head failed): the plainer form */
        PyErr_Format(PyExc_TypeError, "%U (at %U)", message, where);
    }
    if (text) {
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
    } else {
        PyErr_Restore(type, value, tb);
    }
    Py_XDECREF(message);
    Py_XDECREF(where);
}

static int put_dict(av_py_json *j, PyObject *dict, PyObject *fallback, int depth)
{
    /* A dict subclass may override items(); json honours that, so do we. */
    PyObject *items = PyDict_CheckExact(dict) ? NULL : PyMapping_Items(dict);
    if (!PyDict_CheckExact(dict) && !items)
        return -1;
    Py_ssize_t pos = 0, i = 0;
    PyObject *key, *value;
    int rc = put_char(j, '{');
    for (int first = 1; rc == 0; first = 0) {
        if (items) {
            if (i >= PyList_Size(items))
                break;
            PyObject *pair = PyList_GetItem(items, i++);
            if (!PyTuple_Check(pair) || PyTuple_Size(pair) != 2) {
                PyErr_SetString(PyExc_ValueError, "items must return 2-tuples");
                rc = -1;
                break;
            }
            key = PyTuple_GetItem(pair, 0);
            value = PyTuple_GetItem(pair, 1);
        } else if (!PyDict_Next(dict, &pos, &key, &value)) {
            break;
        }
        /* Held: a fallback called for the value may change the dict. */
        Py_INCREF(key);
        Py_INCREF(value);
        if (!first)
            rc = put_char(j, ',');
        if (rc == 0)
            rc = put_key(j, key);
        if (rc == 0)
            rc = put_char(j, ':');
        if (rc == 0 && (rc = encode(j, value, fallback, depth + 1)) < 0)
            note_path(j, key);
        Py_DECREF(key);
        Py_DECREF(value);
    }
    Py_XDECREF(items);
    return rc < 0 ? -1 : put_char(j, '}');
}

/* A list or tuple, read by index each time: a fallback may change the list. */
static int put_array(av_py_json *j, PyObject *seq, PyObject *fallback, int depth)
{
    int is_list = PyList_Check(seq);
    if (put_char(j, '[') < 0)
        return -1;
    for (Py_ssize_t i = 0; i < (is_list ? PyList_Size(seq) : PyTuple_Size(seq)); i++) {
        PyObject *item = is_list ? PyList_GetItem(seq, i) : PyTuple_GetItem(seq, i);
        if (!item || (i && put_char(j, ',') < 0))
            return -1;
        Py_INCREF(item);
        int rc = encode(j, item, fallback, depth + 1);
        Py_DECREF(item);
        if (rc < 0) {
            PyObject *index = PyLong_FromSsize_t(i);
            if (index) {
                note_path(j, index);
                Py_DECREF(index);
            }
            return -1;
        }
    }
    return put_char(j, ']');
}

static int encode(av_py_json *j, PyObject *o, PyObject *fallback, int depth)
{
    if (depth > AV_JSON_MAX_DEPTH) {
        PyErr_Format(PyExc_ValueError, "Circular reference detected, or data nested deeper than %d levels",
                     AV_JSON_MAX_DEPTH);
        return -1;
    }
    if (o == Py_None)
        return put(j, "null", 4);
    if (o == Py_True)
        return put(j, "true", 4);
    if (o == Py_False)
        return put(j, "false", 5);
    if (PyUnicode_Check(o))
        return put_str(j, o);
    if (PyLong_Check(o))
        return put_long(j, o);
    if (PyFloat_Check(o))
        return put_float(j, o);
    if (PyList_Check(o) || PyTuple_Check(o))
        return put_array(j, o, fallback, depth);
    if (PyDict_Check(o))
        return put_dict(j, o, fallback, depth);
    int rc = put_bytes(j, o);
    if (rc <= 0)
        return rc;
    if (!fallback || fallback == Py_None)
        return type_error("Object of type %S is not JSON serializable", o);
    PyObject *replaced = PyObject_CallFunctionObjArgs(fallback, o, NULL);
    if (!replaced)
        return -1;
    rc = encode(j, replaced, fallback, depth + 1);
    Py_DECREF(replaced);
    return rc;
}

void av_py_json_init(av_py_json *j)
{
    j->p = j->local;
    j->len = 0;
    j->cap = sizeof j->local;
    j->leaves = NULL;
    j->path = NULL;
}

int av_py_json_encode(av_py_json *j, PyObject *obj, PyObject *fallback)
{
    j->len = 0;
    Py_CLEAR(j->path);
    int rc = encode(j, obj, fallback, 0);
    if (rc < 0)
        add_path_to_error(j);
    Py_CLEAR(j->path);
    return rc;
}

void av_py_json_release(av_py_json *j)
{
    if (j->p != j->local)
        PyMem_Free(j->p);
    av_py_json_init(j);
}

char *av_py_json_take(av_py_json *j, size_t *len)
{
    char *p = j->p;
    *len = j->len;
    if (p == j->local && (p = PyMem_Malloc(j->len ? j->len : 1)) != NULL)
        memcpy(p, j->local, j->len);
    if (!p)
        PyErr_NoMemory();
    else
        av_py_json_init(j);
    return p;
}

void av_py_leaves_clear(av_py_leaves *l)
{
    for (size_t i = 0; i < l->len; i++)
        Py_DECREF(l->v[i].owner);
    PyMem_Free(l->v);
    *l = (av_py_leaves){NULL, 0, 0, 0, 0};
}

int av_py_json_inline_leaves(av_py_json *j, av_py_leaves *l)
{
    av_py_json out;
    av_py_json_init(&out);
    size_t from = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < l->len; i++) {
        const av_py_leaf *leaf = &l->v[i];
        rc = put(&out, j->p + from, leaf->at - from);
        if (rc == 0)
            rc = leaf->chars < 0 ? put_base64(&out, leaf->p, leaf->n) : put_str_token(&out, leaf->p, (Py_ssize_t)leaf->n);
        from = leaf->end;
    }
    if (rc == 0)
        rc = put(&out, j->p + from, j->len - from);
    av_py_leaves_clear(l);
    if (rc < 0) {
        av_py_json_release(&out);
        return -1;
    }
    av_py_json_release(j);
    if (out.p == out.local) { /* small: back into j's own storage */
        memcpy(j->local, out.local, out.len);
        j->len = out.len;
    } else {
        j->p = out.p;
        j->len = out.len;
        j->cap = out.cap;
    }
    return 0;
}

PyObject *av_py_json_dumps(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *obj, *fallback = Py_None;
    if (!PyArg_ParseTuple(args, "O|O:json_dumps", &obj, &fallback))
        return NULL;
    av_py_json j;
    av_py_json_init(&j);
    PyObject *text = av_py_json_encode(&j, obj, fallback) == 0
                         ? PyUnicode_DecodeUTF8(j.p, (Py_ssize_t)j.len, "strict")
                         : NULL;
    av_py_json_release(&j);
    return text;
}

/* ---- decoding ------------------------------------------------------------ */

/* A reader over text av_json_validate accepted: every step below may assume
 * the grammar, and recursion is bounded by AV_JSON_MAX_DEPTH. */
typedef struct json_reader {
    const char *s;
    size_t len, pos;
    const av_leaves *leaves; /* a message's big values, or NULL */
} json_reader;

static PyObject *decode_value(json_reader *r);

static void skip_ws(json_reader *r)
{
    r->pos = av_json_skip_ws(r->s, r->len, r->pos);
}

/* The token of one scalar at r->pos: its end, or 0 with ValueError set. */
static size_t scalar_end(json_reader *r)
{
    size_t end = r->pos;
    av_json_error err = {0, NULL};
    if (av_json_scan(r->s, r->len, &end, 1, NULL, &err) != AV_OK) {
        PyErr_Format(PyExc_ValueError, "JSON: %s at byte %zu", err.reason ? err.reason : "invalid", err.pos);
        return 0;
    }
    return end;
}

static PyObject *decode_string(json_reader *r)
{
    size_t end = scalar_end(r);
    if (!end)
        return NULL;
    size_t n = end - r->pos;
    char local[256];
    char *buf = n <= sizeof local ? local : PyMem_Malloc(n);
    if (!buf)
        return PyErr_NoMemory();
    long got = av_json_unescape(r->s + r->pos, n, buf);
    PyObject *out = got < 0 ? (PyErr_SetString(PyExc_ValueError, "JSON: a string with an unpaired surrogate"), NULL)
                            : PyUnicode_DecodeUTF8(buf, (Py_ssize_t)got, "strict");
    if (buf != local)
        PyMem_Free(buf);
    r->pos = end;
    return out;
}

/* An int, as json.loads makes one (int(text): the interpreter's digit limit
 * applies), or a float when the number has a fraction or an exponent. */
static PyObject *decode_number(json_reader *r)
{
    size_t end = scalar_end(r);
    if (!end)
        return NULL;
    size_t n = end - r->pos;
    const char *tok = r->s + r->pos;
    r->pos = end;
    if (memchr(tok, '.', n) || memchr(tok, 'e', n) || memchr(tok, 'E', n)) {
        PyObject *text = PyUnicode_FromStringAndSize(tok, (Py_ssize_t)n);
        PyObject *out = text ? PyFloat_FromString(text) : NULL;
        Py_XDECREF(text);
        return out;
    }
    char local[64];
    char *buf = n < sizeof local ? local : PyMem_Malloc(n + 1);
    if (!buf)
        return PyErr_NoMemory();
    memcpy(buf, tok, n);
    buf[n] = '\0';
    PyObject *out = PyLong_FromString(buf, NULL, 10);
    if (buf != local)
        PyMem_Free(buf);
    return out;
}

static PyObject *decode_array(json_reader *r)
{
    PyObject *list = PyList_New(0);
    r->pos++; /* [ */
    skip_ws(r);
    if (r->s[r->pos] == ']') {
        r->pos++;
        return list;
    }
    while (list) {
        PyObject *item = decode_value(r);
        if (!item || PyList_Append(list, item) < 0) {
            Py_XDECREF(item);
            Py_CLEAR(list);
            break;
        }
        Py_DECREF(item);
        skip_ws(r);
        if (r->s[r->pos++] == ']')
            break;
        skip_ws(r); /* after the comma */
    }
    return list;
}

/* {"__auroraview_bytes__":"<base64>"} is bytes; any other dict is itself.
 * Steals dict. */
static PyObject *bytes_of_tag(PyObject *dict)
{
    PyObject *text = PyDict_Size(dict) == 1 ? PyDict_GetItemString(dict, AV_PY_BYTES_TAG) : NULL;
    if (!text || !PyUnicode_Check(text))
        return dict;
    Py_ssize_t n;
    const char *s = av_py_utf8(text, &n);
    PyObject *bytes = s ? av_py_bytes_from_base64(s, (size_t)n) : NULL;
    Py_DECREF(dict);
    return bytes;
}

/* {"__auroraview_leaf__": k} is the message's leaf k when it came with
 * leaves; any other dict is itself. Steals dict. */
static PyObject *leaf_of_tag(json_reader *r, PyObject *dict)
{
    PyObject *index = r->leaves && PyDict_Size(dict) == 1 ? PyDict_GetItemString(dict, AV_PY_LEAF_TAG) : NULL;
    if (!index || !PyLong_Check(index))
        return dict;
    Py_ssize_t k = PyLong_AsSsize_t(index);
    const av_leaf *leaf = k >= 0 ? av_leaves_get(r->leaves, (size_t)k) : NULL;
    Py_DECREF(dict);
    if (!leaf) {
        PyErr_Clear();
        PyErr_Format(PyExc_ValueError, "JSON: " AV_PY_LEAF_TAG " names leaf %zd; the message has %zu",
                     k, r->leaves->count);
        return NULL;
    }
    if (leaf->kind == AV_LEAF_TEXT)
        return PyUnicode_DecodeUTF8(leaf->data, (Py_ssize_t)leaf->len, "strict");
    if (leaf->object)
        return Py_NewRef((PyObject *)leaf->object);
    return PyBytes_FromStringAndSize(leaf->data, (Py_ssize_t)leaf->len);
}

static PyObject *decode_object(json_reader *r)
{
    PyObject *dict = PyDict_New();
    r->pos++; /* { */
    skip_ws(r);
    if (r->s[r->pos] == '}') {
        r->pos++;
        return dict;
    }
    while (dict) {
        PyObject *key = decode_string(r), *value = NULL;
        if (key) {
            skip_ws(r);
            r->pos++; /* : */
            skip_ws(r);
            value = decode_value(r);
        }
        if (!value || PyDict_SetItem(dict, key, value) < 0) { /* a repeated key: the last wins, as in json */
            Py_XDECREF(key);
            Py_XDECREF(value);
            Py_CLEAR(dict);
            break;
        }
        Py_DECREF(key);
        Py_DECREF(value);
        skip_ws(r);
        if (r->s[r->pos++] == '}')
            break;
        skip_ws(r);
    }
    if (dict && r->leaves)
        dict = leaf_of_tag(r, dict);
    return dict && PyDict_Check(dict) ? bytes_of_tag(dict) : dict;
}

static PyObject *decode_value(json_reader *r)
{
    switch (r->s[r->pos]) {
    case '{':
        return decode_object(r);
    case '[':
        return decode_array(r);
    case '"':
        return decode_string(r);
    case 't':
        r->pos += 4;
        return Py_NewRef(Py_True);
    case 'f':
        r->pos += 5;
        return Py_NewRef(Py_False);
    case 'n':
        r->pos += 4;
        return Py_NewRef(Py_None);
    default:
        return decode_number(r);
    }
}

PyObject *av_py_json_decode(const char *text, size_t len)
{
    return av_py_json_decode_leaves(text, len, NULL);
}

PyObject *av_py_json_decode_leaves(const char *text, size_t len, const av_leaves *leaves)
{
    json_reader r = {text, len, 0, leaves};
    skip_ws(&r);
    if (r.pos >= len) {
        PyErr_SetString(PyExc_ValueError, "JSON: no value");
        return NULL;
    }
    return decode_value(&r);
}

PyObject *av_py_json_loads(PyObject *module, PyObject *args)
{
    (void)module;
    const char *text;
    Py_ssize_t len;
    if (!PyArg_ParseTuple(args, "s#:json_loads", &text, &len))
        return NULL;
    av_json_error err = {0, NULL};
    if (av_json_validate(text, (size_t)len, &err) != AV_OK) {
        PyErr_Format(PyExc_ValueError, "JSON: %s at byte %zu", err.reason ? err.reason : "invalid", err.pos);
        return NULL;
    }
    return av_py_json_decode(text, (size_t)len);
}
