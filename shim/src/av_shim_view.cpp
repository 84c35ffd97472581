// Views: a QWebEngineView (top-level, child or docked), its page, the
// scripts that install the bridge, and the channel page messages come in by.
#include "av_shim.h"
#include "shim_internal.h"
#include "shim_qt_compat.h"

#include <QCoreApplication>
#include <QDockWidget>
#include <QFile>
#include <QDir>
#include <QFileInfo>
#include <QList>
#include <QMainWindow>
#include <QUrl>
#include <QVBoxLayout>
#include <QWebChannel>
#include <QWebEnginePage>
#include <QWebEngineScript>
#include <QWebEngineScriptCollection>
#include <QWebEngineView>

#include <cstring>

struct av_shim_view {
    av_shim_callbacks cb;
    QPointer<QWebEngineView> web;
    QPointer<QDockWidget> dock;   // set when docked: it owns web
    QWebChannel *channel = nullptr; // owned by the page
    QPointer<QWebEngineView> devtools;
    bool devtools_allowed = false;
    bool closed = false;
    av_shim_trust trust; // pages that get the bridge (av_shim_trust.cpp)
    AvIpcEndpoint *endpoint = nullptr; // owned by the channel
    qint64 max_post_units = AV_QT_MAX_POST_UNITS; // the transport's limit (ipc_transport.js)
};


namespace {

QString read_resource(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(f.readAll());
}

// The scripts every page gets at document creation: the trust guard, then
// one script holding the window.ipc transport and the auroraview bridge.
// They run before any script of the page in its main world; the second only
// in pages of a trusted origin. Called again whenever the trusted set changes: the
// scripts are replaced, in order, for the documents created from then on.
bool install_scripts(QWebEnginePage *page, const av_shim_trust &trust, qint64 max_post_units, QString *why)
{
    const QString prefix = QStringLiteral("auroraview-");
    for (const QWebEngineScript &old : page->scripts().toList())
        if (old.name().startsWith(prefix))
            page->scripts().remove(old);
    QWebEngineScript guard;
    guard.setName(prefix + QStringLiteral("guard"));
    guard.setSourceCode(av_shim_trust_guard(trust));
    guard.setInjectionPoint(QWebEngineScript::DocumentCreation);
    guard.setWorldId(QWebEngineScript::MainWorld);
    guard.setRunsOnSubFrames(false);
    page->scripts().insert(guard);

    // The transport and the bridge run as ONE script, the transport first: the bridge hands
    // its dispatcher to window.ipc.__receive, and Qt 5 does not keep the insertion order of a
    // page's DocumentCreation scripts (seen: the bridge ran first in about half the pages,
    // and native's batches found no dispatcher).
    const char *parts[] = {":/auroraview/ipc_transport.js", ":/auroraview/auroraview.js"};
    // The transport addresses the endpoint's `inbox` by its meta-object index,
    // the number a qwebchannel.js Init handshake would have reported.
    const QString inbox = QString::number(AvIpcEndpoint::staticMetaObject.indexOfProperty("inbox"));
    QString source;
    for (const char *path : parts) {
        const QString part = read_resource(QString::fromLatin1(path));
        if (part.isEmpty()) {
            *why = QStringLiteral("missing resource %1").arg(QString::fromLatin1(path));
            return false;
        }
        source += part + QLatin1Char('\n');
    }
    source.replace(QStringLiteral("__AV_INBOX_PROPERTY__"), inbox);
    source.replace(QStringLiteral("__AV_MAX_POST_UNITS__"), QString::number(max_post_units));
    source.replace(QStringLiteral("__AV_MAX_WIRE_UNITS__"), QString::number(AV_QT_MAX_POST_UNITS));
    source.replace(QStringLiteral("__AV_PUSHED_SIGNAL__"),
                   QString::number(AV_QT_SIGNAL_BATCH_MAX > 0
                                       ? AvIpcEndpoint::staticMetaObject.indexOfMethod("pushed(QString)")
                                       : -1));
    QWebEngineScript script;
    script.setName(prefix + QStringLiteral("bridge"));
    script.setSourceCode(av_shim_trust_wrap(trust, source));
    script.setInjectionPoint(QWebEngineScript::DocumentCreation);
    script.setWorldId(QWebEngineScript::MainWorld);
    script.setRunsOnSubFrames(false);
    page->scripts().insert(script);
    return true;
}

// A child view fills its parent: it joins the parent's layout, or a new one
// without margins when the parent has none (a host's empty panel).
void fill_parent(QWidget *parent, QWidget *web)
{
    QLayout *layout = parent->layout();
    if (!layout) {
        layout = new QVBoxLayout(parent); // owned by parent
        layout->setContentsMargins(0, 0, 0, 0);
    }
    layout->addWidget(web);
}

// A load into a view that is gone: says so.
bool usable(av_shim_view *v, const char *what, char *err, size_t err_len)
{
    if (v && v->web && !v->closed)
        return true;
    av_shim_set_error(err, err_len, QStringLiteral("%1: the view is closed").arg(QLatin1String(what)));
    return false;
}

// Every view from av_shim_view_create until its widgets are destroyed: the
// asset handler asks them which pages may read an asset root.
QList<av_shim_view *> &all_views()
{
    static QList<av_shim_view *> views;
    return views;
}

void notify_closed(av_shim_view *v)
{
    if (v->closed)
        return;
    v->closed = true;
    av_shim_callbacks cb = v->cb;
    v->cb = av_shim_callbacks{};
    if (cb.on_closed)
        cb.on_closed(cb.user);
}

} // namespace

namespace {

// 1 if u[i] is a surrogate without its other half.
inline bool lone_surrogate(const ushort *u, qsizetype i, qsizetype n)
{
    if ((u[i] & 0xF800) != 0xD800)
        return false;
    if (u[i] < 0xDC00)
        return i + 1 >= n || (u[i + 1] & 0xFC00) != 0xDC00;
    return i == 0 || (u[i - 1] & 0xFC00) != 0xD800;
}

// A page's text as UTF-8. A page's strings can hold a lone surrogate, which
// has no UTF-8 form: QString::toUtf8 writes '?' for it, changing the text
// unseen. It is written instead as the three bytes UTF-8 would give a
// surrogate (ED A0..BF xx), which the core refuses as a lone surrogate in the
// envelope that holds it (av_json.c), as it refuses the \udXXX escape
// JSON.stringify writes for one. Texts without one, nearly all, take toUtf8.
QByteArray page_utf8(const QString &text)
{
    const ushort *u = text.utf16();
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n && !lone_surrogate(u, i, n))
        i++;
    if (i == n)
        return text.toUtf8();
    QByteArray out;
    out.reserve(static_cast<int>(n * 3));
    qsizetype start = 0;
    for (; i < n; i++) {
        if (!lone_surrogate(u, i, n))
            continue;
        out += QStringView(text).mid(start, i - start).toUtf8();
        out += static_cast<char>(0xE0 | (u[i] >> 12));
        out += static_cast<char>(0x80 | ((u[i] >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (u[i] & 0x3F));
        start = i + 1;
    }
    out += QStringView(text).mid(start).toUtf8();
    return out;
}

} // namespace

void AvIpcEndpoint::post(const QString &text)
{
    av_shim_view *v = view_;
    if (v->closed || !v->cb.on_message || !v->web)
        return;
    const QByteArray utf8 = page_utf8(text);
    // A file page's messages carry the file entry that covers it (or
    // "file://<untrusted>"): the core's exact comparison then holds file
    // pages to their directory, as the first wall does.
    const QByteArray origin = av_shim_trust_tag(v->trust, v->web->page()->url());
    v->cb.on_message(v->cb.user, utf8.constData(), static_cast<size_t>(utf8.size()), origin.constData());
}

extern "C" av_shim_view *av_shim_view_create(const av_shim_view_options *opts, char *err, size_t err_len)
{
    if (!opts || !QCoreApplication::instance()) {
        av_shim_set_error(err, err_len, opts ? QStringLiteral("call av_shim_app_init first")
                                             : QStringLiteral("no options"));
        return nullptr;
    }
    QWidget *parent = static_cast<QWidget *>(opts->parent);
    QMainWindow *main_window = nullptr;
    if (opts->placement == AV_SHIM_DOCK) {
        main_window = qobject_cast<QMainWindow *>(parent);
        if (!main_window) {
            av_shim_set_error(err, err_len, QStringLiteral("docking needs a QMainWindow as parent"));
            return nullptr;
        }
    } else if (opts->placement == AV_SHIM_CHILD && !parent) {
        av_shim_set_error(err, err_len, QStringLiteral("a child view needs a parent widget"));
        return nullptr;
    }

    auto *v = new av_shim_view;
    v->cb = opts->callbacks;
    v->devtools_allowed = opts->devtools != 0;
    if (opts->max_post_units && opts->max_post_units < static_cast<size_t>(AV_QT_MAX_POST_UNITS))
        v->max_post_units = static_cast<qint64>(opts->max_post_units);
    const QString title = QString::fromUtf8(opts->title ? opts->title : "AuroraView");
    const QSize size(opts->width > 0 ? opts->width : 800, opts->height > 0 ? opts->height : 600);

    auto *web = new QWebEngineView(opts->placement == AV_SHIM_CHILD ? parent : nullptr);
    // Named, as docks are, so a teardown can find the shim's views (shim_qt_compat.h).
    web->setObjectName(QStringLiteral("auroraview-view-%1").arg(reinterpret_cast<quintptr>(v), 0, 16));
    v->web = web;
    QWebEnginePage *page = web->page();
    QString why;
    if (!install_scripts(page, v->trust, v->max_post_units, &why)) {
        delete web;
        delete v;
        av_shim_set_error(err, err_len, why);
        return nullptr;
    }
    // Asset requests are judged per view first: a root serves a page only
    // if the page's own view uses the root and trusts the page.
    page->setUrlRequestInterceptor(av_shim_assets_guard(v, page));
    v->channel = new QWebChannel(page);
    // registerObject does not take ownership: the channel does, as its parent.
    auto *endpoint = new AvIpcEndpoint(v);
    v->endpoint = endpoint;
    endpoint->setParent(v->channel);
    v->channel->registerObject(QStringLiteral("auroraview_ipc"), endpoint);
    page->setWebChannel(v->channel, QWebEngineScript::MainWorld);

    QObject::connect(page, &QWebEnginePage::loadStarted, web, [v] {
        if (v->cb.on_load_started && v->web)
            v->cb.on_load_started(v->cb.user, v->web->url().toString().toUtf8().constData());
    });
    QObject::connect(page, &QWebEnginePage::loadFinished, web, [v](bool ok) {
        if (v->cb.on_load_finished && v->web)
            v->cb.on_load_finished(v->cb.user, ok ? 1 : 0, v->web->url().toString().toUtf8().constData());
    });

    // Whoever owns the widget tree, the view ends when its top widget is
    // destroyed: closing the window or dock (WA_DeleteOnClose), the host
    // deleting its parent, or av_shim_view_close.
    QWidget *top = web;
    if (main_window) {
        auto *dock = new QDockWidget(title, main_window);
        dock->setObjectName(QStringLiteral("auroraview-dock-%1").arg(reinterpret_cast<quintptr>(v), 0, 16));
        dock->setWidget(web);
        dock->setAttribute(Qt::WA_DeleteOnClose);
        int area = opts->dock_area ? opts->dock_area : AV_SHIM_DOCK_RIGHT;
        main_window->addDockWidget(static_cast<Qt::DockWidgetArea>(area), dock);
        dock->setFloating(opts->floating != 0);
        if (opts->floating)
            dock->resize(size);
        v->dock = dock;
        top = dock;
    } else {
        web->setWindowTitle(title);
        web->resize(size);
        if (opts->placement == AV_SHIM_TOPLEVEL)
            web->setAttribute(Qt::WA_DeleteOnClose);
        else
            fill_parent(parent, web);
    }
    all_views().append(v);
    QObject::connect(top, &QObject::destroyed, [v] {
        all_views().removeAll(v);
        notify_closed(v);
        if (v->devtools)
            v->devtools->deleteLater();
        delete v;
    });
    return v;
}

namespace {

// Writes value into a caller's buffer, or says it does not fit.
int put(const QByteArray &value, const char *what, char *out, size_t out_len, char *err, size_t err_len)
{
    if (!out || static_cast<size_t>(value.size()) >= out_len) {
        av_shim_set_error(err, err_len, QStringLiteral("the origin of '%1' is longer than %2 bytes")
                                            .arg(QString::fromUtf8(what)).arg(out_len));
        return -1;
    }
    memcpy(out, value.constData(), static_cast<size_t>(value.size()) + 1);
    return 0;
}

// The page av_shim_view_load_file shows for path.
QUrl file_url(const QFileInfo &info)
{
    return QUrl::fromLocalFile(QDir::cleanPath(info.absoluteFilePath()));
}

} // namespace

extern "C" int av_shim_url_origin(const char *url, char *origin, size_t origin_len, char *err, size_t err_len)
{
    const QUrl u = QUrl::fromUserInput(QString::fromUtf8(url ? url : ""));
    if (!url || !u.isValid()) {
        av_shim_set_error(err, err_len, QStringLiteral("not a URL: '%1'").arg(QString::fromUtf8(url ? url : "")));
        return -1;
    }
    const QByteArray o = u.scheme() == QLatin1String("file") ? av_shim_file_entry_of(u) : av_shim_origin_of(u);
    return put(o, url, origin, origin_len, err, err_len);
}

extern "C" int av_shim_file_origin(const char *path, char *origin, size_t origin_len, char *err, size_t err_len)
{
    const QFileInfo info(QString::fromUtf8(path ? path : ""));
    if (!path || !info.isFile()) {
        av_shim_set_error(err, err_len, QStringLiteral("no such file: %1").arg(info.filePath()));
        return -1;
    }
    return put(av_shim_file_entry_of(file_url(info)), path, origin, origin_len, err, err_len);
}

bool av_shim_view_serves_asset(const av_shim_view *v, const QString &asset_origin, const QString &initiator)
{
    // Listed: not yet deleted (a guard may outlive its view by a moment).
    return all_views().contains(const_cast<av_shim_view *>(v)) && !v->closed &&
           v->trust.origins.contains(asset_origin) && av_shim_trust_has_origin(v->trust, initiator);
}

bool av_shim_view_trusts_file(const av_shim_view *v, const QUrl &url)
{
    return all_views().contains(const_cast<av_shim_view *>(v)) && !v->closed &&
           av_shim_trust_covers_file(v->trust, url);
}

bool av_shim_views_serve_asset(const QString &asset_origin, const QString &initiator)
{
    for (const av_shim_view *v : all_views())
        if (av_shim_view_serves_asset(v, asset_origin, initiator))
            return true;
    return false;
}

extern "C" int av_shim_view_allow_origin(av_shim_view *v, const char *origin, char *err, size_t err_len)
{
    if (!usable(v, "allow_origin", err, err_len))
        return -1;
    QString why;
    const int changed = av_shim_trust_add(&v->trust, QString::fromUtf8(origin ? origin : ""), &why);
    if (changed < 0) {
        av_shim_set_error(err, err_len, QStringLiteral("allow_origin: %1").arg(why));
        return -1;
    }
    if (changed > 0 && !install_scripts(v->web->page(), v->trust, v->max_post_units, &why)) {
        av_shim_set_error(err, err_len, QStringLiteral("allow_origin: %1").arg(why));
        return -1;
    }
    return 0;
}

extern "C" int av_shim_view_load_url(av_shim_view *v, const char *url, char *err, size_t err_len)
{
    if (!usable(v, "load_url", err, err_len))
        return -1;
    const QUrl u = QUrl::fromUserInput(QString::fromUtf8(url ? url : ""));
    if (!url || !u.isValid()) {
        av_shim_set_error(err, err_len, QStringLiteral("load_url: not a URL: '%1'").arg(QString::fromUtf8(url ? url : "")));
        return -1;
    }
    v->web->setUrl(u);
    return 0;
}

extern "C" int av_shim_view_load_html(av_shim_view *v, const char *html, const char *base_url, char *err,
                                      size_t err_len)
{
    if (!usable(v, "load_html", err, err_len))
        return -1;
    const QUrl base = base_url ? QUrl(QString::fromUtf8(base_url)) : QUrl();
    if (base_url && !base.isValid()) {
        av_shim_set_error(err, err_len, QStringLiteral("load_html: base_url is not a URL: '%1'").arg(QString::fromUtf8(base_url)));
        return -1;
    }
    v->web->setHtml(QString::fromUtf8(html ? html : ""), base);
    return 0;
}

extern "C" int av_shim_view_load_file(av_shim_view *v, const char *path, char *err, size_t err_len)
{
    if (!usable(v, "load_file", err, err_len))
        return -1;
    QFileInfo info(QString::fromUtf8(path ? path : ""));
    if (!info.isFile()) {
        av_shim_set_error(err, err_len, QStringLiteral("no such file: %1").arg(info.filePath()));
        return -1;
    }
    v->web->setUrl(file_url(info));
    return 0;
}

extern "C" void av_shim_view_dispatch(av_shim_view *v, const char *batch, size_t len)
{
    if (!v->web || v->closed)
        return;
    if (len <= static_cast<size_t>(AV_QT_SIGNAL_BATCH_MAX)) {
        emit v->endpoint->pushed(QString::fromUtf8(batch, static_cast<qsizetype>(len)));
        return;
    }
    // The batch as a JS string literal for JSON.parse (V8 parses JSON faster
    // than it compiles the same object literal: bench/transport), handed to
    // the transport's window.ipc, which a page cannot replace.
    static const char open[] = "window.ipc.__dispatch(JSON.parse('";
    static const char close[] = "'))";
    QByteArray script;
    script.reserve(static_cast<qsizetype>(sizeof open + len + len / 8 + sizeof close));
    script.append(open);
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        const char c = batch[i];
        if (c != '\'' && c != '\\' && c != '\n' && c != '\r')
            continue;
        script.append(batch + run, static_cast<qsizetype>(i - run));
        script.append('\\');
        script.append(c == '\n' ? 'n' : c == '\r' ? 'r' : c);
        run = i + 1;
    }
    script.append(batch + run, static_cast<qsizetype>(len - run));
    script.append(close);
    v->web->page()->runJavaScript(av_shim_trust_wrap(v->trust, QString::fromUtf8(script)));
}

extern "C" void av_shim_view_eval(av_shim_view *v, const char *script, size_t len)
{
    if (v->web && !v->closed)
        v->web->page()->runJavaScript(
            av_shim_trust_wrap(v->trust, QString::fromUtf8(script, static_cast<qsizetype>(len))));
}

extern "C" void av_shim_view_show(av_shim_view *v)
{
    if (v->dock) {
        v->dock->show();
        v->dock->raise();
    } else if (v->web) {
        v->web->show();
    }
}

extern "C" void av_shim_view_set_title(av_shim_view *v, const char *title)
{
    const QString t = QString::fromUtf8(title);
    if (v->dock)
        v->dock->setWindowTitle(t);
    else if (v->web)
        v->web->setWindowTitle(t);
}

extern "C" void av_shim_view_open_devtools(av_shim_view *v)
{
    if (!v->devtools_allowed || !v->web)
        return;
    if (!v->devtools) {
        v->devtools = new QWebEngineView;
        v->devtools->setAttribute(Qt::WA_DeleteOnClose);
        v->devtools->setWindowTitle(QStringLiteral("DevTools"));
        v->web->page()->setDevToolsPage(v->devtools->page());
        v->devtools->resize(900, 600);
    }
    v->devtools->show();
    v->devtools->raise();
}

extern "C" void *av_shim_view_widget(av_shim_view *v)
{
    return v->web.data();
}

extern "C" void av_shim_view_close(av_shim_view *v)
{
    // Callbacks end now; the widgets go at the next event loop turn, since
    // this may be called from inside one of their own signals. With the
    // application gone (a host shutting down) no widget may be touched.
    notify_closed(v);
    if (!QCoreApplication::instance())
        return;
    QWidget *top = v->dock ? static_cast<QWidget *>(v->dock.data()) : v->web.data();
    if (top) {
        top->hide();
        top->deleteLater();
    }
}
