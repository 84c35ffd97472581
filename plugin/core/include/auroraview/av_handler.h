/* av_handler.h: a bound handler: a C function, the binder's pointer, and a
 * reference count so a handler in use survives being unbound meanwhile.
 *
 * Thread safety: av_handler_unref may be called from any thread; the
 * release function runs on the thread that drops the last reference.
 */
#ifndef AURORAVIEW_AV_HANDLER_H
#define AURORAVIEW_AV_HANDLER_H

#include <stdatomic.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct av_handler av_handler;

/* The binder's function. `ctx` is what the dispatcher passes (the call or
 * event being handled); `data` is the pointer given at av_registry_add. */
typedef void (*av_handler_fn)(void *ctx, void *data);

/* Frees the binder's data when the entry dies. May be NULL. */
typedef void (*av_release_fn)(void *data);

struct av_handler {
    _Atomic unsigned refs;
    av_handler_fn fn;
    void *data;
    av_release_fn release;
    size_t name_len;
    char name[]; /* NUL-terminated */
};

/* Drops a reference (from av_registry_get). NULL is ignored. */
void av_handler_unref(av_handler *h);

#ifdef __cplusplus
}
#endif
#endif
