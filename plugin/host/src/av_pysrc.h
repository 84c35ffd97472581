/* av_pysrc.h: private to the host plugin. Builds Python source text in a
 * growing buffer, with values (strings from the user, paths, pointers)
 * written as literals that cannot break out of their place in the code.
 *
 * Not thread-safe (one builder, one thread). Allocates with malloc; an
 * allocation failure is remembered and reported by av_pysrc_text.
 */
#ifndef AV_PYSRC_H
#define AV_PYSRC_H

#include <stddef.h>

typedef struct av_pysrc {
    char *buf; /* owned; NUL-terminated when not NULL */
    size_t len, cap;
    int failed; /* an allocation failed: the text is incomplete */
} av_pysrc;

#define AV_PYSRC_INIT {NULL, 0, 0, 0}

/* Appends code as is. */
void av_pysrc_code(av_pysrc *s, const char *code);

/* Appends a Python expression whose value is the str decoded from the
 * UTF-8 bytes of value: a bytes literal with every byte outside a safe set
 * escaped, then .decode(). Invalid UTF-8 fails at run time with a
 * UnicodeDecodeError, never earlier or silently. */
void av_pysrc_str(av_pysrc *s, const char *value);

/* Appends a pointer as an int literal (0x... or 0). */
void av_pysrc_ptr(av_pysrc *s, const void *value);

/* The text (owned by s), or NULL if an allocation failed. */
const char *av_pysrc_text(const av_pysrc *s);

/* Frees the buffer; s may be reused after av_pysrc_free. */
void av_pysrc_free(av_pysrc *s);

#endif
