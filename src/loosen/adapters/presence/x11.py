"""A full-screen window on X11 (a presentation, a video call in full screen).

Reads what an EWMH window manager publishes: the root window's ``_NET_ACTIVE_WINDOW`` and that
window's ``_NET_WM_STATE``; full screen when it holds ``_NET_WM_STATE_FULLSCREEN``. python-xlib,
no subprocess; asked only when a break is about to come.
"""

from __future__ import annotations

from typing import Any


class FullscreenDetector:
    def __init__(self, display: str | None = None) -> None:
        import os
        import re

        import Xlib.ext
        from Xlib import display as xdisplay

        name = display or os.environ.get("DISPLAY", "")
        local = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", name)
        if local and not os.path.exists(f"/tmp/.X11-unix/X{local.group(1)}"):
            raise RuntimeError(f"no X server is listening on {name}")
        Xlib.ext.__extensions__ = [e for e in Xlib.ext.__extensions__ if e[0] == "MIT-SCREEN-SAVER"]
        self._d: Any = xdisplay.Display(display)
        self._active = self._d.intern_atom("_NET_ACTIVE_WINDOW")
        self._state = self._d.intern_atom("_NET_WM_STATE")
        self._full = self._d.intern_atom("_NET_WM_STATE_FULLSCREEN")

    def fullscreen(self) -> bool:
        from Xlib import Xatom
        from Xlib.error import XError

        root = self._d.screen().root
        try:
            prop = root.get_full_property(self._active, Xatom.WINDOW)
            if prop is None or not len(prop.value) or not prop.value[0]:
                return False
            win = self._d.create_resource_object("window", int(prop.value[0]))
            state = win.get_full_property(self._state, Xatom.ATOM)
        except XError:
            return False  # the window went away meanwhile
        return state is not None and self._full in list(state.value)

    def close(self) -> None:
        self._d.close()
