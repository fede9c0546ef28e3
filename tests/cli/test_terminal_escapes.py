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
