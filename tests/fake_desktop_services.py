"""GNOME-like D-Bus services for tests: Mutter's idle monitor and a screensaver that locks.

(No ``from __future__ import annotations``: dbus-fast reads signatures from the annotations.)
"""

from typing import Any

from dbus_fast.service import ServiceInterface, method, signal


class IdleMonitor(ServiceInterface):
    def __init__(self) -> None:
        super().__init__("org.gnome.Mutter.IdleMonitor")
        self.idle_ms = 0

    @method()
    def GetIdletime(self) -> "t":
        return self.idle_ms


class ScreenSaver(ServiceInterface):
    def __init__(self) -> None:
        super().__init__("org.gnome.ScreenSaver")

    @signal()
    def ActiveChanged(self, active: bool) -> "b":
        return active


async def serve(address: str) -> tuple[Any, IdleMonitor, ScreenSaver]:
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address).connect()
    idle, saver = IdleMonitor(), ScreenSaver()
    bus.export("/org/gnome/Mutter/IdleMonitor/Core", idle)
    bus.export("/org/gnome/ScreenSaver", saver)
    await bus.request_name("org.gnome.Mutter.IdleMonitor")
    await bus.request_name("org.gnome.ScreenSaver")
    return bus, idle, saver
