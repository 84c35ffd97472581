// Private to the shim: the QObjects behind an av_shim_view.
#ifndef AV_SHIM_INTERNAL_H
#define AV_SHIM_INTERNAL_H

#include "av_shim.h"

#include <QObject>
#include <QPointer>
#include <QString>

class QDockWidget;
class QWebChannel;
class QWebEnginePage;
class QWebEngineView;
class QWidget;

// Writes message (UTF-8, truncated) into a caller's error buffer.
void av_shim_set_error(char *err, size_t err_len, const QString &message);

// The object the page's window.ipc talks to through the WebChannel
// transport: each post is a SetProperty of `inbox` (shim/js/ipc_transport.js).
class AvIpcEndpoint : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString inbox READ inbox WRITE post)
public:
    explicit AvIpcEndpoint(av_shim_view *view) : view_(view) {}
    // Always empty: the property is a mailbox slot, nothing is stored.
    QString inbox() const { return QString(); }
    // One transport message: handed to core as UTF-8 with the page's origin.
    void post(const QString &text);
private:
    av_shim_view *view_;
};

#endif
