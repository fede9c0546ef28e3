#!/usr/bin/env bash
# One entry point for people and CI:
#   ./dev.sh run [ARGS]   set everything up, then run loosen's main job: the break service
#                         (`loosen start ARGS`, in the foreground; Ctrl-C stops it)
#   ./dev.sh test         set everything up, then run every check and the whole test suite
#   ./dev.sh setup        set up only
# Needs Python 3.11+ and, for missing system packages, apt-get (as root or through sudo).
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
# System packages the tests need (installed only when missing).
# (chromium: Debian's browser, driven by Playwright in the web app's tests; Playwright cannot
# download its own here; fonts-dejavu-core so screenshots have real glyphs)
# (libx11-6, libxss1: X11 idle time and full-screen detection, through ctypes)
TEST_APT_PACKAGES=(xvfb xdotool dbus-daemon openbox wmctrl chromium fonts-dejavu-core libx11-6 libxss1)
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

setup() {
  local mode=$1 py
  if [ "$mode" = test ]; then apt_install "${TEST_APT_PACKAGES[@]}"; else apt_install "${RUN_APT_PACKAGES[@]}"; fi
  if ! py=$(find_python); then
    apt_install python3 python3-venv
    py=$(find_python) || { log "loosen needs Python 3.11 or newer."; exit 1; }
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    log "Creating $VENV with $py"
    if ! "$py" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      local ver; ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      apt_install "python$ver-venv"
      "$py" -m venv "$VENV"
    fi
  fi
  # reinstall when the project's dependencies change
  local stamp="$VENV/.loosen-installed" want
  want=$(cat pyproject.toml | sha256sum | cut -c1-16)-$mode
  if [ ! -f "$stamp" ] || ! grep -qx -- "$want" "$stamp" 2>/dev/null; then
    log "Installing loosen and its dependencies into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    if [ "$mode" = test ]; then
      "$VENV/bin/python" -m pip install -q -e '.[test]'
    else
      "$VENV/bin/python" -m pip install -q -e .
    fi
    echo "$want" > "$stamp"
    if [ "$mode" = test ]; then echo "${want%-test}-run" >> "$stamp"; fi
  fi
  # our sources are installed editable: compile what changed, so no process compiles them at
  # import (PYTHONDONTWRITEBYTECODE would make every start do it; it costs the long-running
  # service about a megabyte of heap)
  "$VENV/bin/python" -m compileall -q src >/dev/null
}

run_tests() {
  local bin=$VENV/bin
  log "ruff check";        "$bin/ruff" check src tests bench scripts
  log "ruff format";       "$bin/ruff" format --check src tests bench scripts
  log "mypy (strict)";     "$bin/mypy"
  log "import contracts";  "$bin/lint-imports"
  log "test assets";       "$bin/python" scripts/fetch_test_assets.py >/dev/null
  log "pytest";            "$bin/pytest" "$@"
}

cmd=${1:-run}
[ "$#" -gt 0 ] && shift
case "$cmd" in
  run)   setup run;  exec "$VENV/bin/loosen" start "$@" ;;
  test)  setup test; run_tests "$@" ;;
  setup) setup test ;;
  *) echo "usage: ./dev.sh run [--detach] | test [PYTEST ARGS] | setup" >&2; exit 2 ;;
esac
