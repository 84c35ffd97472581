/* A heap buffer that doubles as it fills (the core's reassembly buffers). */
#ifndef AURORAVIEW_AV_GROW_H
#define AURORAVIEW_AV_GROW_H

#include <stdlib.h>

/* Makes *buf hold at least need bytes: its capacity *cap doubles from first
 * (when 0) until it does. Returns 1, or 0 when out of memory (*buf and *cap
 * as they were). */
static inline int av_grow(char **buf, size_t *cap, size_t need, size_t first)
{
    if (need <= *cap)
        return 1;
    size_t c = *cap ? *cap : first;
    while (c < need)
        c *= 2;
    char *b = realloc(*buf, c);
    if (!b)
        return 0;
    *buf = b;
    *cap = c;
    return 1;
}

#endif
