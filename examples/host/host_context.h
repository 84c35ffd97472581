// The pieces of the running avhost, for the code that has no other way to
// reach them: the `avhost` Python module's functions and the plugin
// services are plain C callbacks.
#ifndef AVHOST_HOST_CONTEXT_H
#define AVHOST_HOST_CONTEXT_H

class Console;
class HostWindow;
class PluginManager;
class PythonHost;
class Timeline;

struct HostContext {
    HostWindow *window = nullptr;
    Console *console = nullptr;
    Timeline *timeline = nullptr;
    PythonHost *python = nullptr;
    PluginManager *plugins = nullptr;
};

// The process's host. Global because there is exactly one per process (the
// avhost executable is the host); main() fills it before Python starts and
// clears it after Python stops. Main thread only.
HostContext &host();

// Asks the event loop to end with exit code `code` (at its next turn, so it
// works before the loop runs too). Any thread.
void requestQuit(int code);

#endif
