// HostWindow: avhost's QMainWindow. A viewport with the timeline under it in
// the middle, the Python console docked at the bottom, dock areas left and
// right free for panels, and a menu bar plugins add their menus to.
#ifndef AVHOST_HOST_WINDOW_H
#define AVHOST_HOST_WINDOW_H

#include <QMainWindow>
#include <QRect>

class Console;
class QAction;
class QMenu;
class Timeline;
class Viewport;

class HostWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit HostWindow(QWidget *parent = nullptr);

    Console *console() const { return console_; }
    Timeline *timeline() const { return timeline_; }

    // The top-level menu titled title, made (for plugins) on first use.
    QMenu *pluginMenu(const QString &title);
    // Removes a plugin menu once its last action is gone.
    void dropMenuIfEmpty(QMenu *menu);

    QStringList menuActions(const QString &title) const;
    QAction *findAction(const QString &menu, const QString &label) const;

    struct DockInfo {
        QString title;
        QString area; // "left", "right", "top", "bottom", or "none"
        bool visible;
        bool floating;
        QRect geometry; // in the window's coordinates
    };
    QList<DockInfo> docks() const;

    // A PNG of the window as it is on screen. Returns its size, or an empty
    // size with the reason in *error.
    QSize screenshot(const QString &path, QString *error);

    void showStatus(const QString &text);

protected:
    // Gives panels docked left or right a panel's width (the shim sizes only
    // floating docks).
    void childEvent(QChildEvent *event) override;

Q_SIGNALS:
    void loadPluginRequested(const QString &path);
    void unloadPluginsRequested();

private:
    QMenu *topMenu(const QString &title) const;

    Viewport *viewport_;
    Timeline *timeline_;
    Console *console_;
};

#endif
