// The auroraview:// scheme: directories ("asset roots") served to pages,
// with no way out of a root. docs/security.md says what is guaranteed.
#include "av_shim.h"
#include "shim_internal.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMimeDatabase>
#include <QUrl>
#include <QWebEngineProfile>
#include <QWebEngineUrlRequestJob>
#include <QWebEngineUrlScheme>
#include <QWebEngineUrlSchemeHandler>

namespace {

const char k_scheme[] = "auroraview";

// host -> canonical root directory (no trailing slash except "/"). One table
// for the process because Qt takes one handler per scheme per profile and
// every view uses the default profile. Main thread only: av_shim_asset_root
// and Qt's requestStarted both run there.
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

// The file a URL path names under root, or "" when it names none there. The
// path is judged decoded (so %2e%2e is "..", %2f is "/"); any "." or ".."
// segment, backslash or NUL is refused outright, and the file's real path
// (symlinks resolved) must still be inside the root. A directory serves its
// index.html.
QString resolve(const QString &root, const QString &url_path)
{
    if (url_path.contains(QChar(0)) || url_path.contains(QLatin1Char('\\')))
        return QString();
    QStringList segments;
    for (const QString &segment : url_path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (segment == QLatin1String(".") || segment == QLatin1String(".."))
            return QString();
        segments.append(segment);
    }
    const QString inside = root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/');
    QFileInfo info(inside + segments.join(QLatin1Char('/')));
    if (info.isDir())
        info.setFile(info.filePath() + QStringLiteral("/index.html"));
    const QString real = info.canonicalFilePath(); // "" when missing
    if (real.isEmpty() || !real.startsWith(inside) || !QFileInfo(real).isFile())
        return QString();
    return real;
}

class AvAssetHandler : public QWebEngineUrlSchemeHandler {
public:
    using QWebEngineUrlSchemeHandler::QWebEngineUrlSchemeHandler;

    void requestStarted(QWebEngineUrlRequestJob *job) override
    {
        if (job->requestMethod() != QByteArrayLiteral("GET")) {
            job->fail(QWebEngineUrlRequestJob::RequestDenied);
            return;
        }
        const QUrl url = job->requestUrl();
        const auto root = roots().constFind(url.host());
        const QString path = root == roots().constEnd() ? QString() : resolve(*root, url.path(QUrl::FullyDecoded));
        auto *file = path.isEmpty() ? nullptr : new QFile(path);
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
    QWebEngineProfile *profile = QWebEngineProfile::defaultProfile();
    if (!profile->urlSchemeHandler(QByteArray(k_scheme)))
        profile->installUrlSchemeHandler(QByteArray(k_scheme), new AvAssetHandler(profile));
    roots().insert(host, canonical);
    memcpy(url, base.constData(), static_cast<size_t>(base.size()) + 1);
    return 0;
}
