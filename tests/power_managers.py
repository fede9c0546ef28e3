"""Real idle-inhibitor book-keepers for tests: KDE's PowerDevil beside a headless KWin, and Xfce's
xfce4-power-manager under Xvfb, each on a private session bus; and the programs that ask them to
keep the screen on (a browser playing a film, a download)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.compositors import KWin, _bus_has, _call, _stop


def _start(command: list[str], env: dict[str, str], address: str, name: str, log: Path) -> Any:
    out = open(log, "w")  # noqa: SIM115
    proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while not _bus_has(address, name):
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop(proc)
            out.close()
            raise RuntimeError(f"{command[0]} did not start: {log.read_text()[-800:]}")
        time.sleep(0.1)
    return proc, out


@contextmanager
def powerdevil(kwin: KWin) -> Iterator[None]:
    """KDE's power manager (Debian's ``powerdevil`` 5.27) beside the headless KWin, on its bus.

    It reads idle time from KWin through KIdleTime's Wayland plugin, which needs Qt's Wayland
    platform (``qtwayland5``); with no such plugin it crashes. No system bus is needed here:
    it does without UPower and logind (and says so in its log)."""
    found = sorted(glob.glob("/usr/lib/*/libexec/org_kde_powerdevil"))
    if not found:
        raise RuntimeError("powerdevil is not installed; ./dev.sh test installs it")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(kwin.runtime),
        "XDG_RUNTIME_DIR": str(kwin.runtime),
        "XDG_CONFIG_HOME": str(kwin.runtime / "config"),
        "DBUS_SESSION_BUS_ADDRESS": kwin.bus,
        "WAYLAND_DISPLAY": kwin.env["WAYLAND_DISPLAY"],
        "QT_QPA_PLATFORM": "wayland",
    }
    name = "org.kde.Solid.PowerManagement.PolicyAgent"
    proc, out = _start([found[0]], env, kwin.bus, name, kwin.runtime / "powerdevil.log")
    try:
        yield
    finally:
        _stop(proc)
        out.close()


@contextmanager
def xfce4_power_manager(display: str, address: str) -> Iterator[None]:
    """Xfce's power manager (Debian's ``xfce4-power-manager`` 4.18) on an X display and a private
    session bus; it owns ``org.freedesktop.PowerManagement`` (no system bus needed to start)."""
    if shutil.which("xfce4-power-manager") is None:
        raise RuntimeError("xfce4-power-manager is not installed; ./dev.sh test installs it")
    home = Path(tempfile.mkdtemp(prefix="loosen-xfpm-"))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "DISPLAY": display,
        "DBUS_SESSION_BUS_ADDRESS": address,
    }
    command = ["xfce4-power-manager", "--no-daemon"]
    proc, out = _start(command, env, address, "org.freedesktop.PowerManagement", home / "log")
    try:
        yield
    finally:
        _stop(proc)
        out.close()
        shutil.rmtree(home, ignore_errors=True)


class Program:
    """A program on the session bus that asks for the screen to stay on, as browsers, players and
    download managers do; quitting (its connection gone) is how most of them let go."""

    def __init__(self, bus: Any) -> None:
        self.bus = bus

    @classmethod
    async def connect(cls, address: str) -> Program:
        from dbus_fast.aio import MessageBus

        return cls(await MessageBus(bus_address=address).connect())

    async def screensaver_inhibit(self, app: str, reason: str) -> int:
        """``org.freedesktop.ScreenSaver.Inhibit`` (Chromium and Firefox playing a video)."""
        saver = "org.freedesktop.ScreenSaver"
        path = "/org/freedesktop/ScreenSaver"
        (cookie,) = await _call(self.bus, saver, path, saver, "Inhibit", "ss", app, reason)
        return int(cookie)

    async def power_inhibit(self, app: str, reason: str) -> int:
        """``org.freedesktop.PowerManagement.Inhibit`` (VLC on Xfce; download managers)."""
        (cookie,) = await _call(
            self.bus,
            "org.freedesktop.PowerManagement",
            "/org/freedesktop/PowerManagement/Inhibit",
            "org.freedesktop.PowerManagement.Inhibit",
            "Inhibit",
            "ss",
            app,
            reason,
        )
        return int(cookie)

    def quit(self) -> None:
        self.bus.disconnect()


async def power_has_inhibit(bus: Any) -> bool:
    """What ``org.freedesktop.PowerManagement.Inhibit.HasInhibit`` answers now."""
    (held,) = await _call(
        bus,
        "org.freedesktop.PowerManagement",
        "/org/freedesktop/PowerManagement/Inhibit",
        "org.freedesktop.PowerManagement.Inhibit",
        "HasInhibit",
    )
    return bool(held)
