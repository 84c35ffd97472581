// av_shim_watch_fd: a QSocketNotifier per watched descriptor, so the host's
// own event loop polls it with everything else it waits on; av_shim_timer: a
// single-shot QTimer on the same loop.
#include "av_shim.h"
#include "shim_internal.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimer>

struct av_shim_watch {
    QSocketNotifier *notifier;
};

extern "C" int av_shim_watch_fd(int fd, int mode, void (*ready)(void *user), void *user, av_shim_watch **out,
                                char *err, size_t err_len)
{
    if (!QCoreApplication::instance()) {
        av_shim_set_error(err, err_len, QStringLiteral("watch_fd: there is no Qt application (av_shim_app_init first)"));
        return -1;
    }
    if (fd < 0 || !ready || !out || (mode != AV_SHIM_READABLE && mode != AV_SHIM_WRITABLE)) {
        av_shim_set_error(err, err_len, QStringLiteral("watch_fd: needs fd >= 0, a callback and READABLE or WRITABLE (got fd %1, mode %2)")
                                            .arg(fd).arg(mode));
        return -1;
    }
    auto type = mode == AV_SHIM_READABLE ? QSocketNotifier::Read : QSocketNotifier::Write;
    auto *watch = new av_shim_watch{new QSocketNotifier(fd, type)};
    QObject::connect(watch->notifier, &QSocketNotifier::activated, watch->notifier,
                     [ready, user] { ready(user); });
    *out = watch;
    return 0;
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

struct av_shim_timer {
    QTimer *timer;
};

extern "C" int av_shim_timer_start(int ms, void (*fire)(void *user), void *user, av_shim_timer **out, char *err,
                                   size_t err_len)
{
    if (!QCoreApplication::instance()) {
        av_shim_set_error(err, err_len, QStringLiteral("timer: there is no Qt application (av_shim_app_init first)"));
        return -1;
    }
    if (ms < 0 || !fire || !out) {
        av_shim_set_error(err, err_len, QStringLiteral("timer: needs ms >= 0 and a callback (got ms %1)").arg(ms));
        return -1;
    }
    auto *timer = new av_shim_timer{new QTimer()};
    timer->timer->setSingleShot(true);
    QObject::connect(timer->timer, &QTimer::timeout, timer->timer, [fire, user] { fire(user); });
    timer->timer->start(ms);
    *out = timer;
    return 0;
}

extern "C" void av_shim_timer_free(av_shim_timer *timer)
{
    if (!timer)
        return;
    timer->timer->stop();
    // Deleted later: the call may come from inside the timer's own signal.
    timer->timer->deleteLater();
    delete timer;
}
