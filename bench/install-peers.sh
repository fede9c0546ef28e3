#!/usr/bin/env bash
# Install the peers measured by bench/service.py from Debian, plus Xvfb and D-Bus.
set -euo pipefail
sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
  xvfb dbus-daemon dbus-x11 >/dev/null
# the peers as a user gets them: with their recommended packages (Safe Eyes' tray indicator and
# xprintidle, which its smart-pause plugin runs every few seconds)
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq safeeyes workrave \
  gir1.2-ayatanaappindicator3-0.1 xprintidle >/dev/null
echo "installed: $(dpkg-query -W -f='${Package} ${Version}, ' safeeyes workrave xprintidle \
  gir1.2-ayatanaappindicator3-0.1 xvfb)"
