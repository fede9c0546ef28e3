"""The ports between the service and the operating system (one adapter class per mechanism)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Literal, Protocol

NotificationKind = Literal["heads-up", "break", "reminder", "nudge", "ask-moved", "pre-run", "info"]
ButtonId = Literal["start", "snooze", "skip", "yes", "no", "warmup"]


class IdleSource(Protocol):
    """Keyboard/mouse idle time of the user's session."""

    name: str

    async def idle(self) -> timedelta | None:
        """Time since the last input, or None when it cannot be seen right now."""
        ...

    async def close(self) -> None: ...


class IdleWatcher(Protocol):
    """An idle source that can tell when idle time crosses a threshold, so the service need not
    poll it (XSync alarms on X11, Mutter's idle watches, ext-idle-notify on Wayland)."""

    async def watch(
        self, idle_at: timedelta | None, on_input: bool, fire: Callable[[], None]
    ) -> bool:
        """Call ``fire`` once when the input idle time reaches ``idle_at`` (None: no such
        alarm) or, with ``on_input``, when input comes back; replaces the last arming. False
        when it cannot watch now (the service then polls)."""
        ...


class Notifier(Protocol):
    name: str

    async def show(
        self,
        kind: NotificationKind,
        title: str,
        body: str,
        buttons: list[tuple[ButtonId, str]],
        on_button: Callable[[ButtonId], Awaitable[None]],
    ) -> None:
        """Show a notification, replacing the previous one; ``on_button`` gets the choice."""
        ...

    async def withdraw(self) -> None:
        """Take the notification on screen away, if any."""
        ...

    async def close(self) -> None: ...


class SessionEvents(Protocol):
    """Screen lock and unlock, reported through ``on_lock(True/False)``."""

    name: str

    async def start(self, on_lock: Callable[[bool], None]) -> bool:
        """Start listening; False when the mechanism is not available here."""
        ...

    async def close(self) -> None: ...
