"""The pystray tray's child process (``python -m loosen.pystray_child``) and the service's side of
it (``service/tray_child.py``), against the real Runner with its history file and a fake clock.

No panel can show pystray's menu here (its xorg backend has none: ``test_tray_pystray_panel.py``
clicks the real icon), so the child runs with a stand-in pystray (``tests/fake_pystray``):
pystray's own Menu and MenuItem, and an icon backend of ours that writes what it shows to a file
and chooses menu items by their labels, as a user would. Everything else is real: the lines over
the child's standard input and output, the menu built from the same view as the D-Bus menu, and
the runner commands the choices become.
"""

from __future__ import annotations

import asyncio
import importlib.util
import io
import json
import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from loosen.adapters.notify.terminal import TerminalNotifier
from loosen.adapters.tray import view as v
from loosen.adapters.tray.actions import MenuActions, routine_titles
from loosen.core.coach import Coach
from loosen.core.policy import BreakPolicy
from loosen.service.runner import Runner
from loosen.service.tray_child import RESTARTS, TrayChild
from loosen.storage.activity import ActivityLog
from loosen.storage.history import History
from tests.adapters.test_tray import T0, FakeClock, Typing, run_until

pytestmark = pytest.mark.slow
FAKE = Path(__file__).resolve().parents[1] / "fake_pystray"
MAIN_MENU = [
    "Take a break now",
    "Start routine",
    "Snooze 5 min",
    "I just moved",
    "Pause",
    "-",
    "Open dashboard",
    "Today: 0 min sitting, 0 breaks",
    "-",
    "Quit loosen",
]


def real_pystray_base() -> str:
    spec = importlib.util.find_spec("pystray")
    assert spec is not None and spec.submodule_search_locations
    return str(Path(next(iter(spec.submodule_search_locations))) / "_base.py")


class FakePanel:
    """What the stand-in pystray showed (its file) and what the user does (its FIFO)."""

    def __init__(self, folder: Path) -> None:
        self.shown_file = folder / "shown.jsonl"
        self.control = folder / "control"
        os.mkfifo(self.control)
        self.fd = os.open(self.control, os.O_RDWR)  # never blocks, whoever reads it
        self.env = {
            **os.environ,
            "PYTHONPATH": str(FAKE),
            "FAKE_PYSTRAY_BASE": real_pystray_base(),
            "FAKE_TRAY_SHOWN": str(self.shown_file),
            "FAKE_TRAY_CONTROL": str(self.control),
        }

    def shown(self) -> list[dict[str, Any]]:
        if not self.shown_file.exists():
            return []
        complete = self.shown_file.read_text().split("\n")[:-1]  # not a line being written
        return [json.loads(line) for line in complete]

    def now(self) -> dict[str, Any]:
        return self.shown()[-1]

    def do(self, command: str) -> None:
        os.write(self.fd, command.encode() + b"\n")

    def close(self) -> None:
        os.close(self.fd)


def texts(menu: list[Any]) -> list[str]:
    return [e if e == "-" else e["text"] for e in menu]


def entry(menu: list[Any], text: str) -> dict[str, Any]:
    return next(e for e in menu if e != "-" and e["text"] == text)


async def until(check: Callable[[], Any], what: str = "the condition") -> Any:
    """Look again until ``check()`` gives something (bounded by a number of looks)."""
    for _ in range(4000):
        found = check()
        if found:
            return found
        await asyncio.sleep(0.005)
    raise AssertionError(f"{what} never came")


class Desk:
    def __init__(self, history: History, environ: dict[str, str], **child: Any) -> None:
        self.clock = FakeClock()
        self.opened: list[str] = []
        self.dashboards = 0
        self.runner = Runner(
            Coach(BreakPolicy(), lambda d: d),
            ActivityLog(history),
            Typing(),
            TerminalNotifier(io.StringIO()),
            self.clock,  # type: ignore[arg-type]
            localize=lambda d: d,
            open_routine=self.opened.append,
        )
        routines = routine_titles(None)
        actions = MenuActions(
            self.runner.status,
            self.runner.command,
            open_routine=self.opened.append,
            open_dashboard=self.dashboard,
            break_routine=lambda: self.runner.break_routine,
            routines=routines,
        )
        self.child = TrayChild(
            actions, partial(v.view, routines=routines, local=lambda d: d), environ, **child
        )
        self.runner.on_status.append(self.child.refresh)

    def dashboard(self) -> None:
        self.dashboards += 1


def test_the_child_shows_the_tray_and_every_menu_item_works(tmp_path):
    panel = FakePanel(tmp_path)

    async def scenario() -> None:
        history = History(tmp_path / "h.db")
        desk = Desk(history, panel.env)
        runner, clock = desk.runner, desk.clock
        runner.restore()
        desk.child.start()
        await desk.child.ready.wait()
        assert desk.child.backend == "fake"
        await runner.tick()

        assert panel.shown()[0]["visible"] is False  # drawn before it is shown
        # an update reaches the icon part by part (menu, tooltip, picture): wait for all of it
        shown = await until(
            lambda: (
                panel.now()["title"] == "Sitting for 0 min · next break 10:00"
                and panel.now()["image"][3][:3] == [38, 166, 154]
                and panel.now()
            )
        )
        assert shown["visible"] is True
        mode, width, height, top = shown["image"]
        assert (mode, width, height) == ("RGBA", 48, 48)
        assert top[:3] == [38, 166, 154]  # the teal ring, as the D-Bus tray's pixmap
        menu = shown["menu"]
        assert texts(menu) == MAIN_MENU
        assert entry(menu, "Snooze 5 min")["enabled"] is False
        assert entry(menu, "Today: 0 min sitting, 0 breaks")["enabled"] is False
        assert entry(menu, "Open dashboard")["default"] is True
        assert texts(entry(menu, "Pause")["submenu"]) == ["30 min", "1 h", "Until tomorrow"]
        glutes = next(title for rid, title in routine_titles(None) if rid == "glutes")
        assert glutes in texts(entry(menu, "Start routine")["submenu"])

        # sitting on: the tooltip, the fill and Today follow at the runner's wake-ups
        await run_until(runner, clock, T0 + timedelta(minutes=30))
        shown = await until(  # the fill grew, so the picture is the update's last part
            lambda: (
                "30 min" in panel.now()["title"] and panel.now()["what"] == "icon" and panel.now()
            )
        )
        assert shown["title"] == "Sitting for 30 min · next break 10:00"
        assert "Today: 30 min sitting, 0 breaks" in texts(shown["menu"])
        lines = len(panel.shown())
        desk.child.refresh()  # nothing changed: nothing is sent, nothing redrawn
        await runner.tick()
        assert len(panel.shown()) == lines

        panel.do("click I just moved")
        await until(lambda: runner.status()["sitting_seconds"] == 0, "I just moved")
        assert runner.status()["bout_started_at"] == clock.at.isoformat()

        panel.do("click Pause>30 min")
        await until(lambda: runner.status()["paused_until"], "the pause")
        assert runner.status()["paused_until"] == (clock.at + timedelta(minutes=30)).isoformat()
        shown = await until(
            lambda: (
                "Resume" in texts(panel.now()["menu"])
                and panel.now()["title"].startswith("Paused")
                and panel.now()["what"] == "icon"
                and panel.now()
            )
        )
        assert "Pause" not in texts(shown["menu"])
        assert shown["title"] == f"Paused until {clock.at + timedelta(minutes=30):%a %H:%M}"
        assert shown["image"][3][:3] != [38, 166, 154]  # the grey paused picture
        panel.do("click Resume")
        await until(lambda: runner.status()["paused_until"] is None, "resume")
        await until(lambda: "Pause" in texts(panel.now()["menu"]))

        # the break comes: Snooze can be chosen
        await run_until(runner, clock, T0 + timedelta(minutes=91))
        assert runner.status()["prompt_open"] is True
        await until(lambda: entry(panel.now()["menu"], "Snooze 5 min")["enabled"])
        panel.do("click Snooze 5 min")
        await until(lambda: runner.status()["prompt_open"] is False, "the snooze")
        assert runner.status()["next_break_at"] == (clock.at + timedelta(minutes=5)).isoformat()

        # Take a break now: the break starts and the routine opens
        panel.do("click Take a break now")
        await until(lambda: runner.status()["mode"] == "on-break", "the break")
        assert desk.opened == ["desk-short"]
        shown = await until(
            lambda: (
                "Break done" in texts(panel.now()["menu"])
                and panel.now()["title"] == "On a break"
                and panel.now()
            )
        )
        assert entry(shown["menu"], "Take a break now")["enabled"] is False
        clock.at += timedelta(minutes=5)
        panel.do("click Break done")
        await until(lambda: runner.status()["mode"] == "sitting", "the break's end")
        await until(lambda: any(t.endswith("1 break") for t in texts(panel.now()["menu"])))

        # Start routine ▸ a routine: a break with that routine
        panel.do(f"click Start routine>{glutes}")
        await until(lambda: desk.opened == ["desk-short", "glutes"], "the routine")
        assert runner.status()["mode"] == "on-break"

        # the dashboard: a click on the icon, or the menu item
        panel.do("activate")
        panel.do("click Open dashboard")
        await until(lambda: desk.dashboards == 2, "the dashboard")

        # Quit loosen stops the service, and the service's close ends the child
        panel.do("click Quit loosen")
        await until(runner.stop.is_set, "the stop")
        proc = desk.child.proc
        assert proc is not None
        await desk.child.close()
        assert proc.returncode == 0 and desk.child.proc is None
        assert "stopped" in [s["what"] for s in panel.shown()]
        assert desk.child.starts == 1
        history.close()

    try:
        asyncio.run(scenario())
    finally:
        panel.close()
    with sqlite3.connect(tmp_path / "h.db") as con:
        kinds = [k for (k,) in con.execute("SELECT kind FROM events ORDER BY id")]
    for kind in ("paused", "resumed", "snoozed", "break-started", "break-done"):
        assert kind in kinds


def test_a_crashing_child_is_started_again_a_few_times_and_the_service_goes_on(tmp_path, caplog):
    panel = FakePanel(tmp_path)
    caplog.set_level(logging.WARNING, logger="loosen.service")

    async def scenario() -> None:
        history = History(tmp_path / "h.db")
        desk = Desk(history, panel.env, restart_pause=0.01)
        desk.runner.restore()
        desk.child.start()
        for start in range(1, RESTARTS + 2):
            await until(lambda s=start: desk.child.starts == s and desk.child.ready.is_set())
            panel.do("crash")
            await until(lambda s=start: desk.child.proc is None or desk.child.starts > s)
        await until(lambda: desk.child.problem, "giving up")
        assert desk.child.starts == RESTARTS + 1
        assert desk.child.proc is None
        # the service goes on without its icon
        ok, _ = await desk.runner.command("pause", {"minutes": 30})
        assert ok and desk.runner.status()["paused_until"]
        await desk.child.close()
        history.close()

    try:
        asyncio.run(scenario())
    finally:
        panel.close()
    said = [r.getMessage() for r in caplog.records]
    assert sum("starting it again (" in m for m in said) == RESTARTS
    assert any("exit status 3" in m for m in said)
    assert any(m.startswith("the tray icon is gone") for m in said)


def test_the_service_stopping_during_a_restarts_pause_starts_no_new_child(tmp_path):
    panel = FakePanel(tmp_path)

    async def scenario() -> None:
        history = History(tmp_path / "h.db")
        desk = Desk(history, panel.env, restart_pause=1000.0)
        desk.runner.restore()
        desk.child.start()
        await desk.child.ready.wait()
        panel.do("crash")
        await until(lambda: desk.child.proc is None, "the crash")
        await asyncio.wait_for(desk.child.close(), 30)  # not after the 1000 s pause
        assert desk.child.starts == 1 and desk.child.proc is None
        history.close()

    try:
        asyncio.run(scenario())
    finally:
        panel.close()


def test_a_child_that_cannot_show_an_icon_is_not_started_again(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="loosen.service")

    async def scenario() -> None:
        history = History(tmp_path / "h.db")
        desk = Desk(history, {**os.environ, "PYSTRAY_BACKEND": "no-such-backend"})
        desk.runner.restore()
        desk.child.start()
        await until(lambda: desk.child.problem, "the child's answer")
        assert desk.child.starts == 1
        assert "unknown backend" in (desk.child.problem or "")
        await desk.child.close()
        history.close()

    asyncio.run(scenario())
    assert any("the tray icon cannot be shown" in r.getMessage() for r in caplog.records)


def test_the_child_exits_when_its_input_ends(tmp_path):
    """The service stopped or died: the child's input ends, and so does the child."""
    panel = FakePanel(tmp_path)
    status = {"mode": "sitting", "sitting_seconds": 60, "now": T0.isoformat()}
    first = {
        "type": "show",
        "picture": "sitting",
        "fill": 0.25,
        "title": "Sitting for 1 min",
        "detail": "",
        "menu": v.tree(v.menu(status, [], 5, v.today_line(status))),
        "activate": v.DASHBOARD,
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "loosen.pystray_child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=panel.env,
    )
    try:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(json.dumps(first).encode() + b"\n")
        child.stdin.flush()
        assert json.loads(child.stdout.readline()) == {
            "type": "ready",
            "backend": "fake",
            "menu": True,
        }
        panel.do("click I just moved")
        assert json.loads(child.stdout.readline()) == {"type": "clicked", "id": v.MOVED}
        child.stdin.close()
        assert child.wait(timeout=30) == 0
        assert "stopped" in [s["what"] for s in panel.shown()]
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()
        panel.close()


@pytest.mark.parametrize(("platform", "where"), [("darwin", "macOS"), ("win32", "Windows")])
def test_doctor_on_macos_and_windows_names_pystray_and_says_it_is_untested(
    tmp_path, platform, where
):
    from loosen.app import App
    from loosen.service.doctor_desktop import desktop_lines

    panel = FakePanel(tmp_path)
    env = {
        **{k: v for k, v in panel.env.items() if not k.startswith("LOOSEN_")},
        "LOOSEN_CONFIG_DIR": str(tmp_path / "config"),
        "LOOSEN_DATA_DIR": str(tmp_path / "data"),
        "DBUS_SESSION_BUS_ADDRESS": "",
    }
    said: list[str] = []
    try:
        asyncio.run(desktop_lines(App.from_environ(env), None, said.append, platform=platform))
    finally:
        panel.close()
    tray = said[: said.index("Break screen:")]
    assert tray[0] == 'Tray icon (pystray in a child process; tray.backend = "auto"):'
    assert tray[1].startswith("  [ok ] pystray 0.19")
    assert tray[1].endswith("shows it, with its fake backend.")
    assert tray[2].startswith(f"     Untested on {where}: loosen's tests run on Linux")
    assert len(tray) == 3
