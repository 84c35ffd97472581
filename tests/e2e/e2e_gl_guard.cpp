// e2e_gl_guard: a host like many real ones. It links Qt Widgets only, makes
// its QApplication WITHOUT Qt::AA_ShareOpenGLContexts, and only later loads
// the shim as a plugin (dlopen). Qt WebEngine then starts "from a plugin";
// without the shim's guard the first view crashes in QOpenGLContext::format()
// (DESIGN.md section 8). The test passes when a view loads a page and runs
// its script in that host.
#include "av_shim.h"

#include <QApplication>
#include <QTimer>

#include <cstdio>
#include <dlfcn.h>

namespace {
struct Shim {
    decltype(&av_shim_app_init) app_init;
    decltype(&av_shim_view_create) view_create;
    decltype(&av_shim_view_load_html) load_html;
    decltype(&av_shim_view_close) close;
};
int g_loaded = -1; // set by on_load_finished
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: e2e_gl_guard_qt<N> /path/to/libav_shim_qt<N>.so\n");
        return 2;
    }
    QApplication app(argc, argv); // no AA_ShareOpenGLContexts, on purpose
    if (QCoreApplication::testAttribute(Qt::AA_ShareOpenGLContexts)) {
        std::fprintf(stderr, "the attribute is set already; this test would prove nothing\n");
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        std::fprintf(stderr, "dlopen: %s\n", dlerror());
        return 2;
    }
    Shim s{reinterpret_cast<decltype(&av_shim_app_init)>(dlsym(lib, "av_shim_app_init")),
           reinterpret_cast<decltype(&av_shim_view_create)>(dlsym(lib, "av_shim_view_create")),
           reinterpret_cast<decltype(&av_shim_view_load_html)>(dlsym(lib, "av_shim_view_load_html")),
           reinterpret_cast<decltype(&av_shim_view_close)>(dlsym(lib, "av_shim_view_close"))};
    if (!s.app_init || !s.view_create || !s.load_html || !s.close) {
        std::fprintf(stderr, "missing shim symbols\n");
        return 2;
    }
    char err[256];
    int how = -1;
    if (s.app_init(&how, err, sizeof err) != 0) {
        std::fprintf(stderr, "av_shim_app_init refused: %s\n", err);
        return 1;
    }
    av_shim_view_options o{};
    o.title = "guard";
    o.callbacks.on_load_finished = [](void *, int ok, const char *) {
        g_loaded = ok;
        QCoreApplication::quit();
    };
    av_shim_view *v = s.view_create(&o, err, sizeof err);
    if (!v) {
        std::fprintf(stderr, "view: %s\n", err);
        return 1;
    }
    if (s.load_html(v, "<html><body>guard</body></html>", "https://guard.local/", err, sizeof err) != 0) {
        std::fprintf(stderr, "load_html: %s\n", err);
        return 1;
    }
    QTimer::singleShot(60000, [] { QCoreApplication::exit(3); });
    int rc = app.exec();
    s.close(v);
    // The host's application lacks the attribute: the shim says it repaired it.
    const bool ok = g_loaded == 1 && how == AV_SHIM_APP_REPAIRED;
    std::printf("how=%d loaded=%d rc=%d\n", how, g_loaded, rc);
    std::printf("%d passed, %d failed\n", ok ? 1 : 0, ok ? 0 : 1);
    return ok && rc == 0 ? 0 : 1;
}
