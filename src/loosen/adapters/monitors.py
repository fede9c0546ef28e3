"""The monitors of an X11 screen, through ctypes into libXrandr (RandR 1.5 ``XRRGetMonitors``).

One request on a connection the caller already has; no ``xrandr`` process per break. The
monitors are what the desktop arranges windows by (a monitor may also be a part of a big screen
set up with ``xrandr --setmonitor``). ``None`` when RandR 1.5 is not there (then one window
covers the whole screen).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

from loosen.adapters.xlib import XDisplay, XError, load_library


@dataclass(frozen=True, slots=True)
class Monitor:
    x: int
    y: int
    width: int
    height: int
    primary: bool = False
    name: str = ""


class _MonitorInfo(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_ulong),
        ("primary", ctypes.c_int),
        ("automatic", ctypes.c_int),
        ("noutput", ctypes.c_int),
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("mwidth", ctypes.c_int),
        ("mheight", ctypes.c_int),
        ("outputs", ctypes.c_void_p),
    ]


def monitors(display: XDisplay) -> list[Monitor] | None:
    """The active monitors, the primary first (or the top-left one when none is primary)."""
    try:
        xrr = load_library(("libXrandr.so.2", "libXrandr.so"), "libxrandr2")
    except XError:
        return None
    if not hasattr(xrr, "XRRGetMonitors"):
        return None  # libXrandr older than 1.5
    dpy = display.handle
    major, minor = ctypes.c_int(), ctypes.c_int()
    xrr.XRRQueryVersion.argtypes = [
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.POINTER(ctypes.c_int),
    ]
    if not xrr.XRRQueryVersion(dpy, ctypes.byref(major), ctypes.byref(minor)):
        return None
    if (major.value, minor.value) < (1, 5):
        return None
    xrr.XRRGetMonitors.restype = ctypes.POINTER(_MonitorInfo)
    xrr.XRRGetMonitors.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_int),
    ]
    xrr.XRRFreeMonitors.argtypes = [ctypes.c_void_p]
    count = ctypes.c_int()
    found = xrr.XRRGetMonitors(dpy, display.root, 1, ctypes.byref(count))
    if not found or display.gone:
        return None
    try:
        out = [
            Monitor(m.x, m.y, m.width, m.height, bool(m.primary), display.atom_name(m.name))
            for m in (found[i] for i in range(count.value))
            if m.width > 0 and m.height > 0
        ]
    finally:
        xrr.XRRFreeMonitors(found)
    if not out:
        return None
    out.sort(key=lambda m: (not m.primary, m.y, m.x))
    return out
