"""The tray icon in a real panel: xfce4-panel under Xvfb shows the running service's icon (its
fill part-way after 38 minutes of sitting), opens the menu it reads over dbusmenu on a right
click, and "Quit loosen" chosen there with the keyboard stops the service. Screenshots go to
.cache/screenshots/ for a person to look at (docs/img/tray.png is one of them)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from loosen.storage.activity import ActivityLog
from loosen.storage.history import History
from tests.conftest import Home
from tests.desktop import session_bus, xdotool, xvfb
from tests.service.conftest import Service, db
from tests.xfce_panel import grab, png, xfce_panel

pytestmark = pytest.mark.slow
SHOTS = Path(__file__).resolve().parents[2] / ".cache" / "screenshots"
TEAL = bytes((38, 166, 154))
WIDTH, PANEL = 800, 32


def wait_for(check, what: str, turns: int = 400):  # type: ignore[no-untyped-def]
    """Look again until ``check()`` gives something (bounded by a number of looks)."""
    for _ in range(turns):
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{what} never came")


def icon_columns(display: str) -> list[int]:
    w, _, rgb = grab(display, (0, 0, WIDTH, PANEL))
    return sorted({i // 3 % w for i in range(0, len(rgb), 3) if rgb[i : i + 3] == TEAL})


def save(display: str, name: str, box: tuple[int, int, int, int], scale: int = 1) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    w, h, rgb = grab(display, box)
    path = SHOTS / f"{name}.png"
    path.write_bytes(png(w, h, rgb, scale))
    return path


def test_xfce4_panel_shows_the_icon_and_its_menu_quits_loosen(home: Home):
    # a bout that began 38 minutes ago and was seen half a minute ago: the service continues it
    home.data.mkdir(parents=True)
    history = History(db(home))
    now = datetime.now(UTC)
    ActivityLog(history).start_bout(now - timedelta(minutes=38))
    ActivityLog(history).checkpoint(now - timedelta(seconds=30))
    history.close()

    with xvfb() as display, session_bus() as bus, xfce_panel(display, bus):
        service = Service(home, {"DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": bus}).start()
        try:
            columns = wait_for(lambda: icon_columns(display), "the icon in the panel")
            status = json.loads(home.run("status", "--json").out)
            assert status["mode"] == "sitting" and status["sitting_seconds"] >= 38 * 60
            # the icon is one small picture at the right, before the clock
            assert columns[0] > WIDTH * 0.8 and columns[-1] - columns[0] < PANEL
            # its fill: teal from the bottom of the ring up to about 38/60 of its height
            x = (columns[0] + columns[-1]) // 2
            _, h, rgb = grab(display, (x, 0, 1, PANEL))
            teal_rows = [y for y in range(h) if rgb[y * 3 : y * 3 + 3] == TEAL]
            assert teal_rows[-1] - teal_rows[0] > PANEL // 3  # not just the ring's two edges
            save(display, "tray-panel", (WIDTH - 240, 0, 240, PANEL), scale=2)

            xdotool(display, "mousemove", str(x), str(PANEL // 2), "click", "3")
            wait_for(
                lambda: grab(display, (x - 100, PANEL + 20, 1, 1))[2] != b"\0\0\0",
                "the menu",
            )
            shot = save(display, "tray-menu", (WIDTH - 320, 0, 320, 260))
            assert shot.stat().st_size > 1000

            xdotool(display, "key", "Up", "Return")  # the last item: Quit loosen
            assert service.proc is not None
            assert service.proc.wait(timeout=20) == 0
        finally:
            service.stop()
