// PythonHost: avhost's embedded CPython (Debian's libpython3.11).
//
// The interpreter lives on the main thread. After initialize() the main
// thread does not hold the GIL: every entry into Python (console input, a
// deferred call, a timer callback, a plugin's run_python) takes it with
// PyGILState_Ensure and gives it back, so Python threads (an export worker,
// an auroraview emit from a thread) run while the host's event loop waits.
//
// All methods are main-thread only.
#ifndef AVHOST_PYTHON_HOST_H
#define AVHOST_PYTHON_HOST_H

#include <QString>
#include <QStringList>
#include <functional>

class PythonHost {
public:
    // Starts the interpreter with sys.argv = argv (argv[0] is the script, or
    // "avhost"), installs the `avhost` module and sends sys.stdout and
    // sys.stderr to the console. Returns false with the reason in *error.
    bool initialize(const QStringList &argv, QString *error);
    // Runs atexit hooks and stops the interpreter. Call after every widget
    // that calls into Python (views, docks) is gone.
    void finalize();

    // Runs code as the console does: a single statement is compiled like the
    // interactive prompt (an expression's value is printed), anything longer
    // as a module body, in __main__. Returns false when it raised; the
    // traceback went to the console. A SystemExit asks the host to quit with
    // its code instead of ending the process.
    bool runConsole(const QString &code);
    // Runs a script file as a module body in __main__ (with __file__ set).
    bool runFile(const QString &path);
    // Runs code in a fresh namespace (for plugins). On an exception the
    // traceback goes to the console and *summary gets its one-line form.
    bool runIsolated(const QByteArray &code, QString *summary);

    // Runs fn holding the GIL (directly when Python is not running): no
    // Python thread is inside a call into the host meanwhile.
    void underGil(const std::function<void()> &fn);

private:
    bool initialized_ = false;
    void *mainState_ = nullptr; // the PyThreadState saved while Qt runs
};

// With the GIL held and an exception pending: prints it to the console, or,
// for a SystemExit, asks the host to quit with its code. Clears it.
void avhostReportException();

#endif
