"""The runner driven by a real idle source that watches: a few seconds stand for a working day."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from loosen.core.coach import Coach
from loosen.core.policy import BreakPolicy
from loosen.service.clock import ServiceClock
from loosen.service.runner import Runner
from loosen.storage.activity import ActivityLog
from loosen.storage.history import History

AWAY = timedelta(seconds=3)


class Shown:
    name = "test"

    def __init__(self) -> None:
        self.kinds: list[str] = []

    async def show(self, kind, title, body, buttons, on_button) -> None:
        self.kinds.append(kind)

    async def withdraw(self) -> None:
        return None

    async def close(self) -> None:
        return None


async def _until(runner: Runner, mode: str) -> None:
    for _ in range(400):
        if runner.coach.mode == mode:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the service is {runner.coach.mode}, not {mode}")


async def a_day_in_seconds(src: Any, press: Callable[[], Awaitable[None]], tmp_path: Path) -> None:
    """Typing keeps the bout going without a wake-up per key; the idle watch ends it past the away
    threshold; the return watch records the natural break. ``src`` is closed by the caller."""
    history = History(tmp_path / "h.db")
    activity = ActivityLog(history)
    # seconds for minutes: away after 3 s without input, no questions before that
    policy = BreakPolicy(away_after=AWAY, ask_after=AWAY, quiet_away=AWAY)
    runner = Runner(
        Coach(policy, lambda d: d), activity, src, Shown(), ServiceClock(), localize=lambda d: d
    )
    runner.restore()
    task = asyncio.create_task(runner.run())
    try:
        await press()
        await _until(runner, "sitting")  # the service starts and sees the user
        bout = activity.open_bout()
        assert bout is not None
        woken = runner.wakeups
        for _ in range(12):  # typing: every key resets the idle time, no alarm comes
            await press()
            await asyncio.sleep(0.2)
        assert runner.coach.mode == "sitting"
        assert activity.open_bout() == bout  # the same bout goes on
        assert runner.wakeups - woken <= 2  # not a wake-up per key

        # the user gets up: the idle watch wakes the service past the away threshold
        await _until(runner, "away")
        idle = await src.idle()
        assert idle is not None and idle >= AWAY

        # and is back: the return watch wakes it, and the break is recorded
        await press()
        await _until(runner, "sitting")
        assert runner.wakeups <= 6  # at the start, when the user left and when back (no polls)
        kinds = [e.kind for e in activity.events_between(bout.started_at, runner.clock.now())]
        assert "natural-break" in kinds
        assert activity.open_bout() != bout
    finally:
        runner.stop.set()
        runner.wake()
        await task
        history.close()


async def a_film_in_seconds(
    src: Any,
    press: Callable[[], Awaitable[None]],
    detectors: dict[str, Callable[[], Awaitable[str]]],
    start_film: Callable[[], Awaitable[None]],
    stop_film: Callable[[], Awaitable[None]],
    tmp_path: Path,
) -> None:
    """A film with no input keeps the bout going past the away threshold; once it ends and the
    user leaves, the bout ends, and the return records the natural break. ``start_film`` returns
    once the detectors can see the film, ``stop_film`` once they no longer do."""
    history = History(tmp_path / "h.db")
    activity = ActivityLog(history)
    policy = BreakPolicy(away_after=AWAY, ask_after=AWAY, quiet_away=AWAY)
    runner = Runner(
        Coach(policy, lambda d: d),
        activity,
        src,
        Shown(),
        ServiceClock(),
        localize=lambda d: d,
        detectors=detectors,
    )
    runner.restore()
    task = asyncio.create_task(runner.run())
    try:
        await press()
        await _until(runner, "sitting")
        bout = activity.open_bout()
        assert bout is not None
        await start_film()
        await press()  # the user sits back to watch: no input from here
        probes, woken = runner.probes, runner.wakeups
        for _ in range(int(AWAY.total_seconds() * 3 / 0.1)):  # three away thresholds
            assert runner.coach.mode == "sitting", "a film without input was taken as away"
            await asyncio.sleep(0.1)
        assert runner.probes > probes  # the detectors were asked, and said "watching"
        assert runner.wakeups - woken <= 10  # about one look per away threshold, no busy loop
        assert activity.open_bout() == bout

        await stop_film()  # the film ends; the user gets up
        await _until(runner, "away")
        await press()
        await _until(runner, "sitting")
        kinds = [e.kind for e in activity.events_between(bout.started_at, runner.clock.now())]
        assert "natural-break" in kinds
        assert activity.open_bout() != bout
    finally:
        runner.stop.set()
        runner.wake()
        await task
        history.close()
