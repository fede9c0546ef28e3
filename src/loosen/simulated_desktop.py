"""The simulated desktop under :mod:`loosen.simulation`: what the OS would report at any instant.

:class:`World` is the day's state (the input spans, less the stretches the scripted user walked
away), :class:`SimClock` the service's clock on it, :class:`SimIdle` an idle source read on a
timer (XScreenSaver, freedesktop) and :class:`WatchingIdle` one that watches (XSync alarms,
Mutter's idle watches, Wayland idle notifications): it tells the simulator when its alarm would
fire, so the runner sleeps on its timer alone, as it does on such a desktop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from loosen.core.sitting import minus_spans

if TYPE_CHECKING:
    from loosen.simulation import Day

Span = tuple[datetime, datetime]
SECOND = timedelta(seconds=1)


def inside(spans: Sequence[Span], at: datetime) -> bool:
    return any(a <= at < b for a, b in spans)


class World:
    """The desktop's state at any instant: the day, less the spans the user walked away."""

    def __init__(self, day: Day) -> None:
        self.day = day
        self.now = day.start
        self.away: list[Span] = []
        self.slept: Span | None = None

    def present(self, at: datetime) -> bool:
        return not inside(self.away, at)

    def input_pieces(self) -> list[Span]:
        """The input spans, less the stretches the user walked away, in order."""
        out: list[Span] = []
        for a, b in self.day.input:
            out.extend(minus_spans((a, b), self.away))
        return sorted(out)

    def last_input(self, at: datetime) -> datetime | None:
        """The last instant up to ``at`` with input: the day's input spans, less the spans the
        user walked away (coming back, they type again where the day says they do)."""
        best: datetime | None = None
        for piece_a, piece_b in self.input_pieces():
            if piece_a <= at:
                end = min(piece_b, at)
                if best is None or end > best:
                    best = end
        return best

    def active(self, spans: Sequence[Span], at: datetime) -> bool:
        return inside(spans, at) and self.present(at)


class SimClock:
    def __init__(self, world: World) -> None:
        self.w = world

    def now(self) -> datetime:
        return self.w.now

    def poll(self) -> Any:
        from loosen.service.clock import ClockEvents

        s, self.w.slept = self.w.slept, None
        return ClockEvents(s, None)


class SimIdle:
    """An idle source read when the service asks (polled)."""

    name = "simulated"

    def __init__(self, world: World) -> None:
        self.w = world

    async def idle(self) -> timedelta | None:
        if not self.w.day.visible:
            return None
        now = self.w.now
        last = self.w.last_input(now)
        if last is None:
            return now - self.w.day.start + timedelta(hours=1)
        return max(timedelta(0), now - last)

    async def close(self) -> None:
        return None


class WatchingIdle(SimIdle):
    """An idle source that watches: an alarm when the idle time reaches ``idle_at`` and/or at
    the next input (``on_input``), as XSync alarms and Mutter's watches do."""

    name = "simulated, watching"

    def __init__(self, world: World) -> None:
        super().__init__(world)
        self.idle_at: timedelta | None = None
        self.on_input = False
        self.fire: Callable[[], None] | None = None

    async def watch(
        self, idle_at: timedelta | None, on_input: bool, fire: Callable[[], None]
    ) -> bool:
        if not self.w.day.visible:
            return False
        self.idle_at, self.on_input, self.fire = idle_at, on_input, fire
        return True

    def fires_at(self) -> datetime | None:
        """When the armed watch would fire, if it would."""
        now = self.w.now
        pieces = self.w.input_pieces()
        times: list[datetime] = []
        if self.on_input:
            nxt = next((max(a, now + SECOND) for a, b in pieces if b > now), None)
            if nxt is not None:
                times.append(nxt)
        if self.idle_at is not None:
            last = self.w.last_input(now) or self.w.day.start - timedelta(hours=1)
            t = last + self.idle_at
            for a, b in pieces:
                if b <= last or a > t:
                    continue  # over already, or after the quiet has lasted long enough
                if a <= t:  # input before the idle time reached idle_at: it starts again
                    last = max(last, b)
                    t = last + self.idle_at
            times.append(max(t, now + SECOND))
        return min(times) if times else None
