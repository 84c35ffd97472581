// shim_qt_compat.h: the differences between the Qt 5 and the Qt 6 build of
// the shim, all of them. The rest of the shim's sources compile unchanged
// against Qt 5.15 and Qt 6 (docs/architecture.md, "One shim per Qt major").
#ifndef AV_SHIM_QT_COMPAT_H
#define AV_SHIM_QT_COMPAT_H

#include <QCoreApplication>
#include <QFileInfo>
#include <QUrl>
#include <QWebEnginePage>
#include <QtGlobal>

#include <functional>

// fn(url, error, code) for each load of page that failed, called while ctx lives.
using av_qt_load_failed_fn = std::function<void(const QUrl &url, const QString &error, int code)>;

#if QT_VERSION_MAJOR == 5

#include <QApplication>
#include <QList>
#include <QOpenGLContext>
#include <QPointer>
#include <QQuickRenderControl>
#include <QQuickWindow>
#include <QSGRendererInterface>
#include <QWebEngineDownloadItem>
#include <QWebEngineProfile>
#include <QWidget>

// The other major's QtCore: when it is loaded too, the process belongs to a
// host on the other Qt and this shim must not make a second application.
#define AV_QT_OTHER_CORE "libQt6Core.so.6"

// The longest text window.ipc.postMessage sends, in UTF-16 units, both the
// text and its JSON-escaped form on the wire (a view's own limit, the core's
// message size, is usually lower: av_shim_view_options.max_post_units). Qt 5's
// WebChannel parses each message into a QJsonDocument, which holds at most
// 128 MiB (2 bytes a unit): a longer message arrives as an undefined value
// ("QJson: Document too large"), its call id lost with it. So the transport
// throws instead, and the page gets a clear error. Measured: a message of
// 64 Mi units was lost, one of 49 Mi carried; the limit is set at half the
// document's room. The bridge posts in pieces of 2 Mi units, so only a single
// envelope that large meets it.
#define AV_QT_MAX_POST_UNITS (1 << 25)

// Batches up to this many bytes go by the endpoint's signal (see Qt 6).
#define AV_QT_SIGNAL_BATCH_MAX (16 << 10)

// Qt 6 scales for high-DPI screens always; Qt 5 only when asked before the
// QApplication exists. Called just before the shim creates one.
inline void av_qt_before_application()
{
    QCoreApplication::setAttribute(Qt::AA_EnableHighDpiScaling);
    QCoreApplication::setAttribute(Qt::AA_UseHighDpiPixmaps);
}

// Qt 5 WebEngine tears its browser context down in a QCoreApplication post
// routine, and a page still alive then crashes the process when its widget
// goes afterwards (seen: a PyQt5 host exiting with an auroraview window open,
// or closed but not yet deleted). This routine runs before that one (post
// routines run newest first; see av_qt_before_first_view). It finishes the
// closes already asked for (their deleteLater), closes the views still open
// (their on_closed runs, as when a host deletes a view's parent), and
// finishes what those closes post.
inline void av_qt_release_views()
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QList<QPointer<QWidget>> views; // docks and views, named by av_shim_view_create
    for (QWidget *w : QApplication::allWidgets())
        if (w->objectName().startsWith(QLatin1String("auroraview-")))
            views.append(w);
    for (const QPointer<QWidget> &w : views)
        delete w.data(); // null when its dock went first
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

// Called once the process has its QApplication, before the first view.
// 1. Qt 5 WebEngine draws through a QQuickWidget, which ends the process
//    (qFatal) when it cannot make an OpenGL context: the offscreen platform,
//    a machine or remote session without GL (Qt 6 WebEngine draws without GL
//    there). Where no GL context can be made, Qt Quick is switched to its
//    software renderer, which Qt 5 WebEngine supports; nothing changes where
//    GL works or a backend was chosen already (QT_QUICK_BACKEND, the host).
// 2. WebEngine's context, and the scene graph context Qt Quick shares among
//    the QQuickWidgets WebEngine draws with, are made now: their teardown
//    routines are registered before av_qt_release_views, which therefore
//    runs while both still exist.
// Load failures: Qt 5 reports only loadFinished(false), with no reason and no
// code. The sentence says so, except for a file URL whose file is missing.
inline void av_qt_on_load_failed(QWebEnginePage *page, QObject *ctx, av_qt_load_failed_fn fn)
{
    QObject::connect(page, &QWebEnginePage::loadFinished, ctx, [page, fn](bool ok) {
        if (ok)
            return;
        const QUrl url = page->requestedUrl();
        if (url.isLocalFile() && !QFileInfo(url.toLocalFile()).isFile())
            fn(url, QStringLiteral("no such file: %1").arg(url.toLocalFile()), 0);
        else
            fn(url, QStringLiteral("the page did not load (Qt 5 gives no reason)"), 0);
    });
}

// A download of a page (av_shim_downloads.cpp): Qt 5 calls it an item.
using AvDownload = QWebEngineDownloadItem;

// fn once the download has ended (saved, cancelled or failed), while ctx lives.
inline void av_qt_on_download_end(AvDownload *download, QObject *ctx, std::function<void()> fn)
{
    QObject::connect(download, &QWebEngineDownloadItem::finished, ctx, fn);
}

inline void av_qt_before_first_view()
{
    static bool done = false; // main thread only: the routine is registered once per process
    if (done)
        return;
    done = true;
    if (QQuickWindow::sceneGraphBackend().isEmpty()) {
        QOpenGLContext probe;
        if (!probe.create())
            QQuickWindow::setSceneGraphBackend(QSGRendererInterface::Software);
    }
    { QQuickRenderControl first; } // Qt Quick's shared scene graph context, and its teardown routine
    QWebEngineProfile::defaultProfile(); // WebEngine's context, and its teardown routine
    qAddPostRoutine(av_qt_release_views);
}

#elif QT_VERSION_MAJOR == 6

#include <QWebEngineDownloadRequest>
#include <QWebEngineLoadingInfo>

#define AV_QT_OTHER_CORE "libQt5Core.so.5"

// Qt 6's WebChannel has no such limit: V8's longest string (2^29 - 24
// units) is the only one. It too parses each message into a QJsonDocument on
// the main thread before the shim sees it (measured with a 60 Hz timer in a
// PyQt host: 0.47 s for a 40 M-unit post, 1.8-2.2 s for 150 M, only for the
// core to refuse it; the red-team issue saw 8 s on its machine), so
// the view's own limit, the core's message size, is what keeps a post short:
// ipc_transport.js refuses a longer one in the page.
#define AV_QT_MAX_POST_UNITS (1 << 29)

// Batches up to this many bytes go by the endpoint's signal, larger ones by
// runJavaScript: Qt copies a signal's string into its JSON message, which
// costs more than runJavaScript's copy once batches are large
// (docs/performance.md, "What bounds each figure").
#define AV_QT_SIGNAL_BATCH_MAX (16 << 10)

inline void av_qt_before_application() {}
inline void av_qt_before_first_view() {}

// A download of a page (av_shim_downloads.cpp): Qt 6 calls it a request.
using AvDownload = QWebEngineDownloadRequest;

// fn once the download has ended (saved, cancelled or failed), while ctx lives.
inline void av_qt_on_download_end(AvDownload *download, QObject *ctx, std::function<void()> fn)
{
    QObject::connect(download, &QWebEngineDownloadRequest::isFinishedChanged, ctx, [download, fn] {
        if (download->isFinished())
            fn();
    });
}

// Load failures: Qt 6 says why (QWebEngineLoadingInfo: Chromium's error text
// and code). A missing local file is named as Qt 5's build names it.
inline void av_qt_on_load_failed(QWebEnginePage *page, QObject *ctx, av_qt_load_failed_fn fn)
{
    QObject::connect(page, &QWebEnginePage::loadingChanged, ctx, [fn](const QWebEngineLoadingInfo &info) {
        if (info.status() != QWebEngineLoadingInfo::LoadFailedStatus)
            return;
        const QUrl url = info.url();
        QString why = info.errorString().isEmpty() ? QStringLiteral("the page did not load") : info.errorString();
        if (url.isLocalFile() && !QFileInfo(url.toLocalFile()).isFile())
            why = QStringLiteral("no such file: %1 (%2)").arg(url.toLocalFile(), why);
        fn(url, why, info.errorCode());
    });
}

#else
#error "the shim builds against Qt 5.15 or Qt 6"
#endif

#endif
