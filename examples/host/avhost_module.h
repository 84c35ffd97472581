// The `avhost` Python module: what the host offers to its Python (the
// console, --script, --exec, plugins). Its functions are documented in the
// module itself (help(avhost)) and in examples/host/README.md.
#ifndef AVHOST_AVHOST_MODULE_H
#define AVHOST_AVHOST_MODULE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

// Holds the GIL for a scope. Any thread.
class Gil {
public:
    Gil() : state_(PyGILState_Ensure()) {}
    ~Gil() { PyGILState_Release(state_); }
    Gil(const Gil &) = delete;
    Gil &operator=(const Gil &) = delete;

private:
    PyGILState_STATE state_;
};

// The module's init function, for PyImport_AppendInittab.
PyObject *avhostModuleInit(void);

// Calls every on_frame_changed callback with frame. Main thread, no GIL.
void avhostDispatchFrame(int frame);

// Drops every callback the module holds. Main thread, before Python stops.
void avhostReleaseCallbacks();

#endif
