"""Idle time on Windows (GetLastInputInfo) and macOS (CoreGraphics, the HID system state), through
ctypes.

Neither can be tried on this project's Linux machines; `loosen doctor` says so on those systems
until they have been checked.
"""

from __future__ import annotations

import ctypes
import sys
from datetime import timedelta
from typing import Any


class WindowsIdleSource:
    name = "windows"

    def __init__(self) -> None:
        if sys.platform != "win32":
            raise RuntimeError("not Windows")

        class LASTINPUTINFO(ctypes.Structure):
            _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint)]

        self._info_type: Any = LASTINPUTINFO
        windll: Any = getattr(ctypes, "windll")  # noqa: B009 (absent off Windows)
        self._user32: Any = windll.user32
        self._kernel32: Any = windll.kernel32

    async def idle(self) -> timedelta | None:
        info = self._info_type()
        info.cbSize = ctypes.sizeof(info)
        if not self._user32.GetLastInputInfo(ctypes.byref(info)):
            return None
        now = self._kernel32.GetTickCount() & 0xFFFFFFFF
        return timedelta(milliseconds=(now - info.dwTime) & 0xFFFFFFFF)

    async def close(self) -> None:
        return None


class MacIdleSource:
    """macOS: seconds since the last keyboard or mouse event of the HID system state, the input
    devices themselves (the combined session state also counts events that programs post)."""

    name = "macos"
    ANY_INPUT = 0xFFFFFFFF  # kCGAnyInputEventType
    HID_SYSTEM = 1  # kCGEventSourceStateHIDSystemState

    def __init__(self, library: Any | None = None) -> None:
        if library is None:
            if sys.platform != "darwin":
                raise RuntimeError("not macOS")
            library = ctypes.cdll.LoadLibrary(
                "/System/Library/Frameworks/ApplicationServices.framework/ApplicationServices"
            )
        fn = library.CGEventSourceSecondsSinceLastEventType
        fn.restype = ctypes.c_double
        fn.argtypes = [ctypes.c_int32, ctypes.c_uint32]
        self._fn: Any = fn

    async def idle(self) -> timedelta | None:
        seconds = float(self._fn(self.HID_SYSTEM, self.ANY_INPUT))
        return timedelta(seconds=seconds) if seconds >= 0 else None

    async def close(self) -> None:
        return None


class UnavailableIdleSource:
    """No way to see input here: the service runs as a plain timer and says so."""

    name = "none"

    def __init__(self, why: str = "") -> None:
        self.why = why

    async def idle(self) -> timedelta | None:
        return None

    async def close(self) -> None:
        return None
