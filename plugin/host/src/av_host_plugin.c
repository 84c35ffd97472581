/* av_host_plugin.c: the host plugin's entry points and its menu.
 *
 * Everything the plugin does in the host goes through the host's services
 * (av_host_plugin.h): Python source for the package, menu actions for the
 * user. The paths it puts on the host's sys.path are found at load time,
 * beside the plugin's own file (av_host_paths.h): the auroraview package and
 * the outliner demo panel.
 */
#include "auroraview/av_host_plugin.h"

#include "av_host_paths.h"
#include "av_pysrc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MENU "AuroraView"
#define ACTION_URL "Open panel from URL\u2026"
#define ACTION_DEMO "Open demo"

/* The host's services while the plugin is loaded, NULL otherwise. Global
 * because the library is loaded at most once at a time and the host calls
 * it on its main thread only (av_host_plugin.h, Threads); borrowed. */
static const av_host_services *services;

__attribute__((format(printf, 2, 3))) static void log_line(int level, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    services->log(services->host, level, line);
}

__attribute__((format(printf, 3, 4))) static void set_error(char *err, size_t err_len, const char *fmt, ...)
{
    if (!err || !err_len)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
}

/* Runs src (freeing it) through the host. Returns 0, or -1 with err set. */
static int run(av_pysrc *src, char *err, size_t err_len)
{
    const char *code = av_pysrc_text(src);
    int rc = code ? services->run_python(services->host, code, err, err_len) : -1;
    if (!code)
        set_error(err, err_len, "out of memory building Python source");
    av_pysrc_free(src);
    return rc;
}

/* ---- the menu ------------------------------------------------------------ */

static void open_url(void *arg)
{
    (void)arg;
    char url[4096], err[512];
    if (!services->prompt_text(services->host, "Open panel from URL",
                               "URL of the page (https://..., file:///...):", url, sizeof url))
        return;
    if (!url[0])
        return;
    av_pysrc src = AV_PYSRC_INIT;
    av_pysrc_code(&src, "import auroraview\nauroraview.WebView(title=");
    av_pysrc_str(&src, url);
    av_pysrc_code(&src, ", url=");
    av_pysrc_str(&src, url);
    av_pysrc_code(&src, ").show()\n");
    if (run(&src, err, sizeof err) != 0)
        log_line(AV_HOST_LOG_ERROR, "AuroraView: could not open %s: %s", url, err);
}

static void open_demo(void *arg)
{
    (void)arg;
    char err[512];
    av_pysrc src = AV_PYSRC_INIT;
    av_pysrc_code(&src, "import outliner_panel\noutliner_panel.open_in_host()\n");
    if (run(&src, err, sizeof err) != 0)
        log_line(AV_HOST_LOG_ERROR, "AuroraView: could not open the demo: %s", err);
}

/* ---- attaching the package ------------------------------------------------- */

/* Appends the Python expression dir + "/" + sub. */
static void path_expr(av_pysrc *src, const char *dir, const char *sub)
{
    av_pysrc_str(src, dir);
    av_pysrc_code(src, " + ");
    av_pysrc_str(src, sub);
}

/* 0 if dir holds the package (av_host_paths.h), else -1 with err naming what is missing. */
static int check_package(const char *dir, char *err, size_t err_len)
{
    static const char init[] = "/" AV_HOST_PACKAGE_DIR "/auroraview/__init__.py";
    size_t len = strlen(dir) + sizeof init;
    char *path = malloc(len);
    if (!path) {
        set_error(err, err_len, "out of memory");
        return -1;
    }
    snprintf(path, len, "%s%s", dir, init);
    int rc = access(path, R_OK) == 0 ? 0 : -1;
    if (rc != 0)
        set_error(err, err_len, "no auroraview package beside the plugin: %s is missing", path);
    free(path);
    return rc;
}

static int attach(char *err, size_t err_len)
{
    char *dir = av_host_plugin_dir(err, err_len);
    if (!dir)
        return -1;
    if (check_package(dir, err, err_len) != 0) {
        free(dir);
        return -1;
    }
    av_pysrc src = AV_PYSRC_INIT;
    av_pysrc_code(&src, "import sys\nfor p in (");
    path_expr(&src, dir, "/" AV_HOST_PACKAGE_DIR);
    av_pysrc_code(&src, ", ");
    path_expr(&src, dir, "/" AV_HOST_DEMO_DIR);
    av_pysrc_code(&src, "):\n    if p not in sys.path:\n        sys.path.insert(0, p)\n"
                        "import auroraview.host\nauroraview.host.attach(");
    av_pysrc_ptr(&src, services->main_window);
    av_pysrc_code(&src, ", name=");
    av_pysrc_str(&src, services->host_name ? services->host_name : "host");
    av_pysrc_code(&src, ")\n");
    free(dir);
    return run(&src, err, err_len);
}

static int detach(char *err, size_t err_len)
{
    av_pysrc src = AV_PYSRC_INIT;
    av_pysrc_code(&src, "import auroraview.host\nauroraview.host.detach()\n");
    return run(&src, err, err_len);
}

/* ---- entry points ---------------------------------------------------------- */

AV_HOST_PLUGIN_API int av_host_plugin_load(const av_host_services *svc, char *err, size_t err_len)
{
    if (!svc) {
        set_error(err, err_len, "no services table");
        return -1;
    }
    if (services) {
        set_error(err, err_len, "the AuroraView plugin is already loaded");
        return -1;
    }
    if (svc->abi_version != AV_HOST_ABI_VERSION || svc->size < sizeof *svc) {
        set_error(err, err_len, "host services ABI %u (%zu bytes), the plugin needs ABI %d (%zu bytes)",
                  svc->abi_version, svc->size, AV_HOST_ABI_VERSION, sizeof *svc);
        return -1;
    }
    if (!svc->run_python || !svc->add_menu_action || !svc->prompt_text || !svc->log || !svc->main_window) {
        set_error(err, err_len, "the host's services table leaves out a service or the main window");
        return -1;
    }
    services = svc;
    char why[512];
    if (attach(why, sizeof why) != 0) {
        set_error(err, err_len, "attaching the auroraview package failed: %s", why);
        services = NULL;
        return -1;
    }
    if (svc->add_menu_action(svc->host, MENU, ACTION_URL, open_url, NULL) != 0 ||
        svc->add_menu_action(svc->host, MENU, ACTION_DEMO, open_demo, NULL) != 0) {
        set_error(err, err_len, "the host refused the " MENU " menu");
        if (detach(why, sizeof why) != 0)
            log_line(AV_HOST_LOG_ERROR, "AuroraView: detaching after a failed load: %s", why);
        services = NULL;
        return -1;
    }
    log_line(AV_HOST_LOG_INFO, "AuroraView plugin loaded: panels dock into the %s main window; menu " MENU,
             svc->host_name ? svc->host_name : "host");
    return 0;
}

AV_HOST_PLUGIN_API void av_host_plugin_unload(void)
{
    if (!services)
        return;
    char why[512];
    if (detach(why, sizeof why) != 0)
        log_line(AV_HOST_LOG_ERROR, "AuroraView: detaching from the host: %s", why);
    else
        log_line(AV_HOST_LOG_INFO, "AuroraView plugin unloaded");
    services = NULL;
}
