"""Desktop notifications with buttons through desktop-notifier (D-Bus on Linux, macOS, Windows)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from loosen.ports import ButtonId, NotificationKind


async def _call(fn: Callable[[ButtonId], Awaitable[None]], bid: ButtonId) -> None:
    await fn(bid)


class DesktopNotifier:
    name = "desktop"

    def __init__(self) -> None:
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
        loop = asyncio.get_running_loop()

        def pressed(bid: ButtonId) -> Callable[[], None]:
            def run() -> None:
                task: asyncio.Task[None] = loop.create_task(_call(on_button, bid))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

            return run

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
