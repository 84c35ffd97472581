// Profiles: which QWebEngineProfile a view's page belongs to. A user agent
// and a storage directory are properties of a profile in Qt WebEngine, not
// of a page, so a view that asks for either gets a profile of its own, shared
// with the views that ask for the same (av_shim.h, av_shim_view_options).
#include "shim_internal.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QWebEngineProfile>

namespace {

struct Profile {
    QWebEngineProfile *profile = nullptr; // never deleted: pages must not outlive it, and a
                                          // disk profile's directory cannot be reopened while
                                          // Chromium still releases it
    QString user_agent;                   // what the views asked for; null: Qt WebEngine's own
    int views = 0;                        // open views using it
};

// "ua:<agent>" for off-the-record profiles, "dir:<canonical path>" for disk
// ones. Main thread only.
QHash<QString, Profile> &profiles()
{
    static QHash<QString, Profile> table;
    return table;
}

QString storage_name(const QString &dir)
{
    return QStringLiteral("auroraview-") +
           QString::fromLatin1(QCryptographicHash::hash(dir.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

} // namespace

QWebEngineProfile *av_shim_profile_acquire(const char *user_agent, const char *storage_path, QString *key,
                                           QString *why)
{
    const QString agent = user_agent ? QString::fromUtf8(user_agent) : QString();
    if (!user_agent && !storage_path) {
        key->clear();
        av_shim_downloads_watch(QWebEngineProfile::defaultProfile());
        av_shim_assets_serve(QWebEngineProfile::defaultProfile()); // the scheme's blobs, for every view
        return QWebEngineProfile::defaultProfile();
    }
    QString dir;
    if (storage_path) {
        if (!QDir().mkpath(QString::fromUtf8(storage_path))) {
            *why = QStringLiteral("data directory %1 cannot be made").arg(QString::fromUtf8(storage_path));
            return nullptr;
        }
        dir = QFileInfo(QString::fromUtf8(storage_path)).canonicalFilePath();
        *key = QStringLiteral("dir:") + dir;
    } else {
        *key = QStringLiteral("ua:") + agent;
    }
    Profile &p = profiles()[*key];
    if (p.profile && p.views > 0 && p.user_agent != agent) {
        *why = QStringLiteral("data directory %1 is in use by a view with %2; a directory holds one profile, "
                              "whose user agent its views share: give them the same user_agent, or each its "
                              "own data directory")
                   .arg(dir, p.user_agent.isNull() ? QStringLiteral("the default user agent")
                                                   : QStringLiteral("user agent '%1'").arg(p.user_agent));
        return nullptr;
    }
    if (!p.profile) {
        if (storage_path) {
            p.profile = new QWebEngineProfile(storage_name(dir));
            p.profile->setPersistentStoragePath(dir);
            p.profile->setCachePath(dir + QStringLiteral("/cache"));
        } else {
            p.profile = new QWebEngineProfile(); // off the record
        }
        av_shim_assets_serve(p.profile);
        av_shim_downloads_watch(p.profile);
    }
    if (p.views == 0 || p.user_agent != agent) {
        p.user_agent = agent;
        p.profile->setHttpUserAgent(agent); // empty: Qt WebEngine's own
    }
    p.views++;
    return p.profile;
}

void av_shim_profile_release(const QString &key)
{
    if (key.isEmpty())
        return;
    auto it = profiles().find(key);
    if (it != profiles().end() && it->views > 0)
        it->views--;
}
