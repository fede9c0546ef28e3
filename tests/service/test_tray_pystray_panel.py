"""The pystray tray for real: the service with ``tray.backend = "pystray"`` under Xvfb, with
Debian's xfce4-panel (its notification area also hosts XEmbed tray icons, which is what pystray's
xorg backend makes) and a private D-Bus bus. The icon is the child's window, embedded in the
panel, with the same picture as the D-Bus tray's; it follows the service's state; a click on it
opens the dashboard (the xorg backend has no menu: ``test_tray_pystray_menu.py`` chooses from
pystray's menu with its appindicator backend, ``test_tray_child.py`` every item); a
killed child is started again; the service's memory never holds pystray or Pillow; and the child
goes when the service stops. Screenshot: ``.cache/screenshots/tray-pystray.png``."""

from __future__ import annotations

import json
import os
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from loosen.adapters.tray.view import fill_of
from loosen.pystray_child import build
from loosen.storage.activity import ActivityLog
from loosen.storage.history import History
from tests.conftest import Home
from tests.desktop import session_bus, xdotool, xvfb
from tests.service.conftest import Service, db
from tests.xfce_panel import grab, png, xfce_panel

pytestmark = pytest.mark.slow
SHOTS = Path(__file__).resolve().parents[2] / ".cache" / "screenshots"
TEAL, GREY = (38, 166, 154), (120, 126, 132)


def wait_for(check, what: str, turns: int = 600):  # type: ignore[no-untyped-def]
    """Look again until ``check()`` gives something (bounded by a number of looks)."""
    for _ in range(turns):
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{what} never came")


def tray_owner(display: str) -> bool:
    """Has the panel's notification area taken the XEmbed system tray selection?"""
    from Xlib import X
    from Xlib import display as xdisplay

    d = xdisplay.Display(display)
    try:
        owner = d.get_selection_owner(d.intern_atom(f"_NET_SYSTEM_TRAY_S{d.get_default_screen()}"))
        return owner != X.NONE
    finally:
        d.close()


def embedded_icons(display: str) -> list[tuple[int, int, int, int, int]]:
    """pystray's icon windows (WM_CLASS "loosenSystemTrayIcon") that a tray has embedded (their
    parent is not the root), mapped: (window id, x, y, width, height) on the screen."""
    from Xlib import X
    from Xlib import display as xdisplay

    d = xdisplay.Display(display)
    try:
        root = d.screen().root
        found = []
        todo = [root]
        while todo:
            w = todo.pop()
            try:
                children = w.query_tree().children
                cls = w.get_wm_class()
                attrs = w.get_attributes()
            except Exception:  # noqa: BLE001 (a window that went away while we looked)
                continue
            todo.extend(children)
            if cls == ("loosenSystemTrayIcon", "loosen") and attrs.map_state == X.IsViewable:
                if w.query_tree().parent.id == root.id:
                    continue
                geo = w.get_geometry()
                pos = w.translate_coords(root, 0, 0)
                found.append((w.id, -pos.x, -pos.y, geo.width, geo.height))
        return found
    finally:
        d.close()


def pixels(display: str, box: tuple[int, int, int, int]) -> list[tuple[int, int, int]]:
    _, _, rgb = grab(display, box)
    return [tuple(rgb[i : i + 3]) for i in range(0, len(rgb), 3)]  # type: ignore[misc]


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def the_child(pid: int) -> int:
    for c in children(pid):
        try:
            if b"loosen.pystray_child" in Path(f"/proc/{c}/cmdline").read_bytes():
                return c
        except OSError:
            continue
    return 0


def mapped(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


def test_the_pystray_icon_in_a_real_panel(home: Home, tmp_path: Path):
    from PIL import Image

    # a bout that began 38 minutes ago and was seen half a minute ago: the ring is part filled
    home.data.mkdir(parents=True)
    history = History(db(home))
    now = datetime.now(UTC)
    ActivityLog(history).start_bout(now - timedelta(minutes=38))
    ActivityLog(history).checkpoint(now - timedelta(seconds=30))
    history.close()
    # the dashboard opens in "the browser": a stand-in xdg-open that notes what it was given
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    opened = tmp_path / "opened"
    (bin_ / "xdg-open").write_text(f'#!/bin/sh\necho "$@" >> {opened}\n')
    (bin_ / "xdg-open").chmod(0o755)

    with xvfb() as display, session_bus() as bus, xfce_panel(display, bus):
        wait_for(lambda: tray_owner(display), "the panel's system tray")
        env = {
            "DISPLAY": display,
            "DBUS_SESSION_BUS_ADDRESS": bus,
            "LOOSEN_TRAY_BACKEND": "pystray",
            "PYSTRAY_BACKEND": "xorg",
            "PATH": f"{bin_}:{os.environ['PATH']}",
        }
        service = Service(home, env).start()
        try:
            # the icon: the child's window, embedded in the panel's notification area
            [(_, x, y, w, h)] = wait_for(lambda: embedded_icons(display), "the icon")
            assert x > 800 * 0.8 and y < 32 and 16 <= w <= 32 and 16 <= h <= 32
            status = json.loads(home.run("status", "--json", env=env).out)
            fill = fill_of(status)
            assert 0.5 <= fill <= 0.75  # 38 of 60 minutes
            # its picture is the D-Bus tray's, scaled to the tray's size as pystray does
            want = build.picture("sitting", fill, opaque=True).resize((w, h), Image.LANCZOS)
            raw = want.tobytes()
            shown = wait_for(
                lambda: (px := pixels(display, (x, y, w, h))) and TEAL in px and px,
                "the teal ring",
            )
            flat = [c for p in shown for c in p]
            off = sum(abs(a - b) for a, b in zip(flat, raw, strict=True))
            assert off / (w * h * 3) < 8  # the same picture, give or take a rounding
            SHOTS.mkdir(parents=True, exist_ok=True)
            _, _, rgb = grab(display, (800 - 160, 0, 160, 32))
            (SHOTS / "tray-pystray.png").write_bytes(png(160, 32, rgb, 3))

            # Pillow's libraries are loaded in the child, never in the service (pystray is pure
            # Python: the import contracts keep it out of the service)
            child = wait_for(lambda: the_child(service.pid), "the child process")
            assert "/PIL/_imaging" in mapped(child)
            assert "/PIL/" not in mapped(service.pid) and "pillow.libs" not in mapped(service.pid)

            # it follows the service's state: paused is a grey disc with two bars
            assert home.run("pause", "30m", env=env).code == 0
            wait_for(
                lambda: (
                    GREY in pixels(display, (x, y, w, h))
                    and TEAL not in pixels(display, (x, y, w, h))
                ),
                "the paused picture",
            )
            assert home.run("resume", env=env).code == 0
            wait_for(lambda: TEAL in pixels(display, (x, y, w, h)), "the sitting picture again")

            # doctor says which tray this is
            doctor = home.run("doctor", env=env).out
            assert 'Tray icon (pystray in a child process; tray.backend = "pystray"):' in doctor
            assert "shows it, with its xorg backend." in doctor
            assert "The xorg backend has no menu: a click on the icon opens the dashboard" in doctor

            # a click on the icon opens the dashboard in the browser
            xdotool(display, "mousemove", str(x + w // 2), str(y + h // 2), "click", "1")
            page = wait_for(lambda: opened.exists() and opened.read_text().strip(), "the browser")
            assert page.startswith("file://") and page.endswith(".html")

            # a child that dies takes its icon with it; it is started again (a second later), and
            # the icon comes back
            os.kill(child, signal.SIGKILL)
            wait_for(lambda: not embedded_icons(display), "the dead child's icon to go")
            again = wait_for(
                lambda: (c := the_child(service.pid)) and c != child and c, "a new child"
            )
            wait_for(lambda: embedded_icons(display), "the icon again")
            assert json.loads(home.run("status", "--json", env=env).out)["mode"] == "sitting"

            # the service stops: the child goes, and the icon with it
            assert home.run("stop", env=env).code == 0
            assert service.proc is not None and service.proc.wait(timeout=30) == 0
            assert service.proc.stdout is not None
            said = service.proc.stdout.read()
            assert (
                "the tray icon's process ended (exit status -9); starting it again (1 of 3)" in said
            )
            wait_for(lambda: not alive(again), "the child's end")
            wait_for(lambda: not embedded_icons(display), "the icon's removal")
        finally:
            service.stop()
