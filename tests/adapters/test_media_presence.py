"""Media playing (MPRIS) says the user is there: two players on a private D-Bus session bus."""

from __future__ import annotations

import asyncio

import pytest

from loosen.adapters.presence.media import media_playing, players
from tests.desktop import session_bus
from tests.mpris_player import serve

pytestmark = pytest.mark.slow


def test_a_playing_player_is_seen_and_a_paused_one_is_not():
    with session_bus() as address:

        async def scenario() -> list[str]:
            from dbus_fast.aio import MessageBus

            bus = await MessageBus(bus_address=address).connect()
            seen = [await media_playing(bus)]  # nothing on the bus yet
            paused_bus, _ = await serve(address, "mpv", "Paused")
            seen.append(await media_playing(bus))
            playing_bus, player = await serve(address, "chromium.instance42", "Playing")
            assert await players(bus) == [
                "org.mpris.MediaPlayer2.chromium.instance42",
                "org.mpris.MediaPlayer2.mpv",
            ]
            seen.append(await media_playing(bus))
            player.status = "Stopped"
            seen.append(await media_playing(bus))
            for b in (paused_bus, playing_bus, bus):
                b.disconnect()
            return seen

        assert asyncio.run(scenario()) == ["", "", "media playing in chromium", ""]


def test_an_idle_inhibitor_held_on_gnome_kde_or_through_power_management():
    from loosen.adapters.presence.inhibitor import idle_inhibited
    from tests.inhibitor_services import serve as serve_inhibitor

    with session_bus() as address:

        async def scenario() -> list[str]:
            from dbus_fast.aio import MessageBus

            bus = await MessageBus(bus_address=address).connect()
            seen = [await idle_inhibited(bus)]  # none of the services: nothing can tell
            gnome_bus, gnome = await serve_inhibitor(address, "gnome")
            seen.append(await idle_inhibited(bus))
            gnome.flags = 4  # suspend inhibited, not idle: no film playing
            seen.append(await idle_inhibited(bus))
            gnome.flags = 8 | 4
            seen.append(await idle_inhibited(bus))
            gnome_bus.disconnect()

            # KDE: PowerDevil, and its org.freedesktop.PowerManagement beside it
            kde_bus, kde = await serve_inhibitor(address, "kde")
            power_bus, power = await serve_inhibitor(address, "power")
            power.held = True  # true on KDE for a download that keeps the computer awake too
            kde.held[1] = 1  # that download: sleep inhibited, the screen may still go off
            seen.append(await idle_inhibited(bus))
            kde.held[2] = 4  # a browser playing a film: org.freedesktop.ScreenSaver.Inhibit
            seen.append(await idle_inhibited(bus))
            kde_bus.disconnect()

            # no PowerDevil (Xfce's power manager): HasInhibit keeps the screen on there
            seen.append(await idle_inhibited(bus))
            power.held = False
            seen.append(await idle_inhibited(bus))
            power_bus.disconnect()
            bus.disconnect()
            return seen

        assert asyncio.run(scenario()) == [
            "",
            "",
            "",
            "an application keeps GNOME from going idle",
            "",
            "an application keeps the screen on (KDE)",
            "an application keeps the screen on (power management inhibited)",
            "",
        ]


def test_a_player_that_starts_or_stops_playing_is_heard_without_polling():
    from loosen.adapters.presence.media import listen

    with session_bus() as address:

        async def scenario() -> list[str]:
            from dbus_fast.aio import MessageBus

            bus = await MessageBus(bus_address=address).connect()
            changes: asyncio.Queue[None] = asyncio.Queue()
            await listen(bus, lambda: changes.put_nowait(None))
            player_bus, player = await serve(address, "vlc", "Paused")
            seen = []
            for status in ("Playing", "Paused"):
                player.set_status(status)
                await asyncio.wait_for(changes.get(), 5)
                seen.append(await media_playing(bus))
            player_bus.disconnect()
            bus.disconnect()
            return seen

        assert asyncio.run(scenario()) == ["media playing in vlc", ""]
