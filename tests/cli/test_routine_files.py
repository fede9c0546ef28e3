"""`loosen routines validate`: every problem at once, naming file, field, value, expectation."""

from __future__ import annotations

from pathlib import Path

GOOD = """\
name = "My hips"
summary = "Two moves at my desk."
transition = 8

[[moves]]
move = "seated-figure-four"
seconds = 25

[[moves]]
move = "my-chair-squeeze"

[custom_moves.my-chair-squeeze]
name = "Chair glute squeeze"
cue = "Squeeze, hold, let go."
position = "chair"
kind = "reps"
seconds = 4
reps = 8
steps = ["Sit tall.", "Squeeze both glutes for two seconds, then let go."]
[custom_moves.my-chair-squeeze.animation]
keyframes = ["REF_sit"]
"""


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_a_good_file_is_ok(home, tmp_path):
    f = write(tmp_path, GOOD)
    r = home.run("routines", "validate", str(f))
    assert r.code == 0, r.err
    assert r.out == f"{f}: OK: My hips, 2 moves, 1:35.\n"
    assert r.err == ""


def test_every_problem_is_reported_at_once(home, tmp_path):
    bad = (
        GOOD.replace("seconds = 25", "seconds = -5")
        .replace('move = "my-chair-squeeze"', 'move = "my-chair-sqeeze"')
        .replace("transition = 8", "transtion = 8")
        .replace('position = "chair"', 'position = "sofa"')
    )
    f = write(tmp_path, bad)
    r = home.run("routines", "validate", str(f))
    assert r.code == 1
    assert r.out == ""
    assert r.err.splitlines() == [
        f"{f}: 4 problems:",
        f'  {f}: transtion: Unknown key. Did you mean "transition"? Known keys: name, moves, '
        "summary, transition, side_switch, warm_up, custom_moves, translations.",
        f"  {f}: moves[0].seconds: Found -5; expected a number greater than 0 and at most 600.",
        f'  {f}: custom_moves.my-chair-squeeze.position: Found "sofa"; expected one of "chair", '
        '"floor", "standing".',
        f'  {f}: moves[1].move: Found "my-chair-sqeeze", which is not a built-in move nor one of '
        'this file\'s custom_moves. Did you mean "my-chair-squeeze"?',
    ]


def test_unknown_move_reference_suggests_the_closest_id(home, tmp_path):
    f = write(tmp_path, GOOD.replace('move = "seated-figure-four"', 'move = "seated-figure-for"'))
    r = home.run("routines", "validate", str(f))
    assert r.code == 1
    assert (
        f'  {f}: moves[0].move: Found "seated-figure-for", which is not a built-in move nor one '
        'of this file\'s custom_moves. Did you mean "seated-figure-four"?'
    ) in r.err.splitlines()


def test_toml_syntax_error_gives_line_and_column(home, tmp_path):
    f = write(tmp_path, 'name = "x"\nmoves = [\n  { move = "walk" \n]\n')
    r = home.run("routines", "validate", str(f))
    assert r.code == 1
    assert r.err.splitlines()[1].startswith(f"  {f}: line 3, column ")
    assert "This is not valid TOML" in r.err


def test_missing_file_and_usage_errors(home, tmp_path):
    r = home.run("routines", "validate", str(tmp_path / "nope.toml"))
    assert r.code == 1
    assert r.err.splitlines() == [
        f"{tmp_path / 'nope.toml'}: 1 problem:",
        f"  {tmp_path / 'nope.toml'}: The file does not exist.",
    ]
    r = home.run("routines", "validate")
    assert r.code == 2
    assert "Missing argument" in r.err


def test_warm_up_rules(home, tmp_path):
    text = """\
name = "Bad warm-up"
warm_up = true
[[moves]]
move = "march-in-place"
[[moves]]
move = "seated-figure-four"
seconds = 45
"""
    f = write(tmp_path, text)
    r = home.run("routines", "validate", str(f))
    assert r.code == 1
    lines = r.err.splitlines()
    assert lines[0] == f"{f}: 2 problems:"
    assert lines[1] == (
        f"  {f}: moves[1].seconds: Found 45; a warm-up (warm_up = true) holds a static stretch "
        "30 s at most."
    )
    assert lines[2] == (
        f"  {f}: moves[1].move: A warm-up (warm_up = true) must end with a dynamic move, not a "
        "static hold."
    )


def test_a_floor_move_without_a_seated_alternative_is_refused(home, tmp_path):
    text = GOOD.replace('position = "chair"', 'position = "floor"')
    f = write(tmp_path, text)
    r = home.run("routines", "validate", str(f))
    assert r.code == 1
    assert (
        f"  {f}: custom_moves.my-chair-squeeze.alternative: Missing; a floor move needs the id of "
        "a seated alternative (a chair move, or a move whose alternative is one)."
    ) in r.err.splitlines()


def test_user_routines_appear_beside_the_built_ins(home, tmp_path):
    (home.config / "routines").mkdir(parents=True)
    (home.config / "routines" / "mine.toml").write_text(GOOD)
    (home.config / "routines" / "broken.toml").write_text("name = 3\n")
    r = home.run("routines")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert any(line.split()[:2] == ["mine", "1:35"] and "yours" in line for line in lines)
    assert (
        f"broken: {home.config / 'routines' / 'broken.toml'} has 2 problems; run `loosen routines "
        f"validate {home.config / 'routines' / 'broken.toml'}`."
    ) in lines
    r = home.run("routines", "show", "mine")
    assert r.code == 0
    assert r.out.startswith("My hips (mine): 1:35, chair\n")
    r = home.run("routines", "show", "broken")
    assert r.code == 1
    assert r.err.splitlines()[0].startswith("loosen: ")
