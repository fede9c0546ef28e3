"""Desktop notifications on a private D-Bus session bus, answered by a real server."""

from __future__ import annotations

import asyncio

import pytest

from loosen.adapters.notify.desktop import DesktopNotifier
from tests.desktop import session_bus
from tests.notify_server import serve

pytestmark = pytest.mark.slow


async def wait_for(pred, limit=5.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + limit
    while not pred():
        if loop.time() > end:
            raise AssertionError("timed out")
        await asyncio.sleep(0.02)


def test_a_break_notification_with_buttons_and_a_click(monkeypatch):
    with session_bus() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)

        async def scenario() -> None:
            bus, server = await serve(address)
            n = DesktopNotifier()
            assert await n.available() is None
            pressed: asyncio.Queue[str] = asyncio.Queue()

            async def on_button(b: str) -> None:
                await pressed.put(b)

            await n.show(
                "break",
                "Time to move",
                "You've been sitting for 60 min.",
                [("start", "Start routine"), ("snooze", "Snooze 5 min"), ("skip", "Skip")],
                on_button,
            )
            await wait_for(lambda: server.shown)
            shown = server.shown[-1]
            assert shown["app"] == "loosen"
            assert shown["summary"] == "Time to move"
            assert shown["body"] == "You've been sitting for 60 min."
            assert ("snooze", "Snooze 5 min") in shown["actions"]
            assert ("skip", "Skip") in shown["actions"]
            server.ActionInvoked(shown["id"], "snooze")
            assert await asyncio.wait_for(pressed.get(), 5) == "snooze"
            # it stays until answered (dunst drops a default-timeout one after 10 s)
            assert shown["timeout"] == 0 and shown["resident"] is True
            # a reminder updates the same prompt in place; it is withdrawn when the user moves
            await n.show("reminder", "Still sitting", "70 min now.", [], on_button)
            await wait_for(lambda: len(server.shown) == 2)
            assert server.shown[-1]["replaces"] == shown["id"] == server.shown[-1]["id"]
            assert server.closed == []
            await n.withdraw()
            await wait_for(lambda: server.shown[-1]["id"] in server.closed)
            await n.close()
            bus.disconnect()

        asyncio.run(scenario())


def test_without_a_notification_server_it_says_so(monkeypatch):
    with session_bus() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)

        async def check() -> str | None:
            n = DesktopNotifier()
            try:
                return await n.available()
            finally:
                await n.close()

        problem = asyncio.run(check())
        assert problem is not None and problem.startswith("no notification server answers")


def test_do_not_disturb_from_the_notification_server(monkeypatch):
    from loosen.adapters.presence.dnd import do_not_disturb

    with session_bus() as address:

        async def scenario() -> list[str]:
            from dbus_fast.aio import MessageBus

            server_bus, server = await serve(address)
            bus = await MessageBus(bus_address=address).connect()
            seen = [await do_not_disturb(bus, {})]
            server.inhibited = True
            seen.append(await do_not_disturb(bus, {}))
            bus.disconnect()
            server_bus.disconnect()
            return seen

        assert asyncio.run(scenario()) == ["", "do-not-disturb is on"]
    assert asyncio.run(do_not_disturb(None, {})) == ""
