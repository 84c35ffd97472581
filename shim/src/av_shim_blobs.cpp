// Blobs: bytes a view's page reads once at auroraview://blob/<token>, the
// road of big payloads from native to the page (docs/architecture.md, "Big
// payloads"). The bytes are not copied here: Qt reads the reply's device in
// pieces and each piece comes from the blob's reader, so serving costs the
// host's main thread no long stall. A blob is served once, to a trusted page
// of the view it was made for, within k_blob_ttl_ms.
#include "av_shim.h"
#include "shim_internal.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QHash>
#include <QIODevice>
#include <QMutex>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QTimer>
#include <QWebEngineUrlRequestJob>

#include <cstring>
#include <memory>
#include <vector>

namespace {

const qint64 k_blob_ttl_ms = 60 * 1000;
const int k_blob_max = 1024; // waiting at once, process-wide

// The maker's reader; released when the last holder lets go.
struct Source {
    av_shim_blob_reader r;
    explicit Source(const av_shim_blob_reader &reader) : r(reader) {}
    ~Source() { r.release(r.user); }
    Source(const Source &) = delete;
    Source &operator=(const Source &) = delete;
};
using SourceRef = std::shared_ptr<Source>;

struct Blob {
    const av_shim_view *view;
    SourceRef source;
    QDeadlineTimer deadline;
};

// token -> blob. Any thread adds (emit runs on any thread); the main thread
// takes. A source is never released under this lock (a release may take the
// GIL, which another thread may hold while it waits for the lock): what
// leaves the table goes into a Dropped first, released when that goes out of
// scope after the lock.
QMutex &lock()
{
    static QMutex m;
    return m;
}

QHash<QString, Blob> &blobs()
{
    static QHash<QString, Blob> table;
    return table;
}

using Dropped = std::vector<SourceRef>;

template <typename Pred> void drop_where(Dropped &out, Pred pred)
{
    for (auto it = blobs().begin(); it != blobs().end();) {
        if (pred(*it)) {
            out.push_back(std::move(it->source));
            it = blobs().erase(it);
        } else {
            ++it;
        }
    }
}

void drop_expired(Dropped &out)
{
    drop_where(out, [](const Blob &b) { return b.deadline.hasExpired(); });
}

// Serves a source in the pieces Qt asks for; lets it go once read to the end.
class BlobDevice : public QIODevice {
public:
    explicit BlobDevice(SourceRef source) : source_(std::move(source)), length_(static_cast<qint64>(source_->r.length)) {}
    bool isSequential() const override { return false; }
    qint64 size() const override { return length_; }

protected:
    qint64 readData(char *data, qint64 max) override
    {
        const qint64 at = pos();
        const qint64 n = qMin(max, length_ - at);
        if (n <= 0 || !source_)
            return n == 0 ? 0 : -1;
        const size_t got = source_->r.read(source_->r.user, static_cast<unsigned long long>(at), data, static_cast<size_t>(n));
        if (got == 0 || at + static_cast<qint64>(got) >= length_)
            source_.reset(); // all read, or failed: the maker's memory goes now, not with the job
        return got ? static_cast<qint64>(got) : -1;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    SourceRef source_;
    const qint64 length_;
};

void sweep()
{
    Dropped dropped;
    QMutexLocker hold(&lock());
    drop_expired(dropped);
    hold.unlock();
}

} // namespace

bool av_shim_blob_is_for(const QUrl &url, const av_shim_view *view)
{
    QMutexLocker hold(&lock());
    const auto it = blobs().constFind(url.path().mid(1));
    return it != blobs().constEnd() && it->view == view;
}

void av_shim_blob_serve(QWebEngineUrlRequestJob *job, const QString &initiator)
{
    Blob blob;
    {
        QMutexLocker hold(&lock());
        auto it = blobs().find(job->requestUrl().path().mid(1));
        if (it != blobs().end()) {
            blob = std::move(*it);
            blobs().erase(it); // once
        }
    }
    if (!blob.source || blob.deadline.hasExpired()) {
        job->fail(QWebEngineUrlRequestJob::UrlNotFound); // read already, expired, or never made
        return;
    }
    if (initiator.isEmpty() || !av_shim_view_trusts_origin(blob.view, initiator) ||
        job->requestMethod() != QByteArrayLiteral("GET")) {
        job->fail(QWebEngineUrlRequestJob::RequestDenied);
        return;
    }
    auto *device = new BlobDevice(std::move(blob.source));
    device->open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    QObject::connect(job, &QObject::destroyed, device, &QObject::deleteLater);
    job->reply(QByteArrayLiteral("application/octet-stream"), device);
}

extern "C" int av_shim_view_blob(av_shim_view *view, const av_shim_blob_reader *reader, char *url, size_t url_len,
                                 char *err, size_t err_len)
{
    SourceRef source = std::make_shared<Source>(*reader);
    const quint64 r[2] = {QRandomGenerator::system()->generate64(), QRandomGenerator::system()->generate64()};
    const QString token = QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(r), sizeof r).toHex());
    const QByteArray address = (QStringLiteral("auroraview://blob/") + token).toUtf8();
    if (!url || url_len <= static_cast<size_t>(address.size())) {
        av_shim_set_error(err, err_len, QStringLiteral("the URL buffer is too small"));
        return -1;
    }
    Dropped dropped;
    QMutexLocker hold(&lock());
    drop_expired(dropped);
    if (blobs().size() >= k_blob_max) {
        hold.unlock();
        av_shim_set_error(err, err_len, QStringLiteral("%1 big payloads are waiting for pages to read them; "
                                                       "send fewer at once").arg(k_blob_max));
        return -1;
    }
    blobs().insert(token, Blob{view, std::move(source), QDeadlineTimer(k_blob_ttl_ms)});
    hold.unlock();
    memcpy(url, address.constData(), static_cast<size_t>(address.size()) + 1);
    // An unread blob is let go at its expiry even if no other blob comes to sweep it.
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [] { QTimer::singleShot(k_blob_ttl_ms + 1000, QCoreApplication::instance(), sweep); },
        Qt::QueuedConnection);
    return 0;
}

void av_shim_blobs_forget(const av_shim_view *view)
{
    Dropped dropped;
    QMutexLocker hold(&lock());
    drop_where(dropped, [view](const Blob &b) { return b.view == view; });
    hold.unlock();
}
