"""Idle time on X11 through the XScreenSaver extension (python-xlib; no subprocess).

Under Wayland this only sees input to X11 clients (peers.md (b) problem 1), so it is chosen only on
an X11 session.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import Any


class X11IdleSource:
    name = "x11"

    def __init__(self, display: str | None = None) -> None:
        import os
        import re

        from Xlib import display as xdisplay  # imported here: only X11 sessions need it

        name = display or os.environ.get("DISPLAY", "")
        local = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", name)
        if local and not os.path.exists(f"/tmp/.X11-unix/X{local.group(1)}"):
            # python-xlib would fall back to TCP and leak the socket; say it plainly instead
            raise RuntimeError(f"no X server is listening on {name}")
        import Xlib.ext

        # python-xlib loads every extension the server offers (about 1 MB of modules); the
        # screensaver one is all this needs
        Xlib.ext.__extensions__ = [e for e in Xlib.ext.__extensions__ if e[0] == "MIT-SCREEN-SAVER"]
        self._display: Any = xdisplay.Display(display)
        if not self._display.has_extension("MIT-SCREEN-SAVER"):
            self._display.close()
            raise RuntimeError("the X server has no MIT-SCREEN-SAVER extension")
        self._root = self._display.screen().root

    async def idle(self) -> timedelta | None:
        try:
            info = self._root.screensaver_query_info()
        except Exception:  # noqa: BLE001 (a dead X connection: report "cannot see")
            return None
        return timedelta(milliseconds=int(info.idle))

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            self._display.close()
