# Sourced by demo.sh and example.sh, from the repository's root: the build, the environment Qt
# WebEngine windows need here, and the run under Xvfb when there is no display.

# Installs what is missing (bootstrap.sh), then configures and builds build/default.
av_build() {
  bash scripts/bootstrap.sh
  cmake --preset default >/dev/null
  cmake --build --preset default
}

# Chromium's sandbox cannot run as root; Qt WebEngine's start-up report is noise here.
av_gui_env() {
  if [[ $(id -u) -eq 0 ]]; then export QTWEBENGINE_DISABLE_SANDBOX=1; fi
  export QT_LOGGING_RULES=${QT_LOGGING_RULES:-qt.webenginecontext.info=false}
}

av_has_display() {
  [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]
}

# Runs "$@" on a virtual X screen (Xvfb), through Qt's X11 platform.
av_xvfb() {
  QT_QPA_PLATFORM=xcb QTWEBENGINE_CHROMIUM_FLAGS="${QTWEBENGINE_CHROMIUM_FLAGS:---disable-gpu}" \
    xvfb-run -a -s "-screen 0 1600x1000x24" "$@"
}
