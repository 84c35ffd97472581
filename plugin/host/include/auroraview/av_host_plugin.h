/* av_host_plugin.h: the contract between a host application and the
 * AuroraView host plugin (auroraview_host.so).
 *
 * A host (the reference host avhost, or a DCC application's loader) opens
 * the plugin library, looks up the two entry points below and calls
 * av_host_plugin_load with a table of services. The plugin then
 *  - adds an "AuroraView" menu to the host ("Open panel from URL...",
 *    "Open demo"), and
 *  - attaches the `auroraview` Python package to the host
 *    (auroraview.host.attach in python_pkg): from then on
 *    `auroraview.WebView()` typed in the host's Python docks into the host's
 *    main window, and runs on the host's main thread through the host's own
 *    QApplication. docs/architecture.md, "Hosts", has the reasoning.
 * av_host_plugin_unload closes every panel opened while the plugin was
 * loaded and detaches the package.
 *
 * The plugin is plain C with no link-time dependency on Qt or Python: it
 * reaches both only through the services, so one build serves any host that
 * provides them.
 *
 * Threads: the host calls both entry points, and every menu callback, on
 * its main (GUI) thread, with no lock held. The plugin calls the services
 * only from inside those calls, on the same thread. Nothing here is safe
 * from another thread.
 *
 * Lifetimes and ownership:
 *  - The services table, and every pointer in it, is the host's: borrowed by
 *    the plugin from the start of av_host_plugin_load until
 *    av_host_plugin_unload returns (or until a failed load returns).
 *  - Strings passed to a service are borrowed for that call only.
 *  - Menu actions belong to the host. It removes every action a plugin
 *    added after av_host_plugin_unload returns (or after a failed load),
 *    before it closes the library, and never calls a callback after that.
 *  - Load and unload pair up: after a successful load the host calls unload
 *    exactly once before closing the library; after a failed load it does
 *    not call unload. A library is loaded at most once at a time.
 *
 * Errors: functions that can fail return 0 on success, or -1 and write a
 * sentence into the caller's err buffer (when err is not NULL).
 */
#ifndef AV_HOST_PLUGIN_H
#define AV_HOST_PLUGIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(AV_HOST_PLUGIN_BUILD)
#define AV_HOST_PLUGIN_API __attribute__((visibility("default")))
#else
#define AV_HOST_PLUGIN_API
#endif

/* Bumped when the table below changes incompatibly. */
#define AV_HOST_ABI_VERSION 1

/* Levels for av_host_services.log (the same numbers as Python's logging). */
enum { AV_HOST_LOG_INFO = 20, AV_HOST_LOG_WARN = 30, AV_HOST_LOG_ERROR = 40 };

typedef struct av_host_services {
    unsigned abi_version; /* AV_HOST_ABI_VERSION the host was built with */
    size_t size;          /* sizeof(av_host_services) as the host knows it */
    void *host;           /* opaque; the first argument of every service */
    const char *host_name; /* "avhost", "maya", ...; shown to users */
    void *main_window;    /* the host's QMainWindow*; panels dock into it */

    /* Runs code (UTF-8 Python source, a module body) in the host's
     * interpreter, in a fresh namespace. Takes the GIL itself. Returns 0, or
     * -1 with the exception as one line ("ModuleNotFoundError: ...") in err;
     * the host shows the full traceback to the user. */
    int (*run_python)(void *host, const char *code, char *err, size_t err_len);

    /* Adds an action labelled `label` to the host's top-level menu titled
     * `menu` (created on first use). Triggering it calls fn(arg) on the main
     * thread. Returns 0 or -1. */
    int (*add_menu_action)(void *host, const char *menu, const char *label, void (*fn)(void *arg),
                           void *arg);

    /* Asks the user for one line of text (a modal dialog). Returns 1 and
     * writes the NUL-terminated UTF-8 answer into out (truncated to
     * out_len - 1 bytes) when the user accepted, 0 when they cancelled. */
    int (*prompt_text)(void *host, const char *title, const char *label, char *out, size_t out_len);

    /* Shows a line in the host's console/log. */
    void (*log)(void *host, int level, const char *message);
} av_host_services;

/* Attaches AuroraView to the host. services must stay valid until unload
 * returns (see Lifetimes). Returns 0, or -1 with the reason in err; on
 * failure nothing is left attached (menu actions already added are the
 * host's to remove). */
AV_HOST_PLUGIN_API int av_host_plugin_load(const av_host_services *services, char *err, size_t err_len);

/* Closes the plugin's panels (their close hooks run before this returns)
 * and detaches the package from the host. Problems are reported through
 * services->log; unload itself cannot fail. */
AV_HOST_PLUGIN_API void av_host_plugin_unload(void);

/* The entry points' types, for hosts that look them up with dlsym. */
typedef int (*av_host_plugin_load_fn)(const av_host_services *services, char *err, size_t err_len);
typedef void (*av_host_plugin_unload_fn)(void);

#ifdef __cplusplus
}
#endif
#endif
