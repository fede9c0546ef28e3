"""A full-screen window on X11 (a presentation, a video call in full screen).

Reads what an EWMH window manager publishes: the root window's ``_NET_ACTIVE_WINDOW`` and that
window's ``_NET_WM_STATE``; full screen when it holds ``_NET_WM_STATE_FULLSCREEN``. libX11 via
ctypes, no subprocess; asked with the other detectors when a still stretch may end the bout or a
prompt is due (never on a timer).

Not seen: a player that only suspends the X screensaver (``XScreenSaverSuspend``); the server
tells no other client (tested). A player's heartbeat (``XResetScreenSaver``) resets the idle time
and so counts as input.
"""

from __future__ import annotations


class FullscreenDetector:
    def __init__(self, display: str | None = None) -> None:
        from loosen.adapters.xlib import XDisplay

        self._d = XDisplay(display)
        self._active = self._d.atom("_NET_ACTIVE_WINDOW")
        self._state = self._d.atom("_NET_WM_STATE")
        self._full = self._d.atom("_NET_WM_STATE_FULLSCREEN")

    def fullscreen(self) -> bool:
        from loosen.adapters.xlib import XA_ATOM, XA_WINDOW

        active = self._d.get_property(self._d.root, self._active, XA_WINDOW, 1)
        if not active or not active[0]:
            return False
        # the window may go away meanwhile: the property is then simply not there
        state = self._d.get_property(active[0], self._state, XA_ATOM)
        return state is not None and self._full in state

    def close(self) -> None:
        self._d.close()
