"""The runner with the real notifier on a real D-Bus bus, the real history file, a fake clock."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from loosen.adapters.notify.desktop import DesktopNotifier
from loosen.core.coach import Coach
from loosen.core.policy import BreakPolicy
from loosen.service.clock import ClockEvents
from loosen.service.runner import Runner
from loosen.storage.activity import ActivityLog
from loosen.storage.history import History
from tests.desktop import session_bus
from tests.notify_server import serve

pytestmark = pytest.mark.slow
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.at = T0
        self.sleep: tuple[datetime, datetime] | None = None

    def now(self) -> datetime:
        return self.at

    def poll(self) -> ClockEvents:
        s, self.sleep = self.sleep, None
        return ClockEvents(s, None)


class Typing:
    name = "fake"

    async def idle(self) -> timedelta:
        return timedelta(0)

    async def close(self) -> None:
        return None


def test_a_prompt_reaches_the_desktop_and_its_skip_button_is_recorded(monkeypatch, tmp_path):
    with session_bus() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)

        async def scenario() -> None:
            bus, server = await serve(address)
            clock = FakeClock()
            history = History(tmp_path / "h.db")
            runner = Runner(
                Coach(BreakPolicy(), lambda d: d),
                ActivityLog(history),
                Typing(),
                DesktopNotifier(),
                clock,
                localize=lambda d: d,
            )  # type: ignore[arg-type]
            runner.restore()
            while clock.at < T0 + timedelta(hours=1):
                await runner.tick()
                clock.at = max(runner.next_check, clock.at + timedelta(seconds=1))
            await runner.tick()
            for _ in range(100):
                if len(server.shown) >= 2:
                    break
                await asyncio.sleep(0.02)
            heads_up, prompt = server.shown[-2], server.shown[-1]
            assert heads_up["summary"] == "A movement break in a minute"
            assert prompt["summary"] == "Time to move"
            assert prompt["body"] == (
                "You've been sitting for 60 min — time for a 5-minute movement break."
            )
            assert [k for k, _ in prompt["actions"]] == ["default", "start", "snooze", "skip"]
            assert runner.wakeups < 70  # about one a minute while typing, plus the prompts
            server.ActionInvoked(prompt["id"], "skip")
            for _ in range(100):
                if runner.coach.scheduler.skips_used:
                    break
                await asyncio.sleep(0.02)
            status = runner.status()
            assert status["skips_left"] == 2 and status["prompt_open"] is False
            assert status["next_break_at"] == (clock.at + timedelta(hours=1)).isoformat()
            await runner.notifier.close()
            history.close()
            bus.disconnect()

        asyncio.run(scenario())
    with sqlite3.connect(tmp_path / "h.db") as con:
        kinds = [k for (k,) in con.execute("SELECT kind FROM events ORDER BY id")]
    assert kinds == ["prompted", "skipped"]


def test_a_suspend_ends_the_bout_once(tmp_path):
    import io

    from loosen.adapters.notify.terminal import TerminalNotifier

    async def scenario() -> list[str]:
        clock = FakeClock()
        history = History(tmp_path / "h.db")
        out = io.StringIO()
        runner = Runner(
            Coach(BreakPolicy(), lambda d: d),
            ActivityLog(history),
            Typing(),
            TerminalNotifier(out),
            clock,
            localize=lambda d: d,
        )  # type: ignore[arg-type]
        runner.restore()
        await runner.tick()
        clock.at = T0 + timedelta(minutes=50)
        await runner.tick()
        # the lid closes at 09:50 and opens at 11:00
        clock.sleep = (T0 + timedelta(minutes=50), T0 + timedelta(hours=2))
        clock.at = T0 + timedelta(hours=2)
        await runner.tick()
        # input at the very resume may be the machine's (a dark wake): it looks again after 5 s
        assert runner.coach.mode == "away" and runner.next_check == clock.at + timedelta(seconds=6)
        clock.at = runner.next_check
        await runner.tick()
        history.close()
        return out.getvalue().splitlines()

    lines = asyncio.run(scenario())
    assert lines == []  # no stale prompt after the lid opens
    with sqlite3.connect(tmp_path / "h.db") as con:
        bouts = con.execute("SELECT started_at, ended_at, end_reason FROM bouts").fetchall()
    assert bouts == [
        ((T0).isoformat(), (T0 + timedelta(minutes=50)).isoformat(), "sleep"),
        ((T0 + timedelta(hours=2, seconds=6)).isoformat(), None, None),
    ]


def test_the_words_of_a_break_offered_before_a_meeting():
    from loosen.core.busy import Busy
    from loosen.core.coach import Notify
    from loosen.service.runner import Wording, texts

    meeting = Busy(T0.replace(hour=11), T0.replace(hour=12), "meeting", "Planning")
    n = Notify("break", timedelta(minutes=55), True, True, before=meeting)
    assert texts(n, Wording(), lambda d: d) == (
        "Time to move, before your meeting",
        "Your 11:00 Planning runs to 12:00 — stand up now for 5 minutes?",
    )


def test_the_words_and_button_of_a_warm_up_reminder():
    from loosen.core.busy import Busy
    from loosen.core.coach import Notify
    from loosen.service.runner import Wording, buttons_for, texts

    run = Busy(T0.replace(hour=18), T0.replace(hour=19), "meeting", "Evening run", False, True)
    n = Notify("pre-run", timedelta(0), before=run)
    title, body = texts(n, Wording(), lambda d: d)
    assert title == "Warm up before your 18:00 Evening run"
    assert "dynamic warm-up" in body and "static" in body
    assert buttons_for(n) == [("warmup", "Start warm-up")]


def test_no_prompt_while_on_a_call_and_one_right_after(tmp_path):
    import io

    from loosen.adapters.notify.terminal import TerminalNotifier

    async def scenario() -> list[str]:
        clock = FakeClock()
        history = History(tmp_path / "h.db")
        out = io.StringIO()
        on_call = {"why": ""}

        async def call() -> str:
            return on_call["why"]

        runner = Runner(
            Coach(BreakPolicy(), lambda d: d),
            ActivityLog(history),
            Typing(),
            TerminalNotifier(out),
            clock,
            localize=lambda d: d,  # type: ignore[arg-type]
            detectors={"call": call},
        )
        runner.restore()
        on_call["why"] = "microphone in use"  # a call from 09:50 to 10:07
        while clock.at < T0 + timedelta(minutes=67):
            await runner.tick()
            clock.at = max(runner.next_check, clock.at + timedelta(seconds=1))
        on_call["why"] = ""
        while clock.at < T0 + timedelta(minutes=75):
            await runner.tick()
            clock.at = max(runner.next_check, clock.at + timedelta(seconds=1))
        history.close()
        return out.getvalue().splitlines()

    lines = asyncio.run(scenario())
    assert len(lines) == 1 and "Time to move" in lines[0]
    with sqlite3.connect(tmp_path / "h.db") as con:
        prompted = con.execute("SELECT at FROM events WHERE kind = 'prompted'").fetchall()
        deferred = con.execute("SELECT data_json FROM events WHERE kind = 'deferred'").fetchall()
    assert len(prompted) == 1
    assert datetime.fromisoformat(prompted[0][0]) >= T0 + timedelta(minutes=67)
    assert '"kind": "call"' in deferred[0][0] and "microphone in use" in deferred[0][0]


def test_a_player_that_starts_playing_reaches_the_coach_at_once(tmp_path):
    import io

    from loosen.adapters.notify.terminal import TerminalNotifier

    async def scenario() -> tuple[set[str], set[str]]:
        clock = FakeClock()
        history = History(tmp_path / "h.db")
        playing = {"why": ""}

        async def media() -> str:
            return playing["why"]

        runner = Runner(
            Coach(BreakPolicy(), lambda d: d),
            ActivityLog(history),
            Typing(),
            TerminalNotifier(io.StringIO()),
            clock,
            localize=lambda d: d,  # type: ignore[arg-type]
            detectors={"media": media},
        )
        runner.restore()
        await runner.tick()
        playing["why"] = "media playing in vlc"
        clock.at += timedelta(seconds=10)
        await runner.presence_changed("media")  # the player's signal, between two samples
        during = set(runner.coach.sitting.seen)
        playing["why"] = ""
        await runner.presence_changed("media")
        after = set(runner.coach.sitting.seen)
        history.close()
        return during, after

    assert asyncio.run(scenario()) == ({"media"}, set())


class Unseen:
    name = "none"

    async def idle(self) -> None:
        return None

    async def close(self) -> None:
        return None


def test_a_plain_timer_bout_survives_a_restart_twenty_minutes_in(tmp_path):
    """Without an idle source the checkpoint used to stay at the bout's start, so a restart more
    than `away_minutes` into the bout recorded it as 0 s long."""
    import io

    from loosen.adapters.notify.terminal import TerminalNotifier

    def runner_at(clock: FakeClock, history: History) -> Runner:
        return Runner(
            Coach(BreakPolicy(), lambda d: d),
            ActivityLog(history),
            Unseen(),
            TerminalNotifier(io.StringIO()),
            clock,
            localize=lambda d: d,  # type: ignore[arg-type]
        )

    async def scenario() -> list[tuple[str, str | None, str | None]]:
        clock = FakeClock()
        history = History(tmp_path / "h.db")
        first = runner_at(clock, history)
        first.restore()
        while clock.at < T0 + timedelta(minutes=20):
            await first.tick()
            clock.at = max(first.next_check, clock.at + timedelta(seconds=1))
        clock.at = T0 + timedelta(minutes=21)  # stopped, started again a minute later
        second = runner_at(clock, history)
        second.restore()
        await second.tick()
        assert second.coach.mode == "sitting"
        rows = history._con.execute("SELECT started_at, ended_at, end_reason FROM bouts").fetchall()
        history.close()
        return rows

    # what was committed stays: the bout ran to its last checkpoint (the service wakes every
    # 15 min at most as a plain timer), then a new one began at the restart
    assert asyncio.run(scenario()) == [
        (T0.isoformat(), (T0 + timedelta(minutes=15)).isoformat(), "stopped"),
        ((T0 + timedelta(minutes=21)).isoformat(), None, None),
    ]


class WatchedTyping:
    """An event-driven idle source (XSync alarms, Mutter watches): the user types all along, so
    no alarm fires and the service sleeps until its timer."""

    name = "fake-watch"

    async def idle(self) -> timedelta:
        return timedelta(0)

    async def watch(self, idle_at: object, on_input: object, fire: object) -> bool:
        return True

    async def close(self) -> None:
        return None


def _bouts_after_a_restart(
    tmp_path, source: object, until: timedelta, stop: str | None, woken_at: timedelta | None = None
) -> list[tuple[str, str | None, str | None]]:
    """A bout from T0, the service stopped (``stop``: "command", "signal") or killed (None) at
    T0 + ``until``, started again at T0 + 30 min: the bouts the history then holds."""
    import io

    from loosen.adapters.notify.terminal import TerminalNotifier

    def runner_at(clock: FakeClock, history: History) -> Runner:
        return Runner(
            Coach(BreakPolicy(), lambda d: d),
            ActivityLog(history),
            source,  # type: ignore[arg-type]
            TerminalNotifier(io.StringIO()),
            clock,  # type: ignore[arg-type]
            localize=lambda d: d,
        )

    async def scenario() -> list[tuple[str, str | None, str | None]]:
        clock = FakeClock()
        history = History(tmp_path / "h.db")
        first = runner_at(clock, history)
        first.restore()
        await first.tick()
        if woken_at is not None:  # the user locks the screen for 40 s: a wake-up
            clock.at = T0 + woken_at
            first.on_lock(True)
            clock.at += timedelta(seconds=40)
            first.on_lock(False)
            await first.tick()
        clock.at = T0 + until
        if stop == "command":  # `loosen stop`
            assert await first.command("stop", {}) == (True, "loosen is stopping.")
            await first.run()
        elif stop == "signal":  # SIGTERM, as the service's handler does
            first.stop.set()
            first.wake()
            await first.run()
        # else killed: nothing more runs
        clock.at = T0 + timedelta(minutes=30)
        second = runner_at(clock, history)
        second.restore()
        await second.tick()
        rows = history._con.execute("SELECT started_at, ended_at, end_reason FROM bouts").fetchall()
        history.close()
        return rows

    return asyncio.run(scenario())


@pytest.mark.parametrize("stop", ["command", "signal"])
@pytest.mark.parametrize("source", [Unseen(), WatchedTyping()], ids=["plain-timer", "watched"])
def test_a_bout_stopped_ten_minutes_in_keeps_its_ten_minutes(tmp_path, stop, source):
    """Stopped 10 min into a bout (before the first wake-up, at 15 min) and started again later:
    the bout ran those 10 min, not 0 s."""
    assert _bouts_after_a_restart(tmp_path, source, timedelta(minutes=10), stop) == [
        (T0.isoformat(), (T0 + timedelta(minutes=10)).isoformat(), "stopped"),
        ((T0 + timedelta(minutes=30)).isoformat(), None, None),
    ]


@pytest.mark.parametrize("source", [Unseen(), WatchedTyping()], ids=["plain-timer", "watched"])
def test_a_bout_killed_ten_minutes_in_keeps_what_its_last_wake_up_saw(tmp_path, source):
    """kill -9 at 10 min: what the service saw at its last wake-up (a lock at 8 min) is kept;
    only what came after is lost (no wake-up of its own to save more)."""
    rows = _bouts_after_a_restart(
        tmp_path, source, timedelta(minutes=10), None, woken_at=timedelta(minutes=8)
    )
    assert rows == [
        (T0.isoformat(), (T0 + timedelta(minutes=8, seconds=40)).isoformat(), "stopped"),
        ((T0 + timedelta(minutes=30)).isoformat(), None, None),
    ]


def test_a_stop_asked_for_during_a_wake_up_is_not_lost():
    """`loosen stop` (or SIGTERM) while the service was reading the calendars in a wake-up: it
    stops once the read is done, instead of sleeping until the next wake-up (up to 15 min)."""
    import io

    from loosen.adapters.notify.terminal import TerminalNotifier

    async def scenario() -> bool:
        reading = asyncio.Event()
        done = asyncio.Event()

        async def calendars(now: datetime) -> tuple[tuple[()], list[str]]:
            reading.set()
            await done.wait()  # the `loosen calendar busy` child takes its time
            return (), []

        import tempfile
        from pathlib import Path

        history = History(Path(tempfile.mkdtemp()) / "h.db")
        runner = Runner(
            Coach(BreakPolicy(), lambda d: d),
            ActivityLog(history),
            Unseen(),  # type: ignore[arg-type]
            TerminalNotifier(io.StringIO()),
            FakeClock(),  # type: ignore[arg-type]
            localize=lambda d: d,
            calendars=calendars,  # type: ignore[arg-type]
        )
        runner.restore()
        task = asyncio.create_task(runner.run())
        await reading.wait()
        assert await runner.command("stop", {}) == (True, "loosen is stopping.")
        done.set()
        finished, _ = await asyncio.wait({task}, timeout=30)
        task.cancel()
        history.close()
        return bool(finished)

    assert asyncio.run(scenario()), "the service went back to sleep instead of stopping"
