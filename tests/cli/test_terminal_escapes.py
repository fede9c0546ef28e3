"""A routine file cannot drive the terminal: control characters are refused at validation, and
nothing from a user's file (or its name) is ever printed raw."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_routine_files import GOOD

RAW = "\x1b", "\x07", "\x9b", "\u202e"


def assert_no_raw_controls(text: str) -> None:
    for ch in RAW:
        assert ch not in text, f"{ch!r} printed raw"


@pytest.mark.parametrize(
    ("toml_value", "shown", "named"),
    [
        (r"Hips\u001b]0;pwned\u0007", r'"Hips\x1b]0;pwned\x07"', "U+001B (escape)"),
        (r"Hips\u001b[2J\u001b[H", r'"Hips\x1b[2J\x1b[H"', "U+001B (escape)"),
        (r"Hips\u009b31m", r'"Hips\x9b31m"', "U+009B (a control character)"),
        ("Hips \u202egnp.exe", r'"Hips \u202egnp.exe"', "U+202E (a text-direction override)"),
        (r"Hips\u007f", r'"Hips\x7f"', "U+007F (a control character)"),
    ],
)
def test_control_characters_in_a_name_are_refused_naming_file_key_and_value(
    home, tmp_path: Path, toml_value: str, shown: str, named: str
) -> None:
    f = tmp_path / "mine.toml"
    f.write_text(GOOD.replace('name = "My hips"', f'name = "{toml_value}"'))
    r = home.run("routines", "validate", str(f))
    assert r.code == 1 and "Traceback" not in r.err
    assert r.err == (
        f"{f}: 1 problem:\n  {f}: name: Found {shown}, which holds {named}; text may not hold "
        "control characters (they can change what a terminal shows).\n"
    )
    assert_no_raw_controls(r.out + r.err)


def test_a_multi_line_step_is_still_allowed_but_an_escape_in_a_step_is_not(
    home, tmp_path: Path
) -> None:
    f = tmp_path / "mine.toml"
    f.write_text(GOOD.replace('"Sit tall."', '"""Sit tall.\n\tFeet flat."""'))
    assert home.run("routines", "validate", str(f)).code == 0
    f.write_text(GOOD.replace('"Sit tall."', r'"Sit tall.\u001b]0;pwned\u0007"'))
    r = home.run("routines", "validate", str(f))
    assert r.code == 1
    assert r"custom_moves.my-chair-squeeze.steps[0]: Found " in r.err
    assert_no_raw_controls(r.err)


def test_a_bad_routine_in_the_routines_folder_is_never_printed_raw(home) -> None:
    folder = home.config / "routines"
    folder.mkdir(parents=True)
    evil = folder / "evil.toml"
    evil.write_text(GOOD.replace("Two moves at my desk.", r"Two\u001b]0;pwned\u0007 moves"))
    listing = home.run("routines")
    assert listing.code == 0
    assert f"evil: {evil} has 1 problem; run `loosen routines validate {evil}`." in listing.out
    shown = home.run("routines", "show", "evil")
    assert shown.code == 1 and "Traceback" not in shown.err
    assert r'summary: Found "Two\x1b]0;pwned\x07 moves", which holds U+001B' in shown.err
    for r in (listing, shown, home.run("stretch", "evil")):
        assert_no_raw_controls(r.out + r.err)


def test_a_file_name_with_escape_codes_is_shown_escaped(home, tmp_path: Path) -> None:
    f = tmp_path / "\x1b]0;pwned\x07.toml"
    f.write_text(GOOD)
    r = home.run("routines", "validate", str(f))
    assert r.code == 0
    assert r.out == f"{tmp_path}/\\x1b]0;pwned\\x07.toml: OK: My hips, 2 moves, 1:35.\n"
    folder = home.config / "routines"
    folder.mkdir(parents=True)
    (folder / "\x1b[31mred.toml").write_text(GOOD)
    listing = home.run("routines")
    assert "\\x1b[31mred" in listing.out
    assert_no_raw_controls(listing.out + listing.err)


WEEK = Path(__file__).resolve().parents[1] / "data" / "calendars" / "week.ics"


def test_a_calendar_file_name_with_escape_codes_is_shown_escaped(home, tmp_path: Path) -> None:
    f = tmp_path / "\x1b]0;pwned\x07.ics"
    f.write_bytes(WEEK.read_bytes())
    shown = f"{tmp_path}/\\x1b]0;pwned\\x07.ics"
    added = home.run("calendar", "add", str(f))
    assert added.code == 0, added.err
    assert added.out == f"Subscribed to {shown}. `loosen calendar check` shows its week.\n"
    listed = home.run("calendar", "list")
    assert listed.out.startswith(f"1. {shown} (added ")
    as_json = home.run("calendar", "list", "--json")
    assert "\\u001b]0;pwned\\u0007.ics" in as_json.out
    again = home.run("calendar", "add", str(f))
    assert again.code == 1 and again.err == f"loosen: {shown} is already subscribed.\n"
    removed = home.run("calendar", "remove", str(f))
    assert removed.out == f"Removed {shown}.\n"
    for r in (added, listed, as_json, again, removed):
        assert_no_raw_controls(r.out + r.err)


def test_calendar_check_shows_no_title_backwards_or_with_escape_codes(home, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    at = f"{start:%Y%m%dT%H%M%SZ}"
    end = f"{start + timedelta(minutes=30):%Y%m%dT%H%M%SZ}"
    f = tmp_path / "tricky.ics"
    f.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Budget \u202egnp.exe\r\nDTSTART:{at}\r\n"
        f"DTEND:{end}\r\nEND:VEVENT\r\n"
        f"BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Review\u2066 \u2069\u202a\r\nDTSTART:{at}\r\n"
        f"DTEND:{end}\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    r = home.run("calendar", "check", str(f))
    assert r.code == 0, r.err
    assert "Budget gnp.exe" in r.out  # the override is gone: the title reads as it is written
    assert "Review" in r.out
    j = home.run("calendar", "check", str(f), "--json")
    assert '"title": "Budget gnp.exe"' in j.out  # every calendar string is cleaned as it is read
    assert "\\u202e" not in j.out
    for out in (r, j):
        assert_no_raw_controls(out.out + out.err)
        for ch in ("\u2066", "\u2069", "\u202a"):
            assert ch not in out.out


@pytest.mark.parametrize(
    ("address", "named"),
    [
        ("https://example.com/cal\x01.ics", "U+0001 (a control character)"),
        ("https://example.com/a\x1b]0;pwned\x07.ics", "U+001B (escape)"),
        ("webcal://example.com/secret\n/x.ics", "U+000A (line break)"),
        ("https://example.com/my calendar.ics", "a space"),
    ],
)
def test_a_calendar_address_with_a_control_character_is_one_sentence(
    home, address: str, named: str
) -> None:
    r = home.run("calendar", "add", address)
    assert r.code == 1 and "Traceback" not in r.err
    # the address is named without its secret path, the character by its code
    assert r.err == (
        f"loosen: The calendar address https://example.com/… holds {named}, which no address "
        "may; check it (a character may have come with it when it was copied) and add it again.\n"
    )
    assert not (home.data / "calendars.json").exists()


def test_the_history_table_is_never_printed_raw(home) -> None:
    import sqlite3

    from loosen.storage.history import History

    History(home.data / "history.sqlite3").close()
    with sqlite3.connect(home.data / "history.sqlite3") as con:
        con.execute(
            "INSERT INTO sessions (routine_id, routine_name, source, started_at, ended_at, "
            "outcome) VALUES (?, ?, 'cli', '2026-03-02T09:00:00+00:00', "
            "'2026-03-02T09:05:00+00:00', 'completed')",
            ("evil\x1b]0;pwned\x07\u202e", "Evil\x9b31m"),
        )
    r = home.run("history")
    assert r.code == 0, r.err
    assert "evil\\x1b]0;pwned\\x07\\u202e" in r.out
    assert_no_raw_controls(r.out + r.err)
    assert_no_raw_controls(home.run("history", "--json").out)
