/* av_base64.h: decoding base64 (RFC 4648, standard alphabet, '=' padding),
 * the form the page's binary values take inside JSON (docs/protocol.md,
 * "Binary values"); the binding encodes its own (av_pybytes.c). Pure; any
 * thread. */
#ifndef AURORAVIEW_AV_BASE64_H
#define AURORAVIEW_AV_BASE64_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes that n characters of base64 (padding included) decode to at most. */
#define AV_BASE64_DECODED_MAX(n) ((n) / 4 * 3 + 2)

/* Decodes n characters to out (room for AV_BASE64_DECODED_MAX(n)). Padding
 * is optional; a length of 4k+1 or a character outside the alphabet (its
 * position in *bad) is refused. Returns the bytes written, or -1. */
long av_base64_decode(const char *s, size_t n, unsigned char *out, size_t *bad);

#ifdef __cplusplus
}
#endif

#endif
