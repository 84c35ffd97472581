// PluginManager: loads host plugins (shared libraries exporting
// av_host_plugin_load / av_host_plugin_unload, see
// plugin/host/include/auroraview/av_host_plugin.h) and gives them the
// host's services.
//
// Failures never take the host down: a missing file, a library that is not
// a plugin, a wrong ABI or a plugin whose load fails come back as a sentence
// (shown in the console by the caller) and the library is closed again.
//
// A plugin's own code may ask for its unloading (a menu action running
// Python that calls avhost.unload_plugin): closing the library then would
// pull the code out from under the running callback, so the unload is
// deferred until that callback has returned.
//
// Main thread only.
#ifndef AVHOST_PLUGIN_MANAGER_H
#define AVHOST_PLUGIN_MANAGER_H

#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

class Console;
class HostWindow;
class PythonHost;
struct LoadedPlugin;

class PluginManager {
public:
    PluginManager(HostWindow *window, PythonHost *python);
    ~PluginManager(); // unloads what is still loaded

    // Loads the plugin at path. Returns true with its canonical path, or
    // false with the reason.
    bool load(const QString &path, QString *canonical, QString *error);

    enum UnloadResult { Failed, Unloaded, Deferred };
    // Unloads the plugin loaded from path (as given to load, or canonical).
    UnloadResult unload(const QString &path, QString *error);
    void unloadAll();

    QStringList loaded() const;

    // While set, prompt_text answers with it instead of asking the user
    // (avhost.trigger_menu(..., answer=...)).
    void setScriptedAnswer(const std::optional<QString> &answer) { scriptedAnswer_ = answer; }

private:
    friend struct Services;
    LoadedPlugin *find(const QString &path) const;
    void finishUnload(LoadedPlugin *plugin);
    void removeActions(LoadedPlugin *plugin);

    HostWindow *window_;
    PythonHost *python_;
    std::vector<std::unique_ptr<LoadedPlugin>> plugins_;
    std::optional<QString> scriptedAnswer_;
};

#endif
