/* Bytes on the JSON wire: bytes, bytearray and memoryview travel as the
 * tagged object {"__auroraview_bytes__":"<base64>"} (docs/protocol.md), which
 * the bridge turns into a Uint8Array, and the page's ArrayBuffers and typed
 * arrays come back in the same form, which the decoder turns into bytes. */
#include "av_py.h"

#include "auroraview/av_base64.h"

#include <string.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* bytearray and memoryview are copied: the limited API has no buffer
 * protocol before 3.11. */
PyObject *av_py_bytes_of(PyObject *o)
{
    if (PyBytes_Check(o))
        return Py_NewRef(o);
    if (PyByteArray_Check(o))
        return PyBytes_FromStringAndSize(PyByteArray_AsString(o), PyByteArray_Size(o));
    if (PyMemoryView_Check(o))
        return PyObject_CallMethod(o, "tobytes", NULL);
    return NULL;
}

void av_py_base64_encode(const unsigned char *p, size_t n, char *t)
{
    size_t i = 0;
    for (; i + 2 < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
        *t++ = b64[v >> 18];
        *t++ = b64[v >> 12 & 63];
        *t++ = b64[v >> 6 & 63];
        *t++ = b64[v & 63];
    }
    if (i < n) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0);
        *t++ = b64[v >> 18];
        *t++ = b64[v >> 12 & 63];
        *t++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
        *t++ = '=';
    }
}

PyObject *av_py_bytes_from_base64(const char *s, size_t n)
{
    size_t chars = n;
    while (chars && s[chars - 1] == '=')
        chars--;
    if (chars % 4 == 1) {
        PyErr_SetString(PyExc_ValueError, "JSON: " AV_PY_BYTES_TAG " holds a base64 text of a wrong length");
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(chars / 4 * 3 + (chars % 4 ? chars % 4 - 1 : 0)));
    if (!out)
        return NULL;
    size_t bad = 0;
    if (av_base64_decode(s, chars, (unsigned char *)PyBytes_AsString(out), &bad) < 0) {
        Py_DECREF(out);
        PyErr_Format(PyExc_ValueError, "JSON: " AV_PY_BYTES_TAG " holds a character that is not base64 at %zu", bad);
        return NULL;
    }
    return out;
}
