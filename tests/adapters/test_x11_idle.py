"""The X11 idle source against a real X server (Xvfb), with xdotool as the user."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import pytest

from loosen.adapters.idle.select import probe_all
from loosen.adapters.idle.x11 import X11IdleSource
from tests.desktop import VideoPlayer, unused_display, xdotool, xvfb
from tests.idle_scenario import a_day_in_seconds


def test_idle_grows_without_input_and_resets_on_mouse_and_keys():
    with xvfb() as display:
        src = X11IdleSource(display)
        try:
            xdotool(display, "mousemove", "10", "10")
            first = asyncio.run(src.idle())
            time.sleep(1.2)
            later = asyncio.run(src.idle())
            assert first is not None and later is not None
            assert later - first >= timedelta(seconds=1)
            xdotool(display, "mousemove", "200", "150")
            assert asyncio.run(src.idle()) < timedelta(milliseconds=500)
            time.sleep(0.6)
            xdotool(display, "key", "a")
            assert asyncio.run(src.idle()) < timedelta(milliseconds=500)
        finally:
            asyncio.run(src.close())


async def _watched(display: str) -> None:
    src = X11IdleSource(display)
    try:
        assert src.can_watch, src.watch_problem
        await asyncio.to_thread(xdotool, display, "mousemove", "10", "10")
        fired = asyncio.Event()
        assert await src.watch(timedelta(seconds=1), False, fired.set)
        await asyncio.wait_for(fired.wait(), timeout=30)
        idle = await src.idle()
        assert idle is not None and idle >= timedelta(seconds=1)

        # the user's return: nothing while nobody types, then the next key press
        back = asyncio.Event()
        assert await src.watch(None, True, back.set)
        await asyncio.sleep(0.3)
        assert not back.is_set()
        await asyncio.to_thread(xdotool, display, "key", "a")
        await asyncio.wait_for(back.wait(), timeout=30)
        idle = await src.idle()
        assert idle is not None and idle < timedelta(seconds=1)
    finally:
        await src.close()


def test_an_idle_alarm_fires_at_the_threshold_and_another_when_the_user_is_back():
    with xvfb() as display:
        asyncio.run(_watched(display))


async def _rearmed(display: str) -> None:
    src = X11IdleSource(display)
    try:
        await asyncio.to_thread(xdotool, display, "key", "a")
        calls: list[str] = []
        second = asyncio.Event()
        assert await src.watch(timedelta(seconds=1), True, lambda: calls.append("first"))
        assert await src.watch(timedelta(seconds=2), False, second.set)
        await asyncio.wait_for(second.wait(), timeout=30)
        idle = await src.idle()
        assert idle is not None and idle >= timedelta(seconds=2)
        # neither the first threshold nor the first arming's "input" watch is still there
        await asyncio.to_thread(xdotool, display, "key", "b")
        await asyncio.sleep(0.3)
        assert calls == []
    finally:
        await src.close()


def test_arming_again_replaces_the_last_alarms():
    with xvfb() as display:
        asyncio.run(_rearmed(display))


async def _runner_on_x11(display: str, tmp_path) -> None:
    src = X11IdleSource(display)
    try:
        await a_day_in_seconds(
            src, lambda: asyncio.to_thread(xdotool, display, "key", "a"), tmp_path
        )
    finally:
        await src.close()


def test_the_runner_sleeps_on_xsync_alarms_and_records_a_natural_break(tmp_path):
    with xvfb() as display:
        asyncio.run(_runner_on_x11(display, tmp_path))


async def _player(display: str) -> None:
    src = X11IdleSource(display)
    player = VideoPlayer(display)
    try:
        await asyncio.to_thread(xdotool, display, "key", "a")
        # a player that only suspends the screensaver: no X client can see that (the server
        # keeps it to itself; XScreenSaverQueryInfo's state and timeout do not change), so the
        # user looks idle unless the window is full screen or the player speaks MPRIS
        player.suspend_screensaver()
        idled = asyncio.Event()
        assert await src.watch(timedelta(seconds=1), False, idled.set)
        await asyncio.wait_for(idled.wait(), timeout=30)

        # a player's heartbeat resets the server's idle time: it counts as activity
        back = asyncio.Event()
        assert await src.watch(None, True, back.set)
        await asyncio.sleep(0.3)
        assert not back.is_set()
        player.heartbeat()
        await asyncio.wait_for(back.wait(), timeout=30)
        idle = await src.idle()
        assert idle is not None and idle < timedelta(seconds=1)
    finally:
        player.close()
        await src.close()


def test_a_players_screensaver_heartbeat_is_activity_and_a_suspend_is_not_seen():
    with xvfb() as display:
        asyncio.run(_player(display))


def test_selection_picks_x11_on_an_x_session_and_explains_the_rest():
    with xvfb() as display:
        chosen, probes = asyncio.run(probe_all({"DISPLAY": display}, None))
        assert chosen is not None and chosen.name == "x11"
        asyncio.run(chosen.close())
        assert [(p.name, p.ok, p.watches) for p in probes] == [
            ("mutter", False, False),
            ("wayland", False, False),
            ("freedesktop", False, False),
            ("x11", True, True),
        ]
        assert probes[0].detail == "no D-Bus session bus"
        assert (
            probes[-1].detail == f"XSync IDLETIME alarms on {display} (read through XScreenSaver)"
        )


def test_no_display_and_wayland_are_said_honestly():
    chosen, probes = asyncio.run(probe_all({}, None))
    assert chosen is None
    assert probes[-1].detail == "no X display (DISPLAY is not set)"
    chosen, probes = asyncio.run(probe_all({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, None))
    assert chosen is None
    assert "Wayland session" in probes[-1].detail


def test_a_dead_display_is_refused_with_a_reason():
    dead = f":{unused_display(200)}"  # no socket, no lock file: nothing listens there
    chosen, probes = asyncio.run(probe_all({"DISPLAY": dead}, None))
    assert chosen is None
    assert probes[-1].name == "x11"
    assert probes[-1].detail == f"cannot use {dead}: no X server is listening on {dead}"


pytestmark = pytest.mark.slow


def test_an_x_server_that_goes_away_is_cannot_see_not_the_end_of_the_process():
    # libX11 ends the process on a lost connection unless told otherwise: run it apart
    n = unused_display(177)
    code = (
        "import asyncio, os, signal, subprocess, sys, time\n"
        "from loosen.adapters.idle.x11 import X11IdleSource\n"
        f"x = subprocess.Popen(['Xvfb', ':{n}', '-nolisten', 'tcp'], stderr=subprocess.DEVNULL)\n"
        f"while not os.path.exists('/tmp/.X11-unix/X{n}'): time.sleep(0.05)\n"
        f"src = X11IdleSource(':{n}')\n"
        "print('before', asyncio.run(src.idle()) is not None, flush=True)\n"
        "x.terminate(); x.wait(); time.sleep(0.2)\n"
        "print('after', asyncio.run(src.idle()), flush=True)\n"
        "print('after', asyncio.run(src.idle()), flush=True)\n"
        "asyncio.run(src.close())\n"
        "print('still here')\n"
    )
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert out.stdout.splitlines() == ["before True", "after None", "after None", "still here"]
    assert out.returncode == 0


def test_a_watch_on_an_x_server_that_goes_away_wakes_the_service_and_stops():
    n = unused_display(178)
    code = (
        "import asyncio, os, subprocess, time\n"
        "from datetime import timedelta\n"
        "from loosen.adapters.idle.x11 import X11IdleSource\n"
        "async def main():\n"
        f"    x = subprocess.Popen(['Xvfb', ':{n}'], stderr=subprocess.DEVNULL)\n"
        f"    while not os.path.exists('/tmp/.X11-unix/X{n}'): time.sleep(0.05)\n"
        f"    src = X11IdleSource(':{n}')\n"
        "    woken = asyncio.Event()\n"
        "    print('armed', await src.watch(timedelta(hours=1), True, woken.set), flush=True)\n"
        "    x.terminate(); x.wait()\n"
        "    await asyncio.wait_for(woken.wait(), 30)\n"
        "    print('woken', await src.idle(), flush=True)\n"
        "    print('armed', await src.watch(timedelta(hours=1), True, woken.set), flush=True)\n"
        "    await src.close()\n"
        "asyncio.run(main())\n"
        "print('still here')\n"
    )
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert out.stdout.splitlines() == [
        "armed True",
        "woken None",
        "armed False",
        "still here",
    ], out.stderr
    assert out.returncode == 0
