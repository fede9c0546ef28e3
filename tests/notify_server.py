"""A small org.freedesktop.Notifications server for tests (dbus-fast), like a desktop's daemon.

(No ``from __future__ import annotations`` here: dbus-fast reads the D-Bus signatures from the
annotations.)
"""

from typing import Any

from dbus_fast.service import ServiceInterface, method, signal


class NotificationServer(ServiceInterface):
    def __init__(self) -> None:
        super().__init__("org.freedesktop.Notifications")
        self.shown: list[dict[str, Any]] = []
        self.closed: list[int] = []
        self._next = 1

    @method()
    def GetCapabilities(self) -> "as":  # type: ignore[name-defined] # noqa: F821
        return ["actions", "body", "persistence"]

    @method()
    def GetServerInformation(self) -> "ssss":  # type: ignore[name-defined] # noqa: F821
        return ["loosen-test", "loosen", "1.0", "1.2"]

    @method()
    def Notify(  # noqa: PLR0913
        self,
        app_name: "s",  # type: ignore[name-defined] # noqa: F821
        replaces_id: "u",  # type: ignore[name-defined] # noqa: F821
        app_icon: "s",  # type: ignore[name-defined] # noqa: F821
        summary: "s",  # type: ignore[name-defined] # noqa: F821
        body: "s",  # type: ignore[name-defined] # noqa: F821
        actions: "as",  # type: ignore[name-defined] # noqa: F821
        hints: "a{sv}",  # type: ignore[name-defined] # noqa: F821
        expire_timeout: "i",  # type: ignore[name-defined] # noqa: F821
    ) -> "u":  # type: ignore[name-defined] # noqa: F821
        nid = replaces_id or self._next
        self._next += 1
        pairs = list(zip(actions[::2], actions[1::2], strict=False))
        self.shown.append({"id": nid, "app": app_name, "summary": summary, "body": body,
                           "actions": pairs, "timeout": expire_timeout})
        return nid

    @method()
    def CloseNotification(self, nid: "u") -> None:  # type: ignore[name-defined] # noqa: F821
        self.closed.append(nid)
        self.NotificationClosed(nid, 3)

    @signal()
    def ActionInvoked(self, nid: int, key: str) -> "us":  # type: ignore[name-defined] # noqa: F821
        return [nid, key]

    @signal()
    def NotificationClosed(self, nid: int, reason: int) -> "uu":  # type: ignore[name-defined] # noqa: F821
        return [nid, reason]


async def serve(address: str) -> tuple[Any, NotificationServer]:
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address).connect()
    server = NotificationServer()
    bus.export("/org/freedesktop/Notifications", server)
    await bus.request_name("org.freedesktop.Notifications")
    return bus, server
