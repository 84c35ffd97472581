/* e2e_view: the real thing, no Python. A real Qt WebEngine view (offscreen)
 * loads a page that calls, sends events and listens; C handlers answer
 * through the core; C emits back. Then the same in a view docked into a
 * QMainWindow. Every check is made in the page or here, and reported. */
#include "auroraview/av_panel.h"
#include "e2e_glue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *e2e_main_window_new(void);
int e2e_docked_web_views(void *main_window, int area);
void e2e_main_window_delete(void *main_window);

#define ORIGIN "https://tool.local"

/* The test's state: one core, the view under test, what happened. */
typedef struct e2e {
    av_core *core;
    av_panel *panel;    /* the view under test */
    void *main_window;
    int stage;          /* 1: top-level view, 2: docked view */
    int failures;
    int reports;
    int exports_seen;
} e2e;

static e2e g; /* one test, one process: the callbacks find their state here */

static void fail(const char *what)
{
    fprintf(stderr, "FAIL: %s\n", what);
    g.failures++;
}

/* ---- handlers ------------------------------------------------------------ */

static void answer(av_request *req, const char *json)
{
    if (av_view_resolve(req->view, req->msg->id.ptr, req->msg->id.len, json, strlen(json)) != AV_OK)
        fail("resolve refused");
}

static void get_hierarchy(av_request *req, void *user)
{
    (void)user;
    if (!strstr(req->msg->payload.ptr, "\"root\":\"scene\""))
        fail("get_hierarchy params");
    answer(req, "{\"root\":\"scene\",\"children\":[{\"name\":\"camera1\"},{\"name\":\"cube1\"}]}");
}

static void rename_object(av_request *req, void *user)
{
    (void)user;
    if (!strstr(req->msg->payload.ptr, "\"old_name\":\"cube1\""))
        fail("rename_object params");
    answer(req, "{\"old_name\":\"cube1\",\"new_name\":\"hero_cube\"}");
}

static void failing(av_request *req, void *user)
{
    (void)user;
    av_view_reject(req->view, req->msg->id.ptr, req->msg->id.len, AV_E_HANDLER_ERROR, "RuntimeError",
                   "boom", NULL, 0);
}

static void export_scene(av_request *req, void *user)
{
    (void)user;
    g.exports_seen++;
    if (!strstr(req->msg->payload.ptr, "/tmp/x.fbx"))
        fail("export_scene detail");
    const char *frame = "{\"frame\":42,\"objects\":[\"cube\",\"sphere\"]}";
    const char *sel = "{\"selected\":[\"cube1\"]}";
    av_view_emit(req->view, "update_data", 11, frame, strlen(frame));
    av_view_emit(req->view, "selection_changed", 17, sel, strlen(sel));
}

static void start_stage2(void *arg);

/* The page's verdict: {"checks":{name:bool,...},"mnf_ms":n}. */
static void report(av_request *req, void *user)
{
    (void)user;
    g.reports++;
    printf("stage %d page report: %s\n", g.stage, req->msg->payload.ptr);
    if (strstr(req->msg->payload.ptr, "false") || !strstr(req->msg->payload.ptr, "\"checks\""))
        fail("a check in the page failed");
    if (g.stage == 1) {
        if (g.exports_seen != 1)
            fail("export_scene not seen exactly once");
        av_shim_post(start_stage2, NULL);
    } else {
        if (e2e_docked_web_views(g.main_window, AV_SHIM_DOCK_LEFT) != 1)
            fail("the view is not docked in the main window's left area");
        av_panel_close(g.panel);
        av_shim_app_quit();
    }
}

/* ---- the page ---------------------------------------------------------- */

static const char *k_page =
    "<!doctype html><html><body><h1>e2e</h1><script>\n"
    "const checks = {}; const out = {checks};\n"
    "function check(name, cond) { checks[name] = !!cond; }\n"
    "let got = {};\n"
    "function maybeReport() { if (got.update && got.selection && got.flow) auroraview.send_event('report', out); }\n"
    "auroraview.on('update_data', d => { check('update_data', d.frame === 42 && d.objects.length === 2); got.update = 1; maybeReport(); });\n"
    "auroraview.on('selection_changed', d => { check('selection_changed', d.selected[0] === 'cube1'); got.selection = 1; maybeReport(); });\n"
    "window.addEventListener('auroraviewready', () => { got.readyEvent = 1; });\n"
    "(async () => {\n"
    "  await auroraview.whenReady();\n"
    "  check('ipc', typeof window.ipc.postMessage === 'function');\n"
    "  const h = await auroraview.call('api.get_hierarchy', {root: 'scene'});\n"
    "  check('hierarchy', h.root === 'scene' && h.children.length === 2);\n"
    "  const r = await auroraview.api.rename_object({old_name: 'cube1', new_name: 'hero_cube'});\n"
    "  check('rename', r.old_name === 'cube1' && r.new_name === 'hero_cube');\n"
    "  const t0 = performance.now();\n"
    "  try { await auroraview.call('api.nope', {}, {timeout: 60000}); check('method_not_found', false); }\n"
    "  catch (e) { check('method_not_found', e.code === 'METHOD_NOT_FOUND' && e instanceof auroraview.AuroraViewError);\n"
    "              out.mnf_ms = Math.round(performance.now() - t0); }\n"
    "  try { await auroraview.call('api.fail'); check('handler_error', false); }\n"
    "  catch (e) { check('handler_error', e.code === 'HANDLER_ERROR' && e.name === 'RuntimeError' && e.message === 'boom'); }\n"
    "  const many = await Promise.all([1,2,3,4,5,6,7,8].map(i => auroraview.api.rename_object({old_name: 'cube1', i})));\n"
    "  check('eight_in_flight', many.length === 8 && many.every(x => x.new_name === 'hero_cube'));\n"
    "  check('ready_event', got.readyEvent === 1);\n"
    "  got.flow = 1;\n"
    "  auroraview.send_event('export_scene', {path: '/tmp/x.fbx', format: 'fbx'});\n"
    "})().catch(e => { check('exception: ' + e, false); auroraview.send_event('report', out); });\n"
    "</script></body></html>";

/* Opens the panel under test, its handlers bound, loading the page. */
static av_panel *open_panel(av_shim_placement placement, void *parent, const char *title, const char *url)
{
    char err[256];
    av_shim_view_options o = {0};
    o.title = title;
    o.placement = placement;
    o.parent = parent;
    o.dock_area = AV_SHIM_DOCK_LEFT;
    av_panel *p;
    if (av_panel_new(g.core, &o, NULL, &p, err, sizeof err) != AV_OK) {
        fprintf(stderr, "panel: %s\n", err);
        return NULL;
    }
    av_view *v = av_panel_view(p);
    av_view_bind(v, "api.get_hierarchy", get_hierarchy, NULL);
    av_view_bind(v, "api.rename_object", rename_object, NULL);
    av_view_bind(v, "api.fail", failing, NULL);
    av_view_on(v, "export_scene", export_scene, NULL);
    av_view_on(v, "report", report, NULL);
    av_shim_view_show(av_panel_shim(p));
    /* The load trusts the page's own origin, in the shim and the core at once. */
    if (av_panel_load_html(p, k_page, url, err, sizeof err) != AV_OK) {
        fprintf(stderr, "load: %s\n", err);
        av_panel_free(p);
        return NULL;
    }
    return p;
}

static void start_stage2(void *arg)
{
    (void)arg;
    av_panel_free(g.panel); /* stage 1's view goes; its core view closes */
    g.stage = 2;
    g.main_window = e2e_main_window_new();
    g.panel = open_panel(AV_SHIM_DOCK, g.main_window, "Docked panel", ORIGIN "/panel.html");
    if (!g.panel) {
        fail("docked view");
        av_shim_app_quit();
    }
}

static void describe(void)
{
    fprintf(stderr, "e2e_view at stage %d, %d reports\n", g.stage, g.reports);
}

int main(void)
{
    char err[256];
    int how;
    e2e_watchdog_start(90, describe);
    if (av_shim_app_init(&how, err, sizeof err) != 0) {
        fprintf(stderr, "app: %s\n", err);
        return 1;
    }
    av_core_config cfg = {0};
    cfg.wake = av_panel_wake;
    if (av_core_new(&cfg, &g.core) != AV_OK)
        return 1;

    g.stage = 1;
    g.panel = open_panel(AV_SHIM_TOPLEVEL, NULL, "e2e", ORIGIN "/index.html");
    if (!g.panel)
        return 1;
    av_shim_app_run();

    av_stats st;
    av_core_stats(g.core, &st);
    printf("core: received %llu, handled %llu, answered %llu, emitted %llu, delivered %llu in %llu flushes, "
           "METHOD_NOT_FOUND %llu, HANDLER_ERROR %llu, forbidden origins %llu\n",
           (unsigned long long)st.received, (unsigned long long)st.handled, (unsigned long long)st.answered,
           (unsigned long long)st.emitted, (unsigned long long)st.delivered, (unsigned long long)st.flushes,
           (unsigned long long)st.rejected[av_err_index(AV_E_METHOD_NOT_FOUND)],
           (unsigned long long)st.rejected[av_err_index(AV_E_HANDLER_ERROR)],
           (unsigned long long)st.rejected[av_err_index(AV_E_FORBIDDEN_ORIGIN)]);
    if (g.reports != 2)
        fail("expected one report from each view");
    if (st.rejected[av_err_index(AV_E_METHOD_NOT_FOUND)] != 2)
        fail("METHOD_NOT_FOUND count");
    if (st.rejected[av_err_index(AV_E_FORBIDDEN_ORIGIN)] != 0)
        fail("a message was refused for its origin");
    av_panel_free(g.panel);
    e2e_main_window_delete(g.main_window);
    av_core_free(g.core);
    printf("%d passed, %d failed\n", g.failures ? 0 : 1, g.failures ? 1 : 0);
    return g.failures ? 1 : 0;
}
