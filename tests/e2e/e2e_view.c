/* e2e_view: the real thing, no Python. A real Qt WebEngine view (offscreen)
 * loads a page that calls, sends events and listens; C handlers answer
 * through the core; C emits back. Then the same in a view docked into a
 * QMainWindow. Every check is made in the page or here, and reported. */
#include "auroraview/av_core.h"
#include "av_shim.h"
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
    av_view *view;
    av_shim_view *shim;
    void *main_window;
    int stage;          /* 1: top-level view, 2: docked view */
    int failures;
    int reports;
    int exports_seen;
    int loads_started;
} e2e;

static e2e g; /* one test, one process: the callbacks find their state here */

static void fail(const char *what)
{
    fprintf(stderr, "FAIL: %s\n", what);
    g.failures++;
}

/* ---- core <-> shim glue (what the Python module does for real) --------- */

static void deliver(void *user, const char *script, size_t len)
{
    av_shim_view_eval(user, script, len);
}

static void on_message(void *user, const char *text, size_t len, const char *origin)
{
    (void)user;
    av_core_receive(g.core, av_view_id(g.view), origin, text, len);
}

static void on_load_started(void *user, const char *url)
{
    (void)user;
    (void)url;
    g.loads_started++;
    av_view_reset(g.view);
}

static void on_closed(void *user)
{
    (void)user;
    av_view_close(g.view);
}

/* ---- handlers ------------------------------------------------------------ */

static void answer(av_request *req, const char *json)
{
    if (av_view_resolve(req->view, req->msg->id.ptr, req->msg->id.len, json, strlen(json)) != AV_OK)
        fail("resolve refused");
}

static void get_hierarchy(void *ctx, void *data)
{
    av_request *req = ctx;
    (void)data;
    if (!strstr(req->msg->payload.ptr, "\"root\":\"scene\""))
        fail("get_hierarchy params");
    answer(req, "{\"root\":\"scene\",\"children\":[{\"name\":\"camera1\"},{\"name\":\"cube1\"}]}");
}

static void rename_object(void *ctx, void *data)
{
    av_request *req = ctx;
    (void)data;
    if (!strstr(req->msg->payload.ptr, "\"old_name\":\"cube1\""))
        fail("rename_object params");
    answer(req, "{\"old_name\":\"cube1\",\"new_name\":\"hero_cube\"}");
}

static void failing(void *ctx, void *data)
{
    av_request *req = ctx;
    (void)data;
    av_view_reject(req->view, req->msg->id.ptr, req->msg->id.len, AV_E_HANDLER_ERROR, "RuntimeError",
                   "boom", NULL, 0);
}

static void export_scene(void *ctx, void *data)
{
    av_request *req = ctx;
    (void)data;
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
static void report(void *ctx, void *data)
{
    av_request *req = ctx;
    (void)data;
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
        av_shim_view_close(g.shim);
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

static av_shim_view *open_view(av_shim_placement placement, void *parent, const char *title)
{
    char err[256];
    av_shim_view_options o = {0};
    o.title = title;
    o.placement = placement;
    o.parent = parent;
    o.dock_area = AV_SHIM_DOCK_LEFT;
    o.callbacks = (av_shim_callbacks){on_message, on_load_started, NULL, on_closed, NULL};
    av_shim_view *v = av_shim_view_create(&o, err, sizeof err);
    if (!v) {
        fprintf(stderr, "view: %s\n", err);
        return NULL;
    }
    /* The core's view delivers its scripts to this shim view. */
    av_view_config vc = {deliver, NULL, v};
    if (av_view_new(g.core, &vc, &g.view) != AV_OK)
        return NULL;
    av_view_allow_origin(g.view, ORIGIN);
    av_view_unref(g.view); /* the core's table keeps it until av_view_close */
    return v;
}

static void start_stage2(void *arg)
{
    (void)arg;
    av_shim_view_close(g.shim); /* stage 1's view goes; its core view closes */
    g.stage = 2;
    g.main_window = e2e_main_window_new();
    g.shim = open_view(AV_SHIM_DOCK, g.main_window, "Docked panel");
    if (!g.shim) {
        fail("docked view");
        av_shim_app_quit();
        return;
    }
    av_shim_view_load_html(g.shim, k_page, ORIGIN "/panel.html");
}

static void describe(void)
{
    fprintf(stderr, "e2e_view at stage %d, %d reports\n", g.stage, g.reports);
}

int main(void)
{
    char err[256];
    int created;
    e2e_watchdog_start(90, describe);
    if (av_shim_app_init(&created, err, sizeof err) != 0) {
        fprintf(stderr, "app: %s\n", err);
        return 1;
    }
    av_core_config cfg = {0};
    cfg.wake = e2e_wake;
    cfg.user = &g.core;
    if (av_core_new(&cfg, &g.core) != AV_OK)
        return 1;
    av_core_bind(g.core, "api.get_hierarchy", get_hierarchy, NULL, NULL);
    av_core_bind(g.core, "api.rename_object", rename_object, NULL, NULL);
    av_core_bind(g.core, "api.fail", failing, NULL, NULL);
    av_core_on(g.core, "export_scene", export_scene, NULL, NULL);
    av_core_on(g.core, "report", report, NULL, NULL);

    g.stage = 1;
    g.shim = open_view(AV_SHIM_TOPLEVEL, NULL, "e2e");
    if (!g.shim)
        return 1;
    av_shim_view_show(g.shim);
    av_shim_view_load_html(g.shim, k_page, ORIGIN "/index.html");
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
    e2e_main_window_delete(g.main_window);
    av_core_free(g.core);
    printf("%d passed, %d failed\n", g.failures ? 0 : 1, g.failures ? 1 : 0);
    return g.failures ? 1 : 0;
}
