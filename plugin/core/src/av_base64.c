/* Base64: see av_base64.h. */
#include "auroraview/av_base64.h"


static int value_of(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

long av_base64_decode(const char *s, size_t n, unsigned char *out, size_t *bad)
{
    while (n && s[n - 1] == '=')
        n--;
    if (n % 4 == 1) {
        *bad = n;
        return -1;
    }
    unsigned char *o = out;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = value_of((unsigned char)s[i]);
        if (v < 0) {
            *bad = i;
            return -1;
        }
        acc = (acc << 6 | (unsigned)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            *o++ = (unsigned char)(acc >> bits);
        }
    }
    return (long)(o - out);
}
