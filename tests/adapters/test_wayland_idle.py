"""Wayland idle notifications on real compositors: ext-idle-notify-v1 on a headless KWin 5.27
(KDE Plasma's compositor) with its fake-input protocol as the user, KDE's older org_kde_kwin_idle
on a headless sway 1.7 with wtype as the user; and the exact requests against a compositor written
by hand from ext-idle-notify-v1's XML (``tests/fake_compositor.py``, not a capture)."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import pytest

from loosen.adapters.idle.wayland import WaylandIdleSource
from loosen.adapters.wayland import WaylandError, message
from tests.compositors import KWinInput, kwin, sway, wtype
from tests.fake_compositor import FakeCompositor
from tests.idle_scenario import a_day_in_seconds

pytestmark = pytest.mark.slow

Press = Callable[[str], Awaitable[None]]


async def _idle_and_back(env: dict[str, str], press: Press, mechanism: str) -> None:
    """The notification comes once the user has been idle for the threshold; the return comes
    with the next input, and not before; arming again replaces the last watches."""
    src = await WaylandIdleSource.connect(env)
    try:
        assert src.mechanism == mechanism
        await press("a")
        fired = asyncio.Event()
        assert await src.watch(timedelta(seconds=1), False, fired.set)
        await asyncio.wait_for(fired.wait(), timeout=30)
        idle = await src.idle()
        assert idle is not None and idle >= timedelta(seconds=1)

        back = asyncio.Event()
        assert await src.watch(None, True, back.set)
        await asyncio.sleep(0.3)
        assert not back.is_set()  # nobody typed
        await press("b")
        await asyncio.wait_for(back.wait(), timeout=30)
        assert await src.idle() == timedelta(0)

        # arming again replaces the last watches: only the new one fires
        calls: list[str] = []
        second = asyncio.Event()
        assert await src.watch(timedelta(seconds=1), True, lambda: calls.append("first"))
        assert await src.watch(timedelta(seconds=2), False, second.set)
        await asyncio.wait_for(second.wait(), timeout=30)
        idle = await src.idle()
        assert idle is not None and idle >= timedelta(seconds=2)
        await press("c")
        await asyncio.sleep(0.3)
        assert calls == []
    finally:
        await src.close()


async def _on_sway(env: dict[str, str]) -> None:
    async def press(key: str) -> None:
        await asyncio.to_thread(wtype, env, key)

    await _idle_and_back(env, press, "org_kde_kwin_idle")


def test_sway_says_when_the_user_is_idle_and_when_back():
    with sway() as env:
        asyncio.run(_on_sway(env))
        asyncio.run(_chosen({**env, "SWAYSOCK": "/x", "DISPLAY": ":1"}))


async def _chosen(env: dict[str, str]) -> None:
    from loosen.adapters.idle.select import desktop_name, probe_all

    chosen, probes = await probe_all(env, None)
    assert chosen is not None and chosen.name == "wayland"
    await chosen.close()
    assert [(p.name, p.ok, p.watches) for p in probes] == [
        ("mutter", False, False),
        ("wayland", True, True),
        ("freedesktop", False, False),
        ("x11", False, False),
    ]
    assert probes[1].detail == (
        "org_kde_kwin_idle from sway: idle notifications "
        "(sway offers ext-idle-notify-v1 from 1.8, on wlroots 0.16; not this one)"
    )
    assert "Wayland session" in probes[3].detail
    assert desktop_name(env) == f"sway on Wayland ({env['WAYLAND_DISPLAY']})"


async def _runner_on_sway(env: dict[str, str], tmp_path: Path) -> None:
    src = await WaylandIdleSource.connect(env)
    try:
        await a_day_in_seconds(src, lambda: asyncio.to_thread(wtype, env, "a"), tmp_path)
    finally:
        await src.close()


def test_the_runner_sleeps_on_sway_notifications_and_records_a_natural_break(tmp_path):
    with sway() as env:
        asyncio.run(_runner_on_sway(env, tmp_path))


async def _sway_goes_away() -> None:
    with sway() as env:
        src = await WaylandIdleSource.connect(env)
        woken = asyncio.Event()
        assert await src.watch(timedelta(hours=1), True, woken.set)
    await asyncio.wait_for(woken.wait(), timeout=30)  # the compositor ended: woken once
    assert await src.idle() is None
    assert not await src.watch(timedelta(hours=1), True, woken.set)
    await src.close()


def test_a_compositor_that_goes_away_wakes_the_service_and_the_watch_stops():
    asyncio.run(_sway_goes_away())


async def _on_kwin(env: dict[str, str]) -> None:
    user = await KWinInput.start(env)
    try:

        async def press(key: str) -> None:
            await (user.key() if key != "b" else user.move())  # the return: the mouse moves

        await _idle_and_back(env, press, "ext-idle-notify-v1")
    finally:
        user.close()


def test_kwin_says_over_ext_idle_notify_when_the_user_is_idle_and_when_back():
    with kwin() as k:
        asyncio.run(_on_kwin(k.env))


async def _kwin_chosen(env: dict[str, str], address: str) -> None:
    from dbus_fast.aio import MessageBus

    from loosen.adapters.idle.select import desktop_name, probe_all

    bus = await MessageBus(bus_address=address).connect()
    try:
        chosen, probes = await probe_all(env, bus)
        assert chosen is not None and chosen.name == "wayland"
        await chosen.close()
    finally:
        bus.disconnect()
    assert [(p.name, p.ok, p.watches) for p in probes] == [
        ("mutter", False, False),
        ("wayland", True, True),
        ("freedesktop", False, False),
        ("x11", False, False),
    ]
    assert probes[1].detail == "ext-idle-notify-v1 from KDE: idle notifications"
    # KWin's screen locker owns the name but reads no idle time on Wayland
    assert probes[2].detail == (
        "org.freedesktop.ScreenSaver refuses GetSessionIdleTime: "
        "GetSessionIdleTime is not supported on this platform"
    )
    assert desktop_name(env) == "KDE on Wayland (wayland-0)"


def test_on_kde_wayland_the_notifications_are_chosen_and_the_screensaver_says_why_not():
    with kwin() as k:
        asyncio.run(_kwin_chosen({**k.env, "XDG_CURRENT_DESKTOP": "KDE"}, k.bus))


async def _runner_on_kwin(env: dict[str, str], tmp_path: Path) -> None:
    user = await KWinInput.start(env)
    src = await WaylandIdleSource.connect(env)
    try:
        assert src.mechanism == "ext-idle-notify-v1"
        await a_day_in_seconds(src, user.key, tmp_path)
    finally:
        await src.close()
        user.close()


def test_the_runner_sleeps_on_kwin_notifications_and_records_a_natural_break(tmp_path):
    with kwin() as k:
        asyncio.run(_runner_on_kwin(k.env, tmp_path))


async def _hand_written(tmp_path: Path) -> None:
    fake = FakeCompositor(tmp_path / "wayland-0")
    await fake.start()
    src = await WaylandIdleSource.connect({"XDG_RUNTIME_DIR": str(tmp_path)})
    try:
        assert src.mechanism == "ext-idle-notify-v1"
        assert [r for r in fake.requests if r[0] == "bind"] == [
            ("bind", (2, "ext_idle_notifier_v1", 1, fake.bound["ext_idle_notifier_v1"])),
        ]
        assert await src.idle() == timedelta(0)  # nothing has idled: input within the timeout

        # typing: a notification at the threshold, kept while the threshold stays the same
        fired = asyncio.Event()
        assert await src.watch(timedelta(minutes=2), False, fired.set)
        assert await src.watch(timedelta(minutes=2), False, fired.set)
        await asyncio.sleep(0.05)
        (two,) = fake.live()
        seat = fake.bound["wl_seat"]
        assert two.timeout == 120_000
        # the seat is bound for the request and released after it (no events about devices)
        assert fake.requests[-3:] == [
            ("bind", (1, "wl_seat", 5, seat)),
            ("get_idle_notification", (two.obj, 120_000, seat)),
            ("release", (seat,)),
        ]

        fake.idled(two)
        await asyncio.wait_for(fired.wait(), timeout=10)
        idle = await src.idle()
        assert idle is not None and timedelta(minutes=2) <= idle < timedelta(minutes=3)

        # idle 2 min: the next threshold (5 min) is made with the rest of the way, and the
        # notification that idled is kept for its "resumed"
        back = asyncio.Event()
        assert await src.watch(timedelta(minutes=5), True, back.set)
        await asyncio.sleep(0.05)
        live = {n.obj: n.timeout for n in fake.live()}
        assert live[two.obj] == 120_000 and sorted(live.values()) == [120_000, 180_000]

        fake.resumed()
        await asyncio.wait_for(back.wait(), timeout=10)
        assert await src.idle() == timedelta(0)
        await asyncio.sleep(0.05)
        # after input every timer restarts: the one made mid-idle is made again at 5 min
        assert sorted(n.timeout for n in fake.live()) == [120_000, 300_000]
        await src.close()
        await asyncio.sleep(0.05)
        assert fake.live() == []  # a closed source leaves nothing behind
    finally:
        await src.close()
        await fake.stop()


def test_ext_idle_notify_requests_against_a_compositor_written_from_the_xml(tmp_path):
    """The exact requests (seat bound and released, a notification kept while its threshold
    stays, one made mid-idle made again at its full timeout after input) and a source that
    leaves nothing behind: what the real KWin above cannot show, against a compositor written
    by hand from the protocol's XML (not a recording of a real one)."""
    asyncio.run(_hand_written(tmp_path))


async def _no_idle_protocol(tmp_path: Path) -> None:
    fake = FakeCompositor(tmp_path / "wayland-1", globals=[(1, "wl_seat", 7)])
    await fake.start()
    try:
        with pytest.raises(WaylandError) as err:
            await WaylandIdleSource.connect(
                {"XDG_RUNTIME_DIR": str(tmp_path), "WAYLAND_DISPLAY": "wayland-1"}
            )
        assert (
            str(err.value)
            == "the compositor offers neither ext-idle-notify-v1 nor org_kde_kwin_idle"
        )
    finally:
        await fake.stop()


def test_a_compositor_without_idle_notifications_is_refused_with_a_reason(tmp_path):
    asyncio.run(_no_idle_protocol(tmp_path))
    with pytest.raises(WaylandError, match="no Wayland compositor answers"):
        asyncio.run(WaylandIdleSource.connect({"XDG_RUNTIME_DIR": str(tmp_path)}))


def test_the_wire_format():
    assert message(3, 1, struct.pack("=I", 7)) == struct.pack("=III", 3, (12 << 16) | 1, 7)
