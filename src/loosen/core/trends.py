"""Sitting over weeks and months: per-day rows in one pass, the hour-of-day grid, streaks, totals.

Built on :mod:`loosen.core.stats` (which defines what a day's numbers mean); this module only adds
what the history page needs across many days. Pure: the caller gives local day and hour
boundaries as UTC instants, and the rows.

Streaks count **sitting days**: days on which at least :data:`STREAK_DAY` of sitting was recorded.
Lighter days (weekends, days off, a quick look at the computer) neither extend nor break a streak.

- *Break streak*: sitting days in a row with at least one break taken (a prompted break, or a
  routine started on one's own).
- *No-long-bout streak*: sitting days in a row with no sitting bout longer than 60 minutes.

Today is not over: it joins a streak as soon as it qualifies, and until then it does not end
the streak either, except a bout over 60 minutes today, which ends the no-long-bout streak at once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from loosen.core.stats import DayStats, Interval, day_stats

Event = tuple[datetime, str, dict[str, object]]
STREAK_DAY = timedelta(hours=1)
"""A day counts towards streaks when at least this much sitting was recorded on it."""
SITTING_DAY = timedelta(minutes=1)
"""Less sitting than this (the service just started) does not make a day with sitting."""
STREAK_KINDS = ("break-done", "break-ended")  # breaks that counted (core.credit)
"""The events :func:`loosen.core.stats.day_stats` counts as breaks taken: all a streak needs."""
LONG_DAY = timedelta(hours=8)
"""The reference line: Canada's guideline of at most 8 hours of sedentary time a day."""


def rows_by_day(
    days: Sequence[tuple[date, datetime, datetime]],
    bouts: Iterable[Interval],
    events: Iterable[Event],
) -> list[DayStats]:
    """The same rows as :func:`loosen.core.stats.day_stats`, in time proportional to the data.

    ``day_stats`` looks at every bout and event for every day; over a year that is slow, so each
    bout and event is first given to the days it touches (``days`` must be in order and
    contiguous, as :func:`loosen.core.stats.local_days` makes them).
    """
    starts = [s for _, s, _ in days]
    ends = [e for _, _, e in days]
    day_bouts: list[list[Interval]] = [[] for _ in days]
    day_events: list[list[Event]] = [[] for _ in days]
    for s, e in bouts:
        # the days [first, last] whose [start, end) overlaps [s, e)
        first = bisect_right(ends, s)
        last = bisect_left(starts, e) - 1
        for i in range(first, last + 1):
            day_bouts[i].append((s, e))
    for ev in events:
        i = bisect_right(starts, ev[0]) - 1
        if 0 <= i < len(days) and ev[0] < ends[i]:
            day_events[i].append(ev)
    out: list[DayStats] = []
    for i, d in enumerate(days):
        out.extend(day_stats([d], day_bouts[i], day_events[i]))
    return out


def hour_grid(hours: Sequence[Sequence[datetime]], bouts: Iterable[Interval]) -> list[list[int]]:
    """Seconds of sitting in each local hour of each day.

    ``hours[i]`` holds the 25 instants that bound the 24 local hours of day ``i`` (the start of
    each hour, then the end of the day). On the day clocks go forward one hour is empty; on the
    day they go back one hour holds two.
    """
    grid = [[0] * 24 for _ in hours]
    flat: list[tuple[datetime, int, int]] = []
    for i, bounds in enumerate(hours):
        for h, t in enumerate(bounds[:24]):
            # an hour that does not exist (clocks forward) may come back out of order: clamp it
            flat.append((max(t, flat[-1][0]) if flat else t, i, h))
    starts = [t for t, _, _ in flat]
    for s, e in bouts:
        k = max(0, bisect_right(starts, s) - 1)
        while k < len(flat):
            t, i, h = flat[k]
            end = max(t, hours[i][h + 1])
            if t >= e:
                break
            piece = min(e, end) - max(s, t)
            if piece > timedelta(0):
                grid[i][h] += int(piece.total_seconds())
            k += 1
    return grid


@dataclass(frozen=True, slots=True)
class Streak:
    current: int
    best: int
    best_first: date | None = None
    best_last: date | None = None


def _streak(
    rows: Sequence[DayStats],
    today: date,
    ok: Callable[[DayStats], bool],
    fails_today: Callable[[DayStats], bool],
) -> Streak:
    run = 0
    run_first: date | None = None
    best = 0
    best_span: tuple[date | None, date | None] = (None, None)
    current = 0
    for r in sorted(rows, key=lambda r: r.day):
        if r.day > today:
            break
        counts = r.sitting >= STREAK_DAY
        if r.day == today and not ok(r) and not fails_today(r):
            counts = False  # today is not over: no verdict yet
        if not counts:
            continue
        if ok(r):
            run += 1
            run_first = run_first or r.day
            if run > best:
                best, best_span = run, (run_first, r.day)
        else:
            run, run_first = 0, None
        current = run
    return Streak(current, best, *best_span)


def streaks(rows: Sequence[DayStats], today: date) -> dict[str, Streak]:
    """The break streak and the no-long-bout streak (see the module docstring) over ``rows``."""
    return {
        "breaks": _streak(rows, today, lambda r: r.taken > 0, lambda r: False),
        "no_long_bouts": _streak(
            rows, today, lambda r: r.bouts_over_60 == 0, lambda r: r.bouts_over_60 > 0
        ),
    }


@dataclass(frozen=True, slots=True)
class Totals:
    days: int  # days in the range
    days_with_sitting: int
    sitting: timedelta
    average_sitting: timedelta  # per day with sitting (at least SITTING_DAY)
    longest_bout: timedelta
    longest_bout_day: date | None
    bouts_over_30: int
    bouts_over_60: int
    days_over_8h: int
    prompts: int
    taken: int
    snoozed: int
    skipped: int
    natural: int
    busy: timedelta

    @property
    def adherence(self) -> float | None:
        """Breaks taken per break prompted over the range (None when nothing was prompted)."""
        return None if self.prompts == 0 else min(1.0, self.taken / self.prompts)


def totals(rows: Sequence[DayStats]) -> Totals:
    sitting_days = [r for r in rows if r.sitting >= SITTING_DAY]
    sitting = sum((r.sitting for r in rows), timedelta(0))
    longest = max(rows, key=lambda r: r.longest_bout, default=None)
    has_longest = longest is not None and longest.longest_bout > timedelta(0)
    return Totals(
        days=len(rows),
        days_with_sitting=len(sitting_days),
        sitting=sitting,
        average_sitting=sitting / len(sitting_days) if sitting_days else timedelta(0),
        longest_bout=longest.longest_bout if longest is not None else timedelta(0),
        longest_bout_day=longest.day if longest is not None and has_longest else None,
        bouts_over_30=sum(r.bouts_over_30 for r in rows),
        bouts_over_60=sum(r.bouts_over_60 for r in rows),
        days_over_8h=sum(1 for r in rows if r.sitting > LONG_DAY),
        prompts=sum(r.prompts for r in rows),
        taken=sum(r.taken for r in rows),
        snoozed=sum(r.snoozed for r in rows),
        skipped=sum(r.skipped for r in rows),
        natural=sum(r.natural for r in rows),
        busy=sum((r.busy for r in rows), timedelta(0)),
    )
