/* av_error.h: the error codes of the wire protocol and of the C API.
 *
 * Every function of the core that can fail returns an int: AV_OK (0) or one
 * of the negative codes of AV_ERRNO_MAP. That list is the only place a code
 * is written down: the av_err enum, AV_ERR_COUNT, the functions below, the
 * Python module's stats()["rejected"] and _core.error_codes(), and the tests
 * of the docs and of the JS declarations are all read from it.
 *
 * Protocol codes (docs/protocol.md, "Error codes") travel to JavaScript as
 * the `code` of an AuroraViewError; C-only codes are for C callers and are
 * never sent to a page.
 *
 * Thread safety: everything here is pure and may be called from any thread.
 */
#ifndef AURORAVIEW_AV_ERROR_H
#define AURORAVIEW_AV_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* XX(NAME, value, sentence, protocol), one row a code, in dense-index order
 * (index 0 is AV_OK, which is not a row):
 *   NAME      the code's name: AV_E_NAME in C, "NAME" on the wire and in Python
 *   value     its negative value, fixed: it is part of the ABI
 *   sentence  what av_strerror() says
 *   protocol  1: sent to pages as error.code; 0: C callers only */
#define AV_ERRNO_MAP(XX)                                                                           \
    XX(METHOD_NOT_FOUND, -1, "no handler is bound to that method", 1)                              \
    XX(INVALID_PARAMS, -2, "the params do not fit the handler", 1)                                 \
    XX(HANDLER_ERROR, -3, "the handler raised an error", 1)                                        \
    XX(TIMEOUT, -4, "no answer within the timeout", 1)                                             \
    XX(CANCELLED, -5, "the call was cancelled", 1) /* page unloaded / view closed / cancelled */   \
    XX(BUSY, -6, "the queue is full", 1)           /* explicit, never a silent drop */             \
    XX(PAYLOAD_TOO_LARGE, -7, "the message is above the byte limit", 1)                            \
    XX(BAD_MESSAGE, -8, "the message could not be parsed", 1)                                      \
    XX(FORBIDDEN_ORIGIN, -20, "the sending origin is not allowed", 0) /* counted, not answered */  \
    XX(NO_MEMORY, -21, "out of memory", 0)                                                         \
    XX(INVALID_ARG, -22, "invalid argument", 0)                                                    \
    XX(CLOSED, -23, "the view or core is closed", 0) /* closing or closed */                       \
    XX(DUPLICATE, -24, "an entry with that key already exists", 0)                                 \
    XX(NOT_FOUND, -25, "no such entry", 0)                                                         \
    XX(IO, -26, "a system call failed", 0) /* see errno */

#define AV_ERR_ENUMERATOR_(name, value, sentence, protocol) AV_E_##name = value,
typedef enum av_err { AV_OK = 0, AV_ERRNO_MAP(AV_ERR_ENUMERATOR_) } av_err;
#undef AV_ERR_ENUMERATOR_

/* Number of distinct codes, AV_OK included: the size of per-code counter
 * arrays indexed by av_err_index(). A constant expression. */
#define AV_ERR_PLUS_ONE_(name, value, sentence, protocol) +1
#define AV_ERR_COUNT (1 AV_ERRNO_MAP(AV_ERR_PLUS_ONE_))

/* "METHOD_NOT_FOUND", "BUSY", ... : the protocol name of a code ("OK" for
 * AV_OK). Static storage; never NULL ("UNKNOWN" for anything else). */
const char *av_err_name(int code);

/* A short English sentence describing the code ("success" for AV_OK). Static
 * storage, never NULL ("unknown error" for anything else). */
const char *av_strerror(int code);

/* The dense index of a code in [0, AV_ERR_COUNT), for counter arrays: 0 for
 * AV_OK, then the rows of AV_ERRNO_MAP in order. -1 for anything else. */
int av_err_index(int code);

/* The code at a dense index, the inverse of av_err_index(): iterate with
 * for (i = 0; i < AV_ERR_COUNT; i++) av_err_at(i). An index outside
 * [0, AV_ERR_COUNT) gives 1, which is no code (codes are <= 0). */
int av_err_at(int index);

/* 1 when the code is a protocol code (sent to pages as error.code), 0 for a
 * C-only code, AV_OK and anything else. */
int av_err_is_protocol(int code);

#ifdef __cplusplus
}
#endif
#endif
