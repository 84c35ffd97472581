/* e2e_window: the shim's window and page API through the C ABI only, in a
 * real Qt WebEngine view (offscreen). A top-level panel loads a page that
 * sets its title and logs 500 console lines, the first a long one; then the host
 * moves and resizes it and reads the geometry back, checks that bad input
 * gets an error sentence (not a crash), reads the URL, and closes the window
 * as its close button does: on_close_requested refuses once, then allows.
 * The console bound holds: every line was forwarded or counted, the count
 * came in one line when the view ended, the long line was cut. */
#include "auroraview/av_panel.h"
#include "e2e_glue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void e2e_app_new(void);
void e2e_app_delete(void);
void e2e_after_ms(int ms, void (*fn)(void *), void *arg);
void e2e_close_window_of(void *widget);

#define LINES 500

static struct {
    av_core *core;
    av_panel *panel;
    int failures;
    int loaded;
    int moved, resized, shown;
    int close_asked, closed;
    int forwarded;           /* console lines of the page */
    long suppressed;         /* from the summary line */
    int summaries;
    int cut_ok;
    char title[64];
} g;

static void fail(const char *what)
{
    fprintf(stderr, "FAIL: %s\n", what);
    g.failures++;
}

static const char *k_page =
    "<!doctype html><title>C page</title><script>\n"
    "setTimeout(() => {\n"
    "  console.log('\\u00e9'.repeat(10000));\n"
    "  for (let i = 1; i < 500; i++) console.log('line ' + i);\n"
    "}, 0);\n"
    "</script>";

static void on_window(av_panel *p, int what, const av_shim_geometry *geo, void *user)
{
    (void)p, (void)user, (void)geo;
    if (what == AV_SHIM_WINDOW_MOVED)
        g.moved++;
    else if (what == AV_SHIM_WINDOW_RESIZED)
        g.resized++;
    else if (what == AV_SHIM_WINDOW_SHOWN)
        g.shown++;
}

static int on_close_requested(av_panel *p, void *user)
{
    (void)p, (void)user;
    return ++g.close_asked > 1; /* the first is refused */
}

static void on_title(av_panel *p, const char *title, void *user)
{
    (void)p, (void)user;
    snprintf(g.title, sizeof g.title, "%s", title);
}

static void on_console(av_panel *p, int level, const char *message, const char *source, int line, void *user)
{
    (void)p, (void)user, (void)line;
    if (strcmp(source, "auroraview") == 0) {
        g.summaries++;
        g.suppressed = strtol(message, NULL, 10);
        if (level != AV_SHIM_CONSOLE_WARNING)
            fail("the summary line is not a warning");
        return;
    }
    g.forwarded++;
    size_t n = strlen(message);
    if (n > 100) {
        g.cut_ok = n <= AV_SHIM_CONSOLE_TEXT_MAX && strcmp(message + n - 8, "...[cut]") == 0;
        if (!g.cut_ok)
            fail("a long console line was not cut to the limit");
    }
}

static void on_closed(av_panel *p, void *user)
{
    (void)p, (void)user;
    g.closed = 1;
    av_shim_app_quit();
}

static void expect_error(int rc, const char *err, const char *words, const char *what)
{
    if (rc != -1 || !strstr(err, words)) {
        fprintf(stderr, "FAIL: %s: rc %d, err '%s' (wanted '%s')\n", what, rc, err, words);
        g.failures++;
    }
}

static void close_again(void *arg)
{
    (void)arg;
    if (g.closed)
        fail("a refused close closed the view");
    e2e_close_window_of(av_shim_view_widget(av_panel_shim(g.panel)));
}

static void check_geometry(void *arg)
{
    (void)arg;
    av_shim_view *v = av_panel_shim(g.panel);
    av_shim_geometry geo;
    char err[256], url[64];
    if (av_shim_view_geometry(v, &geo, err, sizeof err) != 0)
        fail(err);
    else if (geo.x != 40 || geo.y != 50 || geo.width != 300 || geo.height != 200 || !geo.visible || geo.docked)
        fprintf(stderr, "FAIL: geometry %d,%d %dx%d visible %d docked %d\n", geo.x, geo.y, geo.width,
                geo.height, geo.visible, geo.docked), g.failures++;
    if (!g.moved || !g.resized || !g.shown)
        fail("no moved, resized or shown event");
    if (strcmp(g.title, "C page") != 0)
        fail("no title_changed with the page's title");

    expect_error(av_shim_view_set_state(v, 99, err, sizeof err), err, "not a window state", "set_state(99)");
    expect_error(av_shim_view_resize(v, 0, 10, err, sizeof err), err, "not a size", "resize(0, 10)");
    expect_error(av_shim_view_dock(v, 0, 1, err, sizeof err), err, "not a dock", "dock of a window");
    expect_error(av_shim_view_tabify(v, "x", err, sizeof err), err, "not a dock", "tabify of a window");
    expect_error(av_shim_view_url(v, url, 4, err, sizeof err), err, "longer than", "url into 4 bytes");
    if (av_shim_view_url(v, url, sizeof url, err, sizeof err) != 0 || strcmp(url, "https://tool.local/") != 0)
        fail("url of a load_html page is not its base URL");
    if (av_shim_view_render_pid(v) <= 0)
        fail("no render process pid");

    e2e_close_window_of(av_shim_view_widget(v)); /* refused */
    e2e_after_ms(300, close_again, NULL);
}

static void on_load_finished(av_panel *p, int ok, const char *url, void *user)
{
    (void)url, (void)user;
    if (!ok || g.loaded++)
        return;
    char err[256];
    av_shim_view *v = av_panel_shim(p);
    if (av_shim_view_move(v, 40, 50, err, sizeof err) != 0 || av_shim_view_resize(v, 300, 200, err, sizeof err) != 0)
        fail(err);
    e2e_after_ms(1500, check_geometry, NULL);
}

static void describe(void)
{
    fprintf(stderr, "e2e_window: loaded %d, close asked %d, closed %d\n", g.loaded, g.close_asked, g.closed);
}

int main(void)
{
    char err[256];
    int created = -1;
    e2e_watchdog_start(120, describe);
    e2e_app_new();
    if (av_shim_app_init(&created, err, sizeof err) != 0)
        return fprintf(stderr, "app: %s\n", err), 1;
    av_core_config cfg = {0};
    cfg.wake = av_panel_wake;
    if (av_core_new(&cfg, &g.core) != AV_OK)
        return 1;

    /* Bad input before any view: a NULL view is an error, not a crash. */
    expect_error(av_shim_view_hide(NULL, err, sizeof err), err, "closed", "hide(NULL)");

    av_shim_view_options o = {0};
    o.title = "e2e window";
    av_panel_callbacks cb = {.on_load_finished = on_load_finished, .on_closed = on_closed, .on_window = on_window,
                             .on_close_requested = on_close_requested, .on_title_changed = on_title,
                             .on_console = on_console};
    if (av_panel_new(g.core, &o, &cb, &g.panel, err, sizeof err) != AV_OK)
        return fprintf(stderr, "panel: %s\n", err), 1;
    if (av_panel_load_html(g.panel, k_page, "https://tool.local/", err, sizeof err) != AV_OK)
        return fprintf(stderr, "load: %s\n", err), 1;
    av_shim_view_show(av_panel_shim(g.panel));
    av_shim_app_run();

    printf("console: %d forwarded, %ld counted in %d summary line(s); close asked %d times\n", g.forwarded,
           g.suppressed, g.summaries, g.close_asked);
    if (g.close_asked != 2 || !g.closed)
        fail("the close was not asked twice (refused, then allowed)");
    if (g.summaries != 1 || g.forwarded + g.suppressed != LINES)
        fail("console lines neither forwarded nor counted");
    if (g.suppressed <= 0)
        fail("no console line was held back by the bound");
    if (!g.cut_ok)
        fail("the long console line did not arrive cut");
    av_panel_free(g.panel);
    av_core_free(g.core);
    e2e_app_delete();
    if (g.failures)
        return 1;
    printf("e2e_window: ok\n");
    return 0;
}
