"""GNOME's session manager and freedesktop PowerManagement, as far as idle inhibitors go (tests).

(No ``from __future__ import annotations`` here: dbus-fast reads the D-Bus signatures from the
annotations.)
"""

from typing import Any

from dbus_fast.service import ServiceInterface, method


class GnomeSession(ServiceInterface):
    def __init__(self) -> None:
        super().__init__("org.gnome.SessionManager")
        self.flags = 0  # what is inhibited now (8 = idle)

    @method()
    def IsInhibited(self, flags: "u") -> "b":
        return bool(self.flags & flags)


class PowerInhibit(ServiceInterface):
    def __init__(self) -> None:
        super().__init__("org.freedesktop.PowerManagement.Inhibit")
        self.held = False

    @method()
    def HasInhibit(self) -> "b":
        return self.held


async def serve(address: str, which: str) -> tuple[Any, Any]:
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address).connect()
    if which == "gnome":
        obj: Any = GnomeSession()
        bus.export("/org/gnome/SessionManager", obj)
        await bus.request_name("org.gnome.SessionManager")
    else:
        obj = PowerInhibit()
        bus.export("/org/freedesktop/PowerManagement/Inhibit", obj)
        await bus.request_name("org.freedesktop.PowerManagement")
    return bus, obj
