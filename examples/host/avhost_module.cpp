// The `avhost` Python module. Its functions run on the main thread with the
// GIL held, except execute_deferred and _write, which any thread may call.
#include "avhost_module.h"

#include "console.h"
#include "host_context.h"
#include "host_window.h"
#include "plugin_manager.h"
#include "python_host.h"
#include "timeline.h"

#include <QAction>
#include <QApplication>
#include <QThread>
#include <QTimer>
#include <map>

namespace {

// on_frame_changed callbacks by id (strong references). Global because the
// module is the process's one avhost module and the callbacks outlive any
// call; touched on the main thread with the GIL held.
std::map<long, PyObject *> frameCallbacks;
long nextCallbackId = 1;

bool onMainThread()
{
    return QThread::currentThread() == qApp->thread();
}

// False, with RuntimeError set, once the window is gone (during teardown,
// views closing may still run Python that calls the module).
bool hostAlive()
{
    if (host().window)
        return true;
    PyErr_SetString(PyExc_RuntimeError, "avhost is shutting down");
    return false;
}

PyObject *requireMainThread(const char *what)
{
    PyErr_Format(PyExc_RuntimeError, "avhost.%s() must be called on the main thread", what);
    return nullptr;
}

QString toQString(PyObject *str)
{
    return QString::fromUtf8(PyUnicode_AsUTF8(str));
}

PyObject *fromQString(const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    return PyUnicode_FromStringAndSize(utf8.constData(), utf8.size());
}

PyObject *stringList(const QStringList &items)
{
    PyObject *list = PyList_New(0);
    for (const QString &item : items) {
        PyObject *s = fromQString(item);
        if (!list || !s || PyList_Append(list, s) < 0) {
            Py_XDECREF(s);
            Py_XDECREF(list);
            return nullptr;
        }
        Py_DECREF(s);
    }
    return list;
}

// Splits (fn, *args) into a callable and a tuple (new references).
bool callableAndArgs(PyObject *args, const char *signature, PyObject **fn, PyObject **rest, Py_ssize_t first = 0)
{
    if (PyTuple_Size(args) <= first || !PyCallable_Check(PyTuple_GetItem(args, first))) {
        PyErr_Format(PyExc_TypeError, "%s needs a callable", signature);
        return false;
    }
    *fn = PyTuple_GetItem(args, first);
    *rest = PyTuple_GetSlice(args, first + 1, PyTuple_Size(args));
    if (!*rest)
        return false;
    Py_INCREF(*fn);
    return true;
}

// Calls fn(*args) and lets both go (steals them). Main thread, no GIL.
void callSoon(PyObject *fn, PyObject *args)
{
    Gil gil;
    PyObject *result = PyObject_CallObject(fn, args);
    if (result)
        Py_DECREF(result);
    else
        avhostReportException();
    Py_DECREF(fn);
    Py_DECREF(args);
}

PyObject *mainWindow(PyObject *, PyObject *)
{
    if (!hostAlive())
        return nullptr;
    return PyLong_FromVoidPtr(host().window);
}

PyObject *executeDeferred(PyObject *, PyObject *args)
{
    PyObject *fn, *rest;
    if (!callableAndArgs(args, "execute_deferred(fn, *args)", &fn, &rest))
        return nullptr;
    // A queued call runs at a later turn of the main thread's event loop,
    // after the code that asked for it has returned. Thread-safe.
    QMetaObject::invokeMethod(qApp, [fn, rest] { callSoon(fn, rest); }, Qt::QueuedConnection);
    Py_RETURN_NONE;
}

PyObject *callLater(PyObject *, PyObject *args)
{
    if (!onMainThread())
        return requireMainThread("call_later");
    long ms = PyTuple_Size(args) > 0 ? PyLong_AsLong(PyTuple_GetItem(args, 0)) : -1;
    if (ms < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "call_later(ms, fn, *args): ms must be an int >= 0");
        return nullptr;
    }
    PyObject *fn, *rest;
    if (!callableAndArgs(args, "call_later(ms, fn, *args)", &fn, &rest, 1))
        return nullptr;
    QTimer::singleShot(static_cast<int>(ms), qApp, [fn, rest] { callSoon(fn, rest); });
    Py_RETURN_NONE;
}

PyObject *loadPlugin(PyObject *, PyObject *args)
{
    if (!hostAlive())
        return nullptr;
    PyObject *path;
    if (!PyArg_ParseTuple(args, "U:load_plugin", &path))
        return nullptr;
    QString canonical, error;
    if (!host().plugins->load(toQString(path), &canonical, &error)) {
        PyErr_SetString(PyExc_RuntimeError, error.toUtf8().constData());
        return nullptr;
    }
    return fromQString(canonical);
}

PyObject *unloadPlugin(PyObject *, PyObject *args)
{
    if (!hostAlive())
        return nullptr;
    PyObject *path;
    if (!PyArg_ParseTuple(args, "U:unload_plugin", &path))
        return nullptr;
    QString error;
    switch (host().plugins->unload(toQString(path), &error)) {
    case PluginManager::Unloaded:
        Py_RETURN_TRUE;
    case PluginManager::Deferred:
        Py_RETURN_FALSE;
    case PluginManager::Failed:
        break;
    }
    PyErr_SetString(PyExc_RuntimeError, error.toUtf8().constData());
    return nullptr;
}

PyObject *plugins(PyObject *, PyObject *)
{
    if (!hostAlive())
        return nullptr;
    return stringList(host().plugins->loaded());
}

PyObject *menuActions(PyObject *, PyObject *args)
{
    if (!hostAlive())
        return nullptr;
    PyObject *menu;
    if (!PyArg_ParseTuple(args, "U:menu_actions", &menu))
        return nullptr;
    return stringList(host().window->menuActions(toQString(menu)));
}

PyObject *triggerMenu(PyObject *, PyObject *args, PyObject *kw)
{
    if (!hostAlive())
        return nullptr;
    static const char *kwlist[] = {"menu", "label", "answer", nullptr};
    PyObject *menu, *label, *answer = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "UU|O:trigger_menu", const_cast<char **>(kwlist), &menu, &label,
                                     &answer))
        return nullptr;
    if (answer != Py_None && !PyUnicode_Check(answer)) {
        PyErr_SetString(PyExc_TypeError, "trigger_menu(): answer must be a str or None");
        return nullptr;
    }
    QAction *action = host().window->findAction(toQString(menu), toQString(label));
    if (!action) {
        PyErr_Format(PyExc_LookupError, "no action %R in the menu %R", label, menu);
        return nullptr;
    }
    if (answer != Py_None)
        host().plugins->setScriptedAnswer(toQString(answer));
    // The action may open a dialog: let Python threads run meanwhile (what it
    // calls back into takes the GIL again).
    Py_BEGIN_ALLOW_THREADS
    action->trigger();
    Py_END_ALLOW_THREADS
    host().plugins->setScriptedAnswer(std::nullopt);
    Py_RETURN_NONE;
}

PyObject *docks(PyObject *, PyObject *)
{
    if (!hostAlive())
        return nullptr;
    PyObject *list = PyList_New(0);
    for (const HostWindow::DockInfo &d : host().window->docks()) {
        const QByteArray title = d.title.toUtf8(), area = d.area.toUtf8();
        PyObject *item = Py_BuildValue("{s:s#,s:s#,s:O,s:O,s:(iiii)}", "title", title.constData(), title.size(),
                                       "area", area.constData(), area.size(), "visible",
                                       d.visible ? Py_True : Py_False, "floating", d.floating ? Py_True : Py_False,
                                       "geometry", d.geometry.x(), d.geometry.y(), d.geometry.width(),
                                       d.geometry.height());
        if (!list || !item || PyList_Append(list, item) < 0) {
            Py_XDECREF(item);
            Py_XDECREF(list);
            return nullptr;
        }
        Py_DECREF(item);
    }
    return list;
}

PyObject *currentFrame(PyObject *, PyObject *)
{
    if (!hostAlive())
        return nullptr;
    return PyLong_FromLong(host().timeline->frame());
}

PyObject *setPlaying(PyObject *, PyObject *args)
{
    if (!hostAlive())
        return nullptr;
    int playing;
    if (!PyArg_ParseTuple(args, "p:set_playing", &playing))
        return nullptr;
    host().timeline->setPlaying(playing != 0);
    Py_RETURN_NONE;
}

PyObject *onFrameChanged(PyObject *, PyObject *fn)
{
    if (!PyCallable_Check(fn)) {
        PyErr_SetString(PyExc_TypeError, "on_frame_changed(fn) needs a callable");
        return nullptr;
    }
    Py_INCREF(fn);
    frameCallbacks[nextCallbackId] = fn;
    return PyLong_FromLong(nextCallbackId++);
}

PyObject *removeCallback(PyObject *, PyObject *id)
{
    long key = PyLong_AsLong(id);
    if (key == -1 && PyErr_Occurred())
        return nullptr;
    auto it = frameCallbacks.find(key);
    if (it == frameCallbacks.end())
        Py_RETURN_FALSE;
    PyObject *fn = it->second;
    frameCallbacks.erase(it);
    Py_DECREF(fn);
    Py_RETURN_TRUE;
}

PyObject *screenshot(PyObject *, PyObject *args)
{
    if (!hostAlive())
        return nullptr;
    PyObject *path;
    if (!PyArg_ParseTuple(args, "U:screenshot", &path))
        return nullptr;
    QString error;
    QSize size = host().window->screenshot(toQString(path), &error);
    if (size.isEmpty()) {
        PyErr_SetString(PyExc_OSError, error.toUtf8().constData());
        return nullptr;
    }
    return Py_BuildValue("(ii)", size.width(), size.height());
}

PyObject *consoleText(PyObject *, PyObject *)
{
    if (!hostAlive())
        return nullptr;
    return fromQString(host().console->transcript());
}

PyObject *status(PyObject *, PyObject *args)
{
    if (!hostAlive())
        return nullptr;
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U:status", &text))
        return nullptr;
    host().window->showStatus(toQString(text));
    Py_RETURN_NONE;
}

PyObject *quit(PyObject *, PyObject *args)
{
    int code = 0;
    if (!PyArg_ParseTuple(args, "|i:quit", &code))
        return nullptr;
    requestQuit(code);
    Py_RETURN_NONE;
}

PyObject *write(PyObject *, PyObject *args)
{
    int stream;
    PyObject *text;
    if (!PyArg_ParseTuple(args, "iU:_write", &stream, &text))
        return nullptr;
    if (host().console) {
        host().console->write(stream, toQString(text));
    } else { // the window is gone (teardown): the terminal only
        Console::mirror(stream, toQString(text));
    }
    Py_RETURN_NONE;
}

#define FN(name, impl, flags, doc) {name, reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(impl)), flags, doc}

PyMethodDef methods[] = {
    FN("main_window", mainWindow, METH_NOARGS, "main_window() -> int: the host's QMainWindow* (for parent=)."),
    FN("execute_deferred", executeDeferred, METH_VARARGS,
       "execute_deferred(fn, *args): run fn(*args) on the main thread once the current work is done "
       "(like Maya's executeDeferred). Any thread."),
    FN("call_later", callLater, METH_VARARGS, "call_later(ms, fn, *args): run fn(*args) on the main thread in ms."),
    FN("load_plugin", loadPlugin, METH_VARARGS,
       "load_plugin(path) -> str: load a host plugin; raises RuntimeError with the reason."),
    FN("unload_plugin", unloadPlugin, METH_VARARGS,
       "unload_plugin(path) -> bool: True when unloaded now, False when deferred until the plugin's "
       "running callback returns."),
    FN("plugins", plugins, METH_NOARGS, "plugins() -> list of the loaded plugins' paths."),
    FN("menu_actions", menuActions, METH_VARARGS, "menu_actions(menu) -> labels of a top-level menu's actions."),
    FN("trigger_menu", triggerMenu, METH_VARARGS | METH_KEYWORDS,
       "trigger_menu(menu, label, answer=None): trigger a menu action as a click would; with answer, a "
       "text prompt the action raises gets that answer instead of asking the user."),
    FN("docks", docks, METH_NOARGS,
       "docks() -> list of {title, area, visible, floating, geometry (x, y, w, h in the window)}."),
    FN("current_frame", currentFrame, METH_NOARGS, "current_frame() -> int: the timeline's frame."),
    FN("set_playing", setPlaying, METH_VARARGS, "set_playing(bool): start or stop the timeline."),
    FN("on_frame_changed", onFrameChanged, METH_O,
       "on_frame_changed(fn) -> id: fn(frame) runs on the main thread at every frame of the timeline."),
    FN("remove_callback", removeCallback, METH_O, "remove_callback(id) -> bool"),
    FN("screenshot", screenshot, METH_VARARGS, "screenshot(path) -> (width, height): a PNG of the main window."),
    FN("console_text", consoleText, METH_NOARGS, "console_text() -> str: the console's transcript."),
    FN("status", status, METH_VARARGS, "status(text): show text in the status bar."),
    FN("quit", quit, METH_VARARGS, "quit(code=0): end the host's event loop; avhost exits with code."),
    FN("_write", write, METH_VARARGS, "_write(stream, text): console output (1 stdout, 2 stderr). Any thread."),
    {nullptr, nullptr, 0, nullptr}};

PyModuleDef moduleDef = {PyModuleDef_HEAD_INIT,
                         "avhost",
                         "The avhost reference host: its window, plugins, timeline and deferred execution.",
                         -1,
                         methods,
                         nullptr,
                         nullptr,
                         nullptr,
                         nullptr};

} // namespace

PyObject *avhostModuleInit(void)
{
    return PyModule_Create(&moduleDef);
}

void avhostDispatchFrame(int frame)
{
    if (frameCallbacks.empty())
        return;
    Gil gil;
    // A snapshot: a callback may add or remove callbacks.
    std::map<long, PyObject *> snapshot = frameCallbacks;
    for (auto &[id, fn] : snapshot) {
        if (!frameCallbacks.count(id))
            continue;
        Py_INCREF(fn);
        PyObject *result = PyObject_CallFunction(fn, "i", frame);
        if (result) {
            Py_DECREF(result);
        } else {
            // Once per failing callback, not 24 tracebacks a second.
            avhostReportException();
            PySys_WriteStderr("avhost: frame callback %ld raised and was removed\n", id);
            auto it = frameCallbacks.find(id);
            if (it != frameCallbacks.end()) {
                Py_DECREF(it->second);
                frameCallbacks.erase(it);
            }
        }
        Py_DECREF(fn);
    }
}

void avhostReleaseCallbacks()
{
    Gil gil;
    for (auto &[id, fn] : frameCallbacks)
        Py_DECREF(fn);
    frameCallbacks.clear();
}
