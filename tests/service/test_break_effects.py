"""Around a break, on a real D-Bus bus with the real Runner: media players paused and played
again (only those loosen paused), the screen locked, a chime through the player found on PATH
(a fake `paplay` that records its argv), and no chime in do-not-disturb."""

from __future__ import annotations

import asyncio
import io
import os
import wave
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from loosen.adapters.notify.terminal import TerminalNotifier
from loosen.config import BreakSettings
from loosen.core.coach import Coach
from loosen.core.policy import BreakPolicy
from loosen.service.break_effects import BreakEffects
from loosen.service.clock import ClockEvents
from loosen.service.runner import Runner
from loosen.storage.activity import ActivityLog
from loosen.storage.history import History
from tests import fake_break_services, notify_server
from tests.desktop import session_bus

pytestmark = pytest.mark.slow
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.at = T0

    def now(self) -> datetime:
        return self.at

    def poll(self) -> ClockEvents:
        return ClockEvents(None, None)


class Typing:
    name = "fake"

    async def idle(self) -> timedelta:
        return timedelta(0)

    async def close(self) -> None:
        return None


def desk(
    tmp_path: Path, bus: Any, settings: BreakSettings
) -> tuple[Runner, FakeClock, BreakEffects]:
    clock = FakeClock()
    runner = Runner(
        Coach(BreakPolicy(), lambda d: d),
        ActivityLog(History(tmp_path / "h.db")),
        Typing(),
        TerminalNotifier(io.StringIO()),
        clock,  # type: ignore[arg-type]
        localize=lambda d: d,
    )
    effects = BreakEffects(bus, lambda: settings, tmp_path / "run", {})
    runner.restore()
    runner.on_action.append(effects.on_action)
    return runner, clock, effects


def fake_program(folder: Path, name: str) -> Path:
    """A program on PATH that writes its arguments, one per line, to NAME.argv."""
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / name
    exe.write_text(f'#!/bin/sh\nfor a in "$@"; do echo "$a"; done >> "{folder / name}.argv"\n')
    exe.chmod(0o755)
    return folder / f"{name}.argv"


QUIET = BreakSettings(sound=False)


def test_a_break_pauses_what_plays_and_plays_only_that_again(tmp_path):
    from dbus_fast.aio import MessageBus

    async def scenario() -> None:
        with session_bus() as address:
            music_bus, music = await fake_break_services.player(address, "vlc", "Playing")
            film_bus, film = await fake_break_services.player(address, "mpv", "Paused")
            bus = await MessageBus(bus_address=address).connect()
            runner, clock, effects = desk(tmp_path, bus, QUIET)
            await runner.tick()
            assert (await runner.command("break", {}))[0]
            await effects.settle()
            assert music.calls == ["Pause"] and film.calls == []
            assert effects.done == ["paused org.mpris.MediaPlayer2.vlc"]
            clock.at += timedelta(minutes=5)
            assert (await runner.command("break-done", {}))[0]
            await effects.settle()
            assert music.calls == ["Pause", "Play"] and film.calls == []  # mpv stays paused
            assert music.status == "Playing" and film.status == "Paused"

            # a break that ends by itself (no answer for 20 minutes) plays the media again too
            assert (await runner.command("break", {}))[0]
            await effects.settle()
            assert music.calls == ["Pause", "Play", "Pause"]
            clock.at += timedelta(minutes=21)
            await runner.tick()
            await effects.settle()
            assert music.calls == ["Pause", "Play", "Pause", "Play"] and film.calls == []
            for b in (bus, music_bus, film_bus):
                b.disconnect()

    asyncio.run(scenario())


def test_with_pause_media_off_nothing_is_paused(tmp_path):
    from dbus_fast.aio import MessageBus

    async def scenario() -> None:
        with session_bus() as address:
            music_bus, music = await fake_break_services.player(address, "vlc", "Playing")
            bus = await MessageBus(bus_address=address).connect()
            runner, _, effects = desk(tmp_path, bus, BreakSettings(sound=False, pause_media=False))
            await runner.tick()
            await runner.command("break", {})
            await runner.command("break-done", {})
            await effects.settle()
            assert music.calls == [] and effects.done == []
            bus.disconnect()
            music_bus.disconnect()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
        ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
    ],
)
def test_the_screen_locks_when_a_break_starts(tmp_path, name, path):
    from dbus_fast.aio import MessageBus

    from loosen.adapters.session.lock import how

    async def scenario() -> None:
        with session_bus() as address:
            saver_bus, saver = await fake_break_services.screensaver(address, name, path)
            bus = await MessageBus(bus_address=address).connect()
            assert await how(bus) == f"{name} over D-Bus"
            runner, _, effects = desk(tmp_path, bus, BreakSettings(sound=False, lock_screen=True))
            await runner.tick()
            await runner.command("break", {})
            await effects.settle()
            assert saver.locks == 1
            assert effects.done == [f"locked with {name} over D-Bus"]
            bus.disconnect()
            saver_bus.disconnect()

    asyncio.run(scenario())


def test_without_a_screensaver_on_the_bus_loginctl_locks(tmp_path, monkeypatch):
    from dbus_fast.aio import MessageBus

    from loosen.adapters.session.lock import how

    argv = fake_program(tmp_path / "bin", "loginctl")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")

    async def scenario() -> None:
        with session_bus() as address:
            bus = await MessageBus(bus_address=address).connect()
            assert await how(bus) == "`loginctl lock-session`"
            runner, _, effects = desk(tmp_path, bus, BreakSettings(sound=False, lock_screen=True))
            await runner.tick()
            await runner.command("break", {})
            await effects.settle()
            assert effects.done == ["locked with `loginctl lock-session`"]
            bus.disconnect()

    asyncio.run(scenario())
    assert argv.read_text().split() == ["lock-session"]


def test_the_heads_up_and_the_break_end_chime_through_paplay(tmp_path, monkeypatch):
    from dbus_fast.aio import MessageBus

    argv = fake_program(tmp_path / "bin", "paplay")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")

    async def scenario() -> None:
        with session_bus() as address:
            bus = await MessageBus(bus_address=address).connect()
            runner, clock, effects = desk(tmp_path, bus, BreakSettings(volume=40))
            while clock.at < T0 + timedelta(minutes=59, seconds=30):  # the heads-up at 59:00
                await runner.tick()
                clock.at = max(runner.next_check, clock.at + timedelta(seconds=1))
            await effects.settle()
            assert effects.done == ["chime heads-up"]
            await runner.command("break", {})
            await runner.command("break-done", {})
            await effects.close()
            assert effects.done == ["chime heads-up", "chime break-end"]
            bus.disconnect()

    asyncio.run(scenario())
    run = tmp_path / "run"
    assert argv.read_text().splitlines() == [
        str(run / "chime-heads-up-40.wav"),
        str(run / "chime-break-end-40.wav"),
    ]
    with wave.open(str(run / "chime-break-end-40.wav")) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22_050)
        assert w.getnframes() > 10_000


def test_pw_play_comes_first_and_volume_is_in_the_file(tmp_path, monkeypatch):
    from loosen.adapters.sound.chime import chime_file, player, samples

    fake_program(tmp_path / "bin", "paplay")
    fake_program(tmp_path / "bin", "pw-play")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    assert player() == str(tmp_path / "bin" / "pw-play")
    loud, soft = samples("heads-up", 100), samples("heads-up", 20)
    assert max(loud) > 4 * max(soft) > 0
    first = chime_file(tmp_path, "heads-up", 20)
    stamp = os.stat(first).st_mtime_ns
    assert chime_file(tmp_path, "heads-up", 20) == first and os.stat(first).st_mtime_ns == stamp


def test_no_chime_in_do_not_disturb(tmp_path, monkeypatch):
    from dbus_fast.aio import MessageBus

    argv = fake_program(tmp_path / "bin", "paplay")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")

    async def scenario() -> None:
        with session_bus() as address:
            server_bus, server = await notify_server.serve(address)
            server.inhibited = True  # do-not-disturb, as KDE Plasma publishes it
            bus = await MessageBus(bus_address=address).connect()
            runner, _, effects = desk(tmp_path, bus, BreakSettings())
            await runner.tick()
            await runner.command("break", {})
            await runner.command("break-done", {})
            await effects.close()
            assert effects.done == ["quiet break-end (do-not-disturb)"]
            bus.disconnect()
            server_bus.disconnect()

    asyncio.run(scenario())
    assert not argv.exists()
