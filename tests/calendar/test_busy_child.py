"""The `loosen calendar busy` child as the service runs it: one calendar's failure is its own."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from loosen.app import App
from loosen.paths import resolve_paths
from loosen.service.calendar_reader import calendar_blocks, calendar_reader

DATA = Path(__file__).resolve().parents[1] / "data" / "calendars"
NOW = datetime.now(UTC).replace(microsecond=0)
STAMP = "%Y%m%dT%H%M%SZ"


def one_event(title: str, start: datetime) -> str:
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//loosen tests//EN",
            "BEGIN:VEVENT",
            f"UID:{title}",
            f"SUMMARY:{title}",
            f"DTSTART:{start:{STAMP}}",
            f"DTEND:{start + timedelta(hours=1):{STAMP}}",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )


def runaway(start: datetime) -> str:
    """A rule repeating every second since long before now (minutes of work for the library)."""
    return (DATA / "every-second.ics").read_text().replace("20260101T0000", f"{start:%Y%m%d}T0000")


def test_a_runaway_rule_leaves_the_other_calendars_alone(home, tmp_path):
    bad, good = tmp_path / "bad.ics", tmp_path / "good.ics"
    bad.write_text(runaway(NOW - timedelta(days=300)))
    good.write_text(one_event("Planning", NOW + timedelta(hours=3)))
    for f in (bad, good):
        assert home.run("calendar", "add", str(f)).code == 0
    frm, to = (NOW - timedelta(hours=12)).isoformat(), (NOW + timedelta(days=2)).isoformat()
    r = home.run("calendar", "busy", "--from", frm, "--to", to)
    data = json.loads(r.out)
    titles = {b["title"] for b in data["busy"]}
    assert "Planning" in titles and "Runaway" not in titles
    assert [c["failed"] for c in data["calendars"]] == [False, False]
    assert any("Runaway: It repeats every second" in p for p in data["problems"])


def test_an_outlook_file_with_an_empty_tzid_can_be_added(home):
    r = home.run("calendar", "add", str(DATA / "outlook-empty-tzid.ics"))
    assert r.code == 0 and r.err == ""
    shown = home.run("calendar", "check", str(DATA / "outlook-empty-tzid.ics")).out
    assert "Note: A time zone in this file has no name, so its times are read as local time." in (
        shown.splitlines()
    )


def test_the_service_keeps_the_last_good_blocks_of_a_calendar_that_fails(home, tmp_path):
    """Real `calendar busy` processes, as the service starts them."""
    work, home_cal = tmp_path / "work.ics", tmp_path / "home.ics"
    work.write_text(one_event("Planning", NOW + timedelta(hours=3)))
    home_cal.write_text(one_event("Dentist", NOW + timedelta(hours=5)))
    for f in (work, home_cal):
        assert home.run("calendar", "add", str(f)).code == 0
    read = calendar_reader(App(resolve_paths(home.env), home.env))
    assert read is not None
    blocks, problems = asyncio.run(read(NOW))
    assert [b.title for b in blocks] == ["Planning", "Dentist"] and problems == []
    work.unlink()  # the work calendar cannot be read now
    home_cal.write_text(one_event("Dentist (moved)", NOW + timedelta(hours=6)))
    blocks, problems = asyncio.run(read(NOW))
    assert [b.title for b in blocks] == ["Planning", "Dentist (moved)"]
    assert problems == [f"{work} cannot be read (No such file or directory)"]


def test_last_good_blocks_per_calendar_and_when_the_whole_read_fails():
    def busy(title: str, key: str) -> dict[str, object]:
        start = NOW + timedelta(hours=len(title))
        return {
            "start": start.isoformat(),
            "end": (start + timedelta(hours=1)).isoformat(),
            "title": title,
            "sitting": True,
            "prerun": False,
            "calendar": key,
        }

    last: dict[str, object] = {}
    first = {
        "busy": [busy("Planning", "a"), busy("Dentist", "b")],
        "calendars": [{"key": "a", "failed": False}, {"key": "b", "failed": False}],
    }
    assert {b.title for b in calendar_blocks(last, first)} == {"Planning", "Dentist"}
    a_failed = {
        "busy": [busy("Dentist moved", "b")],
        "calendars": [{"key": "a", "failed": True}, {"key": "b", "failed": False}],
    }
    assert {b.title for b in calendar_blocks(last, a_failed)} == {"Planning", "Dentist moved"}
    assert {b.title for b in calendar_blocks(last, None)} == {"Planning", "Dentist moved"}
    a_removed = {"busy": [], "calendars": [{"key": "b", "failed": False}]}
    assert calendar_blocks(last, a_removed) == ()  # b has nothing now; a is no longer followed


def test_the_service_keeps_every_calendars_blocks_when_the_reading_process_fails(home, tmp_path):
    work = tmp_path / "work.ics"
    work.write_text(one_event("Planning", NOW + timedelta(hours=3)))
    assert home.run("calendar", "add", str(work)).code == 0
    read = calendar_reader(App(resolve_paths(home.env), home.env))
    assert read is not None
    assert [b.title for b in asyncio.run(read(NOW))[0]] == ["Planning"]
    (home.data / "calendars.json").write_text("{not json")  # `calendar busy` now exits with 1
    blocks, problems = asyncio.run(read(NOW))
    assert [b.title for b in blocks] == ["Planning"]
    assert len(problems) == 1 and problems[0].startswith("calendars could not be read (")
    assert problems[0].endswith("; their last good blocks are kept")


def test_a_focus_block_is_marked_interruptible_by_the_words_in_the_settings():
    from loosen.service.calendar_reader import calendar_blocks

    data = {
        "busy": [
            {
                "start": "2026-12-07T09:30:00+00:00",
                "end": "2026-12-07T12:30:00+00:00",
                "title": "Focus time",
                "sitting": True,
                "calendar": "a",
            },
            {
                "start": "2026-12-07T13:00:00+00:00",
                "end": "2026-12-07T14:00:00+00:00",
                "title": "Planning",
                "sitting": True,
                "calendar": "a",
            },
        ],
        "problems": [],
        "calendars": [{"key": "a", "failed": False}],
    }
    blocks = calendar_blocks({}, data, ["focus", "Deep work"])
    assert [(b.title, b.interruptible) for b in blocks] == [
        ("Focus time", True),
        ("Planning", False),
    ]


def test_a_failed_read_is_said_in_the_users_language():
    from loosen import i18n
    from loosen.service.calendar_reader import unread

    i18n.activate("de")
    try:
        said = unread("exit status 1", kept=True)
    finally:
        i18n.activate("en")
    assert said == (
        "die Kalender konnten nicht gelesen werden (exit status 1); "
        "ihre letzten gültigen Termine bleiben"
    )
    assert unread("exit status 1") == "calendars could not be read (exit status 1)"
