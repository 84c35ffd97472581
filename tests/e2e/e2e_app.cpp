// Test-only: the QApplication of a C test program that plays the host, so the
// host can create it before auroraview (the shim attaches) and delete it at
// the end with views still open, as a host's main() does when it returns.
#include <QApplication>
#include <QTimer>
#include <QWidget>

extern "C" void e2e_app_new(void)
{
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    static int argc = 1;
    static char arg0[] = "e2e";
    static char *argv[] = {arg0, nullptr};
    new QApplication(argc, argv); // deleted by e2e_app_delete
}

extern "C" void e2e_app_delete(void)
{
    delete QCoreApplication::instance();
}

// Runs fn(arg) on the main thread after ms milliseconds (QTimer::singleShot).
extern "C" void e2e_after_ms(int ms, void (*fn)(void *), void *arg)
{
    QTimer::singleShot(ms, [fn, arg] { fn(arg); });
}

// Closes the window of widget as its close button does (QWidget::close: a
// QCloseEvent the window may refuse).
extern "C" void e2e_close_window_of(void *widget)
{
    if (widget)
        static_cast<QWidget *>(widget)->window()->close();
}
