/* Messages to a page and the big road (docs/architecture.md, "Big
 * payloads"). A message is encoded with its big strs and bytes kept aside as
 * leaves (av_pyjson.c); a small one is written whole and goes inline, a big
 * one becomes a blob the page reads from the scheme:
 *
 *   uint32 little-endian H | header: H bytes of JSON {"json": S, "leaves":
 *   [["utf-8" | "bytes", length], ...]} | the skeleton: S bytes of JSON |
 *   each leaf's bytes, in order
 *
 * The blob is a reader over those pieces, not a copy: the header and the
 * skeleton are its own, each leaf is read straight from the Python object it
 * holds (immutable, so no GIL is needed to read it). So the emitting thread
 * pays for the structure and a reference per leaf, whatever the size; the
 * GIL is taken once more, by release, to let the references go. */
#include "av_py.h"

#include "auroraview/av_panel.h"

#include <stdio.h>
#include <string.h>

/* What a blob reads: the header, the skeleton, then the leaves. */
typedef struct blob_piece {
    const char *p;
    unsigned long long at, n;
} blob_piece;

typedef struct blob {
    char *head, *skeleton; /* PyMem memory */
    av_py_leaves leaves;
    size_t count;
    blob_piece pieces[]; /* 2 + leaves.len */
} blob;

static size_t blob_read(void *user, unsigned long long at, char *dst, size_t cap)
{
    const blob *b = user;
    /* The piece holding at: the last one starting at or before it. */
    size_t lo = 0, hi = b->count;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (b->pieces[mid].at <= at)
            lo = mid;
        else
            hi = mid;
    }
    size_t done = 0;
    for (size_t i = lo; i < b->count && done < cap; i++) {
        const blob_piece *piece = &b->pieces[i];
        unsigned long long from = at + done - piece->at;
        if (from >= piece->n)
            continue; /* an empty piece */
        size_t n = (size_t)(piece->n - from < cap - done ? piece->n - from : cap - done);
        memcpy(dst + done, piece->p + from, n);
        done += n;
    }
    return done;
}

static void blob_free(blob *b)
{
    av_py_leaves_clear(&b->leaves);
    PyMem_Free(b->head);
    PyMem_Free(b->skeleton);
    PyMem_Free(b);
}

/* The shim's last word on the blob, on any thread, GIL or not. After the
 * interpreter has ended (a blob left at exit) the memory is the process's to
 * drop. */
static void blob_release(void *user)
{
    if (!Py_IsInitialized())
        return;
    PyGILState_STATE gil = PyGILState_Ensure();
    blob_free(user);
    PyGILState_Release(gil);
}

/* The header: its length in front, then its JSON. NULL with MemoryError. */
static char *blob_head(const av_py_message *m, size_t skeleton_len, size_t *len)
{
    av_py_json j;
    av_py_json_init(&j);
    char part[64];
    int n = snprintf(part, sizeof part, "....{\"json\":%zu,\"leaves\":[", skeleton_len);
    int rc = av_py_json_put(&j, part, (size_t)n);
    for (size_t i = 0; rc == 0 && i < m->leaves.len; i++) {
        const av_py_leaf *leaf = &m->leaves.v[i];
        n = snprintf(part, sizeof part, "%s[\"%s\",%zu]", i ? "," : "", leaf->chars < 0 ? "bytes" : "utf-8", leaf->n);
        rc = av_py_json_put(&j, part, (size_t)n);
    }
    if (rc == 0)
        rc = av_py_json_put(&j, "]}", 2);
    char *head = rc == 0 ? av_py_json_take(&j, len) : NULL;
    av_py_json_release(&j);
    if (head) {
        unsigned long long h = *len - 4;
        for (int i = 0; i < 4; i++)
            head[i] = (char)(h >> (8 * i) & 0xff);
    }
    return head;
}

void av_py_message_init(av_py_message *m)
{
    av_py_json_init(&m->json);
    m->leaves = (av_py_leaves){NULL, 0, 0, 0, 0};
}

int av_py_message_encode(av_py_message *m, PyObject *obj, PyObject *fallback)
{
    av_py_leaves_clear(&m->leaves);
    m->json.leaves = &m->leaves;
    int rc = av_py_json_encode(&m->json, obj, fallback);
    m->json.leaves = NULL;
    if (rc < 0) {
        av_py_message_release(m);
        return -1;
    }
    if (m->leaves.len && !av_py_message_is_blob(m))
        return av_py_json_inline_leaves(&m->json, &m->leaves);
    return 0;
}

size_t av_py_message_size(const av_py_message *m)
{
    return m->json.len + m->leaves.bytes;
}

int av_py_message_is_blob(const av_py_message *m)
{
    return av_py_message_size(m) >= AV_PY_BLOB_MIN;
}

int av_py_message_send_blob(av_py_message *m, av_shim_view *shim, char *url, size_t url_len, char *err,
                            size_t err_len)
{
    size_t count = 2 + m->leaves.len, head_len = 0, skeleton_len = m->json.len;
    blob *b = PyMem_Malloc(sizeof *b + count * sizeof(blob_piece));
    char *head = b ? blob_head(m, skeleton_len, &head_len) : NULL;
    char *skeleton = head ? av_py_json_take(&m->json, &skeleton_len) : NULL;
    if (!skeleton) {
        PyMem_Free(head);
        PyMem_Free(b);
        snprintf(err, err_len, "out of memory");
        av_py_message_release(m);
        return -1;
    }
    *b = (blob){head, skeleton, m->leaves, count};
    m->leaves = (av_py_leaves){NULL, 0, 0, 0, 0};
    unsigned long long at = 0;
    for (size_t i = 0; i < count; i++) {
        const char *p = i == 0 ? head : i == 1 ? skeleton : b->leaves.v[i - 2].p;
        size_t n = i == 0 ? head_len : i == 1 ? skeleton_len : b->leaves.v[i - 2].n;
        b->pieces[i] = (blob_piece){p, at, n};
        at += n;
    }
    av_shim_blob_reader reader = {blob_read, blob_release, b, at};
    return av_shim_view_blob(shim, &reader, url, url_len, err, err_len);
}

void av_py_message_release(av_py_message *m)
{
    av_py_leaves_clear(&m->leaves);
    av_py_json_release(&m->json);
}
