// Downloads: a page's download is saved or dropped as its view's options say
// (av_shim.h, av_shim_view_options.allow_downloads). Qt WebEngine cancels a
// download nobody accepts while its profile's downloadRequested signal runs.
#include "shim_internal.h"
#include "shim_qt_compat.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSet>
#include <QWebEngineProfile>

namespace {

void on_download(AvDownload *download)
{
    QWidget *window = nullptr;
    const av_shim_download_rules *rules = av_shim_view_download_rules(download->page(), &window);
    if (!rules)
        return; // a page of no view of ours: whoever made it decides
    const QString url = download->url().toString().left(300);
    if (!rules->allow) {
        av_shim_log(AV_SHIM_LOG_INFO, QStringLiteral("a download of %1 was dropped: the view does not allow "
                                                     "downloads (allow_downloads)").arg(url));
        return;
    }
    QString directory = rules->directory.isEmpty() ? download->downloadDirectory() : rules->directory;
    QString name = download->downloadFileName();
    if (rules->prompt) {
        // A modal dialog inside the signal: the download waits for the answer.
        const QString path = QFileDialog::getSaveFileName(window, QStringLiteral("Save As"),
                                                          QDir(directory).filePath(name));
        if (path.isEmpty()) {
            av_shim_log(AV_SHIM_LOG_INFO, QStringLiteral("a download of %1 was not saved: the file dialog was "
                                                         "cancelled").arg(url));
            return;
        }
        directory = QFileInfo(path).absolutePath();
        name = QFileInfo(path).fileName();
    }
    download->setDownloadDirectory(directory);
    download->setDownloadFileName(name);
    av_qt_on_download_end(download, download, [download, url] {
        if (download->state() == AvDownload::DownloadCompleted)
            av_shim_log(AV_SHIM_LOG_INFO, QStringLiteral("a download of %1 was saved as %2")
                                              .arg(url, QDir(download->downloadDirectory())
                                                            .filePath(download->downloadFileName())));
        else
            av_shim_log(AV_SHIM_LOG_WARN, QStringLiteral("a download of %1 was not saved: %2")
                                              .arg(url, download->interruptReasonString()));
    });
    download->accept();
}

} // namespace

void av_shim_downloads_watch(QWebEngineProfile *profile)
{
    static QSet<QWebEngineProfile *> watched; // main thread only; profiles are never deleted
    if (watched.contains(profile))
        return;
    watched.insert(profile);
    QObject::connect(profile, &QWebEngineProfile::downloadRequested, profile, on_download);
}
