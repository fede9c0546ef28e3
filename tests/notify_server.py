"""A small org.freedesktop.Notifications server for tests (dbus-fast), like a desktop's daemon.

(No ``from __future__ import annotations`` here: dbus-fast reads the D-Bus signatures from the
annotations.)
"""

from typing import Any

from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_property, method, signal


class NotificationServer(ServiceInterface):
    def __init__(self) -> None:
        super().__init__("org.freedesktop.Notifications")
        self.shown: list[dict[str, Any]] = []
        self.closed: list[int] = []
        self._next = 1
        self.inhibited = False  # do-not-disturb, as KDE Plasma publishes it

    @dbus_property(access=PropertyAccess.READ)
    def Inhibited(self) -> "b":
        return self.inhibited

    @method()
    def GetCapabilities(self) -> "as":
        return ["actions", "body", "persistence"]

    @method()
    def GetServerInformation(self) -> "ssss":
        return ["loosen-test", "loosen", "1.0", "1.2"]

    @method()
    def Notify(
        self,
        app_name: "s",
        replaces_id: "u",
        app_icon: "s",
        summary: "s",
        body: "s",
        actions: "as",
        hints: "a{sv}",
        expire_timeout: "i",
    ) -> "u":
        nid = replaces_id or self._next
        self._next += 1
        pairs = list(zip(actions[::2], actions[1::2], strict=False))
        self.shown.append(
            {
                "id": nid,
                "app": app_name,
                "summary": summary,
                "body": body,
                "actions": pairs,
                "timeout": expire_timeout,
                "replaces": replaces_id,
                "resident": bool(getattr(hints.get("resident"), "value", False)),
            }
        )
        return nid

    @method()
    def CloseNotification(self, nid: "u") -> None:
        self.closed.append(nid)
        self.NotificationClosed(nid, 3)

    @signal()
    def ActionInvoked(self, nid: int, key: str) -> "us":
        return [nid, key]

    @signal()
    def NotificationClosed(self, nid: int, reason: int) -> "uu":
        return [nid, reason]


async def serve(address: str) -> tuple[Any, NotificationServer]:
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address).connect()
    server = NotificationServer()
    bus.export("/org/freedesktop/Notifications", server)
    await bus.request_name("org.freedesktop.Notifications")
    return bus, server
