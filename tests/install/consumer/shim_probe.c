/* shim_probe: linked to one installed shim (AuroraView::shim_qt<N>), asks it which Qt major it
 * was built for and exits 0 only if that is AV_PROBE_QT, the one it was linked to. */
#include "av_shim.h"

#include <stdio.h>

int main(void)
{
    int major = av_shim_qt_major();
    printf("shim_probe: linked to the Qt %d shim, which says it was built for Qt %d\n", AV_PROBE_QT, major);
    return major == AV_PROBE_QT ? 0 : 1;
}
