"""Calendars read right (issue 10, section 4): what real calendar programs write, read as meant."""

from __future__ import annotations

import time
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from loosen.adapters.calendar import expansion
from loosen.adapters.calendar.ics import Rules, expand, read

DATA = Path(__file__).resolve().parents[1] / "data" / "calendars"
WEEK = (datetime(2026, 3, 23, tzinfo=UTC), datetime(2026, 3, 30, tzinfo=UTC))
CET = timezone(timedelta(hours=1))


def z(day: int, hh: int, mm: int = 0, month: int = 3, year: int = 2026) -> datetime:
    return datetime(year, month, day, hh, mm, tzinfo=UTC)


def load(name: str, window=WEEK, rules: Rules | None = None, local=CET):
    cal, notes = read((DATA / name).read_bytes())
    return expand(cal, *window, rules=rules or Rules(), local=local), notes


def spans(result, title=None):
    return [(b.start, b.end) for b in result.blocks if title is None or b.title == title]


@pytest.fixture
def berlin(monkeypatch):
    """The process's local zone is Europe/Berlin (CET in winter, CEST in summer)."""

    def use(tz: str) -> None:
        monkeypatch.setenv("TZ", tz)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("tz", ["Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3"])
def test_floating_times_use_the_offset_of_their_own_date(berlin, tz):
    berlin(tz)  # an IANA name, and a POSIX rule the C library reads
    cal, _ = read((DATA / "floating-seasons.ics").read_bytes())
    year = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    r = expand(cal, *year)  # the user's local zone, whatever today's offset is
    assert spans(r, "Winter focus") == [(z(15, 9, month=1), z(15, 10, month=1))]  # 10:00 CET
    assert spans(r, "Summer focus") == [(z(15, 8, month=7), z(15, 9, month=7))]  # 10:00 CEST


def test_an_empty_tzid_reads_the_events_as_local_time_and_says_so():
    r, notes = load("outlook-empty-tzid.ics")
    assert spans(r, "Budget review") == [(z(24, 9), z(24, 10))]  # 10:00 local (CET)
    assert notes == ["A time zone in this file has no name, so its times are read as local time."]


def test_spaces_in_an_exchange_byday_keep_the_series():
    r, _ = load("exchange-byday-spaces.ics")
    assert spans(r, "Team check-in") == [(z(d, 8), z(d, 8, 15)) for d in (23, 24, 25, 26, 27)]
    assert r.skipped == ()


def test_a_cut_off_file_keeps_every_complete_event_and_says_so():
    r, notes = load("truncated.ics")
    assert [b.title for b in r.blocks] == ["Design review", "Hiring sync", "Hiring sync"]
    assert notes == [
        "The file ends early (it may have been cut off): its last entry is incomplete and is "
        "left out."
    ]


def test_a_rule_repeating_every_second_is_left_out_alone_and_quickly():
    began = time.monotonic()
    r, _ = load("every-second.ics")
    assert time.monotonic() - began < 60  # without the bound: many minutes
    assert [b.title for b in r.blocks].count("Standup") == 7
    assert "Design review" in {b.title for b in r.blocks}
    ((uid, reason),) = [(s.uid, s.reason) for s in r.skipped]
    assert uid == "r-1"
    assert reason == (
        "It repeats every second from 1 January 2026, too often to work out (more than 200,000 "
        "times up to this window), so the whole series is left out."
    )


def test_the_count_bound_is_per_series(monkeypatch):
    monkeypatch.setattr(expansion, "MAX_STEPS", 30)
    r, _ = load("every-second.ics")  # the daily Standup is 27 days in at the end of the week
    assert [b.title for b in r.blocks].count("Standup") == 7
    monkeypatch.setattr(expansion, "MAX_STEPS", 26)
    r, _ = load("every-second.ics")
    assert "Standup" not in {b.title for b in r.blocks}
    assert {s.uid for s in r.skipped} == {"r-1", "r-2"}
    assert "Design review" in {b.title for b in r.blocks}


def test_the_time_bound_stops_a_series_the_count_bound_lets_through(monkeypatch):
    monkeypatch.setattr(expansion, "MAX_STEPS", 10**12)  # as if the estimate missed it
    monkeypatch.setattr(expansion, "SERIES_SECONDS", 0.2)
    began = time.monotonic()
    r, _ = load("every-second.ics")  # left to run: minutes
    assert time.monotonic() - began < 30
    assert {s.uid for s in r.skipped} == {"r-1"}
    assert r.skipped[0].reason.startswith("Its repeat rule took more than 0.2 seconds")
    assert {"Design review", "Standup"} <= {b.title for b in r.blocks}


def test_exrule_removes_its_occurrences_and_keeps_a_moved_one():
    r, _ = load("exrule.ics")
    assert spans(r, "Office hours") == [(z(d, 15), z(d, 16)) for d in (23, 25, 27, 28, 29)]
    assert spans(r, "Office hours (extra)") == [(z(26, 17), z(26, 18))]


def test_one_time_zone_policy_for_one_off_and_recurring_events():
    r, notes = load("outlook-display-names.ics")
    # Eastern Time: 08:00 EDT (daylight saving time began on 8 March) is 12:00Z, for both
    assert spans(r, "Client call") == [(z(24, 12), z(24, 13))]
    assert spans(r, "Client weekly") == [(z(23, 12), z(23, 13))]
    assert spans(r, "Pune sync") == [(z(25, 9, 30), z(25, 10))]  # only the offset: +05:30
    assert spans(r, "Odd zone") == [(z(26, 9), z(26, 9, 30))]  # unknown: local time (CET)
    assert notes == [
        'The time zone "Company Time" is not known, so its times are read as local time.'
    ]


def test_a_zero_length_all_day_event_blocks_its_day():
    window = (z(1, 0, month=1, year=2024), z(8, 0, month=1, year=2024))
    r, _ = load("rfc-limits.ics", window, Rules(all_day_blocks=True), local=UTC)
    assert spans(r, "Holiday") == [(z(3, 0, month=1, year=2024), z(4, 0, month=1, year=2024))]


def test_bysetpos_with_count_gives_count_occurrences():
    window = (z(1, 0, month=1, year=2024), z(1, 0, month=3, year=2024))
    r, _ = load("rfc-limits.ics", window, local=UTC)
    # RFC 5545: the 2nd and 3rd of Mon, Tue, Thu, Sat, Sun in each week (from Monday): Tue 2 and
    # Thu 4, then Tue 9 and Thu 11 (the library counted the first week from DTSTART and added
    # DTSTART: 2, 4, 6, 9, 11)
    assert [s for s, _ in spans(r, "Set positions")] == [
        z(d, 12, month=1, year=2024) for d in (2, 4, 9, 11)
    ]
    cal, _ = read((DATA / "rfc-limits.ics").read_bytes())
    for window in [(z(8, 0, month=1, year=2024), z(15, 0, month=1, year=2024))] * 2:  # the same
        r = expand(cal, *window, local=UTC)
        assert [s for s, _ in spans(r, "Set positions")] == [
            z(d, 12, month=1, year=2024) for d in (9, 11)
        ]


def test_byweekno_without_byday_is_dtstarts_weekday_of_that_week():
    window = (z(1, 0, month=1, year=2024), z(1, 0, month=1, year=2027))
    r, _ = load("rfc-limits.ics", window, local=UTC)
    assert [s for s, _ in spans(r, "Week twenty")] == [
        z(2, 12, month=1, year=2024),  # DTSTART counts as the first of the COUNT
        z(14, 12, month=5, year=2024),  # the Tuesday of week 20
        z(13, 12, month=5, year=2025),
    ]


def test_no_control_character_reaches_a_title():
    r, _ = load("control-characters.ics")
    titles = [b.title for b in r.blocks]
    assert titles == ["Payroll [31mreview", "Line one Line two"]
    assert not any(unicodedata.category(c) == "Cc" for t in titles for c in t)


def test_vendor_tzids_multi_day_blocks_and_reasons_in_words(home):
    """`calendar check` as a user sees it: no Python warning, the end's day, whole sentences."""
    from loosen.cli_calendar import check_text

    r, notes = load("vendor-tzid-and-multi-day.ics")
    assert spans(r, "Berlin workshop") == [(z(24, 9), z(24, 10))]
    text = check_text(r, None, z(23, 12), tuple(notes))
    assert [line for line in text.splitlines() if "Offsite" in line] == [
        "  Wed 25 Mar 14:00–Thu 26 Mar 14:00  Offsite"
    ]
    assert "  No start: It has no start time (DTSTART), so it is left out." in text.splitlines()
    shown = home.run("calendar", "check", str(DATA / "vendor-tzid-and-multi-day.ics"))
    assert shown.code == 0 and shown.err == ""  # no GloballyUniqueTZIDGuessed warning


def test_an_unlisted_display_name_uses_the_files_vtimezone_for_both_kinds():
    text = (DATA / "outlook-display-names.ics").read_text()
    cal, notes = read(text.replace("Eastern Time (US and Canada)", "Somewhere Unlisted"))
    r = expand(cal, *WEEK, local=CET)
    assert spans(r, "Client call") == [(z(24, 12), z(24, 13))]  # its VTIMEZONE: daylight time
    assert spans(r, "Client weekly") == [(z(23, 12), z(23, 13))]
    assert notes == [  # the file defines it: nothing to say about it
        'The time zone "Company Time" is not known, so its times are read as local time.'
    ]


def test_a_recurring_event_with_a_broken_start_is_left_out_alone():
    text = (DATA / "exchange-byday-spaces.ics").read_text()
    event = text[text.index("BEGIN:VEVENT") : text.index("END:VCALENDAR")]
    broken = event.replace("UID:exchange-1", "UID:broken-1").replace(
        "DTSTART:20260302T080000Z", "DTSTART:2026-03-02 08:00"
    )
    cal, _ = read(text.replace("END:VCALENDAR", broken + "END:VCALENDAR"))
    r = expand(cal, *WEEK, local=CET)
    assert len(spans(r, "Team check-in")) == 5
    assert [(s.uid, s.reason) for s in r.skipped] == [
        (
            "broken-1",
            "Its repeat rule or dates cannot be worked out, so the whole series is left out.",
        )
    ]


@pytest.mark.parametrize(
    ("tzid", "zone"),
    [
        ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Berlin"),
        ("(UTC-08:00) Pacific Time (US & Canada)", "America/Los_Angeles"),
        ("(UTC-11:00) Coordinated Universal Time-11", "Etc/GMT+11"),
        ("(UTC+13:00) Nuku'alofa", "Pacific/Tongatapu"),
        ("(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", "Asia/Kolkata"),
    ],
)
def test_outlook_display_names_map_to_their_zones(tzid, zone):
    from loosen.adapters.calendar.zones import known_zone

    assert known_zone(tzid) == zone


def test_every_zone_of_the_display_name_list_exists():
    from zoneinfo import ZoneInfo

    from loosen.adapters.calendar.zones import DISPLAY_NAMES

    assert all(ZoneInfo(zone) for zone in DISPLAY_NAMES.values())
