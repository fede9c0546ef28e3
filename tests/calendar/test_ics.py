"""Calendar correctness on fixture calendars: recurrence, overrides, time zones, what blocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from loosen.adapters.calendar.ics import CalendarFileError, Rules, expand, parse

DATA = Path(__file__).resolve().parents[1] / "data" / "calendars"
WEEK = (datetime(2026, 3, 23, tzinfo=UTC), datetime(2026, 3, 30, tzinfo=UTC))
CET = timezone(timedelta(hours=1))


def week(rules: Rules | None = None):
    cal = parse((DATA / "week.ics").read_bytes())
    return expand(cal, *WEEK, rules=rules or Rules(), local=CET)


def z(day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 3, day, hh, mm, tzinfo=UTC)


def titled(result, title):
    return [(b.start, b.end) for b in result.blocks if b.title == title]


def test_daily_series_with_exdate_rdate_and_a_moved_occurrence():
    r = week()
    # 09:30 Berlin = 08:30 UTC before the DST change on Sunday 29 March
    assert titled(r, "Standup") == [
        (z(23, 8, 30), z(23, 8, 45)),  # Mon
        (z(24, 8, 30), z(24, 8, 45)),  # Tue; Wed 25 is an EXDATE
        (z(27, 8, 30), z(27, 8, 45)),  # Fri; Thu 26 was moved (below)
        (z(28, 10), z(28, 10, 15)),  # the RDATE on Saturday 11:00 Berlin
    ]
    assert titled(r, "Standup (moved)") == [(z(26, 9), z(26, 9, 15))]


def test_this_and_future_override_moves_the_rest_of_the_series():
    assert titled(week(), "Weekly sync (new time)") == [(z(23, 15), z(23, 16))]
    assert titled(week(), "Weekly sync") == []


def test_time_zones_windows_names_iana_floating_and_dst():
    r = week()
    assert titled(r, "Vendor call") == [(z(24, 11), z(24, 11, 30))]  # W. Europe Standard Time
    assert titled(r, "NY review") == [(z(24, 13), z(24, 13, 45))]  # IANA id, DURATION:PT45M
    assert titled(r, "Floating focus") == [(z(24, 7), z(24, 7, 30))]  # local time (CET here)
    assert titled(r, "Sunday planning") == [(z(29, 8), z(29, 9))]  # after the switch to CEST


def test_what_does_not_block():
    titles = {b.title for b in week().blocks}
    assert "Conference" not in titles  # all-day
    assert "Lunch (free)" not in titles  # TRANSP:TRANSPARENT
    assert "Cancelled retro" not in titles  # STATUS:CANCELLED
    assert "Maybe coffee" in titles  # tentative blocks by default...
    assert "Maybe coffee" not in {b.title for b in week(Rules(tentative_blocks=False)).blocks}
    assert "Conference" in {b.title for b in week(Rules(all_day_blocks=True)).blocks}


def test_an_event_without_an_end_gets_the_default_length():
    assert titled(week(), "Quick chat") == [(z(24, 13), z(24, 13, 30))]


def test_walking_meetings_are_marked():
    (walk,) = [b for b in week().blocks if b.title == "1:1 walk with Sam"]
    assert walk.sitting is False


def test_a_broken_event_is_reported_and_hides_nothing():
    r = week()
    assert [(s.uid, s.title) for s in r.skipped] == [("broken", "Broken event")]
    assert r.skipped[0].reason == "Its start, end or length cannot be read, so it is left out."
    assert len(r.blocks) == 13


def test_a_file_that_is_not_a_calendar():
    with pytest.raises(CalendarFileError, match="not an iCalendar file"):
        parse((DATA / "not-a-calendar.ics").read_bytes())


def test_a_long_event_that_started_before_the_window_still_blocks():
    from loosen.adapters.calendar.ics import expand

    text = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//t//EN",
            "BEGIN:VEVENT",
            "UID:offsite",
            "SUMMARY:Offsite",
            "DTSTART:20260320T080000Z",
            "DTEND:20260324T170000Z",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    r = expand(parse(text), *WEEK, local=CET)
    assert [(b.title, b.start, b.end) for b in r.blocks] == [
        ("Offsite", datetime(2026, 3, 20, 8, tzinfo=UTC), z(24, 17))
    ]


def test_runs_and_workouts_are_marked_for_a_warm_up():
    from loosen.adapters.calendar.ics import expand

    text = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//t//EN",
            "BEGIN:VEVENT",
            "UID:a",
            "SUMMARY:HIIT class",
            "DTSTART:20260324T170000Z",
            "DTEND:20260324T180000Z",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:b",
            "SUMMARY:Runbook review",
            "DTSTART:20260325T090000Z",
            "DTEND:20260325T100000Z",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    r = expand(parse(text), *WEEK, local=CET)
    assert [(b.title, b.prerun, b.sitting) for b in r.blocks] == [
        ("HIIT class", True, False),
        ("Runbook review", False, True),  # whole words only
    ]


def test_what_is_wrong_with_a_calendar_file_is_said_in_the_users_language():
    from loosen import i18n

    i18n.activate("fr")
    try:
        with pytest.raises(CalendarFileError) as wrong:
            parse((DATA / "not-a-calendar.ics").read_bytes())
    finally:
        i18n.activate("en")
    assert str(wrong.value) == (
        "ce n’est pas un fichier iCalendar (il ne commence pas par BEGIN:VCALENDAR)"
    )
