/* av_host_paths.h: private to the host plugin. Where the plugin's own files
 * are, found at run time from the plugin's location, so one binary works in
 * the build tree and wherever the install tree is copied.
 *
 * The layout beside the plugin (docs/architecture.md, "The installed tree"):
 *   <dir>/auroraview_host.so
 *   <dir>/python/auroraview/   the package, with _core and the shims
 *   <dir>/demo/                the outliner demo panel (examples/outliner)
 * The install rules (plugin/host/CMakeLists.txt) and, in the build tree,
 * links beside the plugin make it so.
 */
#ifndef AV_HOST_PATHS_H
#define AV_HOST_PATHS_H

#include <stddef.h>

#define AV_HOST_PACKAGE_DIR "python"
#define AV_HOST_DEMO_DIR "demo"

/* The absolute directory holding the plugin's shared object, with symlinks
 * resolved (a plugin linked into a host's plugin folder still finds its own
 * tree). Returns it, or NULL with a sentence in err (err_len bytes; may be
 * NULL). Ownership: the caller frees the string with free(). */
char *av_host_plugin_dir(char *err, size_t err_len);

#endif
