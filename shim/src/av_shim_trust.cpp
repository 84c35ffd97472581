// Which pages get the bridge. Every script the shim injects is wrapped in a
// test of the page's own location against the view's trusted entries, and a
// guard script that runs first removes window.qt (Qt's WebChannel transport,
// the only way from a page to native) from every other page. An untrusted
// page therefore has no window.auroraview, no window.ipc and no window.qt.
//
// The test runs inside the new document at DocumentCreation, before any of
// the page's scripts, on `location`, whose properties a page cannot redefine,
// so the page cannot influence it. Core checks the tag of every message
// again (av_view_receive); this is the first of the two walls.
//
// Entries are origins ("https://tool.example"), "*", or file entries. Every
// local file has the one origin "file://", so an origin cannot say which
// files are the tool's: a file entry names a directory tree
// ("file:///home/me/tool/", ending in "/") or one file
// ("file:///tmp/tool.html"). Both walls compare file pages by their path,
// decoded: the JS test here reads location.pathname, the shim's tag
// (av_shim_trust_tag) the page's URL, with the same rules, so a page the
// first wall trusts is tagged with the entry the core holds, and any other
// file page with "file://<untrusted>".
#include "shim_internal.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

// The page's origin computed in JS exactly as av_shim_origin_of() computes
// it from the page's QUrl: "scheme://host[:port]" (IPv6 hosts without
// brackets, as QUrl gives them), "file://" for local files, "null" for opaque
// origins.
const char k_origin_js[] =
    "(function(){var l=window.location,s=l.protocol.slice(0,-1);"
    "if(s===''||s==='about'||s==='data')return 'null';"
    "return s+'://'+l.hostname.replace(/^\\[|\\]$/g,'')+(l.port?':'+l.port:'');})()";

// The same judgement as file_key() below, in JS, for the page's own
// location: the decoded "file://<host><path>" of a file page, or "" when its
// path has an encoded "/", "\" or NUL, a "." or ".." segment, or does not
// decode as UTF-8; then whether a directory entry is a prefix of it or a
// file entry equals it. %1 is the JSON list of entry keys.
const char k_file_test_js[] =
    "(function(F){var l=window.location;if(l.protocol!=='file:')return false;"
    "var p=l.pathname;if(p.charAt(0)!=='/'||/%(2f|5c|00)/i.test(p))return false;"
    "try{p=decodeURIComponent(p);}catch(e){return false;}"
    "if(/(^|\\/)\\.\\.?(\\/|$)/.test(p)||p.indexOf('\\\\')>=0||p.indexOf('\\u0000')>=0)return false;"
    "var u='file://'+l.hostname+p;"
    "for(var i=0;i<F.length;i++){var e=F[i];"
    "if(e.charAt(e.length-1)==='/'?u.slice(0,e.length)===e:u===e)return true;}"
    "return false;})(%1)";

const char k_untrusted_file[] = "file://<untrusted>";

// The decoded "file://<host><path>" of a file URL, the key both walls
// compare, or "" when the URL cannot be judged by its path: an encoded "/",
// "\" or NUL (a name that decodes into another path), a "." or ".." segment,
// a path that does not decode as UTF-8. The host is lower case, "localhost"
// none (as Chromium parses file URLs).
QString file_key(const QUrl &url)
{
    if (url.scheme() != QLatin1String("file"))
        return QString();
    const QByteArray encoded = url.path(QUrl::FullyEncoded).toLatin1();
    const QByteArray lower = encoded.toLower();
    if (!encoded.startsWith('/') || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00"))
        return QString();
    const QByteArray raw = QByteArray::fromPercentEncoding(encoded);
    const QString path = QString::fromUtf8(raw);
    if (path.toUtf8() != raw || raw.contains('\\') || raw.contains('\0'))
        return QString();
    for (const QString &segment : path.split(QLatin1Char('/')))
        if (segment == QLatin1String(".") || segment == QLatin1String(".."))
            return QString();
    QString host = url.host(QUrl::EncodeUnicode).toLower();
    if (host == QLatin1String("localhost"))
        host.clear();
    return QStringLiteral("file://") + host + path;
}

bool key_covers(const QString &entry_key, const QString &page_key)
{
    return entry_key.endsWith(QLatin1Char('/')) ? page_key.startsWith(entry_key) : page_key == entry_key;
}

QString trust_test(const av_shim_trust &trust)
{
    if (trust.any)
        return QStringLiteral("true");
    // JSON text is a valid JS array literal; entries are data, never code.
    const QByteArray origins = QJsonDocument(QJsonArray::fromStringList(trust.origins)).toJson(QJsonDocument::Compact);
    QString test = QStringLiteral("(%1.indexOf(%2)>=0)").arg(QString::fromUtf8(origins), QLatin1String(k_origin_js));
    if (!trust.files.isEmpty()) {
        QStringList keys;
        for (const av_shim_file_entry &f : trust.files)
            keys.append(f.key);
        const QByteArray list = QJsonDocument(QJsonArray::fromStringList(keys)).toJson(QJsonDocument::Compact);
        test = QStringLiteral("(%1||%2)").arg(test, QString::fromLatin1(k_file_test_js).arg(QString::fromUtf8(list)));
    }
    return test;
}

} // namespace

QByteArray av_shim_origin_of(const QUrl &url)
{
    const QString scheme = url.scheme();
    if (scheme.isEmpty() || scheme == QLatin1String("about") || scheme == QLatin1String("data"))
        return QByteArrayLiteral("null");
    // The host in its ASCII (punycode) form and no default port: what
    // Chromium's location gives, which the trust test compares against.
    QString origin = scheme + QStringLiteral("://") + url.host(QUrl::EncodeUnicode);
    const int port = url.port();
    const bool default_port = (port == 80 && (scheme == QLatin1String("http") || scheme == QLatin1String("ws"))) ||
                              (port == 443 && (scheme == QLatin1String("https") || scheme == QLatin1String("wss")));
    if (port != -1 && !default_port)
        origin += QLatin1Char(':') + QString::number(port);
    return origin.toUtf8();
}

QByteArray av_shim_file_entry_of(const QUrl &url)
{
    const QUrl u = url.adjusted(QUrl::NormalizePathSegments | QUrl::RemoveQuery | QUrl::RemoveFragment);
    const QByteArray base = "file://" + u.host(QUrl::EncodeUnicode).toUtf8();
    QByteArray path = u.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty())
        return base; // "file://" alone: no entry (av_shim_trust_add refuses it)
    if (!path.endsWith('/')) {
        const QFileInfo file(u.toLocalFile());
        if (file.isDir()) {
            path += '/'; // a directory named without its slash is that directory, not its parent
        } else {
            // One file only when others may write beside it (/tmp): any of
            // them could put a page there, and a tree entry would trust it.
            const QFileInfo dir(file.absolutePath());
            if (!(dir.exists() && (dir.permissions() & QFileDevice::WriteOther)))
                path.truncate(path.lastIndexOf('/') + 1);
        }
    }
    return base + path;
}

int av_shim_trust_add(av_shim_trust *trust, const QString &entry, QString *why)
{
    if (entry == QLatin1String("*")) {
        if (trust->any)
            return 0;
        trust->any = true;
        return 1;
    }
    if (entry.isEmpty() || entry == QLatin1String("null")) {
        *why = QStringLiteral("'%1' can never be trusted").arg(entry);
        return -1;
    }
    if (!entry.startsWith(QLatin1String("file:"), Qt::CaseInsensitive)) {
        if (trust->origins.contains(entry))
            return 0;
        trust->origins.append(entry);
        return 1;
    }
    const QUrl url(entry, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("file") || url.hasQuery() || url.hasFragment() ||
        !url.userInfo().isEmpty() || url.port() != -1) {
        *why = QStringLiteral("'%1' is not a file entry ('file:///path/to/tool/' for a directory tree, "
                              "'file:///path/to/page.html' for one file)").arg(entry);
        return -1;
    }
    if (url.path().isEmpty()) {
        *why = QStringLiteral("'%1' would trust every local file; trust a directory tree "
                              "('file:///path/to/tool/') or one file instead").arg(entry);
        return -1;
    }
    const QString key = file_key(url);
    if (key.isEmpty()) {
        *why = QStringLiteral("'%1' cannot be trusted: a file entry may not hold an encoded '/', '\\' or NUL, "
                              "a '.' or '..' segment, or a path that is not UTF-8").arg(entry);
        return -1;
    }
    for (const av_shim_file_entry &f : trust->files)
        if (f.entry == entry)
            return 0;
    trust->files.append(av_shim_file_entry{entry, key});
    return 1;
}

bool av_shim_trust_has_origin(const av_shim_trust &trust, const QString &origin)
{
    return trust.any || trust.origins.contains(origin);
}

bool av_shim_trust_covers_file(const av_shim_trust &trust, const QUrl &url)
{
    return trust.any || av_shim_trust_tag(trust, url) != QByteArray(k_untrusted_file);
}

QByteArray av_shim_trust_tag(const av_shim_trust &trust, const QUrl &url)
{
    if (url.scheme() != QLatin1String("file"))
        return av_shim_origin_of(url);
    const QString key = file_key(url);
    const av_shim_file_entry *best = nullptr; // the longest entry that covers the page
    if (!key.isEmpty())
        for (const av_shim_file_entry &f : trust.files)
            if (key_covers(f.key, key) && (!best || f.key.size() > best->key.size()))
                best = &f;
    return best ? best->entry.toUtf8() : QByteArray(k_untrusted_file);
}

// In an untrusted page window.qt is deleted and then pinned to undefined: Qt's
// renderer hands native's WebChannel messages to whatever
// window.qt.webChannelTransport.onmessage it finds when one arrives, so a page
// that could define its own window.qt would catch batches sent while it was
// being navigated to (docs/security.md).
QString av_shim_trust_guard(const av_shim_trust &trust)
{
    return QStringLiteral("if(!%1){try{delete window.qt;Object.defineProperty(window,'qt',"
                          "{value:undefined,writable:false,configurable:false});}catch(e){}}")
        .arg(trust_test(trust));
}

QString av_shim_trust_wrap(const av_shim_trust &trust, const QString &source)
{
    return QStringLiteral("if(%1){\n%2\n}").arg(trust_test(trust), source);
}
