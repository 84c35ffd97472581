// av_shim_watch_fd: a QSocketNotifier per watched descriptor, so the host's
// own event loop polls it with everything else it waits on.
#include "av_shim.h"

#include <QCoreApplication>
#include <QSocketNotifier>

struct av_shim_watch {
    QSocketNotifier *notifier;
};

extern "C" av_shim_watch *av_shim_watch_fd(int fd, int mode, void (*ready)(void *user), void *user)
{
    if (!QCoreApplication::instance() || fd < 0 || !ready ||
        (mode != AV_SHIM_READABLE && mode != AV_SHIM_WRITABLE))
        return nullptr;
    auto type = mode == AV_SHIM_READABLE ? QSocketNotifier::Read : QSocketNotifier::Write;
    auto *watch = new av_shim_watch{new QSocketNotifier(fd, type)};
    QObject::connect(watch->notifier, &QSocketNotifier::activated, watch->notifier,
                     [ready, user] { ready(user); });
    return watch;
}

extern "C" void av_shim_watch_free(av_shim_watch *watch)
{
    if (!watch)
        return;
    watch->notifier->setEnabled(false);
    // Deleted later: the call may come from inside the notifier's own signal.
    watch->notifier->deleteLater();
    delete watch;
}
