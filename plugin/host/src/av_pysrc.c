/* av_pysrc.c: Python source text with safe literals. */
#include "av_pysrc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void append(av_pysrc *s, const char *bytes, size_t n)
{
    if (s->failed)
        return;
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->len + n + 1)
            cap *= 2;
        char *grown = realloc(s->buf, cap);
        if (!grown) {
            s->failed = 1;
            return;
        }
        s->buf = grown;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, bytes, n);
    s->len += n;
    s->buf[s->len] = '\0';
}

void av_pysrc_code(av_pysrc *s, const char *code)
{
    append(s, code, strlen(code));
}

/* Bytes that stand for themselves inside b'...': no quote, no backslash,
 * no control character, nothing above ASCII. */
static int plain(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr(" /._:-+,=@%~#?&;()[]!*$", c) != NULL);
}

void av_pysrc_str(av_pysrc *s, const char *value)
{
    static const char hex[] = "0123456789abcdef";
    append(s, "b'", 2);
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (plain(*p)) {
            append(s, (const char *)p, 1);
        } else {
            char esc[4] = {'\\', 'x', hex[*p >> 4], hex[*p & 15]};
            append(s, esc, sizeof esc);
        }
    }
    av_pysrc_code(s, "'.decode('utf-8')");
}

void av_pysrc_ptr(av_pysrc *s, const void *value)
{
    char text[32];
    int n = snprintf(text, sizeof text, "0x%jx", (uintmax_t)(uintptr_t)value);
    append(s, text, (size_t)n);
}

const char *av_pysrc_text(const av_pysrc *s)
{
    return s->failed || !s->buf ? NULL : s->buf;
}

void av_pysrc_free(av_pysrc *s)
{
    free(s->buf);
    *s = (av_pysrc)AV_PYSRC_INIT;
}
