// The auroraview:// scheme: directories ("asset roots") served to the pages
// that a view using them trusts, with no way out of a root. av_shim.h
// (av_shim_asset_root) says who is served; docs/security.md what is
// guaranteed.
#include "av_shim.h"
#include "shim_internal.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMimeDatabase>
#include <QSet>
#include <QUrl>
#include <QWebEngineProfile>
#include <QWebEngineUrlRequestInfo>
#include <QWebEngineUrlRequestInterceptor>
#include <QWebEngineUrlRequestJob>
#include <QWebEngineUrlScheme>
#include <QWebEngineUrlSchemeHandler>

namespace {

const char k_scheme[] = "auroraview";

// host -> canonical root directory (no trailing slash except "/"). One table
// for the process: every profile's handler serves from it
// (av_shim_assets_serve). Main thread only: av_shim_asset_root and Qt's
// requestStarted both run there.
QHash<QString, QString> &roots()
{
    static QHash<QString, QString> table;
    return table;
}

// Types pages need exactly (a stylesheet must be text/css, a module script a
// JavaScript type, wasm application/wasm for streaming compilation); other
// extensions ask Qt's MIME database.
const struct {
    const char *ext;
    const char *mime;
} k_types[] = {
    {"html", "text/html"},         {"htm", "text/html"},         {"js", "text/javascript"},
    {"mjs", "text/javascript"},    {"css", "text/css"},          {"json", "application/json"},
    {"map", "application/json"},   {"svg", "image/svg+xml"},     {"png", "image/png"},
    {"jpg", "image/jpeg"},         {"jpeg", "image/jpeg"},       {"gif", "image/gif"},
    {"webp", "image/webp"},        {"ico", "image/x-icon"},      {"wasm", "application/wasm"},
    {"woff", "font/woff"},         {"woff2", "font/woff2"},      {"ttf", "font/ttf"},
    {"otf", "font/otf"},           {"txt", "text/plain"},        {"xml", "application/xml"},
    {"mp4", "video/mp4"},          {"webm", "video/webm"},       {"mp3", "audio/mpeg"},
    {"wav", "audio/wav"},
};

QByteArray mime_for(const QString &path)
{
    const QString ext = QFileInfo(path).suffix().toLower();
    for (const auto &t : k_types)
        if (ext == QLatin1String(t.ext))
            return QByteArray(t.mime);
    const QMimeType type = QMimeDatabase().mimeTypeForFile(path, QMimeDatabase::MatchExtension);
    return type.isValid() ? type.name().toUtf8() : QByteArrayLiteral("application/octet-stream");
}

// What resolve() found.
enum class Found { file, missing, refused };

// The file a URL path names under root. The path is judged decoded (so
// %2e%2e is "..", %2f is "/"); any "." or ".." segment, backslash or NUL is
// refused outright (*why says which), and the file's real path (symlinks
// resolved) must still be inside the root. A directory serves its index.html.
Found resolve(const QString &root, const QString &url_path, QString *file, QString *why)
{
    if (url_path.contains(QChar(0))) {
        *why = QStringLiteral("a NUL in the path");
        return Found::refused;
    }
    if (url_path.contains(QLatin1Char('\\'))) {
        *why = QStringLiteral("a backslash in the path");
        return Found::refused;
    }
    QStringList segments;
    for (const QString &segment : url_path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (segment == QLatin1String(".") || segment == QLatin1String("..")) {
            *why = QStringLiteral("a '%1' segment in the path").arg(segment);
            return Found::refused;
        }
        segments.append(segment);
    }
    const QString inside = root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/');
    QFileInfo info(inside + segments.join(QLatin1Char('/')));
    if (info.isDir())
        info.setFile(info.filePath() + QStringLiteral("/index.html"));
    const QString real = info.canonicalFilePath(); // "" when missing
    if (real.isEmpty() || !QFileInfo(real).isFile())
        return Found::missing;
    if (!real.startsWith(inside)) {
        *why = QStringLiteral("its real path leaves the root");
        return Found::refused;
    }
    *file = real;
    return Found::file;
}

// Refusals are logged once per page origin, root and reason, not per
// request: a page can make a flood of them. At most k_log_keys are
// remembered; past that, one line says the rest go unlogged.
const int k_log_keys = 1024;

void log_refusal(const QString &initiator, const QUrl &url, const QString &reason)
{
    static QSet<QString> seen;
    static bool full = false;
    const QString key = initiator + QLatin1Char(' ') + url.host() + QLatin1Char(' ') + reason;
    if (seen.contains(key) || full)
        return;
    if (seen.size() >= k_log_keys) {
        full = true;
        av_shim_log(AV_SHIM_LOG_WARN, QStringLiteral("asset requests: %1 kinds of refusal logged; "
                                                     "further ones are refused without a line").arg(k_log_keys));
        return;
    }
    seen.insert(key);
    av_shim_log(AV_SHIM_LOG_WARN,
                QStringLiteral("refused %1 to %2: %3 (further requests like it are refused silently)")
                    .arg(url.toString(QUrl::FullyEncoded).left(300), initiator, reason));
}

// The origin of the page that made a request, for the tests and the log;
// empty for the view's own load (a navigation it was told to make, as
// av_shim_view_load_url does: no page asked).
QString initiator_of(const QUrl &from)
{
    return from.isEmpty() ? QString() : QString::fromUtf8(av_shim_origin_of(from));
}

// A file page's origin ("file://", or "null" in Qt 6) names no directory,
// so no entry of a view can say the page is the tool's: file pages are never
// served, whatever the view trusts.
const char k_file_page[] = "a file page (its origin names no directory; load the page from the root instead)";

bool is_file_page(const QString &initiator)
{
    return initiator.startsWith(QLatin1String("file:"));
}

QString who(const QString &initiator)
{
    return initiator.isEmpty() ? QStringLiteral("the view's own load") : initiator;
}

// The first test, per view: Qt asks it about every request of the view's
// page and its frames (redirects too), before the request is made. Qt gives
// it no initiator both for the view's own load and for an opaque page (a
// data: or sandboxed frame, a file page); it lets both pass, and the scheme
// handler, which sees "null" for the second, refuses them there.
class AvAssetGuard : public QWebEngineUrlRequestInterceptor {
public:
    AvAssetGuard(av_shim_view *view, QObject *parent) : QWebEngineUrlRequestInterceptor(parent), view_(view) {}

    void interceptRequest(QWebEngineUrlRequestInfo &info) override
    {
        const QUrl url = info.requestUrl();
        // A frame showing a local file the view does not trust: Qt lets local
        // file pages script each other, so such a frame inside a trusted file
        // page could call its parent's window.auroraview and speak as it.
        if (info.resourceType() == QWebEngineUrlRequestInfo::ResourceTypeSubFrame &&
            url.scheme() == QLatin1String("file") && !av_shim_view_trusts_file(view_, url)) {
            log_refusal(initiator_of(info.initiator()), url,
                        QStringLiteral("a frame of a local file the view does not trust"));
            info.block(true);
            return;
        }
        if (url.scheme() != QLatin1String(k_scheme))
            return;
        const QString initiator = initiator_of(info.initiator());
        if (url.host() == QLatin1String("blob")) { // made for this view, asked for by a page it trusts
            if (initiator.isEmpty() || !av_shim_blob_is_for(url, view_) || !av_shim_view_trusts_origin(view_, initiator)) {
                log_refusal(initiator, url, QStringLiteral("a payload made for another view, read already or expired"));
                info.block(true);
            }
            return;
        }
        if (initiator.isEmpty())
            return;
        if (is_file_page(initiator)) {
            log_refusal(initiator, url, QLatin1String(k_file_page));
            info.block(true);
            return;
        }
        if (av_shim_view_serves_asset(view_, QString::fromUtf8(av_shim_origin_of(url)), initiator))
            return;
        log_refusal(initiator, url, QStringLiteral("this view does not use this asset root or does not trust that origin"));
        info.block(true);
    }

private:
    av_shim_view *view_;
};

// The second test, for the process: pages of no view of ours (a host's own
// QWebEngineView on the default profile) have no guard.
class AvAssetHandler : public QWebEngineUrlSchemeHandler {
public:
    using QWebEngineUrlSchemeHandler::QWebEngineUrlSchemeHandler;

    void requestStarted(QWebEngineUrlRequestJob *job) override
    {
        const QUrl url = job->requestUrl();
        const QString initiator = initiator_of(job->initiator());
        const QString asset_origin = QString::fromUtf8(av_shim_origin_of(url));
        if (!initiator.isEmpty() && is_file_page(initiator)) {
            log_refusal(initiator, url, QLatin1String(k_file_page));
            job->fail(QWebEngineUrlRequestJob::RequestDenied);
            return;
        }
        if (url.host() == QLatin1String("blob")) {
            av_shim_blob_serve(job, initiator);
            return;
        }
        if (initiator == QLatin1String("null")) { // what the guard could not tell from the view's own load
            log_refusal(initiator, url, QStringLiteral("a page with an opaque origin (data:, a sandboxed frame; "
                                                       "a file page in Qt 6)"));
            job->fail(QWebEngineUrlRequestJob::RequestDenied);
            return;
        }
        if (!initiator.isEmpty() && !av_shim_views_serve_asset(asset_origin, initiator)) {
            log_refusal(initiator, url, QStringLiteral("no open view that uses this asset root trusts that origin"));
            job->fail(QWebEngineUrlRequestJob::RequestDenied);
            return;
        }
        if (job->requestMethod() != QByteArrayLiteral("GET")) {
            log_refusal(who(initiator), url, QStringLiteral("the method %1 (assets are read with GET)")
                                                 .arg(QString::fromLatin1(job->requestMethod().left(32))));
            job->fail(QWebEngineUrlRequestJob::RequestDenied);
            return;
        }
        const auto root = roots().constFind(url.host());
        QString path, why;
        const Found found = root == roots().constEnd() ? Found::missing
                                                       : resolve(*root, url.path(QUrl::FullyDecoded), &path, &why);
        if (found == Found::refused) {
            log_refusal(who(initiator), url, why);
            job->fail(QWebEngineUrlRequestJob::RequestDenied);
            return;
        }
        auto *file = found == Found::file ? new QFile(path) : nullptr;
        if (!file || !file->open(QIODevice::ReadOnly)) {
            delete file;
            job->fail(QWebEngineUrlRequestJob::UrlNotFound);
            return;
        }
        // Qt reads the device until the job is gone; it does not own it.
        QObject::connect(job, &QObject::destroyed, file, &QObject::deleteLater);
        job->reply(mime_for(path), file);
    }
};

bool scheme_registered()
{
    return !QWebEngineUrlScheme::schemeByName(QByteArray(k_scheme)).name().isEmpty();
}

} // namespace

QWebEngineUrlRequestInterceptor *av_shim_assets_guard(av_shim_view *view, QObject *parent)
{
    return new AvAssetGuard(view, parent);
}

void av_shim_assets_serve(QWebEngineProfile *profile)
{
    if (scheme_registered() && !profile->urlSchemeHandler(QByteArray(k_scheme)))
        profile->installUrlSchemeHandler(QByteArray(k_scheme), new AvAssetHandler(profile));
}

void av_shim_assets_register_scheme()
{
    if (scheme_registered())
        return;
    QWebEngineUrlScheme scheme{QByteArray(k_scheme)};
    // Host syntax: "auroraview://<host>/path" has a real origin, relative
    // URLs resolve, and pages are a secure context (SecureScheme).
    scheme.setSyntax(QWebEngineUrlScheme::Syntax::Host);
    scheme.setFlags(QWebEngineUrlScheme::SecureScheme | QWebEngineUrlScheme::CorsEnabled);
    QWebEngineUrlScheme::registerScheme(scheme); // ignored (with Qt's warning) once Qt WebEngine runs
}

extern "C" int av_shim_asset_root(const char *root, char *url, size_t url_len, char *err, size_t err_len)
{
    if (!QCoreApplication::instance()) {
        av_shim_set_error(err, err_len, QStringLiteral("call av_shim_app_init first"));
        return -1;
    }
    if (!scheme_registered()) {
        av_shim_set_error(err, err_len,
                          QStringLiteral("the auroraview:// scheme could not be registered: this process started "
                                         "Qt WebEngine (made a web page or profile) before auroraview was "
                                         "initialised; initialise auroraview first, or serve the files another "
                                         "way (load_file, an http server)"));
        return -1;
    }
    const QFileInfo info(QString::fromUtf8(root ? root : ""));
    const QString canonical = info.canonicalFilePath();
    if (canonical.isEmpty() || !info.isDir()) {
        av_shim_set_error(err, err_len, QStringLiteral("asset root is not a directory: %1").arg(info.filePath()));
        return -1;
    }
    // The same root gets the same host in every run (its origin's storage persists).
    const QString host = QStringLiteral("app-") + QString::fromLatin1(
        QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex().left(12));
    const QByteArray base = (QLatin1String(k_scheme) + QStringLiteral("://") + host + QLatin1Char('/')).toUtf8();
    if (!url || url_len <= static_cast<size_t>(base.size())) {
        av_shim_set_error(err, err_len, QStringLiteral("the URL buffer is too small"));
        return -1;
    }
    av_shim_assets_serve(QWebEngineProfile::defaultProfile());
    roots().insert(host, canonical);
    memcpy(url, base.constData(), static_cast<size_t>(base.size()) + 1);
    return 0;
}
