"""Where the break screen cannot be shown: no display, or a Python without Tk. `loosen doctor`
says so, a prompt never escalates, and "Start routine" opens where `breaks.open_in` says.

A Python built without Tk is played by a `_tkinter` module on PYTHONPATH that fails to import,
as the real one does when Tk is missing."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from loosen.config import load_settings
from loosen.core.coach import Coach, Restore
from loosen.service.app import policy_from
from loosen.service.break_screen import BreakScreen, screen_problem
from loosen.service.clock import ClockEvents
from loosen.service.runner import Runner
from loosen.storage.activity import ActivityLog
from loosen.storage.history import History
from tests.desktop import xvfb

NO_TK = 'raise ImportError("libtk8.6.so: cannot open shared object file")\n'


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def poll(self) -> ClockEvents:
        return ClockEvents(None, None)


class Quiet:
    name = "fake"

    async def idle(self) -> timedelta:
        return timedelta(seconds=30)

    async def close(self) -> None:
        return None


class Notes:
    name = "recorded"

    async def show(self, *args: object) -> None:
        return None

    async def withdraw(self) -> None:
        return None

    async def close(self) -> None:
        return None


def without_tk(tmp_path: Path) -> str:
    folder = tmp_path / "no-tk"
    folder.mkdir()
    (folder / "_tkinter.py").write_text(NO_TK)
    return str(folder)


def test_without_a_display_there_is_no_screen_and_no_escalation(tmp_path):
    assert screen_problem({}) == (
        "no X display (DISPLAY is not set; on Wayland the screen needs Xwayland)"
    )
    settings = load_settings(tmp_path / "none.toml", {})
    assert policy_from(settings, screen=True).escalate_after == timedelta(minutes=2)
    assert policy_from(settings, screen=False).escalate_after is None
    off = load_settings(tmp_path / "none.toml", {"LOOSEN_BREAKS_ESCALATE_AFTER": "0"})
    assert policy_from(off).escalate_after is None
    screen_off = load_settings(tmp_path / "none.toml", {"LOOSEN_BREAKS_SCREEN": "false"})
    assert policy_from(screen_off).escalate_after is None


@pytest.mark.slow
def test_doctor_says_when_this_python_has_no_tk(home, tmp_path):
    with xvfb() as display:
        r = home.run(
            "doctor",
            env={"DISPLAY": display, "PYTHONPATH": without_tk(tmp_path)},
        )
    lines = r.out.split("Break screen:\n")[1].splitlines()[:2]
    assert lines == [
        "  [no ] ImportError: libtk8.6.so: cannot open shared object file.",
        "     Breaks come as notifications only, and 'Start routine' opens where "
        "breaks.open_in says.",
    ]


@pytest.mark.slow
def test_doctor_says_the_screen_opens_on_this_display(home):
    with xvfb() as display:
        r = home.run("doctor", env={"DISPLAY": display})
    line = r.out.split("Break screen:\n")[1].splitlines()[0]
    assert line.startswith("  [ok ] Tk 8.6.")
    assert line.endswith(
        "opens it on 1 monitor: when you start a break and when a break notification is not "
        "answered within 2 min."
    )


@pytest.mark.slow
def test_a_break_started_without_tk_opens_the_routine_where_open_in_says(tmp_path):
    with xvfb() as display:
        environ = {
            **os.environ,
            "DISPLAY": display,
            "PYTHONPATH": without_tk(tmp_path),
            "LOOSEN_CONFIG_DIR": str(tmp_path / "cfg"),
            "LOOSEN_DATA_DIR": str(tmp_path / "data"),
        }

        async def scenario() -> list[str]:
            history = History(tmp_path / "h.db")
            runner = Runner(
                Coach(policy_from(load_settings(tmp_path / "none.toml", {})), lambda d: d),
                ActivityLog(history),
                Quiet(),
                Notes(),  # type: ignore[arg-type]
                Clock(),  # type: ignore[arg-type]
                localize=lambda d: d,
            )
            opened: list[str] = []
            settings = load_settings(tmp_path / "none.toml", {})
            screen = BreakScreen(runner, lambda: settings.breaks, environ, fallback=opened.append)
            runner.on_action.append(screen.on_action)
            now = runner.clock.now()
            runner.apply(Restore(now, now - timedelta(minutes=61), now))
            ok, _ = await runner.command("break", {})
            assert ok
            await asyncio.wait_for(screen.closed.wait(), 30)
            await screen.aclose()
            history.close()
            assert [m["type"] for m in screen.seen] == ["error"]
            return opened

        assert asyncio.run(scenario()) == ["desk-short"]
