// The application side of the shim: attaching to (or creating) the
// QApplication, the OpenGL share-context guard, main-thread posts.
#include "av_shim.h"
#include "shim_internal.h"
#include "shim_qt_compat.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QOpenGLContext>
#include <QTimer>
#include <QtGlobal>

#include <dlfcn.h>

// Exported by QtGui (Qt 5 and 6) but declared only in a private header:
// the context every QOpenGLContext shares with when AA_ShareOpenGLContexts
// is set. Qt WebEngine needs it; see install_share_context.
QOpenGLContext *qt_gl_global_share_context();
void qt_gl_set_global_share_context(QOpenGLContext *context);

namespace {

// A host that made its QApplication without Qt::AA_ShareOpenGLContexts gets
// a crash in QOpenGLContext::format() from the first QWebEngineView (seen
// with PyQt6 under offscreen). Installing a global share context before the
// first view is what the attribute would have done; Qt prints a warning
// about it, and the view works.
bool install_share_context(QString *why)
{
    if (qt_gl_global_share_context())
        return true;
    auto *context = new QOpenGLContext(qApp); // lives as long as the application
    context->create(); // may fail without a GL platform; the object still satisfies Qt WebEngine
    qt_gl_set_global_share_context(context);
    if (!qt_gl_global_share_context()) {
        *why = QStringLiteral("could not install a global OpenGL share context");
        return false;
    }
    return true;
}

// True when the other Qt major's QtCore is loaded too: the process's Qt is
// that one (a host on the other Qt), and this shim's application would be a
// second, foreign one. The loaders choose by this test before they load a
// shim; this is the last line for one loaded by hand.
bool other_qt_loaded()
{
    void *other = dlopen(AV_QT_OTHER_CORE, RTLD_LAZY | RTLD_NOLOAD);
    if (other)
        dlclose(other); // only drops the reference RTLD_NOLOAD took
    return other != nullptr;
}

} // namespace

namespace {

QLoggingCategory::CategoryFilter previous_filter = nullptr; // main thread: the filter ours defers to

void quiet_filter(QLoggingCategory *category)
{
    if (previous_filter)
        previous_filter(category);
    if (qstrcmp(category->categoryName(), "qt.webenginecontext") == 0)
        category->setEnabled(QtInfoMsg, false);
}

} // namespace

extern "C" void av_shim_app_quiet_startup(void)
{
    static bool installed = false; // once per process: a second install would defer to itself
    if (installed)
        return;
    installed = true;
    previous_filter = QLoggingCategory::installFilter(quiet_filter);
}

extern "C" void av_shim_app_prepare(void)
{
    if (!QCoreApplication::instance())
        QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
}

extern "C" int av_shim_app_init(int *how, char *err, size_t err_len)
{
    if (how)
        *how = AV_SHIM_APP_ATTACHED;
    if (other_qt_loaded()) {
        av_shim_set_error(err, err_len,
                          QStringLiteral("this is the Qt %1 shim, but the process has loaded %2 as well: "
                                         "use the shim of the Qt the host runs on")
                              .arg(QT_VERSION_MAJOR)
                              .arg(QString::fromLatin1(AV_QT_OTHER_CORE)));
        return -1;
    }
    if (QCoreApplication *core = QCoreApplication::instance()) {
        if (!qobject_cast<QApplication *>(core)) {
            av_shim_set_error(err, err_len,
                              QStringLiteral("the process has a %1, but Qt WebEngine widgets need a QApplication")
                                  .arg(QString::fromLatin1(core->metaObject()->className())));
            return -1;
        }
        if (!QCoreApplication::testAttribute(Qt::AA_ShareOpenGLContexts)) {
            QString why;
            const bool had_context = qt_gl_global_share_context() != nullptr;
            if (!install_share_context(&why)) {
                av_shim_set_error(err, err_len,
                                  QStringLiteral("the host's QApplication was created without "
                                                 "Qt::AA_ShareOpenGLContexts and %1; set the attribute "
                                                 "before creating the QApplication").arg(why));
                return -1;
            }
            if (how && !had_context)
                *how = AV_SHIM_APP_REPAIRED;
        }
        // Works while the host has not started Qt WebEngine yet (made no web
        // page or profile); otherwise asset roots are unavailable (av_shim.h).
        av_shim_assets_register_scheme();
        av_qt_before_first_view();
        return 0;
    }
    av_shim_assets_register_scheme(); // Qt asks for custom schemes before the application
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    av_qt_before_application();
    // QApplication keeps references to argc and argv for its whole life.
    static int argc = 1;
    static char arg0[] = "auroraview";
    static char *argv[] = {arg0, nullptr};
    new QApplication(argc, argv); // the process's application from now on; never deleted
    if (how)
        *how = AV_SHIM_APP_CREATED;
    av_qt_before_first_view();
    return 0;
}

extern "C" int av_shim_app_run(void)
{
    return QCoreApplication::instance() ? QCoreApplication::exec() : -1;
}

extern "C" void av_shim_app_quit(void)
{
    QCoreApplication::quit();
}

extern "C" void av_shim_app_process_events(int max_ms)
{
    if (QCoreApplication::instance())
        QCoreApplication::processEvents(QEventLoop::AllEvents, max_ms);
}

extern "C" void av_shim_app_wait_events(int max_ms)
{
    if (!QCoreApplication::instance())
        return;
    // The timer is an event too: it ends the wait at max_ms when nothing else comes.
    QTimer deadline;
    deadline.setSingleShot(true);
    deadline.start(max_ms > 0 ? max_ms : 0);
    QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
}

extern "C" int av_shim_qt_major(void)
{
    return QT_VERSION_MAJOR;
}

extern "C" int av_shim_post(void (*fn)(void *arg), void *arg)
{
    QCoreApplication *app = QCoreApplication::instance();
    if (!app || !fn)
        return -1;
    // A queued functor call: thread-safe, runs in the application's thread.
    QMetaObject::invokeMethod(app, [fn, arg] { fn(arg); }, Qt::QueuedConnection);
    return 0;
}

namespace {
struct {
    av_shim_log_fn fn = nullptr;
    void *user = nullptr;
} g_log;
} // namespace

extern "C" void av_shim_set_log(av_shim_log_fn fn, void *user)
{
    g_log.fn = fn;
    g_log.user = user;
}

void av_shim_log(int level, const QString &message)
{
    if (g_log.fn) {
        g_log.fn(g_log.user, level, message.toUtf8().constData());
        return;
    }
    const QByteArray line = message.toUtf8();
    if (level >= AV_SHIM_LOG_WARN)
        qWarning("auroraview: %s", line.constData());
    else
        qInfo("auroraview: %s", line.constData());
}

void av_shim_set_error(char *err, size_t err_len, const QString &message)
{
    if (!err || !err_len)
        return;
    QByteArray utf8 = message.toUtf8();
    size_t n = qMin(static_cast<size_t>(utf8.size()), err_len - 1);
    memcpy(err, utf8.constData(), n);
    err[n] = '\0';
}
