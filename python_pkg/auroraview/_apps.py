"""Upstream AuroraView's entry points: create_webview (a view, or a QtWebView for a QWidget
parent), and run_app, run_desktop, run_standalone (a window of its own, run until it closes)."""
import os
import urllib.parse

from . import _core, _options
from .webview import WebView


def _is_qwidget(obj):
    return any(cls.__name__ == "QWidget" and cls.__module__.startswith(("PyQt", "PySide", "qtpy"))
               for cls in type(obj).__mro__)


def create_webview(
    parent=None,
    *,
    title="AuroraView",
    width=800,
    height=600,
    url=None,
    html=None,
    debug=True,
    context_menu=True,
    frame=True,
    resizable=True,
    transparent=False,
    background_color=None,
    asset_root=None,
    data_directory=None,
    allow_file_protocol=False,
    capture_file_drop=None,
    always_on_top=False,
    mode=None,
    ipc_batch_size=0,
    icon=None,
    tool_window=False,
    allow_new_window=False,
    new_window_mode=None,
    remote_debugging_port=None,
    api=None,
    window_api=True,
    **kwargs,
):
    """A view for parent: a QWidget gets a QtWebView (a widget for its layouts), anything else a
    WebView (an int is a QWidget*; no parent: a window of its own, mode "none", even with a host
    attached). kwargs: more WebView (or QtWebView) keywords. api: bound with bind_api."""
    common = dict(
        title=title, width=width, height=height, url=url, html=html, context_menu=context_menu,
        transparent=transparent, background_color=background_color, asset_root=asset_root,
        data_directory=data_directory, allow_file_protocol=allow_file_protocol,
        capture_file_drop=capture_file_drop, always_on_top=always_on_top, ipc_batch_size=ipc_batch_size,
        icon=icon, tool_window=tool_window, allow_new_window=allow_new_window, new_window_mode=new_window_mode,
        remote_debugging_port=remote_debugging_port,
    )
    if _is_qwidget(parent):
        from ._qtwebview import QtWebView

        _options.warn_without_effect("create_webview", {"resizable": resizable}, ("resizable",),
                                     {"resizable": True})
        view = QtWebView(parent=parent, dev_tools=debug, frameless=not frame, embed_mode=mode or "child",
                         **common, **kwargs)
    else:
        if mode is None and parent is None:
            mode = "none"
        view = WebView(parent=parent, debug=debug, frame=frame, resizable=resizable, mode=mode, **common, **kwargs)
    if api is not None:
        view.bind_api(api)
    return view


def _run(view, visible=True):
    """Shows view (unless visible is False) and returns once it has closed."""
    if visible and _core.standalone():
        view.show(block=True)
        return
    if visible:
        view.show(block=False)
    view.wait()


def run_app(url=None, html=None, title="AuroraView", width=800, height=600, debug=True, **kwargs):
    """Makes a view with create_webview(...) and runs until it closes."""
    view = create_webview(url=url, html=html, title=title, width=width, height=height, debug=debug, **kwargs)
    if not isinstance(view, WebView):  # a QtWebView, for a QWidget parent in kwargs
        view.show()
        view.wait()
        return
    _run(view)


# run_desktop's arguments that mean nothing here, with upstream's defaults (the docs say why).
_DESKTOP_WITHOUT_EFFECT = {
    "rewrite_relative_paths": True, "tray_enabled": False, "tray_tooltip": None, "tray_icon": None,
    "tray_show_on_click": True, "tray_hide_on_close": True, "undecorated_shadow": True,
    "allow_new_window": False, "new_window_mode": None, "capture_file_drop": None, "splash_overlay": False,
}


def run_desktop(
    title,
    width,
    height,
    url=None,
    html=None,
    dev_tools=True,
    resizable=True,
    decorations=True,
    transparent=False,
    allow_new_window=False,
    allow_file_protocol=False,
    capture_file_drop=None,
    always_on_top=False,
    headless=False,
    remote_debugging_port=None,
    asset_root=None,
    html_path=None,
    rewrite_relative_paths=True,
    tray_enabled=False,
    tray_tooltip=None,
    tray_icon=None,
    tray_show_on_click=True,
    tray_hide_on_close=True,
    tool_window=False,
    undecorated_shadow=True,
    new_window_mode=None,
    splash_overlay=False,
    allow_downloads=True,
    download_prompt=False,
    download_directory=None,
    proxy_url=None,
    user_agent=None,
):
    """A window of its own (even with a host attached), run until it closes. html_path: the HTML
    file whose directory becomes the asset root (unless asset_root is given); without html or url
    the file itself is shown, from that root. headless: the window is never shown (the page runs;
    close() ends it)."""
    given = dict(locals())
    _options.warn_without_effect("run_desktop", given, tuple(_DESKTOP_WITHOUT_EFFECT), _DESKTOP_WITHOUT_EFFECT)
    if html_path is not None:
        html_path = os.path.abspath(os.fspath(html_path))
        if asset_root is None:
            asset_root = os.path.dirname(html_path)
        if html is None and url is None:
            url = urllib.parse.quote(os.path.relpath(html_path, asset_root).replace(os.sep, "/"))
    view = WebView(
        title, width, height, url=url, html=html, debug=dev_tools, resizable=resizable, frame=decorations,
        transparent=transparent, allow_file_protocol=allow_file_protocol, always_on_top=always_on_top,
        remote_debugging_port=remote_debugging_port, asset_root=asset_root, tool_window=tool_window,
        allow_downloads=allow_downloads, download_prompt=download_prompt, download_directory=download_directory,
        proxy_url=proxy_url, user_agent=user_agent, mode="none",
    )
    _run(view, visible=not headless)


#: Upstream's older name of run_desktop.
run_standalone = run_desktop
