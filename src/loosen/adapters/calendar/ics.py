"""Busy blocks from iCalendar data (RFC 5545), with icalendar and recurring-ical-events.

Each event series (one UID, with its overrides) is expanded on its own, so one broken event never
hides the rest of the calendar: it is reported as a :class:`Skipped` entry with the reason.

What blocks (issue 5): timed events that are opaque and not cancelled; tentative ones by default
(``tentative_blocks``); all-day events never by default. An event with neither DTEND nor DURATION
gets ``default_length``. Floating times are read in the local time zone. Titles that contain a
walking keyword (``walk``) make a walking meeting (moving, not sitting).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from loosen.core.busy import Busy


@dataclass(frozen=True, slots=True)
class Skipped:
    """An event that was left out, and why (shown by `loosen calendar check`)."""

    uid: str
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class Expanded:
    blocks: tuple[Busy, ...]
    skipped: tuple[Skipped, ...]
    events: int  # occurrences looked at in the window


@dataclass(frozen=True, slots=True)
class Rules:
    tentative_blocks: bool = True
    all_day_blocks: bool = False
    walking_words: tuple[str, ...] = ("walk", "walking")
    prerun_words: tuple[str, ...] = ("run", "running", "gym", "hiit", "workout", "training")
    default_length: timedelta = timedelta(minutes=30)


class CalendarFileError(ValueError):
    """The data is not an iCalendar file at all."""


def parse(data: bytes | str) -> Any:
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # noqa: BLE001 (icalendar raises many kinds)
        raise CalendarFileError(f"this is not an iCalendar file ({_short(exc)})") from None
    if getattr(cal, "name", "") != "VCALENDAR":
        raise CalendarFileError("this is not an iCalendar file (no VCALENDAR)")
    return cal


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def _as_utc(value: date | datetime, local: tzinfo) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # floating: the user's local time
            value = value.replace(tzinfo=local)
        return value.astimezone(UTC)
    return datetime(value.year, value.month, value.day, tzinfo=local).astimezone(UTC)


def _series(cal: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for n, ev in enumerate(cal.walk("VEVENT")):
        uid = str(ev.get("UID") or f"(event {n + 1} without UID)")
        out.setdefault(uid, []).append(ev)
    return out


def _single(cal: Any, events: Sequence[Any]) -> Any:
    import icalendar

    mini = icalendar.Calendar()
    for key in ("VERSION", "PRODID"):
        if key in cal:
            mini.add(key, cal[key])
    for tz in cal.walk("VTIMEZONE"):
        mini.add_component(tz)
    for ev in events:
        mini.add_component(ev)
    return mini


def expand(
    cal: Any,
    start: datetime,
    end: datetime,
    *,
    rules: Rules = Rules(),
    local: tzinfo | None = None,
) -> Expanded:
    """Busy blocks overlapping [start, end), and the events that could not be used."""
    import recurring_ical_events

    local = local or datetime.now().astimezone().tzinfo or UTC
    blocks: list[Busy] = []
    skipped: list[Skipped] = []
    seen = 0
    series = _series(cal)
    recurring = {
        u: evs
        for u, evs in series.items()
        if len(evs) > 1 or any(k in evs[0] for k in ("RRULE", "RDATE"))
    }
    found: list[tuple[str, str, Any]] = []  # (uid, title, occurrence)

    def title_of(evs: Sequence[Any]) -> str:
        return str(evs[0].get("SUMMARY", "") or "(no title)")

    for uid, events in series.items():
        if uid in recurring:
            continue
        try:  # a one-off event (most of a calendar): no need for the recurrence machinery
            if _may_overlap(events[0], start, end, local):
                found.append((uid, title_of(events), events[0]))
        except Exception as exc:  # noqa: BLE001 (one broken event must not hide the rest)
            skipped.append(Skipped(uid, title_of(events), f"could not be read: {_short(exc)}"))
    if recurring:
        try:  # all series at once is fast; only when that fails, find the broken ones
            everything = _single(cal, [e for evs in recurring.values() for e in evs])
            for occ in recurring_ical_events.of(everything).between(start, end):
                uid = str(occ.get("UID", ""))
                found.append((uid, title_of(recurring.get(uid, [occ])), occ))
        except Exception:  # noqa: BLE001
            for uid, events in recurring.items():
                try:
                    occs = recurring_ical_events.of(_single(cal, events)).between(start, end)
                except Exception as exc:  # noqa: BLE001
                    skipped.append(
                        Skipped(uid, title_of(events), f"could not be read: {_short(exc)}")
                    )
                    continue
                found += [(uid, title_of(events), occ) for occ in occs]
    for uid, title, occ in found:
        seen += 1
        try:
            block, why = _block(occ, rules, local)
        except Exception as exc:  # noqa: BLE001
            block, why = None, f"could not be read: {_short(exc)}"
        if block is None:
            if why:
                skipped.append(Skipped(uid, str(occ.get("SUMMARY", title)), why))
            continue
        if block.end > start and block.start < end:
            blocks.append(block)
    blocks.sort(key=lambda b: (b.start, b.end))
    return Expanded(tuple(blocks), tuple(skipped), seen)


def _may_overlap(ev: Any, start: datetime, end: datetime, local: tzinfo) -> bool:
    """Whether a one-off event can touch [start, end) (a day of slack for all-day and floating
    events; the exact test is made on the block)."""
    if "DTSTART" not in ev:
        return True  # let _block report it
    slack = timedelta(days=1)
    begin = _as_utc(ev.decoded("DTSTART"), local)
    if begin >= end + slack:
        return False
    if begin >= start - slack:
        return True
    if "DTEND" in ev:  # started before the window: does it last into it?
        return _as_utc(ev.decoded("DTEND"), local) > start - slack
    if "DURATION" in ev:
        return bool(begin + ev.decoded("DURATION") > start - slack)
    return False


def _block(ev: Any, rules: Rules, local: tzinfo) -> tuple[Busy | None, str]:
    title = str(ev.get("SUMMARY", "") or "(no title)")
    status = str(ev.get("STATUS", "")).upper()
    if status == "CANCELLED":
        return None, ""  # cancelled: silently not busy
    if str(ev.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return None, ""  # shown as free
    if status == "TENTATIVE" and not rules.tentative_blocks:
        return None, ""
    if "DTSTART" not in ev:
        return None, "has no start (DTSTART)"
    raw_start = ev.decoded("DTSTART")
    all_day = isinstance(raw_start, date) and not isinstance(raw_start, datetime)
    if all_day and not rules.all_day_blocks:
        return None, ""
    start = _as_utc(raw_start, local)
    if "DTEND" in ev:
        end = _as_utc(ev.decoded("DTEND"), local)
    elif "DURATION" in ev:
        end = start + ev.decoded("DURATION")
    else:
        end = start + (timedelta(days=1) if all_day else rules.default_length)
    if end <= start:
        end = start + rules.default_length
    words = {w.strip(".,:;!?()[]") for w in title.lower().split()}
    walking = any(w in words for w in rules.walking_words)
    prerun = any(w in words for w in rules.prerun_words)
    # a walk, a run or a workout is moving, not sitting
    return Busy(start, end, "meeting", title, sitting=not (walking or prerun), prerun=prerun), ""


def summarize(blocks: Iterable[Busy]) -> list[str]:
    out = []
    for b in blocks:
        s, e = b.start.astimezone(), b.end.astimezone()
        walk = " (walking: counts as a break)" if not b.sitting else ""
        out.append(f"{s:%a %d %b %H:%M}–{e:%H:%M}  {b.title}{walk}")
    return out
