/* av_json.h: a strict, allocation-free JSON scanner and a few JSON text helpers.
 *
 * The core never builds a JSON tree. A page's text is validated once (RFC 8259
 * grammar, UTF-8 validity, a nesting limit) and sliced into spans that point
 * into the caller's buffer; payloads then travel as those bytes, never parsed
 * into objects and re-serialised. docs/architecture.md says why this scanner
 * was chosen over yajl, jsmn and the DOM libraries.
 *
 * Guarantees: no allocation, no recursion (nesting is tracked in a bit stack,
 * so 100k-deep input costs no C stack), every byte is read at most a constant
 * number of times, and no read goes past buf + len.
 *
 * Thread safety: all functions are pure; call them from any thread.
 */
#ifndef AURORAVIEW_AV_JSON_H
#define AURORAVIEW_AV_JSON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A byte range. Never owns its bytes. */
typedef struct av_span {
    const char *ptr;
    size_t len;
} av_span;

/* Where and why the scanner rejected its input. `reason` is static text. */
typedef struct av_json_error {
    size_t pos;
    const char *reason;
} av_json_error;

typedef enum av_json_type {
    AV_JSON_INVALID = 0,
    AV_JSON_NULL,
    AV_JSON_FALSE,
    AV_JSON_TRUE,
    AV_JSON_NUMBER,
    AV_JSON_STRING,
    AV_JSON_ARRAY,
    AV_JSON_OBJECT
} av_json_type;

/* The deepest nesting av_json_scan accepts (arrays plus objects). */
#define AV_JSON_MAX_DEPTH 1024

/* Skips JSON whitespace from pos; returns the first other position (or len). */
size_t av_json_skip_ws(const char *buf, size_t len, size_t pos);

/* Scans one JSON value starting at *pos (no leading whitespace). Strings are
 * checked to be valid UTF-8 and their \u escapes to pair surrogates (a high
 * one followed at once by a low one): a lone surrogate is refused. On success
 * returns AV_OK, sets *pos just past the value and, if type is not NULL, the
 * value's type. On failure returns AV_E_BAD_MESSAGE and fills err (if not
 * NULL) with the offending byte offset and a reason. max_depth 0 means
 * AV_JSON_MAX_DEPTH; values above AV_JSON_MAX_DEPTH are clamped to it. */
int av_json_scan(const char *buf, size_t len, size_t *pos, unsigned max_depth,
                 av_json_type *type, av_json_error *err);

/* Scans one value as av_json_scan does, but goes on past the two refusals
 * that leave no doubt where the value ends, so a caller that refuses the
 * value can still read what follows it (the other envelopes of a batch, the
 * id of a call whose params are refused). The flaws: nesting deeper than
 * max_depth, a \u escape of a lone UTF-16 surrogate, and invalid UTF-8
 * inside a string (a byte above 0x7F is never a quote or a backslash, so the
 * string's end is certain). On AV_OK, *pos is
 * just past the value and *flaw (if not NULL) holds the first flaw, or a NULL
 * reason when there is none: the value is then exactly what av_json_scan
 * accepts. Any other refusal is AV_E_BAD_MESSAGE with err, as av_json_scan.
 * Levels deeper than AV_JSON_MAX_DEPTH (the scanner's stack) belong to a
 * flawed value and are only skipped: their tokens are checked and their
 * brackets counted, whatever their kind, so skipping costs no memory. */
int av_json_skip(const char *buf, size_t len, size_t *pos, unsigned max_depth,
                 av_json_type *type, av_json_error *err, av_json_error *flaw);

/* Validates that buf holds exactly one JSON value, with optional whitespace
 * around it. Same errors as av_json_scan. */
int av_json_validate(const char *buf, size_t len, av_json_error *err);

/* Decodes a string token (quotes included, already validated by the scanner)
 * into UTF-8 at out, which must hold toklen bytes (decoding never grows).
 * Returns the decoded length, or -1 if the token is not a string token or
 * holds an lone UTF-16 surrogate escape (\ud800 alone: it has no UTF-8 form, and
 * the scanner refuses it, so a validated token never does). */
long av_json_unescape(const char *tok, size_t toklen, char *out);

/* Bytes needed to write text as a JSON string token (with quotes). */
size_t av_json_escaped_len(const char *text, size_t len);

/* Writes text as a JSON string token at out (which must hold
 * av_json_escaped_len bytes); returns the bytes written. text must be valid
 * UTF-8 (check with av_utf8_valid). Control characters, quote and backslash
 * are escaped, as are U+2028 and U+2029 so the token is safe inside a
 * <script> or a JavaScript source string too. */
size_t av_json_escape(const char *text, size_t len, char *out);

/* 1 if text[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
int av_utf8_valid(const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif
