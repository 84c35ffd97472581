// Private to the shim: the QObjects behind an av_shim_view.
#ifndef AV_SHIM_INTERNAL_H
#define AV_SHIM_INTERNAL_H

#include "av_shim.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

class QDockWidget;
class QWebChannel;
class QWebEnginePage;
class QWebEngineProfile;
class QWebEngineUrlRequestInterceptor;
class QWebEngineUrlRequestJob;
class QWebEngineView;
class QWidget;

// Writes message (UTF-8, truncated) into a caller's error buffer.
void av_shim_set_error(char *err, size_t err_len, const QString &message);

// Writes a line to the shim's log (av_shim_set_log; qWarning without one).
void av_shim_log(int level, const QString &message);

// The origin of url: "scheme://host[:port]" for network URLs (the host in
// its ASCII form, no default port: what Chromium's location gives), "file://"
// for local files (one origin for every file: see av_shim_trust_tag),
// "scheme://" for other local schemes (qrc), "null" for opaque ones.
QByteArray av_shim_origin_of(const QUrl &url);

// The trust entry of a file URL (av_shim_url_origin, av_shim.h): its
// directory, or the file itself when others may write that directory.
QByteArray av_shim_file_entry_of(const QUrl &url);

// A view's trusted pages (av_shim_trust.cpp): origins, and, for file pages,
// which all share the origin "file://", directory trees and single files.
struct av_shim_file_entry {
    QString entry; // as it was given: what the core holds, and the tag of messages from pages it covers
    QString key;   // "file://<host><decoded path>": ends in "/" for a directory tree, else one file
};
struct av_shim_trust {
    QStringList origins;            // "scheme://host[:port]", as av_shim_origin_of() gives them; no file entries
    QList<av_shim_file_entry> files;
    bool any = false;               // "*": every page
};
// Adds an entry: "*" (any), an origin, or a file entry ("file:///dir/" a
// directory tree, "file:///dir/page.html" one file). Returns 1 if the set
// changed (the view's scripts must then be installed again), 0 if it held
// the entry already, -1 with *why for what can never be trusted ("", "null",
// "file://" alone, a file entry with an encoded "/", "\\" or NUL or a "." or
// ".." segment).
int av_shim_trust_add(av_shim_trust *trust, const QString &entry, QString *why);
// True when pages of origin are trusted: "*", or the origin listed exactly.
// File entries never match here (an origin has no path).
bool av_shim_trust_has_origin(const av_shim_trust &trust, const QString &origin);
// What on_message tags a message from the page at url with: the origin, or,
// for a file page, the entry that covers it ("file://<untrusted>" when none
// does, which no list can hold). The core compares the tag exactly.
QByteArray av_shim_trust_tag(const av_shim_trust &trust, const QUrl &url);
// True when the file page at url is trusted ("*", or an entry covers it).
bool av_shim_trust_covers_file(const av_shim_trust &trust, const QUrl &url);
// The first script of every page: removes window.qt from untrusted pages.
QString av_shim_trust_guard(const av_shim_trust &trust);
// source, made to run only in trusted pages.
QString av_shim_trust_wrap(const av_shim_trust &trust, const QString &source);

// Asset requests (av_shim_assets.cpp, av_shim_view.cpp). A view uses the
// asset root at asset_origin ("auroraview://<host>") when it trusts that
// origin explicitly (not through "*"). True when view is open, uses the
// root, and trusts initiator, the origin of the page that asked.
// True when view is open and trusts pages of origin.
bool av_shim_view_trusts_origin(const av_shim_view *view, const QString &origin);
// Blobs (av_shim_blobs.cpp): whether url names a blob made for view; serving
// one (once, to a page its view trusts); forgetting a closing view's.
bool av_shim_blob_is_for(const QUrl &url, const av_shim_view *view);
void av_shim_blob_serve(QWebEngineUrlRequestJob *job, const QString &initiator);
void av_shim_blobs_forget(const av_shim_view *view);
bool av_shim_view_serves_asset(const av_shim_view *view, const QString &asset_origin, const QString &initiator);
// The same for any open view: the scheme handler's test, which sees no view.
bool av_shim_views_serve_asset(const QString &asset_origin, const QString &initiator);
// The per-view guard: refuses a page's request for an asset when its own
// view does not serve it (av_shim_view_serves_asset). Owned by parent.
QWebEngineUrlRequestInterceptor *av_shim_assets_guard(av_shim_view *view, QObject *parent);
// True when view may show the local file at url in a frame: one its trust
// covers (docs/security.md, class 13).
bool av_shim_view_trusts_file(const av_shim_view *view, const QUrl &url);

// Makes profile serve the auroraview:// scheme (asset roots), once; nothing
// when the scheme could not be registered (av_shim_asset_root says why).
void av_shim_assets_serve(QWebEngineProfile *profile);

// The profile for a view's options (av_shim_profile.cpp; av_shim.h,
// av_shim_view_options.user_agent and storage_path): the default profile when
// neither is given, else a shared one, counted as used by one more view; *key
// names it for av_shim_profile_release (empty for the default profile). NULL
// with *why when it cannot be had.
QWebEngineProfile *av_shim_profile_acquire(const char *user_agent, const char *storage_path, QString *key,
                                           QString *why);
// The view of key is gone.
void av_shim_profile_release(const QString &key);

// What a view does with its pages' downloads (av_shim_view_options).
struct av_shim_download_rules {
    bool allow = false;
    bool prompt = false;
    QString directory; // empty: Qt's (the user's download directory)
};
// Makes the downloads of profile's pages follow their view's rules (av_shim_downloads.cpp); once
// per profile.
void av_shim_downloads_watch(QWebEngineProfile *profile);
// The rules of the open view showing page, and the widget a dialog of it belongs to; NULL for a
// page of no view of ours (a host's own), whose downloads are left to whoever made it.
const av_shim_download_rules *av_shim_view_download_rules(const QWebEnginePage *page, QWidget **window);

// The auroraview:// scheme that serves asset roots (av_shim_assets.cpp).
// Registers it with Qt WebEngine; must run before Qt WebEngine starts (before
// the first profile or page exists), ideally before the QApplication.
void av_shim_assets_register_scheme();

// The object the page's window.ipc talks to through the WebChannel
// transport: each post is a SetProperty of `inbox` (shim/js/ipc_transport.js).
class AvIpcEndpoint : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString inbox READ inbox WRITE post)
public:
    explicit AvIpcEndpoint(av_shim_view *view) : view_(view) {}
    // Always empty: the property is a mailbox slot, nothing is stored.
    QString inbox() const { return QString(); }
    // One transport message: handed to core as UTF-8 with the page's origin.
    void post(const QString &text);
signals:
    // A batch of native -> page messages (JSON text): the transport script
    // subscribes at document creation and hands it to the bridge.
    void pushed(const QString &batch);
private:
    av_shim_view *view_;
};

#endif
