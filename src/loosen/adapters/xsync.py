"""Idle alarms on X11: the X SYNC extension's ``IDLETIME`` counter, through ctypes into libXext.

The X server counts the milliseconds since the last input in the ``IDLETIME`` system counter and
sends an ``XSyncAlarmNotify`` event when it crosses an alarm's value, the way GNOME's and KDE's
idle monitors learn of idle time without polling: a positive-transition alarm at the threshold,
and a negative-transition alarm just below the current idle time to catch the user's return
(input resets the counter to 0). Events are read when the X connection's socket is readable.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

from loosen.adapters.xlib import XDisplay, XError, load_library

# XSyncAlarmAttributes value masks (sync.h)
CA_COUNTER, CA_VALUE_TYPE, CA_VALUE, CA_TEST_TYPE, CA_DELTA, CA_EVENTS = (1 << i for i in range(6))
ABSOLUTE = 0
POSITIVE_TRANSITION, NEGATIVE_TRANSITION = 0, 1
ALARM_NOTIFY = 1  # event number after the extension's event base


class _Value(ctypes.Structure):
    _fields_ = [("hi", ctypes.c_int), ("lo", ctypes.c_uint)]

    @classmethod
    def of(cls, n: int) -> _Value:
        return cls(n >> 32, n & 0xFFFFFFFF)

    def __int__(self) -> int:
        return (int(self.hi) << 32) | int(self.lo)


class _SystemCounter(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("counter", ctypes.c_ulong), ("resolution", _Value)]


class _Trigger(ctypes.Structure):
    _fields_ = [
        ("counter", ctypes.c_ulong),
        ("value_type", ctypes.c_int),
        ("wait_value", _Value),
        ("test_type", ctypes.c_int),
    ]


class _AlarmAttributes(ctypes.Structure):
    _fields_ = [
        ("trigger", _Trigger),
        ("delta", _Value),
        ("events", ctypes.c_int),
        ("state", ctypes.c_int),
    ]


class _AlarmNotifyEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("alarm", ctypes.c_ulong),
        ("counter_value", _Value),
        ("alarm_value", _Value),
        ("time", ctypes.c_ulong),
        ("state", ctypes.c_int),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("alarm", _AlarmNotifyEvent), ("pad", ctypes.c_long * 24)]


def _library() -> Any:
    ext = load_library(("libXext.so.6", "libXext.so"), "libxext6")
    p, i = ctypes.c_void_p, ctypes.c_int
    ext.XSyncQueryExtension.argtypes = [p, ctypes.POINTER(i), ctypes.POINTER(i)]
    ext.XSyncInitialize.argtypes = [p, ctypes.POINTER(i), ctypes.POINTER(i)]
    ext.XSyncListSystemCounters.argtypes = [p, ctypes.POINTER(i)]
    ext.XSyncListSystemCounters.restype = ctypes.POINTER(_SystemCounter)
    ext.XSyncFreeSystemCounterList.argtypes = [ctypes.POINTER(_SystemCounter)]
    ext.XSyncQueryCounter.argtypes = [p, ctypes.c_ulong, ctypes.POINTER(_Value)]
    ext.XSyncCreateAlarm.argtypes = [p, ctypes.c_ulong, ctypes.POINTER(_AlarmAttributes)]
    ext.XSyncCreateAlarm.restype = ctypes.c_ulong
    ext.XSyncDestroyAlarm.argtypes = [p, ctypes.c_ulong]
    return ext


class IdleAlarms:
    """Alarms on one display's ``IDLETIME`` counter; ``fire`` is called once per arming."""

    def __init__(self, display: XDisplay) -> None:
        self._d = display
        self._ext = ext = _library()
        dpy = display.handle
        event, error, major, minor = ctypes.c_int(), ctypes.c_int(), ctypes.c_int(3), ctypes.c_int()
        if not ext.XSyncQueryExtension(dpy, ctypes.byref(event), ctypes.byref(error)):
            raise XError("the X server has no SYNC extension")
        if not ext.XSyncInitialize(dpy, ctypes.byref(major), ctypes.byref(minor)):
            raise XError("the X server's SYNC extension could not be initialised")
        self._notify = event.value + ALARM_NOTIFY
        self._counter = self._find_counter(b"IDLETIME")
        self._alarms: list[int] = []
        self._fire: Callable[[], None] | None = None
        self._loop: Any = None

    def _find_counter(self, name: bytes) -> int:
        n = ctypes.c_int()
        counters = self._ext.XSyncListSystemCounters(self._d.handle, ctypes.byref(n))
        if not counters:
            raise XError("the X server lists no SYNC system counters")
        try:
            for i in range(n.value):
                if counters[i].name == name:
                    return int(counters[i].counter)
        finally:
            self._ext.XSyncFreeSystemCounterList(counters)
        raise XError("the X server has no IDLETIME counter")

    def idle_ms(self) -> int | None:
        """The ``IDLETIME`` counter now, or None when the display is gone."""
        if self._d.gone:
            return None
        value = _Value()
        if not self._ext.XSyncQueryCounter(self._d.handle, self._counter, ctypes.byref(value)):
            return None
        return None if self._d.gone else int(value)

    def arm(
        self, loop: Any, idle_at_ms: int | None, on_input: bool, fire: Callable[[], None]
    ) -> bool:
        """Replace the alarms: one when idle reaches ``idle_at_ms``, one when input comes back."""
        self._disarm()
        if self._d.gone:
            self._stop()
            return False
        if self._loop is None:
            loop.add_reader(self._d.fd, self._readable)
            self._loop = loop
        now = self.idle_ms()
        if now is None:
            self._stop()
            return False
        self._fire = fire
        if idle_at_ms is not None:
            self._alarms.append(self._alarm(max(idle_at_ms, 1), POSITIVE_TRANSITION))
        if on_input:
            # input resets the counter to 0: a fall below a value just under today's idle time
            self._alarms.append(self._alarm(max(now - 1000, 1), NEGATIVE_TRANSITION))
        self._d.sync()
        if self._d.gone:
            self._stop()
            return False
        if idle_at_ms is not None and (self.idle_ms() or 0) >= idle_at_ms:
            loop.call_soon(self._fired)  # already past it while the alarm was being set
        self.take_queued()  # replies may have brought events in with them
        return True

    def _alarm(self, value: int, test: int) -> int:
        attrs = _AlarmAttributes()
        attrs.trigger.counter = self._counter
        attrs.trigger.value_type = ABSOLUTE
        attrs.trigger.wait_value = _Value.of(value)
        attrs.trigger.test_type = test
        attrs.delta = _Value.of(0)
        attrs.events = 1
        mask = CA_COUNTER | CA_VALUE_TYPE | CA_VALUE | CA_TEST_TYPE | CA_DELTA | CA_EVENTS
        return int(self._ext.XSyncCreateAlarm(self._d.handle, mask, ctypes.byref(attrs)))

    def _disarm(self) -> None:
        if not self._d.gone:
            for alarm in self._alarms:
                self._ext.XSyncDestroyAlarm(self._d.handle, alarm)
        self._alarms = []
        self._fire = None

    def _readable(self) -> None:
        self.take_queued()

    def take_queued(self) -> None:
        """Take every queued event; an alarm of the current arming calls ``fire`` (soon)."""
        hit = False
        event = _XEvent()
        while not self._d.gone and self._d.pending():
            self._d.next_event(ctypes.byref(event))
            if event.type == self._notify and event.alarm.alarm in self._alarms:
                hit = True
        loop = self._loop
        if self._d.gone:
            hit = self._fire is not None  # wake the service: it then finds the display gone
            self._stop()
        if hit and loop is not None:
            loop.call_soon(self._fired)

    def _fired(self) -> None:
        fire, self._fire = self._fire, None
        if fire is None:
            return
        if not self._d.gone:
            for alarm in self._alarms:
                self._ext.XSyncDestroyAlarm(self._d.handle, alarm)
            self._d.flush()
        self._alarms = []
        fire()

    def _stop(self) -> None:
        if self._loop is not None:
            self._loop.remove_reader(self._d.fd)
            self._loop = None

    def close(self) -> None:
        self._disarm()
        self._stop()
