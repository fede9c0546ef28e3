"""Idle time on Windows (GetLastInputInfo) and macOS (CoreGraphics), through ctypes.

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
    name = "macos"
    ANY_INPUT = 0xFFFFFFFF  # kCGAnyInputEventType
    COMBINED = 0  # kCGEventSourceStateCombinedSessionState

    def __init__(self) -> None:
        if sys.platform != "darwin":
            raise RuntimeError("not macOS")
        cg = ctypes.cdll.LoadLibrary(
            "/System/Library/Frameworks/ApplicationServices.framework/ApplicationServices"
        )
        fn = cg.CGEventSourceSecondsSinceLastEventType
        fn.restype = ctypes.c_double
        fn.argtypes = [ctypes.c_int32, ctypes.c_uint32]
        self._fn: Any = fn

    async def idle(self) -> timedelta | None:
        return timedelta(seconds=float(self._fn(self.COMBINED, self.ANY_INPUT)))

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
