"""Busy blocks from iCalendar data (RFC 5545), with icalendar and recurring-ical-events.

Each event series (one UID, with its overrides) is expanded on its own, so one broken event never
hides the rest of the calendar: it is reported as a :class:`Skipped` entry with the reason.

What blocks (issue 5): timed events that are opaque and not cancelled; tentative ones by default
(``tentative_blocks``); all-day events never by default. An event with neither DTEND nor DURATION
gets ``default_length``; an all-day event that ends when it starts lasts its day. Floating times
are read in the local time zone with the rules of their own date. Titles that contain a walking
keyword (``walk``) make a walking meeting (moving, not sitting). Control characters never leave
this module in a title (:func:`loosen.adapters.calendar.repair.clean`).

The text is repaired first (:mod:`.repair`), and recurring series are expanded with bounds
(:mod:`.expansion`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from loosen.adapters.calendar.repair import clean
from loosen.adapters.calendar.zones import local_zone
from loosen.core.busy import Busy
from loosen.i18n import N_, _


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


def read(data: bytes | str) -> tuple[Any, list[str]]:
    """The calendar, and a sentence for each oddity met in its text (``calendar check`` notes)."""
    import warnings

    import icalendar

    from loosen.adapters.calendar.repair import repair

    head = data[:4096]
    if isinstance(head, bytes):
        head = head.decode("utf-8", errors="replace")
    if not head.lstrip("\ufeff \t\r\n").upper().startswith("BEGIN:VCALENDAR"):
        raise CalendarFileError(
            _("this is not an iCalendar file (it does not begin with BEGIN:VCALENDAR)")
        )
    try:
        text, notes = repair(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cal = icalendar.Calendar.from_ical(text)
    except Exception:  # noqa: BLE001 (icalendar raises many kinds)
        raise CalendarFileError(
            _("this iCalendar file cannot be read (its structure is broken)")
        ) from None
    if getattr(cal, "name", "") != "VCALENDAR":
        raise CalendarFileError(_("this is not an iCalendar file (it holds no VCALENDAR)"))
    return cal, notes


def parse(data: bytes | str) -> Any:
    return read(data)[0]


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
    import warnings

    with warnings.catch_warnings():  # icalendar warns about TZIDs it guesses; we say it in words
        warnings.simplefilter("ignore")
        return _expand(cal, start, end, rules, local or local_zone())


def _expand(cal: Any, start: datetime, end: datetime, rules: Rules, local: tzinfo) -> Expanded:
    from loosen.adapters.calendar.expansion import occurrences

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
        return clean(str(evs[0].get("SUMMARY", "") or "(no title)"))

    for uid, events in series.items():
        if uid in recurring:
            continue
        try:  # a one-off event (most of a calendar): no need for the recurrence machinery
            if _may_overlap(events[0], start, end, local):
                found.append((uid, title_of(events), events[0]))
        except Exception:  # noqa: BLE001 (one broken event must not hide the rest)
            skipped.append(Skipped(clean(uid), title_of(events), _(UNREADABLE)))
    if recurring:
        occs, left_out = occurrences(lambda evs: _single(cal, evs), recurring, start, end)
        found += [(uid, title_of(recurring.get(uid, [occ])), occ) for uid, occ in occs]
        skipped += [Skipped(clean(uid), title_of(recurring[uid]), why) for uid, why in left_out]
    for uid, title, occ in found:
        seen += 1
        try:
            block, why = _block(occ, rules, local)
        except Exception:  # noqa: BLE001
            block, why = None, _(UNREADABLE)
        if block is None:
            if why:
                skipped.append(Skipped(clean(uid), clean(str(occ.get("SUMMARY", title))), why))
            continue
        if block.end > start and block.start < end:
            blocks.append(block)
    blocks.sort(key=lambda b: (b.start, b.end))
    return Expanded(tuple(blocks), tuple(skipped), seen)


UNREADABLE = N_("Its start, end or length cannot be read, so it is left out.")


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
    title = clean(str(ev.get("SUMMARY", "") or "(no title)"))
    status = str(ev.get("STATUS", "")).upper()
    if status == "CANCELLED":
        return None, ""  # cancelled: silently not busy
    if str(ev.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return None, ""  # shown as free
    if status == "TENTATIVE" and not rules.tentative_blocks:
        return None, ""
    if "DTSTART" not in ev:
        return None, _("It has no start time (DTSTART), so it is left out.")
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
    if end <= start:  # ends when it starts (or before): an all-day event lasts its day
        end = (
            _as_utc(raw_start + timedelta(days=1), local)
            if all_day
            else start + rules.default_length
        )
    words = {w.strip(".,:;!?()[]") for w in title.lower().split()}
    walking = any(w in words for w in rules.walking_words)
    prerun = any(w in words for w in rules.prerun_words)
    # a walk, a run or a workout is moving, not sitting
    return Busy(start, end, "meeting", title, sitting=not (walking or prerun), prerun=prerun), ""


def summarize(blocks: Iterable[Busy], local: tzinfo | None = None) -> list[str]:
    """One line a block: its day and times (the end's day too when it ends on another day)."""
    out = []
    for b in blocks:
        s, e = b.start.astimezone(local), b.end.astimezone(local)
        walk = " (walking: counts as a break)" if not b.sitting else ""
        until = f"{e:%H:%M}" if e.date() == s.date() else f"{e:%a %d %b %H:%M}"
        out.append(f"{s:%a %d %b %H:%M}–{until}  {clean(b.title)}{walk}")
    return out
