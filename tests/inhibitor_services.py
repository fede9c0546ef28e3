"""GNOME's session manager, KDE's PowerDevil and freedesktop PowerManagement, as far as idle
inhibitors go (tests). Each answers as the real one does; the real PowerDevil and
xfce4-power-manager are also tested (``tests/adapters/test_inhibitors.py``).

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


class PolicyAgent(ServiceInterface):
    """PowerDevil's: inhibitions of policies (1 = interrupt the session, i.e. sleep; 4 = change
    the screen settings, what ``org.freedesktop.ScreenSaver.Inhibit`` asks for on KDE)."""

    def __init__(self) -> None:
        super().__init__("org.kde.Solid.PowerManagement.PolicyAgent")
        self.held: dict[int, int] = {}  # cookie -> policies
        self._next = 0

    @method()
    def AddInhibition(self, types: "u", app: "s", reason: "s") -> "u":
        self._next += 1
        self.held[self._next] = types
        return self._next

    @method()
    def ReleaseInhibition(self, cookie: "u") -> None:
        self.held.pop(cookie, None)

    @method()
    def HasInhibition(self, types: "u") -> "b":
        return any(held & types for held in self.held.values())


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
    elif which == "kde":
        obj = PolicyAgent()
        bus.export("/org/kde/Solid/PowerManagement/PolicyAgent", obj)
        await bus.request_name("org.kde.Solid.PowerManagement.PolicyAgent")
    else:
        obj = PowerInhibit()
        bus.export("/org/freedesktop/PowerManagement/Inhibit", obj)
        await bus.request_name("org.freedesktop.PowerManagement")
    return bus, obj
