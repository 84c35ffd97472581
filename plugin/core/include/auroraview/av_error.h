/* av_error.h: the error codes of the wire protocol and of the C API.
 *
 * Every function of the core that can fail returns an int: AV_OK (0) or one
 * of the negative codes below. The first block is the protocol's own table
 * (DESIGN.md section 4): these names travel to JavaScript as the `code` of an
 * AuroraViewError. The second block is for C callers only.
 *
 * Thread safety: everything here is pure and may be called from any thread.
 */
#ifndef AURORAVIEW_AV_ERROR_H
#define AURORAVIEW_AV_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum av_err {
    AV_OK = 0,

    /* Protocol errors: sent to the page as error.code. */
    AV_E_METHOD_NOT_FOUND = -1,  /* no handler bound to the method name */
    AV_E_INVALID_PARAMS = -2,    /* params do not fit the handler */
    AV_E_HANDLER_ERROR = -3,     /* the handler raised or failed */
    AV_E_TIMEOUT = -4,           /* no answer in time */
    AV_E_CANCELLED = -5,         /* page unloaded / view closed / call cancelled */
    AV_E_BUSY = -6,              /* a queue is full: explicit, never a silent drop */
    AV_E_PAYLOAD_TOO_LARGE = -7, /* one message above the configured byte limit */
    AV_E_BAD_MESSAGE = -8,       /* the envelope could not be parsed */

    /* C API errors: never sent to a page. */
    AV_E_FORBIDDEN_ORIGIN = -20, /* the sending origin is not allowed for the view */
    AV_E_NO_MEMORY = -21,
    AV_E_INVALID_ARG = -22,
    AV_E_CLOSED = -23,           /* the view or core is closing or closed */
    AV_E_DUPLICATE = -24,        /* an entry with that key already exists */
    AV_E_NOT_FOUND = -25,
    AV_E_IO = -26                /* a system call failed; see errno */
} av_err;

/* Number of distinct codes, for per-code counters indexed by av_err_index(). */
#define AV_ERR_COUNT 16

/* "METHOD_NOT_FOUND", "BUSY", ... : the protocol name of a code. Static
 * storage; never NULL ("UNKNOWN" for anything else). */
const char *av_err_name(int code);

/* A short English sentence describing the code. Static storage, never NULL. */
const char *av_strerror(int code);

/* A dense index in [0, AV_ERR_COUNT) for a code, for counter arrays. */
int av_err_index(int code);

#ifdef __cplusplus
}
#endif
#endif
