"""Idle inhibitors held through the real desktop services: KDE's (KWin's org.freedesktop.ScreenSaver
handing each inhibit to PowerDevil) and Xfce's power manager, each on a private session bus."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from loosen.adapters.presence.inhibitor import idle_inhibited, inhibitor_services
from tests.compositors import kwin
from tests.desktop import session_bus, xvfb
from tests.power_managers import Program, power_has_inhibit, powerdevil, xfce4_power_manager

pytestmark = pytest.mark.slow


async def until(what: Callable[[], Awaitable[Any]], want: Any, seconds: float = 30) -> None:
    """Wait until ``what()`` answers ``want`` (PowerDevil counts an inhibit after 5 s)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while (got := await what()) != want:
        if loop.time() > deadline:
            raise AssertionError(f"still {got!r}, not {want!r}")
        await asyncio.sleep(0.2)


async def _on_kde(address: str) -> None:
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address).connect()
    try:
        assert await inhibitor_services(bus) == ["org.kde.Solid.PowerManagement.PolicyAgent"]
        # a download keeps the computer awake: KDE says "inhibited", but nobody need be watching
        download = await Program.connect(address)
        await download.power_inhibit("Transmission", "Downloading ubuntu.iso")
        await until(lambda: power_has_inhibit(bus), True)
        assert await idle_inhibited(bus) == ""

        # a browser plays a film: it asks org.freedesktop.ScreenSaver (KWin) to keep the screen on
        browser = await Program.connect(address)
        await browser.screensaver_inhibit("Chromium", "Playing video")
        await until(lambda: idle_inhibited(bus), "an application keeps the screen on (KDE)")

        # the browser quits: KWin lets go of its inhibit; the download still holds its own
        browser.quit()
        await until(lambda: idle_inhibited(bus), "")
        assert await power_has_inhibit(bus)
        download.quit()
    finally:
        bus.disconnect()


def test_kde_a_film_in_the_browser_is_seen_and_a_download_is_not():
    with kwin() as k, powerdevil(k):
        asyncio.run(_on_kde(k.bus))


async def _on_xfce(address: str) -> None:
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address).connect()
    try:
        assert await inhibitor_services(bus) == ["org.freedesktop.PowerManagement"]
        assert await idle_inhibited(bus) == ""
        player = await Program.connect(address)
        await player.power_inhibit("VLC media player", "Playing some media.")
        want = "an application keeps the screen on (power management inhibited)"
        await until(lambda: idle_inhibited(bus), want)
        player.quit()  # xfce4-power-manager drops the inhibits of a connection that is gone
        await until(lambda: idle_inhibited(bus), "")
    finally:
        bus.disconnect()


def test_xfce_a_player_that_inhibits_power_management_is_seen_until_it_quits():
    with xvfb() as display, session_bus() as address, xfce4_power_manager(display, address):
        asyncio.run(_on_xfce(address))


async def _film_on_kde(env: dict[str, str], address: str, tmp_path: Any) -> None:
    from dbus_fast.aio import MessageBus

    from loosen.adapters.idle.wayland import WaylandIdleSource
    from tests.compositors import KWinInput
    from tests.idle_scenario import a_film_in_seconds

    bus = await MessageBus(bus_address=address).connect()
    user = await KWinInput.start(env)
    src = await WaylandIdleSource.connect(env)
    browser: list[Program] = []

    async def inhibitor() -> str:
        return await idle_inhibited(bus)

    async def start_film() -> None:
        browser.append(await Program.connect(address))
        await browser[0].screensaver_inhibit("Firefox", "video-playing")
        # the user still types while PowerDevil takes its 5 s to count the inhibit
        for _ in range(150):
            if await inhibitor():
                return
            await user.key()
            await asyncio.sleep(0.2)
        raise AssertionError("PowerDevil never counted the browser's inhibit")

    async def stop_film() -> None:
        browser[0].quit()
        await until(inhibitor, "")

    try:
        await a_film_in_seconds(
            src, user.key, {"inhibitor": inhibitor}, start_film, stop_film, tmp_path
        )
    finally:
        await src.close()
        user.close()
        bus.disconnect()


def test_kde_a_film_without_input_keeps_the_bout_and_the_break_comes_after_it(tmp_path):
    with kwin() as k, powerdevil(k):
        asyncio.run(_film_on_kde(k.env, k.bus, tmp_path))
