"""Mutter's idle watches against a real headless GNOME Mutter on a private session bus, with input
through Mutter's own RemoteDesktop session, and the runner driven by them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from loosen.adapters.idle.mutter import MutterIdleSource
from loosen.core.coach import Coach
from loosen.core.policy import BreakPolicy
from loosen.service.clock import ServiceClock
from loosen.service.runner import Runner
from loosen.storage.activity import ActivityLog
from loosen.storage.history import History
from tests.compositors import MutterInput, mutter

pytestmark = pytest.mark.slow


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


async def _connect(address: str):
    from dbus_fast.aio import MessageBus

    return await MessageBus(bus_address=address).connect()


async def _watches(address: str) -> None:
    bus = await _connect(address)
    user = await MutterInput.start(address)
    src = await MutterIdleSource.connect(bus)
    try:
        await user.move()
        fired = asyncio.Event()
        assert await src.watch(timedelta(seconds=1), False, fired.set)
        await asyncio.wait_for(fired.wait(), timeout=30)
        idle = await src.idle()
        assert idle is not None and idle >= timedelta(seconds=1)

        back = asyncio.Event()
        assert await src.watch(None, True, back.set)
        await asyncio.sleep(0.3)
        assert not back.is_set()  # nobody touched anything
        await user.key()
        await asyncio.wait_for(back.wait(), timeout=30)
        assert await user.idle_ms() < 1000

        # arming again replaces the last watches: only the new one fires
        calls: list[str] = []
        second = asyncio.Event()
        assert await src.watch(timedelta(seconds=1), True, lambda: calls.append("first"))
        assert await src.watch(timedelta(seconds=2), False, second.set)
        await asyncio.wait_for(second.wait(), timeout=30)
        assert await user.idle_ms() >= 2000
        await user.key()
        await asyncio.sleep(0.3)
        assert calls == []
    finally:
        await src.close()
        await user.close()
        bus.disconnect()


def test_mutter_watches_fire_at_the_threshold_and_when_the_user_is_back():
    with mutter() as address:
        asyncio.run(_watches(address))
        asyncio.run(_chosen(address))


async def _chosen(address: str) -> None:
    from loosen.adapters.idle.select import probe_all

    bus = await _connect(address)
    try:
        chosen, probes = await probe_all({}, bus)
        assert chosen is not None and chosen.name == "mutter"
        assert probes[0].watches and probes[0].detail == (
            "org.gnome.Mutter.IdleMonitor over D-Bus: idle watches (AddIdleWatch, WatchFired)"
        )
        await chosen.close()
    finally:
        bus.disconnect()


async def _a_day_in_seconds(address: str, tmp_path) -> None:
    bus = await _connect(address)
    user = await MutterInput.start(address)
    src = await MutterIdleSource.connect(bus)
    history = History(tmp_path / "h.db")
    activity = ActivityLog(history)
    # seconds for minutes: away after 3 s without input, no questions before that
    policy = BreakPolicy(away_after=timedelta(seconds=3), ask_after=timedelta(seconds=3))
    runner = Runner(
        Coach(policy, lambda d: d),
        activity,
        src,
        Shown(),
        ServiceClock(),
        localize=lambda d: d,
    )
    runner.restore()
    task = asyncio.create_task(runner.run())
    try:
        await user.key()
        for _ in range(200):  # the service starts and sees the user
            if runner.coach.mode == "sitting":
                break
            await asyncio.sleep(0.05)
        assert runner.coach.mode == "sitting"
        bout = activity.open_bout()
        assert bout is not None
        woken = runner.wakeups
        for _ in range(12):  # typing: every key resets the idle time, no alarm comes
            await user.key()
            await asyncio.sleep(0.2)
        assert runner.coach.mode == "sitting"
        assert activity.open_bout() == bout  # the same bout goes on
        assert runner.wakeups - woken <= 2  # not a wake-up per key (the idle alarm was moved)

        # the user gets up: the idle watch wakes the service past the away threshold
        for _ in range(300):
            if runner.coach.mode == "away":
                break
            await asyncio.sleep(0.05)
        assert runner.coach.mode == "away"
        assert await user.idle_ms() >= 3000

        # and is back: the user-active watch wakes it, and the break is recorded
        await user.move()
        for _ in range(300):
            if runner.coach.mode == "sitting":
                break
            await asyncio.sleep(0.05)
        assert runner.coach.mode == "sitting"
        assert runner.wakeups <= 6  # at the start, when the user left and when back (no polls)
        kinds = [e.kind for e in activity.events_between(bout.started_at, runner.clock.now())]
        assert "natural-break" in kinds
        assert activity.open_bout() != bout
    finally:
        runner.stop.set()
        runner.wake()
        await task
        await src.close()
        await user.close()
        bus.disconnect()
        history.close()


def test_the_runner_sleeps_on_mutter_watches_and_records_a_natural_break(tmp_path):
    with mutter() as address:
        asyncio.run(_a_day_in_seconds(address, tmp_path))
