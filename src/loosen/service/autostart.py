"""Start loosen with the user's session: systemd user unit, XDG autostart, launchd, Startup."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from loosen.i18n import _, pgettext


def _exe() -> str:
    return shutil.which("loosen") or f"{sys.executable} -m loosen"


def _home(environ: Mapping[str, str]) -> Path:
    return Path(environ.get("HOME", str(Path.home())))


def _config_home(environ: Mapping[str, str]) -> Path:
    return Path(environ.get("XDG_CONFIG_HOME") or _home(environ) / ".config")


def systemd_user_available(environ: Mapping[str, str]) -> bool:
    if not shutil.which("systemctl"):
        return False
    try:
        r = subprocess.run(
            ["systemctl", "--user", "is-system-running"],
            capture_output=True,
            text=True,
            timeout=5,
            env=dict(environ),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.stdout.strip() in ("running", "degraded", "starting")


UNIT = """[Unit]
Description=loosen: movement-break coach
After=graphical-session.target
PartOf=graphical-session.target

[Service]
ExecStart={exe} start
Restart=on-failure

[Install]
WantedBy=graphical-session.target
"""

DESKTOP = """[Desktop Entry]
Type=Application
Name=loosen
Comment=Movement-break coach
Exec={exe} start
X-GNOME-Autostart-enabled=true
NoDisplay=true
"""


def paths(environ: Mapping[str, str]) -> dict[str, Path]:
    home = _home(environ)
    return {
        "systemd": _config_home(environ) / "systemd" / "user" / "loosen.service",
        "xdg": _config_home(environ) / "autostart" / "loosen.desktop",
        "launchd": home / "Library" / "LaunchAgents" / "app.loosen.plist",
        "windows": Path(environ.get("APPDATA", str(home)))
        / "Microsoft"
        / "Windows"
        / "Start Menu"
        / "Programs"
        / "Startup"
        / "loosen.cmd",
    }


def enable(environ: Mapping[str, str]) -> str:
    p = paths(environ)
    exe = _exe()
    if sys.platform == "darwin":
        p["launchd"].parent.mkdir(parents=True, exist_ok=True)
        args = "".join(f"<string>{a}</string>" for a in [*exe.split(), "start"])
        p["launchd"].write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>'
            "<key>Label</key><string>app.loosen</string>"
            f"<key>ProgramArguments</key><array>{args}</array>"
            "<key>RunAtLoad</key><true/></dict></plist>\n"
        )
        return _("loosen will start when you log in (%(path)s).") % {"path": p["launchd"]}
    if sys.platform == "win32":
        p["windows"].parent.mkdir(parents=True, exist_ok=True)
        p["windows"].write_text(f'@echo off\r\nstart "" /min {exe} start\r\n')
        return _("loosen will start when you log in (%(path)s).") % {"path": p["windows"]}
    if systemd_user_available(environ):
        p["systemd"].parent.mkdir(parents=True, exist_ok=True)
        p["systemd"].write_text(UNIT.format(exe=exe))
        subprocess.run(["systemctl", "--user", "daemon-reload"], check=False, env=dict(environ))
        subprocess.run(
            ["systemctl", "--user", "enable", "loosen.service"], check=False, env=dict(environ)
        )
        return _("loosen will start with your session (systemd user unit %(path)s).") % {
            "path": p["systemd"]
        }
    p["xdg"].parent.mkdir(parents=True, exist_ok=True)
    p["xdg"].write_text(DESKTOP.format(exe=exe))
    return _(
        "loosen will start when you log in (XDG autostart entry %(path)s; no systemd user "
        "manager was found)."
    ) % {"path": p["xdg"]}


def disable(environ: Mapping[str, str]) -> str:
    p = paths(environ)
    removed = []
    if p["systemd"].exists() and systemd_user_available(environ):
        subprocess.run(
            ["systemctl", "--user", "disable", "loosen.service"], check=False, env=dict(environ)
        )
    for path in p.values():
        if path.exists():
            path.unlink()
            removed.append(str(path))
    if not removed:
        return _("loosen was not set to start automatically.")
    return _("loosen will no longer start automatically (removed %(paths)s).") % {
        "paths": pgettext("list separator", ", ").join(removed)
    }
