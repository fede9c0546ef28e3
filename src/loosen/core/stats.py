"""Sitting statistics, derived from bout and event rows (never kept as counters).

Days are local calendar days; the caller turns instants into local time with ``localize`` and
gives the day boundaries. Bouts crossing midnight are split between the days.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

Interval = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class DayStats:
    day: date
    sitting: timedelta
    longest_bout: timedelta
    bouts_over_30: int
    bouts_over_60: int
    prompts: int
    taken: int
    snoozed: int
    skipped: int
    natural: int
    deferred: int = 0
    busy: timedelta = timedelta(0)  # time in meetings and calls seen by the service

    @property
    def adherence(self) -> float | None:
        """Breaks taken per break prompted (None on a day with no prompt)."""
        return None if self.prompts == 0 else min(1.0, self.taken / self.prompts)


def day_stats(
    days: Sequence[tuple[date, datetime, datetime]],
    bouts: Iterable[Interval],
    events: Iterable[tuple[datetime, str, dict[str, object]]],
) -> list[DayStats]:
    """One row per (day, start, end) given, from bouts and (at, kind, data) events."""
    bouts = list(bouts)
    events = list(events)
    out = []
    for day, start, end in days:
        pieces = [(max(s, start), min(e, end)) for s, e in bouts if s < end and e > start]
        lengths = [e - s for s, e in pieces]
        whole = [e - s for s, e in bouts if s < end and e > start]
        evs = [(k, d) for at, k, d in events if start <= at < end]
        # a break counts when it ends as one (core.credit): a routine really done, or a break
        # the service saw the user away for; clicking "Start routine" alone is not a break
        taken = sum(1 for k, _ in evs if k in ("break-done", "break-ended"))
        out.append(
            DayStats(
                day=day,
                sitting=sum(lengths, timedelta(0)),
                longest_bout=max(whole, default=timedelta(0)),
                bouts_over_30=sum(1 for w in whole if w > timedelta(minutes=30)),
                bouts_over_60=sum(1 for w in whole if w > timedelta(minutes=60)),
                prompts=sum(1 for k, _ in evs if k == "prompted"),
                taken=taken,
                snoozed=sum(1 for k, _ in evs if k == "snoozed"),
                skipped=sum(1 for k, _ in evs if k == "skipped"),
                natural=sum(1 for k, _ in evs if k == "natural-break"),
                deferred=sum(1 for k, _ in evs if k == "deferred"),
                busy=sum(
                    (
                        _busy_length(at, d, end)
                        for at, k, d in events
                        if k == "busy" and start <= at < end
                    ),
                    timedelta(0),
                ),
            )
        )
    return out


def _busy_length(at: datetime, data: dict[str, object], day_end: datetime) -> timedelta:
    end = data.get("end")
    if not isinstance(end, str):
        return timedelta(0)
    return max(timedelta(0), min(datetime.fromisoformat(end), day_end) - at)


def local_days(
    first: date, last: date, to_utc: Callable[[date], datetime]
) -> list[tuple[date, datetime, datetime]]:
    """(day, start, end) for each local day from ``first`` to ``last``; ``to_utc`` gives the
    instant a local day starts."""
    out = []
    d = first
    while d <= last:
        nxt = d + timedelta(days=1)
        out.append((d, to_utc(d), to_utc(nxt)))
        d = nxt
    return out
