// Which pages get the bridge. Every script the shim injects is wrapped in a
// test of the page's own origin against the view's trusted origins, and a
// guard script that runs first removes window.qt (Qt's WebChannel transport,
// the only way from a page to native) from every other page. An untrusted
// page therefore has no window.auroraview, no window.ipc and no window.qt.
//
// The test runs inside the new document at DocumentCreation, before any of
// the page's scripts, on `location`, whose properties a page cannot redefine,
// so the page cannot influence it. Core checks the origin of every message
// again (av_core_receive); this is the first of the two walls.
#include "shim_internal.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

// The page's origin computed in JS exactly as av_shim_origin_of() computes
// it from the page's QUrl: "scheme://host[:port]"
// (IPv6 hosts without brackets, as QUrl gives them), "file://" for local
// files, "null" for opaque origins.
const char k_origin_js[] =
    "(function(){var l=window.location,s=l.protocol.slice(0,-1);"
    "if(s===''||s==='about'||s==='data')return 'null';"
    "return s+'://'+l.hostname.replace(/^\\[|\\]$/g,'')+(l.port?':'+l.port:'');})()";

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

bool av_shim_trust_add(av_shim_trust *trust, const QString &origin)
{
    if (origin == QLatin1String("*")) {
        if (trust->any)
            return false;
        trust->any = true;
        return true;
    }
    if (origin.isEmpty() || origin == QLatin1String("null") || trust->origins.contains(origin))
        return false;
    trust->origins.append(origin);
    return true;
}

bool av_shim_trust_has_origin(const av_shim_trust &trust, const QString &origin)
{
    return trust.any || trust.origins.contains(origin);
}

QString av_shim_trust_test(const av_shim_trust &trust)
{
    if (trust.any)
        return QStringLiteral("true");
    // JSON text is a valid JS array literal; origins are data, never code.
    const QByteArray list = QJsonDocument(QJsonArray::fromStringList(trust.origins)).toJson(QJsonDocument::Compact);
    return QStringLiteral("(%1.indexOf(%2)>=0)").arg(QString::fromUtf8(list), QLatin1String(k_origin_js));
}

QString av_shim_trust_guard(const av_shim_trust &trust)
{
    return QStringLiteral("if(!%1){try{delete window.qt;}catch(e){}}").arg(av_shim_trust_test(trust));
}

QString av_shim_trust_wrap(const av_shim_trust &trust, const QString &source)
{
    return QStringLiteral("if(%1){\n%2\n}").arg(av_shim_trust_test(trust), source);
}
