"""macOS and Windows through ctypes, with ctypes fakes of their libraries (these machines are
Linux): the calls are made with the right arguments and their answers read right."""

from __future__ import annotations

import asyncio
import ctypes
from datetime import timedelta
from types import SimpleNamespace

from loosen.adapters.idle.platform import MacIdleSource
from loosen.adapters.presence.windows import NotificationState


def test_macos_reads_the_hid_system_state_for_any_input():
    calls: list[tuple[int, int]] = []

    @ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_int32, ctypes.c_uint32)
    def seconds_since(state: int, kind: int) -> float:
        calls.append((state, kind))
        return 42.5

    src = MacIdleSource(SimpleNamespace(CGEventSourceSecondsSinceLastEventType=seconds_since))
    assert asyncio.run(src.idle()) == timedelta(seconds=42.5)
    assert calls == [(1, 0xFFFFFFFF)]  # kCGEventSourceStateHIDSystemState, kCGAnyInputEventType


def _shell32(state: int, result: int = 0) -> SimpleNamespace:
    @ctypes.CFUNCTYPE(ctypes.c_long, ctypes.POINTER(ctypes.c_int))
    def query(out: ctypes._Pointer[ctypes.c_int]) -> int:
        out.contents.value = state
        return result

    return SimpleNamespace(SHQueryUserNotificationState=query)


def test_windows_presentation_mode_and_full_screen_programs_hold_a_break_back():
    assert NotificationState(_shell32(4)).why() == "presentation mode"
    assert NotificationState(_shell32(3)).why() == "a full-screen Direct3D program"
    assert NotificationState(_shell32(2)).why() == "a full-screen program"
    assert NotificationState(_shell32(5)).why() == ""  # accepts notifications: nothing seen
    assert NotificationState(_shell32(1)).why() == ""  # not present (locked): not "there"
    assert NotificationState(_shell32(4, result=-2147467259)).state() is None  # E_FAIL
