"""A routine file carries its own translations in [translations.<lang>] tables."""

from __future__ import annotations

from tests.conftest import Home

HIPS = """\
name = "My hips"
summary = "A short break for my hips."

[[moves]]
move = "march-in-place"

[[moves]]
move = "wall-calf"

[custom_moves.wall-calf]
name = "Wall calf stretch"
cue = "Hands on the wall, back heel down."
position = "chair"
kind = "hold"
seconds = 30
steps = ["Face a wall.", "Step one foot back.", "Lean in."]
feel = "A stretch in the calf."
[custom_moves.wall-calf.animation]
keyframes = ["REF_stand", "11_split_stance_hold"]

[translations.de]
name = "Meine Hüften"
summary = "Eine kurze Pause für die Hüften."
[translations.de.custom_moves.wall-calf]
name = "Wadendehnung an der Wand"
steps = ["Stell dich vor eine Wand.", "Einen Fuß zurück.", "Lehn dich hinein."]
"""

GERMAN = {"LANG": "de_DE.UTF-8", "LANGUAGE": "", "LC_ALL": ""}


def write(home: Home, text: str) -> None:
    (home.config / "routines").mkdir(parents=True, exist_ok=True)
    (home.config / "routines" / "hips.toml").write_text(text)


def test_a_routine_shows_its_own_translation_in_that_language(home: Home) -> None:
    write(home, HIPS)
    r = home.run("routines", "show", "hips", env=GERMAN)
    assert r.code == 0, r.err
    assert r.out.startswith("Meine Hüften (hips): ")
    assert "Eine kurze Pause für die Hüften." in r.out
    assert "Wadendehnung an der Wand" in r.out
    assert "   1) Stell dich vor eine Wand." in r.out
    assert "A stretch in the calf." in r.out  # not translated: the file's own words
    english = home.run("routines", "show", "hips", env={"LANG": "C.UTF-8"})
    assert english.out.startswith("My hips (hips): ")
    assert "Wall calf stretch" in english.out


def test_translation_tables_are_checked_like_the_rest_of_the_file(home: Home) -> None:
    broken = (
        HIPS.replace(
            'steps = ["Stell dich vor eine Wand.", "Einen Fuß zurück.", "Lehn dich hinein."]',
            'steps = ["Nur einer."]',
        )
        + '\n[translations.xx-YY]\nname = "?"\n'
        + '[translations.fr]\nnom = "Mes hanches"\n'
        + '[translations.fr.custom_moves.nope]\nname = "Non"\n'
        + '[translations.it]\nname = "'
        + "x" * 61
        + '"\n'
    )
    write(home, broken)
    r = home.run("routines", "validate", str(home.config / "routines" / "hips.toml"))
    assert r.code == 1
    problems = [line.strip().split(": ", 1)[1] for line in r.err.splitlines()[1:]]
    assert problems == [
        'translations.xx-YY: The name "xx-YY" is not valid; expected a language, like "de" or '
        '"pt_BR".',
        "translations.fr.nom: Unknown key. Known keys: name, summary, custom_moves.",
        'translations.it.name: Found "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."; expected text '
        "of 1 to 60 characters.",
    ], r.err


def test_a_translation_keeps_as_many_steps_as_the_move_and_translates_only_its_moves(
    home: Home,
) -> None:
    broken = (
        HIPS.replace(
            'steps = ["Stell dich vor eine Wand.", "Einen Fuß zurück.", "Lehn dich hinein."]',
            'steps = ["Nur einer."]',
        )
        + '[translations.fr.custom_moves.nope]\nname = "Non"\n'
    )
    write(home, broken)
    r = home.run("routines", "validate", str(home.config / "routines" / "hips.toml"))
    assert r.code == 1
    problems = [line.strip().split(": ", 1)[1] for line in r.err.splitlines()[1:]]
    assert problems == [
        "translations.de.custom_moves.wall-calf.steps: Has 1 entries; the move has 3, and each "
        "entry translates the one in the same place.",
        'translations.fr.custom_moves.nope: This file has no custom move "nope"; '
        "translations.<lang>.custom_moves may only translate the moves under [custom_moves].",
    ], r.err
