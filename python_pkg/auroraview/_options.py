"""Upstream AuroraView's WebView keyword arguments (its core/webview.py): their defaults, how
they fold into this engine's options, and the one warning for those that mean nothing in a Qt
host. docs/api/python.md, "Upstream keyword arguments", says what each one does here."""
import logging
import os
import pathlib
import re
import tempfile

logger = logging.getLogger("auroraview")

#: Upstream WebView.__init__'s keyword arguments, in its order, with its defaults.
UPSTREAM = {
    "title": "AuroraView", "width": 800, "height": 600, "url": None, "html": None, "debug": None,
    "context_menu": True, "resizable": True, "frame": None, "parent": None, "mode": None, "bridge": None,
    "dev_tools": None, "decorations": None, "asset_root": None, "data_directory": None,
    "allow_file_protocol": False, "capture_file_drop": None, "always_on_top": False, "transparent": False,
    "background_color": None, "auto_show": True, "ipc_batch_size": 0, "icon": None, "tool_window": False,
    "undecorated_shadow": False, "allow_new_window": False, "new_window_mode": None,
    "remote_debugging_port": None, "splash_overlay": False, "allow_downloads": True, "download_prompt": False,
    "download_directory": None, "proxy_url": None, "user_agent": None, "parent_hwnd": None, "embed_mode": None,
    "dcc_mode": "auto", "config": None,
}

#: Accepted, but without an effect in a Qt host (the docs' table says why, name by name). A value
#: other than upstream's default is named in one warning (warn_without_effect).
WITHOUT_EFFECT = ("bridge", "capture_file_drop", "auto_show", "ipc_batch_size", "undecorated_shadow",
                  "allow_new_window", "new_window_mode", "splash_overlay")

#: mode= (and embed_mode=): upstream's names for where a view goes; None is "auto".
MODES = (None, "auto", "child", "container", "owner", "none")

# Upstream's WebViewConfig (core/config.py): its sections, and the keyword each field stands for.
_CONFIG_FIELDS = {
    "window": ("title", "width", "height", "icon", "frame", "resizable", "always_on_top", "transparent",
               "background_color", "tool_window", "undecorated_shadow"),
    "content": ("url", "html", "asset_root", "allow_file_protocol", "capture_file_drop"),
    "embedding": ("parent", "mode", "dcc_mode", "auto_show"),
    "download": ("allow_downloads", "download_prompt", "download_directory"),
    "network": ("proxy_url", "user_agent"),
    "debug": ("debug", "context_menu", "remote_debugging_port", "splash_overlay"),
    "new_window": ("allow_new_window", "new_window_mode"),
    None: ("bridge", "data_directory", "ipc_batch_size"),
}

_warned = set()  # names warned about once already, in this process


def warn_without_effect(caller, values, names=WITHOUT_EFFECT, defaults=UPSTREAM):
    """One WARNING on the "auroraview" logger naming those of names that values gives a value
    other than the default; a name is named once per process."""
    given = [n for n in names if n in values and values[n] != defaults[n] and n not in _warned]
    if given:
        _warned.update(given)
        logger.warning("%s(...): accepted but without effect here: %s — see docs/api/python.md, "
                       "\"Upstream keyword arguments\"", caller, ", ".join(given))


def _fold_config(values):
    config = values["config"]
    if config is None:
        return values
    for section, fields in _CONFIG_FIELDS.items():
        source = config if section is None else getattr(config, section, None)
        if source is None:
            raise TypeError(f"config must be an upstream WebViewConfig (with the section {section!r}), "
                            f"not {type(config).__name__}")
        for field in fields:
            values[field] = getattr(source, field)
    if values["parent"] is None:  # upstream: the mode means something only with a parent
        values["mode"] = None
    return values


def resolve(values):
    """values: upstream's keywords as given. Returns a new dict with config= folded in and the
    aliases settled: debug (dev_tools; False when neither is given), frame (decorations; unset:
    no frame for a transparent or tool window), parent (parent_hwnd), mode (embed_mode)."""
    v = _fold_config(dict(values))
    if v["debug"] is None:
        v["debug"] = bool(v["dev_tools"])
    if v["frame"] is None:
        v["frame"] = v["decorations"] if v["decorations"] is not None else not (v["tool_window"] or v["transparent"])
    if v["parent"] is None:
        v["parent"] = v["parent_hwnd"]
    if v["mode"] is None:
        v["mode"] = v["embed_mode"]
    if v["mode"] not in MODES:
        raise ValueError(f"mode={v['mode']!r}: use one of {[m for m in MODES if m]} (or None)")
    if v["mode"] == "auto":
        v["mode"] = None
    return v


_HEX = re.compile(r"#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_RGB = re.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+%?)\s*)?\)")


def qt_color(css):
    """A CSS color as Qt reads it: "#rgb", "#rgba", "#rrggbb", "#rrggbbaa" (CSS puts alpha last,
    Qt first), "rgb(r, g, b)", "rgba(r, g, b, a)" and "transparent" become "#aarrggbb"; a color
    name goes as it is (Qt knows the SVG names, as CSS does). None stays None."""
    if css is None:
        return None
    text = str(css).strip()
    if text.lower() == "transparent":
        return "#00000000"
    match = _HEX.fullmatch(text)
    if match:
        digits = match[1]
        if len(digits) <= 4:
            digits = "".join(c * 2 for c in digits)
        rgb, alpha = digits[:6], digits[6:] or "ff"
        return f"#{alpha}{rgb}"
    match = _RGB.fullmatch(text)
    if match:
        r, g, b = (int(match[i]) for i in (1, 2, 3))
        a = match[4] or "1"
        alpha = float(a[:-1]) / 100 if a.endswith("%") else float(a)
        if max(r, g, b) > 255 or not 0 <= alpha <= 1:
            raise ValueError(f"background_color={css!r}: the channels go to 255, alpha from 0 to 1")
        return f"#{round(alpha * 255):02x}{r:02x}{g:02x}{b:02x}"
    return text


_pages_dir = None  # the private directory behind file_base_url()


def file_base_url():
    """The base URL of html= pages of views with allow_file_protocol: a file:// URL in a private
    directory of this process (removed at exit), so the page may load local files by file:///
    URL while the bridge's trust covers that empty directory alone."""
    global _pages_dir
    if _pages_dir is None:
        _pages_dir = tempfile.TemporaryDirectory(prefix="auroraview-pages-")
    return pathlib.Path(_pages_dir.name, "page.html").as_uri()


def start_engine_options(values, started):
    """remote_debugging_port and proxy_url are Chromium's, for the whole process, read once when Qt
    WebEngine starts (the first view): given before that, they go into its environment; given
    later they cannot take effect, which one warning says (once per name)."""
    wanted = {n: values[n] for n in ("remote_debugging_port", "proxy_url") if values[n] is not None}
    if not wanted:
        return
    if started:
        late = [n for n in wanted if n not in _warned]
        if late:
            _warned.update(late)
            logger.warning("WebView(...): %s cannot take effect: Qt WebEngine reads them once per process, when "
                           "it starts, and it has started; give them to the process's first view",
                           ", ".join(late))
        return
    if "remote_debugging_port" in wanted:
        os.environ["QTWEBENGINE_REMOTE_DEBUGGING"] = str(int(wanted["remote_debugging_port"]))
    if "proxy_url" in wanted:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} --proxy-server={wanted['proxy_url']}".strip()
