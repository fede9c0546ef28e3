#!/usr/bin/env bash
# One entry point for people and CI:
#   ./dev.sh run [ARGS]   set everything up, then run loosen's main job: the break service
#                         (`loosen start ARGS`, in the foreground; Ctrl-C stops it)
#   ./dev.sh test         set everything up, then run every check and the whole test suite
#   ./dev.sh setup        set up only
#   ./dev.sh lock         refresh uv.lock to the newest allowed versions, then run every test
# Needs Python 3.11+ and, for missing system packages, apt-get (as root or through sudo).
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
# System packages the tests need (installed only when missing).
# (chromium: Debian's browser, driven by Playwright in the web app's tests; Playwright cannot
# download its own here; fonts-dejavu-core so screenshots have real glyphs)
# (libx11-6, libxss1, libxext6: X11 idle time (XScreenSaver, XSync alarms) and full-screen
# detection, through ctypes; mutter: GNOME's idle watches tested on a real headless Mutter;
# sway, wtype: a real wlroots compositor (org_kde_kwin_idle) and a virtual keyboard for it;
# kwin-wayland: KDE's compositor, headless, for ext-idle-notify-v1 with its own fake input)
# (powerdevil, qtwayland5: KDE's power manager beside that KWin, where org.freedesktop.ScreenSaver
# inhibits end up; xfce4-power-manager: Xfce's, which owns org.freedesktop.PowerManagement)
# (xfce4-panel: a real tray host; its notification area speaks StatusNotifierItem and hosts XEmbed
# icons; python3-gi, gir1.2-gtk-3.0, gir1.2-ayatanaappindicator3-0.1: pystray's appindicator
# backend and its menu, tested with Debian's PyGObject, which is built for the tests' Python 3.11)
# (libtk8.6: Tk for the break screen, loaded by Python's _tkinter; python3-tk is added below when
# Debian's own Python runs the tests; libxrandr2: the monitors, through ctypes; x11-xserver-utils:
# `xrandr --setmonitor` makes two monitors on one Xvfb screen in the tests)
# (tmux: the terminal player in a double-width language, as a real terminal lays it out;
# fonts-noto-cjk: Japanese and Chinese glyphs in the screenshots)
TEST_APT_PACKAGES=(xvfb xdotool dbus-daemon openbox wmctrl chromium fonts-dejavu-core tmux libx11-6 libxss1
  libxext6 mutter sway wtype kwin-wayland powerdevil qtwayland5 xfce4-power-manager xfce4-panel
  libtk8.6 libxrandr2 x11-xserver-utils fonts-noto-cjk python3-gi gir1.2-gtk-3.0
  gir1.2-ayatanaappindicator3-0.1)
RUN_APT_PACKAGES=()

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

find_python() {
  local c
  for c in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
    [ -n "$c" ] || continue
    if command -v "$c" >/dev/null 2>&1 &&
       "$c" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  return 1
}

apt_install() {
  [ "$#" -gt 0 ] || return 0
  local missing=() p
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    log "Please install these system packages with your package manager: ${missing[*]}"
    exit 1
  fi
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  log "Installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# uv installs exactly what uv.lock says (`uv sync --locked`), so every machine tests the same
# code; it is itself installed, at a pinned version, into a small venv of its own (.tools/).
UV_VERSION=0.13.9
TOOLS=.tools

ensure_uv() {
  local py=$1
  if [ ! -x "$TOOLS/bin/uv" ] || [ "$("$TOOLS/bin/uv" --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
    log "Installing uv $UV_VERSION into $TOOLS"
    rm -rf "$TOOLS"
    if ! "$py" -m venv "$TOOLS" 2>/dev/null; then
      rm -rf "$TOOLS"
      local ver; ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      apt_install "python$ver-venv"
      "$py" -m venv "$TOOLS"
    fi
    "$TOOLS/bin/python" -m pip install -q "uv==$UV_VERSION"
  fi
  UV=$TOOLS/bin/uv
  export UV_PYTHON=$py UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=$VENV
}

setup() {
  local mode=$1 py
  if [ "$mode" = test ]; then apt_install "${TEST_APT_PACKAGES[@]}"; else apt_install "${RUN_APT_PACKAGES[@]}"; fi
  if ! py=$(find_python); then
    apt_install python3 python3-venv
    py=$(find_python) || { log "loosen needs Python 3.11 or newer."; exit 1; }
  fi
  # Debian's own Python has tkinter in a package of its own (pyenv's and python.org's builds
  # have it built in when Tk was there to build against)
  if [ "$mode" = test ] && ! "$py" -c 'import tkinter' 2>/dev/null; then
    case "$(command -v "$py")" in
      /usr/bin/*) apt_install python3-tk ;;
      *) log "$py has no tkinter: the break screen tests need a Python built with Tk (tk-dev)." ;;
    esac
  fi
  ensure_uv "$py"
  # the locked versions; a test setup adds the test tools, a run setup keeps them if present
  if [ "$mode" = test ]; then
    "$UV" sync -q --locked --extra test
  else
    "$UV" sync -q --locked --inexact
  fi
  # our sources are installed editable: compile what changed, so no process compiles them at
  # import (PYTHONDONTWRITEBYTECODE would make every start do it; it costs the long-running
  # service about a megabyte of heap)
  "$VENV/bin/python" -m compileall -q src >/dev/null
}

# The settings editor must place keys right with every tomlkit the version range allows: the
# lock has the newest at the time it was made; this is the lowest.
TOMLKIT_LOWEST=0.12.0

run_tests() {
  local bin=$VENV/bin
  log "ruff check";        "$bin/ruff" check src tests bench scripts
  log "ruff format";       "$bin/ruff" format --check src tests bench scripts
  log "mypy (strict)";     "$bin/mypy"
  log "import contracts";  "$bin/lint-imports"
  log "test assets";       "$bin/python" scripts/fetch_test_assets.py >/dev/null
  log "pytest";            "$bin/pytest" "$@"
  if [ "$#" -eq 0 ]; then
    log "settings editor with tomlkit $TOMLKIT_LOWEST"
    "$UV" run -q --no-sync --with "tomlkit==$TOMLKIT_LOWEST" pytest -q -p no:cacheprovider tests/test_settings_file.py
  fi
}

# Refresh uv.lock to the newest versions the ranges in pyproject.toml allow, then run every test
# on them. Commit the new uv.lock only when they pass.
lock() {
  local py; py=$(find_python) || { log "loosen needs Python 3.11 or newer."; exit 1; }
  ensure_uv "$py"
  log "uv lock --upgrade"; "$UV" lock --upgrade
  setup test
  run_tests
  log "All tests pass on the new lock: commit uv.lock."
}

cmd=${1:-run}
[ "$#" -gt 0 ] && shift
case "$cmd" in
  run)   setup run;  exec "$VENV/bin/loosen" start "$@" ;;
  test)  setup test; run_tests "$@" ;;
  setup) setup test ;;
  lock)  lock ;;
  *) echo "usage: ./dev.sh run [--detach] | test [PYTEST ARGS] | setup | lock" >&2; exit 2 ;;
esac
