"""Idle time on X11: read through the XScreenSaver extension (libXss), watched through XSync
``IDLETIME`` alarms (libXext), both via ctypes; no subprocess, no polling where alarms work.

Under Wayland this only sees input to X11 clients (peers.md (b) problem 1), so it is chosen only on
an X11 session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any


class X11IdleSource:
    name = "x11"

    def __init__(self, display: str | None = None) -> None:
        from loosen.adapters.xlib import XDisplay  # imported here: only X11 sessions need it

        self._display = XDisplay(display)
        try:
            self._display.check_idle()
        except Exception:
            self._display.close()
            raise
        self._alarms: Any = None
        self.watch_problem = ""  # why it cannot watch, when it cannot
        try:
            from loosen.adapters.xsync import IdleAlarms

            self._alarms = IdleAlarms(self._display)
        except Exception as exc:  # noqa: BLE001 (no SYNC extension or no libXext: it polls)
            self.watch_problem = str(exc)

    @property
    def can_watch(self) -> bool:
        return self._alarms is not None

    async def idle(self) -> timedelta | None:
        ms = self._display.idle_ms()
        if self._alarms is not None:
            self._alarms.take_queued()  # the reply may have brought alarm events with it
        return None if ms is None else timedelta(milliseconds=ms)

    async def watch(
        self, idle_at: timedelta | None, on_input: bool, fire: Callable[[], None]
    ) -> bool:
        """XSync alarms: at ``idle_at`` of idle time, and at the next input (``on_input``)."""
        if self._alarms is None:
            return False
        at_ms = None if idle_at is None else int(idle_at.total_seconds() * 1000)
        return bool(self._alarms.arm(asyncio.get_running_loop(), at_ms, on_input, fire))

    async def close(self) -> None:
        if self._alarms is not None:
            self._alarms.close()
        self._display.close()
