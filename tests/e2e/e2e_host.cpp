// Test-only helpers for the C e2e program: a QMainWindow to dock into and a
// way to ask what is docked in it. (The product's C code never sees Qt; the
// test needs a host window, which is C++ in any real host too.)
#include <QDockWidget>
#include <QMainWindow>
#include <QWebEngineView>

extern "C" void *e2e_main_window_new(void)
{
    auto *w = new QMainWindow;
    w->setWindowTitle(QStringLiteral("e2e host"));
    w->resize(1000, 700);
    w->show();
    return w;
}

// Docks of the window that are docked (not floating) in `area` and hold a
// QWebEngineView.
extern "C" int e2e_docked_web_views(void *main_window, int area)
{
    auto *w = static_cast<QMainWindow *>(main_window);
    int n = 0;
    for (QDockWidget *d : w->findChildren<QDockWidget *>()) {
        if (!d->isFloating() && w->dockWidgetArea(d) == static_cast<Qt::DockWidgetArea>(area) &&
            qobject_cast<QWebEngineView *>(d->widget()))
            n++;
    }
    return n;
}

extern "C" void e2e_main_window_delete(void *main_window)
{
    delete static_cast<QMainWindow *>(main_window);
}
