"""Idle time read over D-Bus: the freedesktop ScreenSaver (KDE), and the base of Mutter's source
(``mutter.py``), which can also watch."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Self

#: the errors of a name nobody owns
NOT_THERE = (
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
)


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
        from dbus_fast import MessageType

        src = cls(bus)
        reply = await src._ask()
        if (
            reply is not None
            and reply.message_type == MessageType.ERROR
            and reply.error_name not in NOT_THERE
            and reply.body
        ):
            # there, but refuses: KWin on Wayland answers "GetSessionIdleTime is not supported
            # on this platform"
            raise RuntimeError(f"{cls.service} refuses {cls.method}: {reply.body[0]}")
        if src._value(reply) is None:
            raise RuntimeError(f"{cls.service} does not answer {cls.method}")
        return src

    async def _ask(self) -> Any:
        from dbus_fast import Message

        try:
            return await self._bus.call(
                Message(
                    destination=self.service,
                    path=self.path,
                    interface=self.interface,
                    member=self.method,
                )
            )
        except Exception:  # noqa: BLE001 (the bus went away)
            return None

    def _value(self, reply: Any) -> timedelta | None:
        from dbus_fast import MessageType

        if reply is None or reply.message_type != MessageType.METHOD_RETURN or not reply.body:
            return None
        return timedelta(milliseconds=int(reply.body[0]) * self.unit_ms)

    async def idle(self) -> timedelta | None:
        return self._value(await self._ask())

    async def close(self) -> None:
        return None


class FreedesktopIdleSource(_DBusIdle):
    """KDE on X11 and others: ``org.freedesktop.ScreenSaver.GetSessionIdleTime``, milliseconds.
    KWin on Wayland (5.27, tested) owns the name but refuses the call ("not supported on this
    platform"): there the Wayland idle notifications are used."""

    name = "freedesktop"
    service = "org.freedesktop.ScreenSaver"
    path = "/org/freedesktop/ScreenSaver"
    interface = "org.freedesktop.ScreenSaver"
    method = "GetSessionIdleTime"
