"""Instants for the service that a wall-clock step cannot move, and suspend detection.

``now()`` is the wall time read at start plus the time elapsed since on a clock that keeps running
through suspend (``CLOCK_BOOTTIME`` on Linux; ``time.monotonic`` elsewhere). An NTP correction or a
manual change of the system clock therefore never looks like a break. A suspend shows as the
boot-time clock running ahead of the monotonic one (which stops while suspended): ``poll()`` reports
it. A wall-clock step is reported too, so the service can re-align its displays.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


def _boottime() -> float:
    clock = getattr(time, "CLOCK_BOOTTIME", None)
    if clock is not None:
        return time.clock_gettime(clock)
    return time.monotonic()


@dataclass(frozen=True, slots=True)
class ClockEvents:
    slept: tuple[datetime, datetime] | None  # (start, end) of a suspend since the last poll
    wall_step: timedelta | None  # how far the wall clock jumped, if it did


class ServiceClock:
    SUSPEND_MIN = 2.0  # seconds of boot-time lead that count as a suspend
    STEP_MIN = 2.0  # seconds of wall drift that count as a clock step

    def __init__(self) -> None:
        self._wall0 = time.time()
        self._boot0 = _boottime()
        self._lead0 = self._boot0 - time.monotonic()

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._wall0 + (_boottime() - self._boot0), UTC)

    def wall(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))

    def poll(self) -> ClockEvents:
        boot = _boottime()
        lead = boot - time.monotonic()
        slept = None
        if lead - self._lead0 >= self.SUSPEND_MIN:
            end = self.now()
            slept = (end - timedelta(seconds=lead - self._lead0), end)
            self._lead0 = lead
        drift = time.time() - (self._wall0 + (boot - self._boot0))
        step = timedelta(seconds=drift) if abs(drift) >= self.STEP_MIN else None
        return ClockEvents(slept, step)
