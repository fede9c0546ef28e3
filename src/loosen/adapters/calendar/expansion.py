"""Occurrences of recurring events in a window, bounded per series, with EXRULE applied.

recurring-ical-events (with dateutil) walks a rule from its first occurrence, so a rule that repeats
every second from last January takes minutes to reach this week. Each series is bounded twice:

- by count, before anything runs: a rule that would take more than :data:`MAX_STEPS` steps to get
  from its start to the end of the window is left out, with the reason;
- by time, while it runs (in the main thread, where a timer signal can interrupt it): all series
  are first worked out together; when that takes longer than :data:`SERIES_SECONDS`, each is worked
  out on its own, a series that takes longer than that is left out, and after
  :data:`CALENDAR_SECONDS` the series not yet worked out are left out (each is reported).

EXRULE (RFC 2445, dropped by RFC 5545, still written by some programs) is ignored by the library:
occurrences it excludes are removed here. Two library errors are corrected too:

- a DTSTART that the rule does not produce is the first of COUNT occurrences (RFC 5545 3.3.10),
  so the rule gives one fewer (the library gave COUNT more, e.g. with BYSETPOS);
- BYWEEKNO without BYDAY means DTSTART's weekday in those weeks (the library gave all 7 days).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

from loosen.i18n import _

MAX_STEPS = 200_000
SERIES_SECONDS = 3.0
CALENDAR_SECONDS = 30.0

_UNIT = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
    "MONTHLY": timedelta(days=28),
    "YEARLY": timedelta(days=365),
}
_EVERY = {
    "SECONDLY": "second",
    "MINUTELY": "minute",
    "HOURLY": "hour",
    "DAILY": "day",
    "WEEKLY": "week",
    "MONTHLY": "month",
    "YEARLY": "year",
}


class _TooLong(BaseException):  # not an Exception: no library handler may swallow it
    pass


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (only in the main thread, and only when no other timer
    is running; elsewhere the count bound alone applies)."""
    usable = (
        threading.current_thread() is threading.main_thread()
        and hasattr(signal, "setitimer")
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if not usable:
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        raise _TooLong

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _aware(value: date | datetime, like: datetime) -> datetime:
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)  # noqa: DTZ001 (floating, like its rule)
    if value.tzinfo is None and like.tzinfo is not None:
        return value.replace(tzinfo=like.tzinfo)
    if value.tzinfo is not None and like.tzinfo is None:
        return value.replace(tzinfo=None)
    return value


def too_many_steps(ev: Any, end: datetime) -> str | None:
    """Why a rule of this event cannot be worked out up to `end` in reasonable time, or None."""
    if "DTSTART" not in ev or ("RRULE" not in ev and "EXRULE" not in ev):
        return None
    first = ev.decoded("DTSTART")
    for key in ("RRULE", "EXRULE"):
        for rule in _as_list(ev.get(key, [])):
            freq = str((rule.get("FREQ") or [""])[0]).upper()
            if freq not in _UNIT:
                continue
            try:
                interval = max(int((rule.get("INTERVAL") or [1])[0]), 1)
            except (TypeError, ValueError):
                interval = 1
            stop = _aware(end, _aware(first, end))
            start = _aware(first, stop)
            if rule.get("UNTIL"):
                until = _aware(rule["UNTIL"][0], stop)
                stop = min(stop, until)
            steps = max((stop - start) / (_UNIT[freq] * interval), 0)
            filters = [k for k in rule if k.startswith("BY")]
            if rule.get("BYMONTH") and freq in ("SECONDLY", "MINUTELY", "HOURLY", "DAILY"):
                steps *= len(rule["BYMONTH"]) / 12  # dateutil skips the other months quickly
            if rule.get("COUNT") and not filters:
                steps = min(steps, int(rule["COUNT"][0]))
            if steps > MAX_STEPS:
                every = _EVERY[freq] if interval == 1 else f"{interval} {_EVERY[freq]}s"
                since = f"{start:%d %B %Y}".lstrip("0")
                what = "It repeats" if key == "RRULE" else "Its exception rule (EXRULE) repeats"
                return (
                    f"{what} every {every} from {since}, too often to work out (more than "
                    f"{MAX_STEPS:,} times up to this window), so the whole series is left out."
                )
    return None


def rrulestr(text: str, dtstart: datetime) -> Any:
    from dateutil.rrule import rrulestr as parse_rule  # type: ignore[import-untyped]

    return parse_rule(text, dtstart=dtstart)


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _weekno_weekday(ev: Any) -> None:
    """BYWEEKNO alone: on DTSTART's weekday of those weeks (RFC 5545; libical does the same)."""
    if "RRULE" not in ev or "DTSTART" not in ev:
        return
    for rule in _as_list(ev["RRULE"]):
        if rule.get("BYWEEKNO") and not any(
            rule.get(k) for k in ("BYDAY", "BYMONTHDAY", "BYYEARDAY")
        ):
            rule["BYDAY"] = [_WEEKDAYS[ev.decoded("DTSTART").weekday()]]


def _weekly_setpos(ev: Any, start: datetime, end: datetime) -> Any:
    """A WEEKLY rule with BYSETPOS, worked out here and given to the library as RDATEs.

    dateutil begins the first week of a WEEKLY rule at DTSTART rather than at the start of its week
    (WKST), so BYSETPOS counts from the wrong day in that week. Here the rule runs from the start of
    DTSTART's week; what comes before DTSTART is dropped, and DTSTART counts as the first of COUNT.
    The event is copied: the parsed calendar is not changed."""
    rules = _as_list(ev.get("RRULE", []))
    if len(rules) != 1 or "DTSTART" not in ev or "RECURRENCE-ID" in ev:
        return ev
    rule = rules[0]
    if str((rule.get("FREQ") or [""])[0]).upper() != "WEEKLY" or not rule.get("BYSETPOS"):
        return ev
    import copy

    from icalendar import vRecur

    first = ev.decoded("DTSTART")
    first_dt = _aware(first, first if isinstance(first, datetime) else datetime(2000, 1, 1))  # noqa: DTZ001
    wkst = str((rule.get("WKST") or ["MO"])[0]).upper()
    back = (first_dt.weekday() - _WEEKDAYS.index(wkst)) % 7 if wkst in _WEEKDAYS else 0
    free: Any = vRecur({k: v for k, v in rule.items() if k != "COUNT"})
    text = free.to_ical().decode()
    count = int(rule["COUNT"][0]) if rule.get("COUNT") else None
    low, high = (
        _aware(start - timedelta(days=2), first_dt),
        _aware(end + timedelta(days=2), first_dt),
    )
    n, dates = 1, []  # DTSTART is the first occurrence
    for dt in rrulestr(text, dtstart=first_dt - timedelta(days=back)):
        if dt > high or (count is not None and n >= count):
            break
        if dt <= first_dt:
            continue
        n += 1
        if dt >= low:
            dates.append(dt if isinstance(first, datetime) else dt.date())
    fixed = copy.deepcopy(ev)
    del fixed["RRULE"]
    if dates:
        fixed.add("RDATE", dates)
    return fixed


def _exruled(events: Sequence[Any], occs: list[Any], start: datetime, end: datetime) -> list[Any]:
    """The occurrences that no EXRULE of the series excludes (moved occurrences are kept), and
    without the one too many of a COUNT rule whose DTSTART the rule does not produce."""
    master = next((e for e in events if "RECURRENCE-ID" not in e), None)
    if master is None:
        return occs
    rrules = _as_list(master.get("RRULE", []))
    count = rrules[0].get("COUNT") if len(rrules) == 1 and "RDATE" not in master else None
    if not count and "EXRULE" not in master:
        return occs
    first = master.decoded("DTSTART")
    first_dt = _aware(first, first if isinstance(first, datetime) else datetime(2000, 1, 1))  # noqa: DTZ001
    excluded: set[datetime] = set()
    span_a = _aware(start - timedelta(days=2), first_dt)
    span_b = _aware(end + timedelta(days=2), first_dt)
    if count and int(count[0]) >= 1:  # up to the window only, as the library itself goes
        for n, dt in enumerate(rrulestr(rrules[0].to_ical().decode(), dtstart=first_dt), 1):
            if dt > span_b or (n == 1 and dt == first_dt):
                break  # beyond the window, or DTSTART is the rule's own first: nothing to do
            if n == int(count[0]):
                excluded.add(dt)  # DTSTART counts as the first: the COUNT-th of the rule is extra
                break
    for rule in _as_list(master.get("EXRULE", [])):
        text = rule.to_ical().decode()
        excluded.update(rrulestr(text, dtstart=first_dt).between(span_a, span_b, inc=True))
    if not excluded:
        return occs
    moved = {_aware(e.decoded("RECURRENCE-ID"), first_dt) for e in events if "RECURRENCE-ID" in e}
    kept = []
    for occ in occs:
        rid = occ.decoded("RECURRENCE-ID") if "RECURRENCE-ID" in occ else occ.decoded("DTSTART")
        rid = _aware(rid, first_dt)
        if rid in excluded and rid not in moved:
            continue
        kept.append(occ)
    return kept


def occurrences(
    make_calendar: Any,
    series: dict[str, list[Any]],
    start: datetime,
    end: datetime,
) -> tuple[list[tuple[str, Any]], list[tuple[str, str]]]:
    """(uid, occurrence) of every recurring series in [start, end), and (uid, reason) of the series
    left out. `make_calendar(events)` makes a VCALENDAR of some events (with the time zones)."""
    import recurring_ical_events

    found: list[tuple[str, Any]] = []
    left_out: list[tuple[str, str]] = []
    usable: dict[str, list[Any]] = {}
    for uid, events in series.items():
        try:
            for ev in events:
                _weekno_weekday(ev)
            why = next((w for e in events if (w := too_many_steps(e, end))), None)
            if not why:
                usable[uid] = [_weekly_setpos(e, start, end) for e in events]
        except Exception as exc:  # noqa: BLE001 (a broken start or rule: this series only)
            why = rule_error(exc)
        if why:
            left_out.append((uid, why))
    if not usable:
        return found, left_out
    began = time.monotonic()
    try:  # all series at once is fast; only when that fails, find the broken or slow ones
        with _deadline(SERIES_SECONDS):  # the usual calendar takes well under a second
            everything = make_calendar([e for evs in usable.values() for e in evs])
            by_uid: dict[str, list[Any]] = {}
            for occ in recurring_ical_events.of(everything).between(start, end):
                by_uid.setdefault(str(occ.get("UID", "")), []).append(occ)
            batch = [
                (uid, o)
                for uid, occs in by_uid.items()
                for o in _exruled(usable.get(uid, []), occs, start, end)
            ]
        return found + batch, left_out
    except (_TooLong, Exception):  # noqa: BLE001 (slow or broken: try each series on its own)
        pass
    for uid, events in usable.items():
        left = CALENDAR_SECONDS - (time.monotonic() - began)
        if left <= 0:
            left_out.append(
                (uid, _("The calendar took too long to work out, so this series is left out."))
            )
            continue
        try:
            with _deadline(min(SERIES_SECONDS, left)):
                occs = list(recurring_ical_events.of(make_calendar(events)).between(start, end))
                occs = _exruled(events, occs, start, end)
        except _TooLong:
            left_out.append(
                (
                    uid,
                    _(
                        "Its repeat rule took more than %(seconds)s seconds to work out, so the "
                        "whole series is left out."
                    )
                    % {"seconds": format(SERIES_SECONDS, "g")},
                )
            )
            continue
        except Exception as exc:  # noqa: BLE001
            left_out.append((uid, rule_error(exc)))
            continue
        found += [(uid, o) for o in occs]
    return found, left_out


def rule_error(exc: BaseException) -> str:
    """A sentence for a series whose recurrence could not be worked out."""
    from recurring_ical_events.errors import BadRuleStringFormat, PeriodEndBeforeStart

    if isinstance(exc, PeriodEndBeforeStart):
        return _("It ends before it starts, so the whole series is left out.")
    if isinstance(exc, BadRuleStringFormat):
        rule = str(getattr(exc, "rule", "") or "").replace("\\", "")[:120]
        return _("Its repeat rule (%(rule)s) cannot be read, so the whole series is left out.") % {
            "rule": rule
        }
    return _("Its repeat rule or dates cannot be worked out, so the whole series is left out.")
