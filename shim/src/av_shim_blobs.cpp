// Blobs: bytes a view's page reads once at auroraview://blob/<token>, the
// road of big payloads from native to the page (docs/architecture.md, "Big
// payloads"). Qt reads the reply's device in pieces, so serving costs the
// host's main thread no long stall; a blob is served once, to a trusted page
// of the view it was made for, within k_blob_ttl_ms.
#include "av_shim.h"
#include "shim_internal.h"

#include <QBuffer>
#include <QDeadlineTimer>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QWebEngineUrlRequestJob>

#include <cstring>

namespace {

const qint64 k_blob_ttl_ms = 60 * 1000;
const int k_blob_max = 1024; // waiting at once, process-wide

struct Blob {
    const av_shim_view *view;
    QByteArray data;
    QDeadlineTimer deadline;
};

// token -> blob. Any thread adds (emit runs on any thread); the main thread
// takes.
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

void drop_expired()
{
    for (auto it = blobs().begin(); it != blobs().end();) {
        if (it->deadline.hasExpired())
            it = blobs().erase(it);
        else
            ++it;
    }
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
        if (it == blobs().end() || it->deadline.hasExpired()) {
            if (it != blobs().end())
                blobs().erase(it);
            hold.unlock();
            job->fail(QWebEngineUrlRequestJob::UrlNotFound); // read already, expired, or never made
            return;
        }
        blob = std::move(*it);
        blobs().erase(it); // once
    }
    if (initiator.isEmpty() || !av_shim_view_trusts_origin(blob.view, initiator) ||
        job->requestMethod() != QByteArrayLiteral("GET")) {
        job->fail(QWebEngineUrlRequestJob::RequestDenied);
        return;
    }
    auto *buffer = new QBuffer;
    buffer->setData(blob.data);
    buffer->open(QIODevice::ReadOnly);
    QObject::connect(job, &QObject::destroyed, buffer, &QObject::deleteLater);
    job->reply(QByteArrayLiteral("application/octet-stream"), buffer);
}

extern "C" int av_shim_view_blob(av_shim_view *view, const char *data, size_t len, char *url, size_t url_len,
                                 char *err, size_t err_len)
{
    const quint64 r[2] = {QRandomGenerator::system()->generate64(), QRandomGenerator::system()->generate64()};
    const QString token = QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(r), sizeof r).toHex());
    const QByteArray address = (QStringLiteral("auroraview://blob/") + token).toUtf8();
    if (!url || url_len <= static_cast<size_t>(address.size())) {
        av_shim_set_error(err, err_len, QStringLiteral("the URL buffer is too small"));
        return -1;
    }
    QByteArray bytes(data, static_cast<qsizetype>(len));
    QMutexLocker hold(&lock());
    drop_expired();
    if (blobs().size() >= k_blob_max) {
        av_shim_set_error(err, err_len, QStringLiteral("%1 big payloads are waiting for pages to read them; "
                                                       "send fewer at once").arg(k_blob_max));
        return -1;
    }
    blobs().insert(token, Blob{view, std::move(bytes), QDeadlineTimer(k_blob_ttl_ms)});
    memcpy(url, address.constData(), static_cast<size_t>(address.size()) + 1);
    return 0;
}

void av_shim_blobs_forget(const av_shim_view *view)
{
    QMutexLocker hold(&lock());
    for (auto it = blobs().begin(); it != blobs().end();) {
        if (it->view == view)
            it = blobs().erase(it);
        else
            ++it;
    }
}
