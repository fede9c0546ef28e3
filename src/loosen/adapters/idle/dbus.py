"""Idle time read over D-Bus: the freedesktop ScreenSaver (KDE), and the base of Mutter's source
(``mutter.py``), which can also watch."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Self


class _DBusIdle:
    name = "dbus"
    service = ""
    path = ""
    interface = ""
    method = ""
    unit_ms = 1

    def __init__(self, bus: Any) -> None:
        self._bus = bus

    @classmethod
    async def connect(cls, bus: Any) -> Self:
        src = cls(bus)
        if await src.idle() is None:
            raise RuntimeError(f"{cls.service} does not answer {cls.method}")
        return src

    async def idle(self) -> timedelta | None:
        from dbus_fast import Message, MessageType

        try:
            reply = await self._bus.call(
                Message(
                    destination=self.service,
                    path=self.path,
                    interface=self.interface,
                    member=self.method,
                )
            )
        except Exception:  # noqa: BLE001 (the bus went away)
            return None
        if reply.message_type != MessageType.METHOD_RETURN or not reply.body:
            return None
        return timedelta(milliseconds=int(reply.body[0]) * self.unit_ms)

    async def close(self) -> None:
        return None


class FreedesktopIdleSource(_DBusIdle):
    """KDE and others: ``org.freedesktop.ScreenSaver.GetSessionIdleTime``, milliseconds."""

    name = "freedesktop"
    service = "org.freedesktop.ScreenSaver"
    path = "/org/freedesktop/ScreenSaver"
    interface = "org.freedesktop.ScreenSaver"
    method = "GetSessionIdleTime"
