"""Suspend shows up, a wall-clock step does not: the service's clock."""

from __future__ import annotations

from datetime import timedelta

import loosen.service.clock as clock_mod
from loosen.service.clock import ServiceClock


class Times:
    def __init__(self) -> None:
        self.wall = 1_800_000_000.0
        self.boot = 5000.0
        self.mono = 4000.0


def patched(monkeypatch) -> Times:
    t = Times()
    monkeypatch.setattr(clock_mod.time, "time", lambda: t.wall)
    monkeypatch.setattr(clock_mod.time, "monotonic", lambda: t.mono)
    monkeypatch.setattr(clock_mod, "_boottime", lambda: t.boot)
    return t


def test_a_wall_clock_step_moves_nothing_and_is_reported(monkeypatch):
    t = patched(monkeypatch)
    c = ServiceClock()
    before = c.now()
    t.wall += 3600  # NTP or a person sets the clock an hour ahead
    t.boot += 1
    t.mono += 1
    ev = c.poll()
    assert ev.slept is None
    assert ev.wall_step == timedelta(seconds=3599)  # the clock moved 3600 s while 1 s passed
    assert c.now() - before == timedelta(seconds=1)


def test_a_suspend_is_reported_once_with_its_start_and_end(monkeypatch):
    t = patched(monkeypatch)
    c = ServiceClock()
    t.boot += 3600  # boot time runs through the suspend, monotonic does not
    t.wall += 3600
    ev = c.poll()
    assert ev.slept is not None
    start, end = ev.slept
    assert end - start == timedelta(hours=1)
    assert end == c.now()
    assert c.poll().slept is None
