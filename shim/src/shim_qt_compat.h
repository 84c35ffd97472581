// shim_qt_compat.h: the differences between the Qt 5 and the Qt 6 build of
// the shim, all of them. The rest of the shim's sources compile unchanged
// against Qt 5.15 and Qt 6 (docs/architecture.md, "One shim per Qt major").
#ifndef AV_SHIM_QT_COMPAT_H
#define AV_SHIM_QT_COMPAT_H

#include <QCoreApplication>
#include <QtGlobal>

#if QT_VERSION_MAJOR == 5

#include <QOpenGLContext>
#include <QQuickWindow>
#include <QSGRendererInterface>

// The other major's QtCore: when it is loaded too, the process belongs to a
// host on the other Qt and this shim must not make a second application.
#define AV_QT_OTHER_CORE "libQt6Core.so.6"

// Qt 6 scales for high-DPI screens always; Qt 5 only when asked before the
// QApplication exists. Called just before the shim creates one.
inline void av_qt_before_application()
{
    QCoreApplication::setAttribute(Qt::AA_EnableHighDpiScaling);
    QCoreApplication::setAttribute(Qt::AA_UseHighDpiPixmaps);
}

// Qt 5 WebEngine draws through a QQuickWidget, which ends the process
// (qFatal) when it cannot make an OpenGL context: the offscreen platform, a
// machine or remote session without GL. Qt 6 WebEngine draws without GL
// there. Where no GL context can be made, switch Qt Quick to its software
// renderer (Qt 5 WebEngine supports it) before the first view. Called once
// the process has its QApplication; does nothing where GL works or a
// backend was chosen already (QT_QUICK_BACKEND, the host).
inline void av_qt_before_first_view()
{
    if (!QQuickWindow::sceneGraphBackend().isEmpty())
        return;
    QOpenGLContext probe;
    if (!probe.create())
        QQuickWindow::setSceneGraphBackend(QSGRendererInterface::Software);
}

#elif QT_VERSION_MAJOR == 6

#define AV_QT_OTHER_CORE "libQt5Core.so.5"

inline void av_qt_before_application() {}
inline void av_qt_before_first_view() {}

#else
#error "the shim builds against Qt 5.15 or Qt 6"
#endif

#endif
