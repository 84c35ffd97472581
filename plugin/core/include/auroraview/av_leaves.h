/* av_leaves.h: the big strings and byte strings of a page's message that
 * came in pieces (docs/protocol.md, "Big values in pieces").
 *
 * The bridge takes every string of at least 256 Ki characters and every
 * binary value of at least 192 KiB out of a long message and sends each as
 * a leaf: a header ({"type":"leaf","id":..,"detail":"text <n>"} or
 * "bytes <n>"), then its content in leaf_data pieces (text as JSON string
 * parts, bytes as base64 parts), before the message's own pieces. The
 * message refers to leaf k as {"__auroraview_leaf__":k}. The core fills each
 * leaf piece by piece, so no step ever touches the whole value at once: text
 * becomes UTF-8 in a buffer the core owns, bytes go straight into memory the
 * binding gave (an allocator: Python's bytes object, so the handler's value
 * is never copied) or into the core's own buffer when there is none.
 *
 * Bounds: at most AV_LEAVES_MAX leaves a message; what they hold counts
 * toward the message's byte limit (av_pieces.h). Thread safety: a set
 * belongs to one thread at a time (the receive path, then the record). */
#ifndef AURORAVIEW_AV_LEAVES_H
#define AURORAVIEW_AV_LEAVES_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AV_LEAVES_MAX 256

typedef enum av_leaf_kind { AV_LEAF_TEXT = 1, AV_LEAF_BYTES = 2 } av_leaf_kind;

/* Where bytes leaves live. make returns an object of the binding's holding
 * size writable bytes at *data (NULL when out of memory); release drops one
 * that was made. Called on the thread that receives (the main thread).
 * make NULL: the core mallocs the bytes itself. */
typedef struct av_leaf_allocator {
    void *(*make)(void *user, size_t size, char **data);
    void (*release)(void *user, void *object);
    void *user;
} av_leaf_allocator;

typedef struct av_leaf {
    av_leaf_kind kind;
    char *data;    /* text: UTF-8, owned by the set; bytes: object's memory or the set's */
    size_t len;    /* bytes written so far */
    size_t size;   /* bytes: the declared size; text: the buffer's capacity */
    void *object;  /* bytes made by the allocator, or NULL */
    int ended;     /* bytes: a part ended short or padded; none may follow */
} av_leaf;

typedef struct av_leaves {
    av_leaf_allocator alloc;
    size_t count;
    av_leaf leaf[AV_LEAVES_MAX];
} av_leaves;

/* Frees a set and every leaf in it (releasing the allocator's objects).
 * NULL is ignored. Ownership: takes leaves. */
void av_leaves_free(av_leaves *leaves);

/* Leaf index, or NULL when the set has no such leaf. A bytes leaf is whole
 * (len == size) once its message was handed over. */
const av_leaf *av_leaves_get(const av_leaves *leaves, size_t index);

#ifdef __cplusplus
}
#endif

#endif
