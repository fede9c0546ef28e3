"""Screen lock and unlock from the desktop's screensaver on the D-Bus session bus.

GNOME sends ``org.gnome.ScreenSaver.ActiveChanged(b)``, KDE and others
``org.freedesktop.ScreenSaver.ActiveChanged(b)``. Suspend needs no adapter: the service's clock
sees it (``loosen.service.clock``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

INTERFACES = ("org.gnome.ScreenSaver", "org.freedesktop.ScreenSaver")


class ScreenSaverEvents:
    name = "screensaver"

    def __init__(self, bus: Any) -> None:
        self._bus = bus
        self._handler: Callable[[Any], None] | None = None

    async def start(self, on_lock: Callable[[bool], None]) -> bool:
        from dbus_fast import Message, MessageType

        def handler(msg: Any) -> None:
            if (
                msg.message_type == MessageType.SIGNAL
                and msg.member == "ActiveChanged"
                and msg.interface in INTERFACES
                and msg.body
            ):
                on_lock(bool(msg.body[0]))

        try:
            for iface in INTERFACES:
                await self._bus.call(
                    Message(
                        destination="org.freedesktop.DBus",
                        path="/org/freedesktop/DBus",
                        interface="org.freedesktop.DBus",
                        member="AddMatch",
                        signature="s",
                        body=[f"type='signal',interface='{iface}',member='ActiveChanged'"],
                    )
                )
        except Exception:  # noqa: BLE001 (no bus: not available)
            return False
        self._bus.add_message_handler(handler)
        self._handler = handler
        return True

    async def close(self) -> None:
        if self._handler is not None:
            self._bus.remove_message_handler(self._handler)
            self._handler = None
