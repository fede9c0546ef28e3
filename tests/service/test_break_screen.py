"""The break screen for real: the service's BreakScreen starts the tkinter child under Xvfb with
two monitors (RandR monitors on one wide screen) and openbox; keys and clicks come from xdotool;
the runner, the coach and the SQLite history are the real ones. The runner's clock is the wall
clock plus an offset the test moves on (two minutes pass in an instant); the child plays the
routine on real time.

Screenshots of both monitors go to .cache/screenshots/ for a person to look at (docs/img/ has a
pair of them).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from loosen.adapters.idle.x11 import X11IdleSource
from loosen.app import App
from loosen.core.coach import Coach, Restore
from loosen.service.app import policy_from
from loosen.service.break_screen import BreakScreen
from loosen.service.clock import ClockEvents
from loosen.service.runner import Runner
from loosen.storage.activity import ActivityLog
from loosen.storage.history import History
from tests.desktop import two_monitors, windows
from tests.xfce_panel import grab, png

pytestmark = pytest.mark.slow
SHOTS = Path(__file__).resolve().parents[2] / ".cache" / "screenshots"
LEFT = (0, 0, 1280, 800)
RIGHT = (1280, 0, 1024, 800)
BG_OTHER = (0x0B, 0x0E, 0x12)


class OffsetClock:
    """The wall clock, moved on by the test (the child's routine runs on real time)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def poll(self) -> ClockEvents:
        return ClockEvents(None, None)


class Notes:
    name = "recorded"

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.open = False

    async def show(self, kind: str, title: str, body: str, buttons: Any, on_button: Any) -> None:
        self.shown.append(kind)
        self.open = True

    async def withdraw(self) -> None:
        self.open = False

    async def close(self) -> None:
        return None


async def until(pred: Callable[[], bool], limit: float = 20.0) -> bool:
    loop = asyncio.get_running_loop()
    end = loop.time() + limit
    while loop.time() < end:
        if pred():
            return True
        await asyncio.sleep(0.05)
    return pred()


def xdotool(display: str, *args: str) -> None:
    subprocess.run(
        ["xdotool", *args], env={**os.environ, "DISPLAY": display}, check=True, timeout=20
    )


def shot(display: str, name: str) -> tuple[bytes, bytes]:
    """Both monitors' pixels (RGB rows), each also saved as a PNG."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    out = []
    for which, box in (("primary", LEFT), ("other", RIGHT)):
        w, h, rgb = grab(display, box)
        (SHOTS / f"break-screen-{name}-{which}.png").write_bytes(png(w, h, rgb))
        out.append(rgb)
    return out[0], out[1]


def colours(rgb: bytes) -> set[tuple[int, int, int]]:
    return {(rgb[i], rgb[i + 1], rgb[i + 2]) for i in range(0, len(rgb), 3 * 97)}


def bright(rgb: bytes, level: int = 200) -> int:
    """Pixels (sampled) as light as the figure's near limbs and the big words."""
    return sum(1 for i in range(0, len(rgb), 3 * 7) if min(rgb[i], rgb[i + 1], rgb[i + 2]) > level)


def loosen_windows(display: str) -> list[tuple[int, int, int, int]]:
    return [(x, y, w, h) for x, y, w, h, title in windows(display) if "loosen" in title]


class Desk:
    """A runner whose user has sat for 61 minutes, a break screen, on a two-monitor display."""

    def __init__(self, display: str, tmp: Path, settings: str = "") -> None:
        (tmp / "cfg").mkdir(exist_ok=True)
        (tmp / "cfg" / "settings.toml").write_text(settings)
        self.environ = {
            **os.environ,
            "DISPLAY": display,
            "LOOSEN_CONFIG_DIR": str(tmp / "cfg"),
            "LOOSEN_DATA_DIR": str(tmp / "data"),
        }
        self.display = display
        self.app = App.from_environ(self.environ)
        self.history = History(self.app.paths.history_db)
        self.clock = OffsetClock()
        self.notes = Notes()
        self.idle = X11IdleSource(display)
        self.opened: list[str] = []
        self.runner = Runner(
            Coach(policy_from(self.app.settings), lambda d: d),
            ActivityLog(self.history),
            self.idle,
            self.notes,
            self.clock,  # type: ignore[arg-type]
            localize=lambda d: d,
        )
        self.screen = BreakScreen(
            self.runner,
            lambda: self.app.settings.breaks,
            self.environ,
            fallback=self.opened.append,
        )
        self.runner.on_action.append(self.screen.on_action)
        self.runner.open_routine = self.screen.open_routine
        now = self.clock.now()
        self.runner.apply(Restore(now, now - timedelta(minutes=61), now))

    async def prompt(self) -> None:
        """The break is due: the notification comes."""
        xdotool(self.display, "mousemove", "600", "400")  # the user is at the desk
        await self.runner.tick()
        assert self.notes.shown == ["break"]

    async def later(self, minutes: float) -> None:
        self.clock.offset += timedelta(minutes=minutes)
        await self.runner.tick()

    def events(self) -> list[str]:
        log = ActivityLog(self.history)
        now = self.clock.now()
        return [e.kind for e in log.events_between(now - timedelta(days=1), now)]

    def said(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.screen.seen if m.get("type") == kind]

    async def close(self) -> None:
        await self.screen.aclose()
        await self.idle.close()
        self.history.close()


def run(test: Callable[[Desk], Any], tmp: Path, settings: str = "") -> None:
    with two_monitors() as display:

        async def go() -> None:
            desk = Desk(display, tmp, settings)
            try:
                await test(desk)
            finally:
                await desk.close()

        asyncio.run(go())


def test_an_unanswered_prompt_covers_both_monitors_then_plays_the_routine_and_saves_it(tmp_path):
    async def scenario(desk: Desk) -> None:
        await desk.prompt()
        await desk.later(1)
        assert desk.screen.proc is None  # a minute: only the notification
        await desk.later(1.05)
        assert await until(desk.screen.shown.is_set)
        assert "escalated" in desk.events()
        # a full-screen window on each monitor, the notification still there
        assert await until(lambda: sorted(loosen_windows(desk.display)) == [LEFT, RIGHT])
        assert desk.notes.open
        await asyncio.sleep(0.5)
        primary, other = shot(desk.display, "prompt")
        assert bright(primary) > 400  # the figure, the title, the countdown
        assert BG_OTHER in colours(other) and bright(other, 150) > 30  # dark, with the countdown
        buttons = desk.said("shown")[-1]["buttons"]
        assert list(buttons) == ["start", "snooze", "skip"]

        xdotool(desk.display, "mousemove", *map(str, buttons["start"]), "click", "1")
        assert await until(lambda: "break-started" in desk.events())
        assert desk.runner.coach.mode == "on-break" and not desk.notes.open
        assert sorted(loosen_windows(desk.display)) == [LEFT, RIGHT]  # the same screen goes on
        await asyncio.sleep(2.5)
        shot(desk.display, "routine")
        xdotool(desk.display, "key", "Right")  # next: the first move is skipped
        await asyncio.sleep(0.5)
        xdotool(desk.display, "key", "Escape")  # end the routine here
        assert await until(lambda: bool(desk.said("outcome")))
        outcome = desk.said("outcome")[0]
        assert outcome["outcome"] == "quit" and outcome["counts"] is False
        session = desk.history.recent_sessions(1)[0]
        assert (session.source, session.routine_id, session.outcome) == (
            "screen",
            "desk-short",
            "quit",
        )
        assert session.steps[0].status == "skipped"
        assert session.id == outcome["session"]
        # not enough moving to count: the break is abandoned, sitting goes on (core.credit)
        assert await until(lambda: "break-abandoned" in desk.events())
        assert desk.runner.coach.mode == "sitting"
        shot(desk.display, "finished")
        assert await until(desk.screen.closed.is_set)  # it closes by itself
        assert await until(lambda: loosen_windows(desk.display) == [])

    run(scenario, tmp_path)


def test_the_screen_waits_for_a_pause_in_typing_before_it_appears(tmp_path):
    async def scenario(desk: Desk) -> None:
        await desk.prompt()
        typing = await asyncio.create_subprocess_exec(
            "xdotool",
            "type",
            "--delay",
            "120",
            "a sentence that takes a few seconds to type",
            env={**os.environ, "DISPLAY": desk.display},
        )
        try:
            await asyncio.sleep(0.5)
            await desk.later(2.05)
            assert await until(lambda: bool(desk.said("ready")))
            while typing.returncode is None:  # never while the keys go on
                assert not desk.screen.shown.is_set() and loosen_windows(desk.display) == []
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(typing.wait(), 0.1)
        finally:
            await typing.wait()
        assert await until(desk.screen.shown.is_set)  # once the typing has stopped
        assert sorted(loosen_windows(desk.display)) == [LEFT, RIGHT]

    run(scenario, tmp_path)


def test_strict_mode_has_no_way_out_but_the_emergency_one(tmp_path):
    async def scenario(desk: Desk) -> None:
        await desk.prompt()
        await desk.later(2.05)
        assert await until(desk.screen.shown.is_set)
        assert list(desk.said("shown")[-1]["buttons"]) == ["start"]  # no Snooze, no Skip
        await asyncio.sleep(0.3)
        shot(desk.display, "strict")
        xdotool(desk.display, "key", "Escape")
        await asyncio.sleep(1.0)
        assert desk.screen.proc is not None and desk.said("dismissed") == []
        assert sorted(loosen_windows(desk.display)) == [LEFT, RIGHT]
        await asyncio.sleep(3.2)  # that Esc is forgotten: five more in a row
        xdotool(desk.display, "key", "--delay", "150", *["Escape"] * 5)
        assert await until(desk.screen.closed.is_set)
        assert desk.said("dismissed") == [{"type": "dismissed", "how": "emergency"}]
        assert loosen_windows(desk.display) == []
        assert desk.runner.coach.prompt_open and desk.notes.open  # the notification stays

    run(scenario, tmp_path, "[breaks]\nstrict = true\n")


def test_snooze_on_the_screen_snoozes_and_a_snooze_from_elsewhere_closes_it(tmp_path):
    async def scenario(desk: Desk) -> None:
        await desk.prompt()
        await desk.later(2.05)
        assert await until(desk.screen.shown.is_set)
        snooze = desk.said("shown")[-1]["buttons"]["snooze"]
        xdotool(desk.display, "mousemove", *map(str, snooze), "click", "1")
        assert await until(desk.screen.closed.is_set)
        assert "snoozed" in desk.events() and not desk.runner.coach.prompt_open
        assert await until(lambda: loosen_windows(desk.display) == [])
        # five minutes later the break is back; its screen two minutes after that; then the
        # user snoozes from the tray (or `loosen snooze`): the screen goes away
        await desk.later(5.1)
        assert desk.notes.shown == ["break", "break"]
        await desk.later(2.05)
        assert await until(desk.screen.shown.is_set)
        ok, _ = await desk.runner.command("snooze", {})
        assert ok
        assert await until(desk.screen.closed.is_set)
        assert await until(lambda: loosen_windows(desk.display) == [])

    run(scenario, tmp_path)


def test_loosen_break_opens_the_routine_at_once_and_a_break_done_elsewhere_closes_it(tmp_path):
    async def scenario(desk: Desk) -> None:
        await desk.prompt()
        # the dashboard's "Take a break now" plays it in the browser: no screen over it
        ok, _ = await desk.runner.command("break", {"player": "web"})
        assert ok
        await asyncio.sleep(1.0)
        assert not desk.screen.active and loosen_windows(desk.display) == []
        ok, _ = await desk.runner.command("break-abandoned", {})
        assert ok
        ok, _ = await desk.runner.command("break", {})  # `loosen break`, the tray's item
        assert ok
        assert await until(desk.screen.shown.is_set)
        assert list(desk.said("shown")[-1]["buttons"]) == ["pause", "next", "done"]
        xdotool(desk.display, "key", "space")  # pause
        await asyncio.sleep(0.4)
        paused, _ = shot(desk.display, "paused")
        await asyncio.sleep(1.2)
        assert shot(desk.display, "paused")[0] == paused  # nothing moves, nothing counts down
        ok, _ = await desk.runner.command("break-done", {})  # "Break done" in the tray
        assert ok
        assert await until(desk.screen.closed.is_set)
        assert await until(lambda: loosen_windows(desk.display) == [])
        # the steps played so far are kept, as when the terminal player is closed
        session = desk.history.recent_sessions(1)[0]
        assert (session.source, session.outcome) == ("screen", "quit")
        assert desk.said("outcome")[0]["how"] == "closed"

    run(scenario, tmp_path)
