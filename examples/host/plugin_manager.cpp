#include "plugin_manager.h"

#include "auroraview/av_host_plugin.h"
#include "console.h"
#include "host_window.h"
#include "python_host.h"

#include <QAction>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QPointer>
#include <QTimer>
#include <cstring>
#include <dlfcn.h>

struct LoadedPlugin {
    PluginManager *manager = nullptr;
    QString path; // canonical
    void *library = nullptr;
    av_host_plugin_unload_fn unload = nullptr;
    av_host_services services{}; // handed to the plugin; lives as long as this
    QList<QPointer<QAction>> actions;
    int running = 0;          // plugin code on the stack: its load or one of its callbacks
    bool unloadAsked = false; // avhost.unload_plugin came while it was running
};

namespace {

void copyOut(const QString &text, char *out, size_t len)
{
    if (!out || !len)
        return;
    const QByteArray utf8 = text.toUtf8();
    const size_t n = qMin(static_cast<size_t>(utf8.size()), len - 1);
    memcpy(out, utf8.constData(), n);
    out[n] = '\0';
}

} // namespace

// The services a plugin gets; `host` is its LoadedPlugin.
struct Services {
    static LoadedPlugin *plugin(void *host) { return static_cast<LoadedPlugin *>(host); }

    static int runPython(void *host, const char *code, char *err, size_t errLen)
    {
        QString summary;
        if (plugin(host)->manager->python_->runIsolated(QByteArray(code), &summary))
            return 0;
        copyOut(summary, err, errLen);
        return -1;
    }

    static int addMenuAction(void *host, const char *menuTitle, const char *label, void (*fn)(void *), void *arg)
    {
        LoadedPlugin *p = plugin(host);
        if (!menuTitle || !label || !fn)
            return -1;
        QMenu *menu = p->manager->window_->pluginMenu(QString::fromUtf8(menuTitle));
        QAction *action = menu->addAction(QString::fromUtf8(label));
        QObject::connect(action, &QAction::triggered, action, [p, fn, arg] {
            p->running++;
            fn(arg);
            p->running--;
            if (!p->running && p->unloadAsked)
                QTimer::singleShot(0, p->manager->window_, [m = p->manager, path = p->path] {
                    QString error;
                    m->unload(path, &error);
                });
        });
        p->actions.append(action);
        return 0;
    }

    static int promptText(void *host, const char *title, const char *label, char *out, size_t outLen)
    {
        PluginManager *m = plugin(host)->manager;
        QString answer;
        bool ok = true;
        if (m->scriptedAnswer_) {
            answer = *m->scriptedAnswer_;
        } else {
            answer = QInputDialog::getText(m->window_, QString::fromUtf8(title), QString::fromUtf8(label),
                                           QLineEdit::Normal, QString(), &ok);
        }
        copyOut(answer.trimmed(), out, outLen);
        return ok ? 1 : 0;
    }

    static void log(void *host, int level, const char *message)
    {
        Console *console = plugin(host)->manager->window_->console();
        const QString line = QString::fromUtf8(message);
        if (level >= AV_HOST_LOG_ERROR)
            console->error(line);
        else
            console->info(line);
    }
};

PluginManager::PluginManager(HostWindow *window, PythonHost *python) : window_(window), python_(python) {}

PluginManager::~PluginManager()
{
    unloadAll();
}

LoadedPlugin *PluginManager::find(const QString &path) const
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    for (const auto &p : plugins_)
        if (p->path == path || p->path == canonical)
            return p.get();
    return nullptr;
}

bool PluginManager::load(const QString &path, QString *canonical, QString *error)
{
    const QFileInfo info(path);
    if (!info.isFile()) {
        *error = QStringLiteral("no plugin file at %1").arg(path);
        return false;
    }
    *canonical = info.canonicalFilePath();
    if (find(*canonical)) {
        *error = QStringLiteral("%1 is loaded already").arg(*canonical);
        return false;
    }
    void *library = dlopen(QFile::encodeName(*canonical).constData(), RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        *error = QStringLiteral("cannot open %1: %2").arg(*canonical, QString::fromLocal8Bit(dlerror()));
        return false;
    }
    auto load = reinterpret_cast<av_host_plugin_load_fn>(dlsym(library, "av_host_plugin_load"));
    auto unload = reinterpret_cast<av_host_plugin_unload_fn>(dlsym(library, "av_host_plugin_unload"));
    if (!load || !unload) {
        dlclose(library);
        *error = QStringLiteral("%1 is not a host plugin: it does not export av_host_plugin_load and "
                                "av_host_plugin_unload")
                     .arg(*canonical);
        return false;
    }

    auto plugin = std::make_unique<LoadedPlugin>();
    LoadedPlugin *p = plugin.get();
    p->manager = this;
    p->path = *canonical;
    p->library = library;
    p->unload = unload;
    p->services.abi_version = AV_HOST_ABI_VERSION;
    p->services.size = sizeof p->services;
    p->services.host = p;
    p->services.host_name = "avhost";
    p->services.main_window = static_cast<QMainWindow *>(window_);
    p->services.run_python = Services::runPython;
    p->services.add_menu_action = Services::addMenuAction;
    p->services.prompt_text = Services::promptText;
    p->services.log = Services::log;

    char reason[1024] = "";
    p->running++;
    const int rc = load(&p->services, reason, sizeof reason);
    p->running--;
    if (rc != 0) {
        removeActions(p);
        dlclose(library);
        *error = QStringLiteral("%1 failed to load: %2")
                     .arg(*canonical, QString::fromUtf8(reason[0] ? reason : "no reason given"));
        return false;
    }
    plugins_.push_back(std::move(plugin));
    window_->console()->info(QStringLiteral("loaded plugin %1").arg(*canonical));
    return true;
}

PluginManager::UnloadResult PluginManager::unload(const QString &path, QString *error)
{
    LoadedPlugin *p = find(path);
    if (!p) {
        *error = QStringLiteral("no plugin loaded from %1").arg(path);
        return Failed;
    }
    if (p->running) {
        p->unloadAsked = true;
        window_->console()->info(
            QStringLiteral("unloading %1 once its running callback has returned").arg(p->path));
        return Deferred;
    }
    finishUnload(p);
    return Unloaded;
}

void PluginManager::finishUnload(LoadedPlugin *p)
{
    p->running++;
    p->unload();
    p->running--;
    removeActions(p);
    dlclose(p->library);
    const QString path = p->path;
    for (auto it = plugins_.begin(); it != plugins_.end(); ++it) {
        if (it->get() == p) {
            plugins_.erase(it);
            break;
        }
    }
    window_->console()->info(QStringLiteral("unloaded plugin %1").arg(path));
}

void PluginManager::unloadAll()
{
    QString error;
    for (const QString &path : loaded())
        unload(path, &error); // only a running plugin is deferred
}

void PluginManager::removeActions(LoadedPlugin *p)
{
    for (const QPointer<QAction> &action : p->actions) {
        if (!action)
            continue;
        auto *menu = qobject_cast<QMenu *>(action->parent());
        delete action.data();
        window_->dropMenuIfEmpty(menu);
    }
    p->actions.clear();
}

QStringList PluginManager::loaded() const
{
    QStringList paths;
    for (const auto &p : plugins_)
        paths << p->path;
    return paths;
}
