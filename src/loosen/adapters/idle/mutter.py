"""GNOME (X11 and Wayland): Mutter's ``org.gnome.Mutter.IdleMonitor``, read and watched.

``GetIdletime`` reads the idle time; ``AddIdleWatch(ms)`` and ``AddUserActiveWatch()`` ask Mutter
to send ``WatchFired(id)`` when the idle time reaches a value or when input comes back, so the
service need not poll. Both go over the service's own D-Bus connection; ``RemoveWatch`` replaces
them at each arming. A Mutter without watches (or gone from the bus) is read by polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from loosen.adapters.idle.dbus import _DBusIdle
from loosen.i18n import _

log = logging.getLogger("loosen.idle")

BUS = "org.freedesktop.DBus"


class MutterIdleSource(_DBusIdle):
    """``org.gnome.Mutter.IdleMonitor`` on ``/org/gnome/Mutter/IdleMonitor/Core``, in ms."""

    name = "mutter"
    service = "org.gnome.Mutter.IdleMonitor"
    path = "/org/gnome/Mutter/IdleMonitor/Core"
    interface = "org.gnome.Mutter.IdleMonitor"
    method = "GetIdletime"

    def __init__(self, bus: Any) -> None:
        super().__init__(bus)
        self.can_watch = True
        self.watch_problem = ""
        self._ids: set[int] = set()
        self._seen: set[int] = set()  # fired before their AddIdleWatch reply was read
        self._fire: Callable[[], None] | None = None
        self._listening = False
        self._loop: asyncio.AbstractEventLoop | None = None

    async def _call(self, member: str, signature: str = "", body: list[Any] | None = None) -> Any:
        from dbus_fast import Message, MessageType

        reply = await self._bus.call(
            Message(
                destination=self.service,
                path=self.path,
                interface=self.interface,
                member=member,
                signature=signature,
                body=body or [],
            )
        )
        if reply.message_type == MessageType.ERROR:
            raise RuntimeError(f"{member}: {reply.error_name}")
        return reply.body

    async def has_watches(self) -> bool:
        """Whether this Mutter offers idle watches (its introspection data says)."""
        from dbus_fast import Message, MessageType

        try:
            reply = await self._bus.call(
                Message(
                    destination=self.service,
                    path=self.path,
                    interface="org.freedesktop.DBus.Introspectable",
                    member="Introspect",
                )
            )
            ok = reply.message_type == MessageType.METHOD_RETURN and "AddIdleWatch" in str(
                reply.body[0] if reply.body else ""
            )
        except Exception:  # noqa: BLE001 (the bus went away)
            ok = False
        if not ok:
            self.can_watch = False
            self.watch_problem = _("this Mutter has no idle watches")
        return ok

    async def _listen(self) -> None:
        from dbus_fast import Message

        for rule in (
            f"type='signal',interface='{self.interface}',member='WatchFired'",
            f"type='signal',sender='{BUS}',member='NameOwnerChanged',arg0='{self.service}'",
        ):
            await self._bus.call(
                Message(
                    destination=BUS,
                    path="/org/freedesktop/DBus",
                    interface=BUS,
                    member="AddMatch",
                    signature="s",
                    body=[rule],
                )
            )
        self._bus.add_message_handler(self._message)
        self._listening = True

    def _message(self, msg: Any) -> None:
        if msg.member == "WatchFired" and msg.interface == self.interface and msg.body:
            watch = int(msg.body[0])
            if watch in self._ids:
                self._fired()
            else:
                self._seen.add(watch)
        elif (
            msg.member == "NameOwnerChanged"
            and len(msg.body) == 3
            and msg.body[0] == self.service
            and not msg.body[2]
        ):
            self._fired()  # Mutter left the bus: wake the service, which then polls

    def _fired(self) -> None:
        fire, self._fire = self._fire, None
        if fire is not None and self._loop is not None:
            self._loop.call_soon(fire)

    async def watch(
        self, idle_at: timedelta | None, on_input: bool, fire: Callable[[], None]
    ) -> bool:
        """Mutter's watches: an idle watch at ``idle_at``, a user-active one for the return."""
        if not self.can_watch:
            return False
        self._fire = None
        self._loop = asyncio.get_running_loop()
        try:
            if not self._listening:
                await self._listen()
            old, self._ids = self._ids, set()
            for watch in old:
                await self._call("RemoveWatch", "u", [watch])
            self._seen.clear()
            self._fire = fire
            if idle_at is not None:
                ms = max(int(idle_at.total_seconds() * 1000), 1)
                (watch,) = await self._call("AddIdleWatch", "t", [ms])
                self._ids.add(int(watch))
            if on_input:
                (watch,) = await self._call("AddUserActiveWatch")
                self._ids.add(int(watch))
            if self._ids & self._seen:
                self._fired()
            elif idle_at is not None:
                now = await self.idle()
                if now is None:
                    raise RuntimeError("GetIdletime does not answer")
                if now >= idle_at:
                    self._fired()  # reached while the watch was being added
        except Exception as exc:  # noqa: BLE001 (no watches here, or Mutter went away)
            self._fire = None
            if "UnknownMethod" in str(exc):
                self.can_watch = False
                self.watch_problem = _("this Mutter has no idle watches")
            log.debug("Mutter idle watch failed: %s", exc)
            return False
        return True

    async def close(self) -> None:
        self._fire = None
        if self._listening:
            self._bus.remove_message_handler(self._message)
            self._listening = False
        for watch in self._ids:
            with contextlib.suppress(Exception):  # the bus or Mutter already went away
                await self._call("RemoveWatch", "u", [watch])
        self._ids = set()
