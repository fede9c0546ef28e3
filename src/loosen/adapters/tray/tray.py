"""The tray icon over the service's own D-Bus connection: registration, refresh, menu choices.

The item asks a bus name of its own (``org.kde.StatusNotifierItem-PID-1``, as libappindicator
does) and registers it with ``org.kde.StatusNotifierWatcher``; it listens for that watcher's
``NameOwnerChanged`` so a restarted panel (a new watcher) gets it again, and one that starts after
the service does too. Nothing here runs on a timer: ``refresh`` is called with the runner's status
after each of its wake-ups and commands.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable, Coroutine
from typing import Any

from loosen.adapters.tray import view as v
from loosen.adapters.tray.actions import Command, MenuActions, routine_titles
from loosen.adapters.tray.item import PATH as ITEM_PATH
from loosen.adapters.tray.item import StatusNotifierItem
from loosen.adapters.tray.menu import PATH as MENU_PATH
from loosen.adapters.tray.menu import DBusMenu
from loosen.i18n import _

log = logging.getLogger("loosen.service")

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
DBUS = "org.freedesktop.DBus"
OWNER_RULE = (
    f"type='signal',sender='{DBUS}',interface='{DBUS}',member='NameOwnerChanged',arg0='{WATCHER}'"
)

__all__ = ["Command", "Tray", "routine_titles"]


class Tray:
    def __init__(
        self,
        bus: Any,
        status: Callable[[], dict[str, Any]],
        command: Command,
        *,
        open_routine: Callable[[str], None] | None,
        open_dashboard: Callable[[], None] | None,
        break_routine: Callable[[], str],
        routines: list[tuple[str, str]],
        snooze_minutes: int = 5,
        show_minutes: bool = False,
        local: Callable[[Any], Any] = lambda d: d.astimezone(),
    ) -> None:
        self.bus = bus
        self.status = status
        self.actions = MenuActions(
            status,
            command,
            open_routine=open_routine,
            open_dashboard=open_dashboard,
            break_routine=break_routine,
            routines=routines,
        )
        self.routines = routines
        self.snooze_minutes = snooze_minutes
        self.show_minutes = show_minutes
        self.local = local
        self.name = f"org.kde.StatusNotifierItem-{os.getpid()}-1"
        first = self._view(status())
        self.item = StatusNotifierItem(first, self.activate)
        self.menu = DBusMenu(first.menu, self.clicked)
        self.registrations = 0  # times a watcher accepted us (tests, doctor)
        self.problem: str | None = None  # why the last registration failed
        self._tasks: set[asyncio.Task[None]] = set()
        self._named = True

    def _view(self, status: dict[str, Any]) -> v.TrayView:
        return v.view(
            status,
            routines=self.routines,
            snooze_minutes=self.snooze_minutes,
            show_minutes=self.show_minutes,
            local=self.local,
        )

    async def start(self) -> None:
        from dbus_fast import Message

        self.bus.export(ITEM_PATH, self.item)
        self.bus.export(MENU_PATH, self.menu)
        try:
            await self.bus.request_name(self.name)
        except Exception:  # noqa: BLE001 (no name of our own: register the object path)
            self._named = False
        self.bus.add_message_handler(self._on_message)
        await self.bus.call(
            Message(
                destination=DBUS,
                path="/org/freedesktop/DBus",
                interface=DBUS,
                member="AddMatch",
                signature="s",
                body=[OWNER_RULE],
            )
        )
        await self.register()

    async def register(self) -> bool:
        """Register with the watcher on the bus now; False (and ``problem``) when there is none."""
        from dbus_fast import Message, MessageType

        reply = await self.bus.call(
            Message(
                destination=WATCHER,
                path=WATCHER_PATH,
                interface=WATCHER,
                member="RegisterStatusNotifierItem",
                signature="s",
                body=[self.name if self._named else ITEM_PATH],
            )
        )
        if reply.message_type == MessageType.ERROR:
            self.problem = _("no tray watcher answers (%(error)s)") % {"error": reply.error_name}
            return False
        self.problem = None
        self.registrations += 1
        return True

    def _on_message(self, msg: Any) -> bool:
        if (
            msg.member == "NameOwnerChanged"
            and msg.interface == DBUS
            and len(msg.body) == 3
            and msg.body[0] == WATCHER
            and msg.body[2]
        ):
            self._spawn(self._register_quietly())
        return False  # other parts of the service may want it too

    async def _register_quietly(self) -> None:
        try:
            await self.register()
        except Exception as exc:  # noqa: BLE001 (a watcher that went away at once)
            log.debug("tray registration failed: %s", exc)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def refresh(self, status: dict[str, Any] | None = None) -> list[str]:
        """Show the service's state now; what was sent (nothing when nothing visible changed)."""
        new = self._view(self.status() if status is None else status)
        sent = self.item.show(new)
        change = self.menu.update(new.menu)
        return sent + ([change] if change else [])

    def activate(self) -> None:
        self.actions.activate()

    async def clicked(self, ident: int) -> None:
        """A menu item was chosen in the panel."""
        await self.actions.clicked(ident)

    async def close(self) -> None:
        from dbus_fast import Message

        with contextlib.suppress(Exception):
            self.bus.remove_message_handler(self._on_message)
            await self.bus.call(
                Message(
                    destination=DBUS,
                    path="/org/freedesktop/DBus",
                    interface=DBUS,
                    member="RemoveMatch",
                    signature="s",
                    body=[OWNER_RULE],
                )
            )
            self.bus.unexport(ITEM_PATH, self.item)
            self.bus.unexport(MENU_PATH, self.menu)
            await self.bus.release_name(self.name)
