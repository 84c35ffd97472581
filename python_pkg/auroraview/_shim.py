"""Which Qt WebEngine shim auroraview uses: the one built for the Qt this process runs on.

auroraview._core calls Qt WebEngine through the shim's C ABI (shim/include/av_shim.h) but links
no shim. The package loads one shim library, libav_shim_qt5.so or libav_shim_qt6.so from its own
directory, with RTLD_GLOBAL before it imports _core, and the dynamic linker binds _core's av_shim_*
calls to it. The choice:

- AURORAVIEW_QT=5 or 6 in the environment forces that shim;
- otherwise the Qt whose QtCore is already loaded (a host: Maya, Houdini, Nuke, a PyQt5/6 program);
- otherwise (plain python3, nothing loaded) Qt 6 when its shim is there, else Qt 5.

A process that has loaded the other Qt is refused with an ImportError that names both versions:
one process cannot run two Qt majors' widgets, and loading the wrong shim would make a second,
foreign QApplication. See docs/architecture.md, "One shim per Qt major, chosen at import".
"""
import ctypes
import os

ENV = "AURORAVIEW_QT"
MAJORS = (6, 5)  # in order of preference when the process has no Qt yet
_QT_CORE = {5: "libQt5Core.so.5", 6: "libQt6Core.so.6"}
_HERE = os.path.dirname(os.path.abspath(__file__))

#: The Qt major of the loaded shim, None before load().
major = None


def shim_path(qt):
    """Where the shim for Qt major qt lives: beside _core."""
    return os.path.join(_HERE, f"libav_shim_qt{qt}.so")


def loaded_qt():
    """The Qt majors whose QtCore this process has loaded already (a set)."""
    return {qt for qt, soname in _QT_CORE.items() if _is_loaded(soname)}


def _is_loaded(soname):
    try:  # RTLD_NOLOAD: a handle only if the library is in the process already
        ctypes.CDLL(soname, mode=os.RTLD_NOLOAD | os.RTLD_LAZY)
    except OSError:
        return False
    return True


def choose(forced, loaded, available):
    """The Qt major to load. forced: the value of AURORAVIEW_QT ('' or None when unset); loaded:
    the majors whose QtCore the process has; available: the majors whose shim exists. Raises
    ImportError, saying why, when no shim fits."""
    if loaded == {5, 6}:
        raise ImportError("this process has loaded both Qt 5 and Qt 6; auroraview needs a process that runs one Qt")
    running = next(iter(loaded), None)
    if forced:
        if forced not in ("5", "6"):
            raise ImportError(f"{ENV}={forced!r}: use 5 or 6 (the Qt major of the shim to load), or leave it unset")
        qt = int(forced)
        if running is not None and running != qt:
            raise ImportError(
                f"{ENV}={forced} asks for the Qt {qt} shim, but this process runs Qt {running} "
                f"({_QT_CORE[running]} is loaded): use {ENV}={running} or unset it"
            )
    elif running is not None:
        qt = running
    else:
        qt = next((m for m in MAJORS if m in available), MAJORS[0])
    if qt not in available:
        why = f"this process runs Qt {qt}" if running == qt else f"the Qt {qt} shim was chosen"
        raise ImportError(
            f"{why}, but this auroraview has no Qt {qt} shim ({shim_path(qt)} is missing); "
            f"it has shims for Qt {', '.join(map(str, sorted(available))) or 'none'}"
        )
    return qt


def load():
    """Loads the chosen shim once; returns its Qt major. Raises ImportError (see choose())."""
    global major
    if major is not None:
        return major
    available = {qt for qt in MAJORS if os.path.isfile(shim_path(qt))}
    qt = choose(os.environ.get(ENV, "").strip(), loaded_qt(), available)
    try:
        lib = ctypes.CDLL(shim_path(qt), mode=os.RTLD_GLOBAL | os.RTLD_NOW)
    except OSError as e:
        raise ImportError(f"loading the Qt {qt} shim failed: {e}") from e
    built_for = lib.av_shim_qt_major()
    if built_for != qt:
        raise ImportError(f"{shim_path(qt)} was built for Qt {built_for}, not Qt {qt}")
    # A QApplication made from now on (a PyQt tool's) gets Qt::AA_ShareOpenGLContexts, which Qt
    # WebEngine needs; one that exists already is repaired, and said so, at the first view.
    lib.av_shim_app_prepare()
    major = qt
    return major
