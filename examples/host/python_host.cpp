// The embedded interpreter: start, stop, and the three ways code runs.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "python_host.h"

#include "avhost_module.h"
#include "host_context.h"

#include <QFile>
#include <vector>

namespace {

// sys.stdout and sys.stderr of the host: every write goes to the console
// (and the terminal); `avhost` imported in __main__. Runs once at start, in
// its own namespace.
const char kBootstrap[] = R"PY(
import io, sys, avhost

class ConsoleStream(io.TextIOBase):
    """avhost's sys.stdout / sys.stderr: writes go to the Python console and the terminal."""

    def __init__(self, stream, name):
        super().__init__()
        self._stream = stream
        self._name = name

    @property
    def name(self):
        return self._name

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        avhost._write(self._stream, text)
        return len(text)

sys.stdout = ConsoleStream(1, "<avhost stdout>")
sys.stderr = ConsoleStream(2, "<avhost stderr>")
# Like hou in Houdini's shell: the host's module is there without an import.
sys.modules["__main__"].avhost = avhost
)PY";

// Compiles and runs code in globals. GIL held. Returns false with the
// exception set.
bool run(const QByteArray &code, const char *filename, int start, PyObject *globals)
{
    PyObject *compiled = Py_CompileString(code.constData(), filename, start);
    if (!compiled)
        return false;
    PyObject *result = PyEval_EvalCode(compiled, globals, globals);
    Py_DECREF(compiled);
    Py_XDECREF(result);
    return result != nullptr;
}

PyObject *mainGlobals()
{
    return PyModule_GetDict(PyImport_AddModule("__main__")); // borrowed, lives as long as Python
}

// "TypeName: message" of the pending exception, which stays pending.
QString summary()
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    QString line = QStringLiteral("unknown error");
    PyObject *name = type ? PyObject_GetAttrString(type, "__name__") : nullptr;
    PyObject *text = value ? PyObject_Str(value) : nullptr;
    if (name && text) {
        line = QString::fromUtf8(PyUnicode_AsUTF8(name));
        QString message = QString::fromUtf8(PyUnicode_AsUTF8(text));
        if (!message.isEmpty())
            line += QStringLiteral(": ") + message;
    }
    Py_XDECREF(name);
    Py_XDECREF(text);
    PyErr_Clear();
    PyErr_Restore(type, value, tb);
    return line;
}

} // namespace

void avhostReportException()
{
    if (!PyErr_ExceptionMatches(PyExc_SystemExit)) {
        PyErr_Print(); // through sys.excepthook to sys.stderr: the console
        return;
    }
    // Never let Python end the host's process: quit the event loop instead.
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *code = value ? PyObject_GetAttrString(value, "code") : nullptr;
    PyErr_Clear();
    int exitCode = 0;
    if (code && PyLong_Check(code)) {
        exitCode = static_cast<int>(PyLong_AsLong(code));
    } else if (code && code != Py_None) {
        PyObject *text = PyObject_Str(code);
        if (text)
            PySys_WriteStderr("%s\n", PyUnicode_AsUTF8(text));
        Py_XDECREF(text);
        exitCode = 1;
    }
    PyErr_Clear();
    PySys_WriteStderr("SystemExit(%d): avhost quits\n", exitCode);
    requestQuit(exitCode);
    Py_XDECREF(code);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

bool PythonHost::initialize(const QStringList &argv, QString *error)
{
    if (PyImport_AppendInittab("avhost", avhostModuleInit) == -1) {
        *error = QStringLiteral("could not register the avhost module");
        return false;
    }
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.install_signal_handlers = 0; // Ctrl+C and friends belong to the host
    config.parse_argv = 0;
    // Debian's python3 as sys.executable: prefix and stdlib come from it, and
    // code that starts a child Python (sys.executable) gets a real one.
    PyStatus status = PyConfig_SetBytesString(&config, &config.program_name, AVHOST_PYTHON_EXECUTABLE);
    if (!PyStatus_Exception(status))
        status = PyConfig_SetBytesString(&config, &config.executable, AVHOST_PYTHON_EXECUTABLE);
    std::vector<QByteArray> args;
    std::vector<char *> pointers;
    for (const QString &arg : argv)
        args.push_back(arg.toLocal8Bit());
    for (QByteArray &arg : args)
        pointers.push_back(arg.data());
    if (!PyStatus_Exception(status))
        status = PyConfig_SetBytesArgv(&config, static_cast<Py_ssize_t>(pointers.size()), pointers.data());
    if (!PyStatus_Exception(status))
        status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        *error = QStringLiteral("Python did not start: %1")
                     .arg(QString::fromUtf8(status.err_msg ? status.err_msg : "unknown reason"));
        return false;
    }
    initialized_ = true;
    PyObject *globals = PyDict_New();
    bool ok = globals && PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) == 0 &&
              run(kBootstrap, "<avhost bootstrap>", Py_file_input, globals);
    if (!ok) {
        *error = QStringLiteral("the console streams did not install: %1").arg(summary());
        PyErr_Print();
    }
    Py_XDECREF(globals);
    mainState_ = PyEval_SaveThread();
    return ok;
}

void PythonHost::finalize()
{
    if (!initialized_)
        return;
    PyEval_RestoreThread(static_cast<PyThreadState *>(mainState_));
    avhostReleaseCallbacks();
    Py_FinalizeEx();
    initialized_ = false;
}

bool PythonHost::runConsole(const QString &code)
{
    QByteArray source = code.toUtf8();
    if (!source.endsWith('\n'))
        source += '\n';
    Gil gil;
    // Like the interactive prompt for one statement (its value is echoed);
    // several statements only compile as a module body.
    PyObject *compiled = Py_CompileString(source.constData(), "<console>", Py_single_input);
    if (!compiled && PyErr_ExceptionMatches(PyExc_SyntaxError)) {
        PyErr_Clear();
        compiled = Py_CompileString(source.constData(), "<console>", Py_file_input);
    }
    PyObject *result = compiled ? PyEval_EvalCode(compiled, mainGlobals(), mainGlobals()) : nullptr;
    Py_XDECREF(compiled);
    Py_XDECREF(result);
    if (!result)
        avhostReportException();
    return result != nullptr;
}

bool PythonHost::runFile(const QString &path)
{
    QFile file(path);
    Gil gil;
    if (!file.open(QIODevice::ReadOnly)) {
        PySys_WriteStderr("avhost: cannot read script %s: %s\n", path.toUtf8().constData(),
                          file.errorString().toUtf8().constData());
        return false;
    }
    const QByteArray filename = path.toUtf8();
    PyObject *globals = mainGlobals();
    PyObject *name = PyUnicode_FromString(filename.constData());
    bool ok = name && PyDict_SetItemString(globals, "__file__", name) == 0 &&
              run(file.readAll(), filename.constData(), Py_file_input, globals);
    Py_XDECREF(name);
    if (!ok)
        avhostReportException();
    return ok;
}

bool PythonHost::runIsolated(const QByteArray &code, QString *summaryOut)
{
    Gil gil;
    PyObject *globals = PyDict_New();
    bool ok = globals && PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) == 0 &&
              run(code, "<plugin>", Py_file_input, globals);
    Py_XDECREF(globals);
    if (!ok) {
        *summaryOut = summary();
        if (PyErr_ExceptionMatches(PyExc_SystemExit))
            PyErr_Clear(); // a plugin does not get to quit the host
        else
            PyErr_Print();
    }
    return ok;
}

void PythonHost::underGil(const std::function<void()> &fn)
{
    if (!initialized_) {
        fn();
        return;
    }
    Gil gil;
    fn();
}
