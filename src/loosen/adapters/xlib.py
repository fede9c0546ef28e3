"""The few X11 calls loosen needs, through ctypes into libX11 and libXss.

Idle time (the MIT-SCREEN-SAVER extension's ``XScreenSaverQueryInfo``; the SYNC extension's idle
alarms are in ``xsync.py``) and whether the active window is full screen (the EWMH
``_NET_ACTIVE_WINDOW`` / ``_NET_WM_STATE`` properties). A pure
Python X client (python-xlib) cost the service about 2.7 MB for these two questions; the C
libraries are already in memory on an X11 desktop, shared with every other X program.

libX11 would end the process on an X protocol error (a window closed between two calls) or a
lost connection: an error handler ignores the first, and an I/O-error exit handler (libX11 1.7 and
later) turns the second into "this display is gone", after which every question answers None.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
from typing import Any, ClassVar

XA_ATOM = 4
XA_WINDOW = 33
SUCCESS = 0

_ErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_ExitHandler = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)
_IOErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)


class _ScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


class XError(RuntimeError):
    """The X server or its libraries cannot be used (the message says why)."""


def load_library(names: tuple[str, ...], package: str) -> Any:
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    found = ctypes.util.find_library(names[0].split(".so")[0].removeprefix("lib"))
    if found:
        return ctypes.CDLL(found)
    raise XError(f"{names[0]} is not installed (Debian/Ubuntu: apt-get install {package})")


def _check_listening(name: str) -> None:
    local = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", name)
    if local and not os.path.exists(f"/tmp/.X11-unix/X{local.group(1)}"):
        raise XError(f"no X server is listening on {name}")


class XDisplay:
    """One connection to an X server."""

    # process-wide handlers, kept alive here for as long as the process runs
    _handlers: ClassVar[list[Any]] = []

    def __init__(self, name: str | None = None) -> None:
        name = name or os.environ.get("DISPLAY", "")
        if not name:
            raise XError("no X display (DISPLAY is not set)")
        _check_listening(name)
        x = load_library(("libX11.so.6", "libX11.so"), "libx11-6")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            ctypes.c_ulong,
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_void_p),
        ]
        x.XFree.argtypes = [ctypes.c_void_p]
        for fn in ("XConnectionNumber", "XPending", "XFlush"):
            getattr(x, fn).argtypes = [ctypes.c_void_p]
        x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        x.XSetErrorHandler.argtypes = [_ErrorHandler]
        x.XSetErrorHandler.restype = ctypes.c_void_p
        self._x = x
        self._xss: Any = None
        self.gone = False
        if not XDisplay._handlers:
            ignore = _ErrorHandler(lambda display, event: 0)
            XDisplay._handlers.append(ignore)
            x.XSetErrorHandler(ignore)
            if hasattr(x, "XSetIOErrorExitHandler"):
                # the default I/O error handler prints and exits; this one only returns, and
                # each display's exit handler (below) then marks it gone
                quiet = _IOErrorHandler(lambda display: 0)
                XDisplay._handlers.append(quiet)
                x.XSetIOErrorHandler.argtypes = [_IOErrorHandler]
                x.XSetIOErrorHandler.restype = ctypes.c_void_p
                x.XSetIOErrorHandler(quiet)
        self._dpy = x.XOpenDisplay(name.encode())
        if not self._dpy:
            raise XError(f"cannot open the X display {name}")
        if hasattr(x, "XSetIOErrorExitHandler"):

            def lost(display: Any, data: Any) -> None:
                self.gone = True

            exit_handler = _ExitHandler(lost)
            XDisplay._handlers.append(exit_handler)
            x.XSetIOErrorExitHandler.argtypes = [ctypes.c_void_p, _ExitHandler, ctypes.c_void_p]
            x.XSetIOErrorExitHandler(self._dpy, exit_handler, None)
        self._root = x.XDefaultRootWindow(self._dpy)

    def _screensaver(self) -> Any:
        if self._xss is None:
            xss = load_library(("libXss.so.1", "libXss.so"), "libxss1")
            event, error = ctypes.c_int(), ctypes.c_int()
            xss.XScreenSaverQueryExtension.argtypes = [
                ctypes.c_void_p,
                ctypes.POINTER(ctypes.c_int),
                ctypes.POINTER(ctypes.c_int),
            ]
            if not xss.XScreenSaverQueryExtension(
                self._dpy, ctypes.byref(event), ctypes.byref(error)
            ):
                raise XError("the X server has no MIT-SCREEN-SAVER extension")
            xss.XScreenSaverQueryInfo.argtypes = [
                ctypes.c_void_p,
                ctypes.c_ulong,
                ctypes.POINTER(_ScreenSaverInfo),
            ]
            self._xss = xss
        return self._xss

    def check_idle(self) -> None:
        """Raise XError now if idle time cannot be read here."""
        self._screensaver()

    def idle_ms(self) -> int | None:
        """Milliseconds since the last keyboard or mouse input, or None when it cannot be read."""
        if self.gone:
            return None
        info = _ScreenSaverInfo()
        if not self._screensaver().XScreenSaverQueryInfo(self._dpy, self._root, ctypes.byref(info)):
            return None
        return None if self.gone else int(info.idle)

    def atom(self, name: str) -> int:
        return int(self._x.XInternAtom(self._dpy, name.encode(), 0))

    def atom_name(self, atom: int) -> str:
        """An atom's name ("" when the server does not know it)."""
        if self.gone or not atom:
            return ""
        self._x.XGetAtomName.restype = ctypes.c_void_p
        self._x.XGetAtomName.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        raw = self._x.XGetAtomName(self._dpy, atom)
        if not raw:
            return ""
        try:
            return (ctypes.string_at(raw) or b"").decode(errors="replace")
        finally:
            self._x.XFree(raw)

    def get_property(self, window: int, atom: int, kind: int, length: int = 64) -> list[int] | None:
        """A 32-bit property's values (windows, atoms), or None when it is not there."""
        if self.gone:
            return None
        actual, fmt = ctypes.c_ulong(), ctypes.c_int()
        count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = self._x.XGetWindowProperty(
            self._dpy,
            window,
            atom,
            0,
            length,
            0,
            kind,
            ctypes.byref(actual),
            ctypes.byref(fmt),
            ctypes.byref(count),
            ctypes.byref(after),
            ctypes.byref(data),
        )
        if status != SUCCESS or self.gone:
            return None
        try:
            if not data.value or fmt.value != 32 or actual.value != kind:
                return None
            # 32-bit properties come as C longs
            values = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))
            return [int(values[i]) for i in range(count.value)]
        finally:
            if data.value:
                self._x.XFree(data)

    @property
    def root(self) -> int:
        return int(self._root)

    @property
    def handle(self) -> Any:
        """The ``Display *`` for other X libraries (libXext)."""
        return self._dpy

    @property
    def fd(self) -> int:
        """The connection's socket, to wait on for events."""
        return int(self._x.XConnectionNumber(self._dpy))

    def pending(self) -> int:
        """Events waiting (reads what the socket has, without blocking); 0 once gone."""
        return 0 if self.gone else int(self._x.XPending(self._dpy))

    def next_event(self, event: Any) -> None:
        self._x.XNextEvent(self._dpy, event)

    def flush(self) -> None:
        if not self.gone:
            self._x.XFlush(self._dpy)

    def sync(self) -> None:
        """Send what is buffered and wait until the server has done it."""
        if not self.gone:
            self._x.XSync(self._dpy, 0)

    def close(self) -> None:
        if self._dpy and not self.gone:
            self._x.XCloseDisplay(self._dpy)
        self._dpy = None
