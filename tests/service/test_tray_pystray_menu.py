"""pystray's own menu, chosen item by item in a real panel: the service with `tray.backend =
"pystray"` and pystray's appindicator backend (libayatana-appindicator: a StatusNotifierItem and
a dbusmenu menu made from pystray's GTK menu), which xfce4-panel shows under Xvfb. The menu is
opened with a click and items are chosen with the keyboard as a person would; the service's state
follows, and "Quit loosen" stops it.

The appindicator backend is what pystray picks on a Linux desktop with PyGObject; loosen does not
install PyGObject, so the child borrows Debian's python3-gi (built for Debian 12's Python 3.11,
the version the tests run on). macOS and Windows use pystray's own darwin and win32 backends, which
build their native menus from the same pystray menu."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from loosen.storage.activity import ActivityLog
from loosen.storage.history import History
from tests.conftest import Home
from tests.desktop import session_bus, xdotool, xvfb
from tests.service.conftest import Service, db
from tests.xfce_panel import grab, png, xfce_panel

pytestmark = pytest.mark.slow
SHOTS = Path(__file__).resolve().parents[2] / ".cache" / "screenshots"
DEBIAN_GI = Path("/usr/lib/python3/dist-packages/gi")
WIDTH, PANEL = 800, 32
TEAL, GREY = (38, 166, 154), (120, 126, 132)


def borrowed_gi(folder: Path) -> str:
    """A folder with Debian's PyGObject in it, for the child's PYTHONPATH (nothing else of
    Debian's Python packages: they would shadow the venv's)."""
    if not DEBIAN_GI.is_dir():
        raise RuntimeError("Debian's python3-gi is missing; ./dev.sh test installs it")
    if sys.version_info[:2] != (3, 11):
        raise RuntimeError("Debian 12's python3-gi is built for Python 3.11; the tests run on it")
    folder.mkdir()
    (folder / "gi").symlink_to(DEBIAN_GI)
    return str(folder)


def wait_for(check, what: str, turns: int = 600):  # type: ignore[no-untyped-def]
    """Look again until ``check()`` gives something (bounded by a number of looks)."""
    for _ in range(turns):
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{what} never came")


def near(p: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 24 for a, b in zip(p, colour, strict=True))


def columns(display: str, colour: tuple[int, int, int]) -> list[int]:
    """The panel's columns with a pixel of about ``colour`` (the panel scales the picture)."""
    w, _, rgb = grab(display, (0, 0, WIDTH, PANEL))
    found = {i // 3 % w for i in range(0, len(rgb), 3) if near(tuple(rgb[i : i + 3]), colour)}
    return sorted(found)


def test_pystrays_menu_in_a_real_panel_drives_the_service(home: Home, tmp_path: Path):
    # a bout that began 38 minutes ago: "I just moved" visibly starts it again
    home.data.mkdir(parents=True)
    history = History(db(home))
    now = datetime.now(UTC)
    ActivityLog(history).start_bout(now - timedelta(minutes=38))
    ActivityLog(history).checkpoint(now - timedelta(seconds=30))
    history.close()
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    opened = tmp_path / "opened"
    (bin_ / "xdg-open").write_text(f'#!/bin/sh\necho "$@" >> {opened}\n')
    (bin_ / "xdg-open").chmod(0o755)

    with xvfb() as display, session_bus() as bus, xfce_panel(display, bus):
        env = {
            "DISPLAY": display,
            "DBUS_SESSION_BUS_ADDRESS": bus,
            "LOOSEN_TRAY_BACKEND": "pystray",
            "PYSTRAY_BACKEND": "appindicator",
            "PYTHONPATH": borrowed_gi(tmp_path / "gi"),
            "PATH": f"{bin_}:{os.environ['PATH']}",
            "NO_AT_BRIDGE": "1",
        }
        service = Service(home, env).start()

        def status() -> dict[str, Any]:
            return json.loads(home.run("status", "--json", env=env).out)  # type: ignore[no-any-return]

        try:
            # the icon: one small teal picture at the right, before the clock
            cols = wait_for(lambda: columns(display, TEAL), "the icon in the panel")
            assert cols[0] > WIDTH * 0.8 and cols[-1] - cols[0] < PANEL
            x = (cols[0] + cols[-1]) // 2
            icon = (cols[0], 0, cols[-1] - cols[0] + 1, PANEL)

            def shows(colour: tuple[int, int, int]) -> bool:
                _, _, rgb = grab(display, icon)
                return any(near(tuple(rgb[i : i + 3]), colour) for i in range(0, len(rgb), 3))

            def open_menu() -> None:
                xdotool(display, "mousemove", str(x), str(PANEL // 2), "click", "1")
                wait_for(lambda: grab(display, (x - 100, PANEL + 20, 1, 1))[2] != b"\0\0\0", "menu")

            def choose(*keys: str) -> None:
                """Open the menu with a click on the icon, then press ``keys``."""
                open_menu()
                xdotool(display, "key", "--delay", "100", *keys)

            doctor = home.run("doctor", env=env).out
            assert "shows it, with its appindicator backend." in doctor
            assert int(status()["sitting_seconds"]) >= 38 * 60

            open_menu()
            SHOTS.mkdir(parents=True, exist_ok=True)
            _, _, rgb = grab(display, (WIDTH - 320, 0, 320, 260))
            (SHOTS / "tray-pystray-menu.png").write_bytes(png(320, 260, rgb))
            xdotool(display, "key", "Escape")

            # I just moved (Snooze, not possible now, is passed over)
            choose("Down", "Down", "Down", "Return")
            wait_for(lambda: int(status()["sitting_seconds"]) < 60, "I just moved", turns=60)

            # Pause ▸ 30 min: the icon turns grey
            choose("Down", "Down", "Down", "Down", "Right", "Return")
            wait_for(lambda: status()["paused_until"], "the pause", turns=60)
            wait_for(lambda: shows(GREY) and not shows(TEAL), "the grey paused picture")

            # Resume, where Pause was
            choose("Down", "Down", "Down", "Down", "Return")
            wait_for(lambda: status()["paused_until"] is None, "resume", turns=60)
            wait_for(lambda: shows(TEAL), "the sitting picture again")

            # Open dashboard (above Today, which cannot be chosen)
            choose("Up", "Up", "Return")
            page = wait_for(lambda: opened.exists() and opened.read_text().strip(), "the browser")
            assert page.startswith("file://")

            # Quit loosen: the service stops, the child with it, and the icon goes
            choose("Up", "Return")
            assert service.proc is not None and service.proc.wait(timeout=30) == 0
            wait_for(lambda: not shows(TEAL), "the icon's removal")
        finally:
            service.stop()
