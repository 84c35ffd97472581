// Views: a QWebEngineView (top-level, child or docked), its page, the
// scripts that install the bridge, and the channel page messages come in by.
#include "av_shim.h"
#include "shim_internal.h"
#include "shim_qt_compat.h"

#include <QApplication>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDialog>
#include <QPointer>
#include <QDockWidget>
#include <QColor>
#include <QElapsedTimer>
#include <QIcon>
#include <QImageReader>
#include <QTimer>
#include <QWindowStateChangeEvent>
#include <QFile>
#include <QDir>
#include <QFileInfo>
#include <QList>
#include <QMainWindow>
#include <QUrl>
#include <QVBoxLayout>
#include <QWebChannel>
#include <QWebEnginePage>
#include <QWebEngineProfile>
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
    QString page_script;          // run after the bridge in trusted documents (av_shim_view_set_page_script)
    bool devtools_allowed = false;
    bool closed = false;
    av_shim_trust trust; // pages that get the bridge (av_shim_trust.cpp)
    AvIpcEndpoint *endpoint = nullptr; // owned by the channel
    qint64 max_post_units = AV_QT_MAX_POST_UNITS; // the transport's message limit (ipc_transport.js)

    // Windows (av_shim.h, "window control").
    QPointer<QMainWindow> main_window; // the dock's, when docked
    bool retain = false;               // the dock's X hides it
    int last_area = AV_SHIM_DOCK_RIGHT; // the dock's area, or the last one it was in
    bool focused = false;              // last reported
    int state = AV_SHIM_STATE_NORMAL;  // last reported
    bool was_floating = false;         // last reported
    int was_area = 0;                  // last reported
    QSize dock_size;                   // to give the dock in its area when it first shows (size_dock)
    bool fixed_size = false;           // an own window the user cannot resize (av_shim_view_options)
    QString profile_key;               // av_shim_profile_acquire's, released when the view goes
    av_shim_download_rules downloads;  // av_shim_downloads.cpp

    // The page: what reload shows again, and the crash rule.
    QString html;                      // the last load_html's, while its page shows
    QUrl html_base;
    bool showing_html = false;
    bool crash_reloaded = false;       // reloaded after a render process died; a successful load clears it
    // The page's own modal dialogs (alert, confirm, prompt, a file chooser) run a nested event
    // loop inside Chromium's call; the widgets must outlive it (ModalScope).
    int modal_depth = 0;
    bool teardown_pending = false;     // closed during one: the widgets go when it returns
    // A navigation is told to the view once, by whichever of Qt's loadStarted
    // and AvPage::acceptNavigationRequest comes first (the order depends on
    // who started it); each flag says the other one is still to come.
    bool start_told = false, accept_told = false;

    // The console bound (AV_SHIM_CONSOLE_PER_SECOND).
    QElapsedTimer console_clock;
    int console_in_second = 0;
    quint64 console_suppressed = 0;
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
bool install_scripts(QWebEnginePage *page, const av_shim_trust &trust, qint64 max_post_units,
                     const QString &page_script, QString *why)
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
    // The view's own page script rides in the same script, after the bridge, for the
    // same ordering reason.
    if (!page_script.isEmpty())
        source += QStringLiteral(";(function () {\n") + page_script + QStringLiteral("\n})();\n");
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
    if (v->console_suppressed && v->cb.on_console) {
        const QByteArray line = QStringLiteral("%1 console messages of this view were not forwarded "
                                               "(more than %2 a second)")
                                    .arg(v->console_suppressed)
                                    .arg(AV_SHIM_CONSOLE_PER_SECOND)
                                    .toUtf8();
        v->console_suppressed = 0;
        v->cb.on_console(v->cb.user, AV_SHIM_CONSOLE_WARNING, line.constData(), "auroraview", 0);
    }
    v->closed = true;
    av_shim_blobs_forget(v);
    av_shim_profile_release(v->profile_key); // its page goes soon; the profile may change meanwhile
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

namespace {

// The widget whose window events a view reports: its dock, or itself; NULL
// once it is gone or being destroyed (a widget's destructor sends events too,
// and by then it is only a QWidget: qobject_cast says so).
QWidget *top_of(const av_shim_view *v)
{
    if (v->dock)
        return qobject_cast<QDockWidget *>(v->dock.data());
    return qobject_cast<QWebEngineView *>(v->web.data());
}

// True when the top widget is a window of its own (top-level, floating dock).
bool is_window(const av_shim_view *v)
{
    QWidget *top = top_of(v);
    return top && top->isWindow();
}

int state_of(QWidget *w)
{
    if (!w->isWindow())
        return AV_SHIM_STATE_NORMAL;
    const Qt::WindowStates s = w->windowState();
    if (s & Qt::WindowMinimized)
        return AV_SHIM_STATE_MINIMIZED;
    if (s & Qt::WindowFullScreen)
        return AV_SHIM_STATE_FULLSCREEN;
    if (s & Qt::WindowMaximized)
        return AV_SHIM_STATE_MAXIMIZED;
    return AV_SHIM_STATE_NORMAL;
}

// Keyboard focus is in the view: its window is the active one, and (for a
// dock, which shares its main window) the focus widget is inside the dock.
bool focus_in(const av_shim_view *v)
{
    QWidget *top = top_of(v);
    if (!top || !top->isVisible() || !top->isActiveWindow())
        return false;
    if (!v->dock || v->dock->isFloating())
        return true;
    QWidget *f = QApplication::focusWidget();
    return f && (f == top || top->isAncestorOf(f));
}

// The dock's main window, NULL once it is gone or being destroyed (a host's
// main window, destroyed, hides its docks from ~QWidget: by then it is no
// QMainWindow any more).
QMainWindow *main_window_of(const av_shim_view *v)
{
    return qobject_cast<QMainWindow *>(v->main_window.data());
}

int area_of(const av_shim_view *v)
{
    QMainWindow *main_window = main_window_of(v);
    if (!v->dock || !main_window || v->dock->isFloating())
        return 0;
    return static_cast<int>(main_window->dockWidgetArea(v->dock));
}

av_shim_geometry snapshot(const av_shim_view *v)
{
    av_shim_geometry g{};
    QWidget *top = top_of(v);
    if (!top)
        return g;
    g.x = top->x();
    g.y = top->y();
    g.width = top->width();
    g.height = top->height();
    g.visible = top->isVisible() ? 1 : 0;
    g.state = state_of(top);
    g.focused = v->focused ? 1 : 0;
    g.docked = v->dock ? 1 : 0;
    g.floating = v->dock && v->dock->isFloating() ? 1 : 0;
    g.dock_area = area_of(v);
    return g;
}

void window_event(av_shim_view *v, int what)
{
    if (v->closed || !v->cb.on_window || !top_of(v))
        return;
    const av_shim_geometry g = snapshot(v);
    v->cb.on_window(v->cb.user, what, &g);
}

// Reports a change of focus, if there is one.
void check_focus(av_shim_view *v)
{
    if (v->closed || !top_of(v))
        return;
    const bool now = focus_in(v);
    if (now == v->focused)
        return;
    v->focused = now;
    window_event(v, now ? AV_SHIM_WINDOW_FOCUSED : AV_SHIM_WINDOW_BLURRED);
}

// Reports a dock leaving or entering an area, once per change (Qt's
// topLevelChanged and dockLocationChanged both come for a redock).
void check_dock(av_shim_view *v)
{
    if (v->closed || !v->dock)
        return;
    const bool floating = v->dock->isFloating();
    const int area = area_of(v);
    if (area)
        v->last_area = area;
    if (floating == v->was_floating && area == v->was_area)
        return;
    v->was_floating = floating;
    v->was_area = area;
    window_event(v, floating ? AV_SHIM_WINDOW_FLOATED : AV_SHIM_WINDOW_DOCKED);
}

void size_dock(QMainWindow *main_window, QDockWidget *dock, const QSize &size);

// The window events of a view, from its top widget.
class AvWindowWatcher : public QObject {
public:
    AvWindowWatcher(av_shim_view *v, QWidget *top) : QObject(top), v_(v), top_(top) {}

    bool eventFilter(QObject *o, QEvent *e) override
    {
        if (o != top_ || v_->closed || !top_of(v_))
            return false;
        switch (e->type()) {
        // Spontaneous ones come with minimizing and restoring, which
        // have their own events; these are the widget's own show and hide.
        case QEvent::Show:
            if (!e->spontaneous())
                window_event(v_, AV_SHIM_WINDOW_SHOWN);
            check_focus(v_); // a window may be active again before it shows
            if (v_->dock && v_->dock_size.isValid()) {
                // Once the main window's layout has taken the shown dock in.
                const QSize size = v_->dock_size;
                v_->dock_size = QSize();
                QTimer::singleShot(0, top_, [v = v_, size] {
                    if (!v->closed && top_of(v))
                        size_dock(main_window_of(v), v->dock, size);
                });
            }
            break;
        case QEvent::Hide:
            if (!e->spontaneous())
                window_event(v_, AV_SHIM_WINDOW_HIDDEN);
            check_focus(v_);
            break;
        case QEvent::Resize:
            window_event(v_, AV_SHIM_WINDOW_RESIZED);
            break;
        case QEvent::Move:
            window_event(v_, AV_SHIM_WINDOW_MOVED);
            break;
        case QEvent::WindowStateChange: {
            const int now = state_of(top_);
            if (now != v_->state) {
                v_->state = now;
                window_event(v_, now == AV_SHIM_STATE_MINIMIZED    ? AV_SHIM_WINDOW_MINIMIZED
                                 : now == AV_SHIM_STATE_MAXIMIZED  ? AV_SHIM_WINDOW_MAXIMIZED
                                 : now == AV_SHIM_STATE_FULLSCREEN ? AV_SHIM_WINDOW_FULLSCREEN
                                                                   : AV_SHIM_WINDOW_RESTORED);
            }
            break;
        }
        case QEvent::WindowActivate:
        case QEvent::WindowDeactivate:
            check_focus(v_);
            break;
        case QEvent::Close: {
            // Only the user's closes (and a host's close()) get here:
            // av_shim_view_close deletes the widget without one.
            if (v_->dock && v_->retain) {
                e->ignore();
                top_->hide();
                return true;
            }
            if (v_->cb.on_close_requested && !v_->cb.on_close_requested(v_->cb.user)) {
                e->ignore();
                return true;
            }
            break;
        }
        default:
            break;
        }
        return false;
    }

private:
    av_shim_view *v_;
    QWidget *top_;
};

// The view's page: console messages go to on_console, bounded.
// Deletes the view's widgets at the next turn of the event loop.
void delete_widgets(av_shim_view *v)
{
    QWidget *top = v->dock ? static_cast<QWidget *>(v->dock.data()) : v->web.data();
    if (top) {
        top->hide();
        top->deleteLater();
    }
}

// Around each of the page's modal dialogs: Qt shows them with a nested event loop inside
// Chromium's call into the page. A close made meanwhile (a host script, a timer, the tool)
// must not delete the page under that call: av_shim_view_close rejects the dialogs and leaves
// the deleting to the end of the outermost one. The view is watched through its widget, since
// a host deleting its parent window deletes the view too.
class ModalScope {
public:
    explicit ModalScope(av_shim_view *v) : v_(v), alive_(v->web.data()) { v_->modal_depth++; }
    ~ModalScope()
    {
        if (!alive_)
            return; // deleted with its parent meanwhile: v is gone
        if (--v_->modal_depth == 0 && v_->teardown_pending)
            delete_widgets(v_);
    }
    ModalScope(const ModalScope &) = delete;
    ModalScope &operator=(const ModalScope &) = delete;

private:
    av_shim_view *v_;
    QPointer<QWidget> alive_;
};

class AvPage : public QWebEnginePage {
public:
    AvPage(QWebEngineProfile *profile, av_shim_view *v, QObject *parent) : QWebEnginePage(profile, parent), v_(v) {}

protected:
    // The page's dialogs: Qt's own, inside a ModalScope; none once the view is closed.
    void javaScriptAlert(const QUrl &origin, const QString &msg) override
    {
        ModalScope scope(v_);
        if (!v_->closed)
            QWebEnginePage::javaScriptAlert(origin, msg);
    }

    bool javaScriptConfirm(const QUrl &origin, const QString &msg) override
    {
        ModalScope scope(v_);
        return !v_->closed && QWebEnginePage::javaScriptConfirm(origin, msg);
    }

    bool javaScriptPrompt(const QUrl &origin, const QString &msg, const QString &value, QString *result) override
    {
        ModalScope scope(v_);
        return !v_->closed && QWebEnginePage::javaScriptPrompt(origin, msg, value, result);
    }

    QStringList chooseFiles(FileSelectionMode mode, const QStringList &old, const QStringList &accepted) override
    {
        ModalScope scope(v_);
        return v_->closed ? QStringList() : QWebEnginePage::chooseFiles(mode, old, accepted);
    }

    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel level, const QString &message, int line,
                                  const QString &source) override
    {
        av_shim_view *v = v_;
        if (v->closed || !v->cb.on_console)
            return;
        if (!v->console_clock.isValid() || v->console_clock.elapsed() >= 1000) {
            v->console_clock.start();
            v->console_in_second = 0;
        }
        if (v->console_in_second >= AV_SHIM_CONSOLE_PER_SECOND) {
            v->console_suppressed++;
            return;
        }
        v->console_in_second++;
        static const char cut[] = "...[cut]";
        QString head = message.left(AV_SHIM_CONSOLE_TEXT_MAX);
        if (!head.isEmpty() && head.at(head.size() - 1).isHighSurrogate())
            head.chop(1);
        QByteArray text = head.toUtf8();
        if (message.size() > head.size() + 1 || text.size() > AV_SHIM_CONSOLE_TEXT_MAX) {
            int end = AV_SHIM_CONSOLE_TEXT_MAX - static_cast<int>(sizeof cut);
            if (end > text.size())
                end = static_cast<int>(text.size());
            while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
                end--;
            text.truncate(end);
            text.append(cut);
        }
        const QByteArray src = source.left(1024).toUtf8();
        const int lv = level == WarningMessageLevel ? AV_SHIM_CONSOLE_WARNING
                       : level == ErrorMessageLevel ? AV_SHIM_CONSOLE_ERROR
                                                    : AV_SHIM_CONSOLE_INFO;
        v->cb.on_console(v->cb.user, lv, text.constData(), src.constData(), line);
    }

    // Every main-frame navigation to another document is asked about here,
    // also one for which Qt leaves out loadStarted because the page is still
    // loading (its "already running" rule: a link followed, location= set,
    // before the last image arrived). The view must hear of every navigation
    // (its page, and what was queued for that page, go), and of each once.
    // Redirects are the same navigation.
    bool acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame) override
    {
        av_shim_view *v = v_;
        if (!isMainFrame || type == NavigationTypeRedirect || v->closed)
            return true;
        if (v->start_told) {
            v->start_told = false;
        } else {
            v->accept_told = true;
            if (v->cb.on_load_started)
                v->cb.on_load_started(v->cb.user, url.toString().toUtf8().constData());
        }
        return true;
    }

private:
    av_shim_view *v_;
};

// The dock of objectName or window title name in main_window, other than skip.
QDockWidget *find_dock(QMainWindow *main_window, const QString &name, const QDockWidget *skip)
{
    const QList<QDockWidget *> docks = main_window->findChildren<QDockWidget *>();
    for (QDockWidget *d : docks)
        if (d != skip && d->objectName() == name)
            return d;
    for (QDockWidget *d : docks)
        if (d != skip && d->windowTitle() == name)
            return d;
    return nullptr;
}

// Gives a docked dock its size in its area: across the area (the width of
// a left or right dock, the height of a top or bottom one) as asked, and
// along it a share next to the docks already there: what was asked, at most
// half of the area's length, taken from the room the other docks have above
// their minimum sizes, in proportion to it. A dock added to a full area is
// thus not squeezed to nothing (seen in Krita: a new dock 19 pixels tall, its
// page 0), and no other dock goes below its minimum.
void size_dock(QMainWindow *main_window, QDockWidget *dock, const QSize &size)
{
    if (!main_window || !dock || dock->isFloating() || !dock->isVisible())
        return;
    const Qt::DockWidgetArea area = main_window->dockWidgetArea(dock);
    const bool side = area == Qt::LeftDockWidgetArea || area == Qt::RightDockWidgetArea;
    const Qt::Orientation along = side ? Qt::Vertical : Qt::Horizontal;
    main_window->resizeDocks({dock}, {side ? size.width() : size.height()}, side ? Qt::Horizontal : Qt::Vertical);
    const auto length = [side](QWidget *w) { return side ? w->height() : w->width(); };
    const auto least = [side](QWidget *w) {
        const QSize hint = w->minimumSizeHint().expandedTo(w->minimumSize());
        return side ? hint.height() : hint.width();
    };
    QList<QDockWidget *> docks{dock};
    QList<int> lengths{length(dock)};
    QList<int> slack{0};
    int total = lengths[0], room = 0;
    for (QDockWidget *d : main_window->findChildren<QDockWidget *>()) {
        if (d == dock || d->isFloating() || !d->isVisible() || main_window->dockWidgetArea(d) != area)
            continue;
        bool listed = false; // a tab of a group listed already
        for (QDockWidget *tab : main_window->tabifiedDockWidgets(d))
            listed = listed || docks.contains(tab);
        if (listed)
            continue;
        docks.append(d);
        lengths.append(length(d));
        slack.append(qMax(0, length(d) - least(d)));
        total += lengths.last();
        room += slack.last();
    }
    const int want = side ? size.height() : size.width();
    const int need = qMin(want, total / 2) - lengths[0];
    if (docks.size() == 1 || need <= 0 || room <= 0) {
        main_window->resizeDocks({dock}, {docks.size() == 1 ? want : lengths[0]}, along);
        return;
    }
    const int take = qMin(need, room);
    int taken = 0;
    for (int i = 1; i < docks.size(); i++) {
        const int give = static_cast<int>(static_cast<qint64>(take) * slack[i] / room);
        lengths[i] -= give;
        taken += give;
    }
    lengths[0] += taken;
    main_window->resizeDocks(docks, lengths, along);
}

const char *status_name(QWebEnginePage::RenderProcessTerminationStatus status)
{
    switch (status) {
    case QWebEnginePage::NormalTerminationStatus:
        return "normal";
    case QWebEnginePage::AbnormalTerminationStatus:
        return "abnormal";
    case QWebEnginePage::CrashedTerminationStatus:
        return "crashed";
    case QWebEnginePage::KilledTerminationStatus:
        return "killed";
    }
    return "abnormal";
}

// Loads the page again: a load_html page from its html and base URL.
void reload_page(av_shim_view *v)
{
    if (!v->web || v->closed)
        return;
    if (v->showing_html)
        v->web->setHtml(v->html, v->html_base);
    else
        v->web->reload();
}

} // namespace

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
    } else if ((opts->placement == AV_SHIM_CHILD || opts->placement == AV_SHIM_OWNED) && !parent) {
        av_shim_set_error(err, err_len, opts->placement == AV_SHIM_CHILD
                                            ? QStringLiteral("a child view needs a parent widget")
                                            : QStringLiteral("an owned window needs a parent widget"));
        return nullptr;
    }
    const bool windowed = opts->placement == AV_SHIM_TOPLEVEL || opts->placement == AV_SHIM_OWNED;
    QColor background;
    if (opts->background_color) {
        background = QColor(QString::fromUtf8(opts->background_color));
        if (!background.isValid()) {
            av_shim_set_error(err, err_len, QStringLiteral("background_color: Qt reads no color from '%1'")
                                                .arg(QString::fromUtf8(opts->background_color)));
            return nullptr;
        }
    }
    if (opts->icon && !QImageReader(QString::fromUtf8(opts->icon)).canRead()) {
        av_shim_set_error(err, err_len, QStringLiteral("icon: Qt reads no image from '%1'")
                                            .arg(QString::fromUtf8(opts->icon)));
        return nullptr;
    }
    QDockWidget *tab_with = nullptr;
    if (opts->tabify_with) {
        if (!main_window) {
            av_shim_set_error(err, err_len, QStringLiteral("tabify_with: only a dock can be tabified"));
            return nullptr;
        }
        tab_with = find_dock(main_window, QString::fromUtf8(opts->tabify_with), nullptr);
        if (!tab_with) {
            av_shim_set_error(err, err_len, QStringLiteral("tabify_with: no dock named '%1' in the main window")
                                                .arg(QString::fromUtf8(opts->tabify_with)));
            return nullptr;
        }
    }

    QString profile_key, why;
    QWebEngineProfile *profile = av_shim_profile_acquire(opts->user_agent, opts->storage_path, &profile_key, &why);
    if (!profile) {
        av_shim_set_error(err, err_len, why);
        return nullptr;
    }

    auto *v = new av_shim_view;
    v->profile_key = profile_key;
    v->downloads.allow = opts->allow_downloads != 0;
    v->downloads.prompt = opts->download_prompt != 0;
    v->downloads.directory = QString::fromUtf8(opts->download_directory ? opts->download_directory : "");
    v->cb = opts->callbacks;
    v->devtools_allowed = opts->devtools != 0;
    if (opts->max_post_units)
        v->max_post_units = static_cast<qint64>(opts->max_post_units);
    const QString title = QString::fromUtf8(opts->title ? opts->title : "AuroraView");
    const QSize size(opts->width > 0 ? opts->width : 800, opts->height > 0 ? opts->height : 600);

    auto *web = new QWebEngineView(opts->placement == AV_SHIM_TOPLEVEL ? nullptr : parent);
    if (opts->placement == AV_SHIM_OWNED)
        web->setWindowFlag(Qt::Window, true);
    // Named, as docks are, so a teardown can find the shim's views (shim_qt_compat.h).
    web->setObjectName(QStringLiteral("auroraview-view-%1").arg(reinterpret_cast<quintptr>(v), 0, 16));
    v->web = web;
    auto *page = new AvPage(profile, v, web); // owned by web
    web->setPage(page);
    if (!install_scripts(page, v->trust, v->max_post_units, v->page_script, &why)) {
        delete web;
        av_shim_profile_release(v->profile_key);
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
        if (v->accept_told) { // told already, by AvPage::acceptNavigationRequest
            v->accept_told = false;
            return;
        }
        v->start_told = true;
        if (v->cb.on_load_started && v->web)
            v->cb.on_load_started(v->cb.user, v->web->url().toString().toUtf8().constData());
    });
    QObject::connect(page, &QWebEnginePage::loadFinished, web, [v](bool ok) {
        v->start_told = v->accept_told = false;
        if (ok)
            v->crash_reloaded = false;
        if (v->cb.on_load_finished && v->web)
            v->cb.on_load_finished(v->cb.user, ok ? 1 : 0, v->web->url().toString().toUtf8().constData());
    });
    av_qt_on_load_failed(page, web, [v](const QUrl &url, const QString &error, int code) {
        if (v->cb.on_load_failed && !v->closed)
            v->cb.on_load_failed(v->cb.user, url.toString().toUtf8().constData(), error.toUtf8().constData(), code);
    });
    QObject::connect(page, &QWebEnginePage::titleChanged, web, [v](const QString &page_title) {
        if (v->cb.on_title_changed && !v->closed)
            v->cb.on_title_changed(v->cb.user, page_utf8(page_title).constData());
    });
    QObject::connect(page, &QWebEnginePage::urlChanged, web, [v](const QUrl &url) {
        // A load_html page keeps its base URL (or shows as data:); any other
        // URL means the page went elsewhere, and a reload must not bring the html back.
        if (v->showing_html && url.scheme() != QLatin1String("data") &&
            url.adjusted(QUrl::RemoveFragment) != v->html_base.adjusted(QUrl::RemoveFragment))
            v->showing_html = false;
        if (v->cb.on_url_changed && !v->closed)
            v->cb.on_url_changed(v->cb.user, url.toString().toUtf8().constData());
    });
    QObject::connect(page, &QWebEnginePage::renderProcessTerminated, web,
                     [v](QWebEnginePage::RenderProcessTerminationStatus status, int exit_code) {
                         if (v->closed)
                             return;
                         const bool reloading = !v->crash_reloaded;
                         v->crash_reloaded = true;
                         if (v->cb.on_render_process_gone)
                             v->cb.on_render_process_gone(v->cb.user, status_name(status), exit_code, reloading);
                         if (reloading && v->web)
                             QTimer::singleShot(0, v->web.data(), [v] { reload_page(v); });
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
        v->main_window = main_window;
        v->retain = opts->retain != 0;
        v->last_area = area;
        if (tab_with) {
            main_window->tabifyDockWidget(tab_with, dock);
        } else if (!opts->floating) {
            // A hidden dock has no room in the layout to size: it is sized when it first shows.
            v->dock_size = size;
        }
        dock->setFloating(opts->floating != 0);
        if (opts->floating)
            dock->resize(size);
        v->dock = dock;
        v->was_floating = dock->isFloating();
        v->was_area = area_of(v);
        top = dock;
        QObject::connect(dock, &QDockWidget::topLevelChanged, dock, [v](bool) { check_dock(v); });
        QObject::connect(dock, &QDockWidget::dockLocationChanged, dock, [v](Qt::DockWidgetArea) { check_dock(v); });
    } else {
        web->setWindowTitle(title);
        web->resize(size);
        if (windowed) {
            web->setAttribute(Qt::WA_DeleteOnClose);
            if (opts->frameless)
                web->setWindowFlag(Qt::FramelessWindowHint, true);
            if (opts->always_on_top)
                web->setWindowFlag(Qt::WindowStaysOnTopHint, true);
            if (opts->tool_window)
                web->setWindowFlag(Qt::Tool, true);
            if (opts->fixed_size) {
                v->fixed_size = true;
                web->setFixedSize(size);
            }
            if (opts->transparent)
                web->setAttribute(Qt::WA_TranslucentBackground, true);
        } else {
            fill_parent(parent, web);
        }
    }
    if (opts->transparent)
        page->setBackgroundColor(Qt::transparent);
    else if (background.isValid())
        page->setBackgroundColor(background);
    if (opts->no_context_menu)
        web->setContextMenuPolicy(Qt::NoContextMenu);
    if (opts->icon)
        top->setWindowIcon(QIcon(QString::fromUtf8(opts->icon)));
    top->installEventFilter(new AvWindowWatcher(v, top)); // owned by top
    QObject::connect(qApp, &QApplication::focusChanged, top, [v](QWidget *, QWidget *) { check_focus(v); });
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

bool av_shim_view_trusts_origin(const av_shim_view *v, const QString &origin)
{
    return all_views().contains(const_cast<av_shim_view *>(v)) && !v->closed && av_shim_trust_has_origin(v->trust, origin);
}

bool av_shim_view_trusts_file(const av_shim_view *v, const QUrl &url)
{
    return all_views().contains(const_cast<av_shim_view *>(v)) && !v->closed &&
           av_shim_trust_covers_file(v->trust, url);
}

const av_shim_download_rules *av_shim_view_download_rules(const QWebEnginePage *page, QWidget **window)
{
    for (av_shim_view *v : all_views()) {
        if (!v->closed && v->web && v->web->page() == page) {
            *window = v->web.data();
            return &v->downloads;
        }
    }
    return nullptr;
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
    if (changed > 0 && !install_scripts(v->web->page(), v->trust, v->max_post_units, v->page_script, &why)) {
        av_shim_set_error(err, err_len, QStringLiteral("allow_origin: %1").arg(why));
        return -1;
    }
    return 0;
}

extern "C" int av_shim_view_set_page_script(av_shim_view *v, const char *script, char *err, size_t err_len)
{
    if (!usable(v, "set_page_script", err, err_len))
        return -1;
    v->page_script = QString::fromUtf8(script ? script : "");
    QString why;
    if (!install_scripts(v->web->page(), v->trust, v->max_post_units, v->page_script, &why)) {
        av_shim_set_error(err, err_len, QStringLiteral("set_page_script: %1").arg(why));
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
    v->showing_html = false;
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
    v->html = QString::fromUtf8(html ? html : "");
    v->html_base = base;
    v->showing_html = true;
    v->web->setHtml(v->html, base);
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
    v->showing_html = false;
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

namespace {

// Rejects the modal dialogs the page opened (their parent is the view's widget); each one's
// nested loop then returns, and the last ModalScope deletes the widgets.
void close_page_dialogs(av_shim_view *v)
{
    QWidget *top = v->dock ? static_cast<QWidget *>(v->dock.data()) : v->web.data();
    if (top)
        top->hide();
    for (QWidget *w : QApplication::topLevelWidgets()) {
        bool ours = false;
        for (QWidget *p = w->parentWidget(); p && !ours; p = p->parentWidget())
            ours = p == v->web.data() || p == top;
        if (!ours || !w->isVisible())
            continue;
        if (auto *dialog = qobject_cast<QDialog *>(w))
            dialog->reject();
        else
            w->close();
    }
}

} // namespace

extern "C" void av_shim_view_close(av_shim_view *v)
{
    // Callbacks end now; the widgets go at the next event loop turn, since
    // this may be called from inside one of their own signals. With the
    // application gone (a host shutting down) no widget may be touched.
    notify_closed(v);
    if (!QCoreApplication::instance())
        return;
    if (v->modal_depth > 0) {
        v->teardown_pending = true;
        close_page_dialogs(v);
        return;
    }
    delete_widgets(v);
}

/* ---- window control ---------------------------------------------------------- */

namespace {

// The top widget of an open view, or NULL with err filled.
QWidget *open_top(av_shim_view *v, const char *what, char *err, size_t err_len)
{
    if (!usable(v, what, err, err_len))
        return nullptr;
    QWidget *top = top_of(v);
    if (!top)
        av_shim_set_error(err, err_len, QStringLiteral("%1: the view is closed").arg(QLatin1String(what)));
    return top;
}

// A window of its own (top-level, floating dock), or err saying why not.
QWidget *own_window(av_shim_view *v, const char *what, char *err, size_t err_len)
{
    QWidget *top = open_top(v, what, err, err_len);
    if (!top)
        return nullptr;
    if (is_window(v))
        return top;
    av_shim_set_error(err, err_len,
                      v->dock ? QStringLiteral("%1: the view is docked; float it first (set_floating)").arg(QLatin1String(what))
                              : QStringLiteral("%1: a child view's window is its host's").arg(QLatin1String(what)));
    return nullptr;
}

} // namespace

extern "C" int av_shim_view_hide(av_shim_view *v, char *err, size_t err_len)
{
    QWidget *top = open_top(v, "hide", err, err_len);
    if (!top)
        return -1;
    top->hide();
    return 0;
}

extern "C" int av_shim_view_focus(av_shim_view *v, char *err, size_t err_len)
{
    QWidget *top = open_top(v, "focus", err, err_len);
    if (!top)
        return -1;
    if (!top->isVisible())
        top->show();
    top->raise();
    top->activateWindow();
    v->web->setFocus(Qt::OtherFocusReason);
    check_focus(v); // an active window takes it without a new activation event
    return 0;
}

extern "C" int av_shim_view_move(av_shim_view *v, int x, int y, char *err, size_t err_len)
{
    QWidget *top = own_window(v, "move", err, err_len);
    if (!top)
        return -1;
    top->move(x, y);
    return 0;
}

extern "C" int av_shim_view_resize(av_shim_view *v, int width, int height, char *err, size_t err_len)
{
    QWidget *top = open_top(v, "resize", err, err_len);
    if (!top)
        return -1;
    if (width <= 0 || height <= 0) {
        av_shim_set_error(err, err_len, QStringLiteral("resize: %1 x %2 is not a size").arg(width).arg(height));
        return -1;
    }
    if (v->dock && !v->dock->isFloating()) {
        size_dock(main_window_of(v), v->dock, QSize(width, height));
        return 0;
    }
    if (!own_window(v, "resize", err, err_len))
        return -1;
    if (v->fixed_size)
        top->setFixedSize(width, height);
    else
        top->resize(width, height);
    return 0;
}

extern "C" int av_shim_view_set_state(av_shim_view *v, int state, char *err, size_t err_len)
{
    QWidget *top = own_window(v, "set_state", err, err_len);
    if (!top)
        return -1;
    switch (state) {
    case AV_SHIM_STATE_NORMAL:
        top->showNormal();
        break;
    case AV_SHIM_STATE_MINIMIZED:
        top->showMinimized();
        break;
    case AV_SHIM_STATE_MAXIMIZED:
        top->showMaximized();
        break;
    case AV_SHIM_STATE_FULLSCREEN:
        top->showFullScreen();
        break;
    default:
        av_shim_set_error(err, err_len, QStringLiteral("set_state: %1 is not a window state").arg(state));
        return -1;
    }
    return 0;
}

extern "C" int av_shim_view_set_always_on_top(av_shim_view *v, int on, char *err, size_t err_len)
{
    QWidget *top = own_window(v, "set_always_on_top", err, err_len);
    if (!top)
        return -1;
    const bool visible = top->isVisible();
    top->setWindowFlag(Qt::WindowStaysOnTopHint, on != 0); // hides the window: Qt makes it anew
    if (visible)
        top->show();
    return 0;
}

extern "C" int av_shim_view_geometry(av_shim_view *v, av_shim_geometry *out, char *err, size_t err_len)
{
    if (!out || !open_top(v, "geometry", err, err_len))
        return -1;
    *out = snapshot(v);
    return 0;
}

extern "C" int av_shim_view_dock(av_shim_view *v, int area, int floating, char *err, size_t err_len)
{
    if (!open_top(v, "dock", err, err_len))
        return -1;
    if (!v->dock || !main_window_of(v)) {
        av_shim_set_error(err, err_len, QStringLiteral("dock: the view is not a dock"));
        return -1;
    }
    if (area != 0 && area != AV_SHIM_DOCK_LEFT && area != AV_SHIM_DOCK_RIGHT && area != AV_SHIM_DOCK_TOP &&
        area != AV_SHIM_DOCK_BOTTOM) {
        av_shim_set_error(err, err_len, QStringLiteral("dock: %1 is not a dock area").arg(area));
        return -1;
    }
    if (area && area != area_of(v)) {
        const QSize size = v->dock->size();
        v->main_window->addDockWidget(static_cast<Qt::DockWidgetArea>(area), v->dock);
        v->last_area = area;
        if (!floating)
            size_dock(main_window_of(v), v->dock, size);
    }
    if (!floating && v->dock->isFloating() && !area) {
        // Back into the area it was last in, as a double click on its title does.
        v->dock->setFloating(false);
        if (area_of(v) != v->last_area)
            v->main_window->addDockWidget(static_cast<Qt::DockWidgetArea>(v->last_area), v->dock);
    } else {
        v->dock->setFloating(floating != 0);
    }
    v->dock->show();
    check_dock(v);
    return 0;
}

extern "C" int av_shim_view_tabify(av_shim_view *v, const char *name, char *err, size_t err_len)
{
    if (!open_top(v, "tabify", err, err_len))
        return -1;
    if (!v->dock || !main_window_of(v)) {
        av_shim_set_error(err, err_len, QStringLiteral("tabify: the view is not a dock"));
        return -1;
    }
    QDockWidget *other = find_dock(v->main_window, QString::fromUtf8(name ? name : ""), v->dock);
    if (!other) {
        av_shim_set_error(err, err_len, QStringLiteral("tabify: no dock named '%1' in the main window")
                                            .arg(QString::fromUtf8(name ? name : "")));
        return -1;
    }
    v->main_window->tabifyDockWidget(other, v->dock);
    v->dock->show();
    v->dock->raise();
    check_dock(v);
    return 0;
}

/* ---- the page ------------------------------------------------------------------ */

extern "C" int av_shim_view_url(av_shim_view *v, char *url, size_t url_len, char *err, size_t err_len)
{
    if (!usable(v, "url", err, err_len))
        return -1;
    const QByteArray u = v->web->url().toString().toUtf8();
    if (!url || static_cast<size_t>(u.size()) >= url_len) {
        av_shim_set_error(err, err_len, QStringLiteral("url: the URL is longer than %1 bytes").arg(url_len));
        return -1;
    }
    memcpy(url, u.constData(), static_cast<size_t>(u.size()) + 1);
    return 0;
}

extern "C" int av_shim_view_reload(av_shim_view *v, char *err, size_t err_len)
{
    if (!usable(v, "reload", err, err_len))
        return -1;
    reload_page(v);
    return 0;
}

extern "C" long long av_shim_view_render_pid(av_shim_view *v)
{
    if (!v || !v->web || v->closed)
        return 0;
    return static_cast<long long>(v->web->page()->renderProcessPid());
}
