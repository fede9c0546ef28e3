"""Mutter's idle watches against a real headless GNOME Mutter on a private session bus, with input
through Mutter's own RemoteDesktop session, and the runner driven by them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from loosen.adapters.idle.mutter import MutterIdleSource
from tests.compositors import MutterInput, mutter
from tests.idle_scenario import a_day_in_seconds

pytestmark = pytest.mark.slow


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
    try:
        await a_day_in_seconds(src, user.key, tmp_path)
    finally:
        await src.close()
        await user.close()
        bus.disconnect()


def test_the_runner_sleeps_on_mutter_watches_and_records_a_natural_break(tmp_path):
    with mutter() as address:
        asyncio.run(_a_day_in_seconds(address, tmp_path))
