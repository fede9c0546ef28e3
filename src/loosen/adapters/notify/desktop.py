"""Desktop notifications with buttons.

On Linux (and the BSDs) loosen speaks the freedesktop notification protocol itself, over the
D-Bus connection the service already has: ``Notify`` with actions, ``CloseNotification``, and
the ``ActionInvoked`` signal for the buttons. That is a few calls; desktop-notifier (with bidict
and packaging) cost the service about 1.2 MB for them. On macOS and Windows desktop-notifier is
used (``LibraryNotifier``). ``DesktopNotifier`` is the one for this platform.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from loosen.ports import ButtonId, NotificationKind


async def _call(fn: Callable[[ButtonId], Awaitable[None]], bid: ButtonId) -> None:
    await fn(bid)


def _press(
    tasks: set[asyncio.Task[None]], on_button: Callable[[ButtonId], Awaitable[None]], bid: ButtonId
) -> None:
    """A button was pressed (called on the event loop): run its handler, keeping the task."""
    task = asyncio.get_running_loop().create_task(_call(on_button, bid))
    tasks.add(task)
    task.add_done_callback(tasks.discard)


BUS_NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
URGENCY = {"low": 0, "normal": 1}


class FreedesktopNotifier:
    """org.freedesktop.Notifications over dbus-fast (a given connection, or one of its own)."""

    name = "desktop"

    def __init__(self, bus: Any | None = None) -> None:
        self._bus = bus
        self._own_bus = bus is None
        self._current: int | None = None
        self._buttons: dict[int, Callable[[str], None]] = {}
        self._listening = False
        self._tasks: set[asyncio.Task[None]] = set()

    async def _connect(self) -> Any:
        if self._bus is None:
            from dbus_fast.aio import MessageBus

            self._bus = await MessageBus().connect()
        if not self._listening:
            from dbus_fast import Message

            self._bus.add_message_handler(self._on_message)
            await self._bus.call(
                Message(
                    destination="org.freedesktop.DBus",
                    path="/org/freedesktop/DBus",
                    interface="org.freedesktop.DBus",
                    member="AddMatch",
                    signature="s",
                    body=[f"type='signal',interface='{BUS_NAME}',path='{PATH}'"],
                )
            )
            self._listening = True
        return self._bus

    async def _call(self, member: str, signature: str = "", body: list[Any] | None = None) -> Any:
        from dbus_fast import Message, MessageType

        bus = await self._connect()
        reply = await bus.call(
            Message(
                destination=BUS_NAME,
                path=PATH,
                interface=BUS_NAME,
                member=member,
                signature=signature,
                body=body or [],
            )
        )
        if reply.message_type == MessageType.ERROR:
            raise RuntimeError(f"{reply.error_name}: {' '.join(map(str, reply.body))}")
        return reply.body

    def _on_message(self, msg: Any) -> bool:
        if msg.interface != BUS_NAME:
            return False
        if msg.member == "ActionInvoked" and len(msg.body) == 2:
            callback = self._buttons.get(int(msg.body[0]))
            if callback is not None:
                callback(str(msg.body[1]))
        elif msg.member == "NotificationClosed" and msg.body:
            self._buttons.pop(int(msg.body[0]), None)
            if self._current == int(msg.body[0]):
                self._current = None
        return False  # others (the do-not-disturb check) may want it too

    async def available(self) -> str | None:
        """None when a notification server answers, else why not (for `loosen doctor`)."""
        try:
            await self._call("GetCapabilities")
        except Exception as exc:  # noqa: BLE001 (any failure means "not available")
            return f"no notification server answers ({type(exc).__name__}: {exc})"
        return None

    async def show(
        self,
        kind: NotificationKind,
        title: str,
        body: str,
        buttons: list[tuple[ButtonId, str]],
        on_button: Callable[[ButtonId], Awaitable[None]],
    ) -> None:
        from dbus_fast import Variant

        lasting = kind in ("break", "reminder", "ask-moved")
        # one prompt that updates in place (the heads-up becomes the break, the break its
        # reminders) rather than a new popup each time; anything else replaces it too
        replaces = self._current or 0
        if replaces:
            self._buttons.pop(replaces, None)
        known = {bid for bid, _ in buttons}

        def pressed(key: str) -> None:
            if key in known:
                _press(self._tasks, on_button, key)

        # "default" is a click on the notification itself (it only closes it, as before)
        actions = ["default", ""] + [part for bid, label in buttons for part in (bid, label)]
        urgency = URGENCY["normal" if kind in ("break", "reminder") else "low"]
        hints = {"urgency": Variant("y", urgency), "desktop-entry": Variant("s", "loosen")}
        if lasting:
            # stays until answered: no expiry (dunst and others drop a "-1" one after 10 s),
            # and kept after a button until loosen itself closes or replaces it
            hints["resident"] = Variant("b", True)
        (ident,) = await self._call(
            "Notify",
            "susssasa{sv}i",
            ["loosen", replaces, "", title, body, actions, hints, 0 if lasting else 15_000],
        )
        self._current = int(ident)
        self._buttons[self._current] = pressed

    async def withdraw(self) -> None:
        if self._current is not None:
            ident, self._current = self._current, None
            self._buttons.pop(ident, None)
            with contextlib.suppress(Exception):  # already gone
                await self._call("CloseNotification", "u", [ident])

    async def close(self) -> None:
        await self.withdraw()
        if self._bus is not None:
            with contextlib.suppress(Exception):
                self._bus.remove_message_handler(self._on_message)
            if self._own_bus:
                self._bus.disconnect()
                with contextlib.suppress(Exception):
                    await self._bus.wait_for_disconnect()


class LibraryNotifier:
    """desktop-notifier (macOS and Windows, where it is installed; not tested on these machines)."""

    name = "desktop"

    def __init__(self, bus: Any | None = None) -> None:
        from desktop_notifier import DesktopNotifier as _DN

        self._n: Any = _DN(app_name="loosen")
        self._current: str | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def available(self) -> str | None:
        """None when a notification server answers, else why not (for `loosen doctor`)."""
        try:
            await self._n.get_capabilities()
        except Exception as exc:  # noqa: BLE001 (any failure means "not available")
            return f"no notification server answers ({type(exc).__name__}: {exc})"
        return None

    async def show(
        self,
        kind: NotificationKind,
        title: str,
        body: str,
        buttons: list[tuple[ButtonId, str]],
        on_button: Callable[[ButtonId], Awaitable[None]],
    ) -> None:
        from desktop_notifier import Button, Urgency

        await self.withdraw()

        def pressed(bid: ButtonId) -> Callable[[], None]:
            return lambda: _press(self._tasks, on_button, bid)

        urgency = Urgency.Normal if kind in ("break", "reminder") else Urgency.Low
        self._current = await self._n.send(
            title=title,
            message=body,
            urgency=urgency,
            buttons=[
                Button(title=label, on_pressed=pressed(bid), identifier=bid)
                for bid, label in buttons
            ],
            timeout=-1 if kind in ("break", "reminder", "ask-moved") else 15,
        )

    async def withdraw(self) -> None:
        if self._current is not None:
            ident, self._current = self._current, None
            with contextlib.suppress(Exception):  # already gone
                await self._n.clear(ident)

    async def close(self) -> None:
        await self.withdraw()
        # desktop-notifier keeps its D-Bus connection open and offers no way to close it
        bus = getattr(getattr(self._n, "_backend", None), "bus", None)
        if bus is not None:
            bus.disconnect()
            with contextlib.suppress(Exception):
                await bus.wait_for_disconnect()


DesktopNotifier: type[FreedesktopNotifier] | type[LibraryNotifier] = (
    LibraryNotifier if sys.platform in ("darwin", "win32") else FreedesktopNotifier
)
