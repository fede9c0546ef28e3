"""GNOME's idle monitor and screen lock over a real (private) D-Bus session bus."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import timedelta

import pytest

from loosen.adapters.idle.mutter import MutterIdleSource
from loosen.adapters.idle.select import probe_all
from loosen.adapters.session.screensaver import ScreenSaverEvents
from tests.desktop import session_bus
from tests.fake_desktop_services import serve

pytestmark = pytest.mark.slow


def test_mutter_idle_time_and_lock_signals():
    with session_bus() as address:

        async def scenario() -> None:
            from dbus_fast.aio import MessageBus

            server_bus, idle, saver = await serve(address)
            bus = await MessageBus(bus_address=address).connect()
            idle.idle_ms = 4242
            src = await MutterIdleSource.connect(bus)
            assert await src.idle() == timedelta(milliseconds=4242)
            # a Mutter without idle watches is polled: the watch says so, once and for all
            assert not await src.watch(timedelta(seconds=1), True, lambda: None)
            assert not src.can_watch and src.watch_problem == "this Mutter has no idle watches"
            chosen, probes = await probe_all({}, bus)
            assert chosen is not None and chosen.name == "mutter"
            assert [p.name for p in probes if p.ok] == ["mutter"]

            seen: list[bool] = []
            events = ScreenSaverEvents(bus)
            assert await events.start(seen.append)
            saver.ActiveChanged(True)
            saver.ActiveChanged(False)
            for _ in range(100):
                if len(seen) == 2:
                    break
                await asyncio.sleep(0.02)
            assert seen == [True, False]
            await events.close()
            bus.disconnect()
            server_bus.disconnect()

        asyncio.run(scenario())


def test_the_service_follows_the_screen_lock(home):
    with session_bus() as address:
        ready, stop = threading.Event(), threading.Event()
        saver_box: list[object] = []
        loop_box: list[asyncio.AbstractEventLoop] = []

        def desktop() -> None:
            async def run() -> None:
                bus, _, saver = await serve(address)
                saver_box.append(saver)
                loop_box.append(asyncio.get_running_loop())
                ready.set()
                await asyncio.get_running_loop().run_in_executor(None, stop.wait)
                bus.disconnect()

            asyncio.run(run())

        th = threading.Thread(target=desktop)
        th.start()
        from tests.service.conftest import Service

        svc = Service(home, {"DBUS_SESSION_BUS_ADDRESS": address, "DISPLAY": ""})
        try:
            assert ready.wait(10)
            svc.start()
            s = json.loads(home.run("status", "--json").out)
            assert s["activity"]["source"] == "mutter" and s["mode"] == "sitting"

            def emit(active: bool) -> None:
                saver = saver_box[0]
                loop_box[0].call_soon_threadsafe(saver.ActiveChanged, active)  # type: ignore[attr-defined]

            emit(True)
            for _ in range(50):
                if json.loads(home.run("status", "--json").out)["mode"] == "locked":
                    break
            assert json.loads(home.run("status", "--json").out)["mode"] == "locked"
            emit(False)
            for _ in range(50):
                if json.loads(home.run("status", "--json").out)["mode"] == "sitting":
                    break
            assert json.loads(home.run("status", "--json").out)["mode"] == "sitting"
        finally:
            svc.stop()
            stop.set()
            th.join(10)
