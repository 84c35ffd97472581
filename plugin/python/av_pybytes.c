/* Bytes on the JSON wire: bytes, bytearray and memoryview travel as the
 * tagged object {"__auroraview_bytes__":"<base64>"} (docs/protocol.md), which
 * the bridge turns into a Uint8Array, and the page's ArrayBuffers and typed
 * arrays come back in the same form, which the decoder turns into bytes. */
#include "av_py.h"

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

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

PyObject *av_py_bytes_from_base64(const char *s, size_t n)
{
    while (n && s[n - 1] == '=')
        n--;
    if (n % 4 == 1) {
        PyErr_SetString(PyExc_ValueError, "JSON: " AV_PY_BYTES_TAG " holds a base64 text of a wrong length");
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(n / 4 * 3 + (n % 4 ? n % 4 - 1 : 0)));
    if (!out)
        return NULL;
    unsigned char *o = (unsigned char *)PyBytes_AsString(out);
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64_value((unsigned char)s[i]);
        if (v < 0) {
            Py_DECREF(out);
            PyErr_Format(PyExc_ValueError, "JSON: " AV_PY_BYTES_TAG " holds a character that is not base64 at %zu", i);
            return NULL;
        }
        acc = (acc << 6 | (unsigned)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            *o++ = (unsigned char)(acc >> bits);
        }
    }
    return out;
}
