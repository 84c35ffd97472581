#include "host_window.h"

#include "console.h"
#include "timeline.h"
#include "viewport.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QGuiApplication>
#include <QMenuBar>
#include <QPixmap>
#include <QScreen>
#include <QStatusBar>
#include <QChildEvent>
#include <QPointer>
#include <QTimer>
#include <QVBoxLayout>

namespace {

const char kPluginMenu[] = "avhostPluginMenu"; // property marking menus made for plugins

QString areaName(Qt::DockWidgetArea area)
{
    switch (area) {
    case Qt::LeftDockWidgetArea:
        return QStringLiteral("left");
    case Qt::RightDockWidgetArea:
        return QStringLiteral("right");
    case Qt::TopDockWidgetArea:
        return QStringLiteral("top");
    case Qt::BottomDockWidgetArea:
        return QStringLiteral("bottom");
    default:
        return QStringLiteral("none");
    }
}

} // namespace

HostWindow::HostWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("avhostMainWindow"));
    setWindowTitle(QStringLiteral("avhost - AuroraView reference host"));
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);

    auto *centre = new QWidget(this);
    viewport_ = new Viewport(centre);
    timeline_ = new Timeline(centre);
    auto *layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(viewport_, 1);
    layout->addWidget(timeline_);
    setCentralWidget(centre);
    connect(timeline_, &Timeline::frameChanged, viewport_, &Viewport::setFrame);

    console_ = new Console(this);
    auto *consoleDock = new QDockWidget(QStringLiteral("Python Console"), this);
    consoleDock->setObjectName(QStringLiteral("pythonConsoleDock"));
    consoleDock->setWidget(console_);
    addDockWidget(Qt::BottomDockWidgetArea, consoleDock);

    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(QStringLiteral("Load Plugin\u2026"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Load a host plugin"), QString(),
                                                          QStringLiteral("Plugins (*.so)"));
        if (!path.isEmpty())
            Q_EMIT loadPluginRequested(path);
    });
    file->addAction(QStringLiteral("Unload All Plugins"), this, [this] { Q_EMIT unloadPluginsRequested(); });
    file->addSeparator();
    QAction *quit = file->addAction(QStringLiteral("Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu *windows = menuBar()->addMenu(QStringLiteral("&Windows"));
    windows->addAction(consoleDock->toggleViewAction());

    statusBar()->showMessage(QStringLiteral("Ready"));
}

void HostWindow::childEvent(QChildEvent *event)
{
    QMainWindow::childEvent(event);
    // Widgets are announced when polished, right before they first show.
    auto *dock = qobject_cast<QDockWidget *>(event->child());
    if (event->type() != QEvent::ChildPolished || !dock || dock->property("avhostSized").toBool())
        return;
    dock->setProperty("avhostSized", true);
    // Once the dock is placed: about 28% of the window, within 340..460 px.
    QTimer::singleShot(0, this, [this, dock = QPointer<QDockWidget>(dock)] {
        const Qt::DockWidgetArea area = dock ? dockWidgetArea(dock) : Qt::NoDockWidgetArea;
        if (dock && !dock->isFloating() && (area == Qt::LeftDockWidgetArea || area == Qt::RightDockWidgetArea))
            resizeDocks({dock.data()}, {qBound(340, width() * 28 / 100, 460)}, Qt::Horizontal);
    });
}

QMenu *HostWindow::topMenu(const QString &title) const
{
    for (QAction *action : menuBar()->actions())
        if (action->menu() && action->text() == title)
            return action->menu();
    return nullptr;
}

QMenu *HostWindow::pluginMenu(const QString &title)
{
    if (QMenu *menu = topMenu(title))
        return menu;
    QMenu *menu = menuBar()->addMenu(title);
    menu->setProperty(kPluginMenu, true);
    return menu;
}

void HostWindow::dropMenuIfEmpty(QMenu *menu)
{
    if (menu && menu->property(kPluginMenu).toBool() && menu->actions().isEmpty()) {
        menuBar()->removeAction(menu->menuAction());
        menu->deleteLater();
    }
}

QStringList HostWindow::menuActions(const QString &title) const
{
    QStringList labels;
    if (QMenu *menu = topMenu(title))
        for (QAction *action : menu->actions())
            if (!action->isSeparator())
                labels << action->text();
    return labels;
}

QAction *HostWindow::findAction(const QString &menuTitle, const QString &label) const
{
    if (QMenu *menu = topMenu(menuTitle))
        for (QAction *action : menu->actions())
            if (action->text() == label)
                return action;
    return nullptr;
}

QList<HostWindow::DockInfo> HostWindow::docks() const
{
    QList<DockInfo> result;
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        result.append({dock->windowTitle(), areaName(dockWidgetArea(dock)), dock->isVisible(), dock->isFloating(),
                       dock->isFloating() ? dock->frameGeometry() : dock->geometry()});
    return result;
}

QSize HostWindow::screenshot(const QString &path, QString *error)
{
    // On a real display (X11, Xvfb) the screen's own pixels: what the user
    // sees, web pages included. Without one (offscreen), the widgets' render.
    QPixmap pixmap;
    QScreen *screen = this->screen();
    if (screen && QGuiApplication::platformName() == QLatin1String("xcb"))
        pixmap = screen->grabWindow(winId());
    if (pixmap.isNull())
        pixmap = grab();
    if (pixmap.isNull()) {
        *error = QStringLiteral("the window could not be captured");
        return {};
    }
    if (!pixmap.save(path, "PNG")) {
        *error = QStringLiteral("could not write %1").arg(path);
        return {};
    }
    return pixmap.size();
}

void HostWindow::showStatus(const QString &text)
{
    statusBar()->showMessage(text);
}
