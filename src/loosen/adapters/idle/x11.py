"""Idle time on X11 through the XScreenSaver extension (libXss via ctypes; no subprocess).

Under Wayland this only sees input to X11 clients (peers.md (b) problem 1), so it is chosen only on
an X11 session.
"""

from __future__ import annotations

from datetime import timedelta


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

    async def idle(self) -> timedelta | None:
        ms = self._display.idle_ms()
        return None if ms is None else timedelta(milliseconds=ms)

    async def close(self) -> None:
        self._display.close()
