"""The CLI as a user meets it: exact output, exit codes, clear errors without tracebacks."""

from __future__ import annotations

import json
import sqlite3

from loosen import __version__

BUILT_INS = ["desk", "desk-short", "glutes", "pre-run", "wind-down"]


def test_version(home):
    r = home.run("--version")
    assert (r.code, r.out, r.err) == (0, f"loosen, version {__version__}\n", "")


def test_routines_lists_the_built_ins_with_length_and_place(home):
    r = home.run("routines")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].split() == ["ROUTINE", "LENGTH", "WHERE", "SOURCE", "NAME"]
    rows = [line.split()[0] for line in lines[1:6]]
    assert rows == BUILT_INS
    glutes = next(line for line in lines if line.startswith("glutes "))
    assert "floor" in glutes and "built-in" in glutes
    desk = next(line for line in lines if line.startswith("desk "))
    assert "floor" not in desk
    assert lines[-1] == (
        "Show one with `loosen routines show NAME`; start it with `loosen stretch NAME`."
    )
    # nothing was created by listing
    assert not home.data.exists() and not home.config.exists()


def test_routines_json_is_complete(home):
    r = home.run("routines", "--json")
    data = json.loads(r.out)
    assert [d["id"] for d in data] == BUILT_INS
    assert all(d["ok"] and d["seconds"] > 200 for d in data)


def test_routines_show_prints_every_move_with_its_steps(home):
    r = home.run("routines", "show", "glutes")
    assert r.code == 0, r.err
    detail = json.loads(home.run("routines", "show", "glutes", "--json").out)
    for n, move in enumerate(detail["moves"], 1):
        assert f"{n}. {move['name']}: " in r.out
        for step in move["steps"]:
            assert step in r.out
    assert "Feel: " in r.out and "Easier: " in r.out and "Harder: " in r.out


def test_unknown_routine_suggests_the_closest(home):
    r = home.run("routines", "show", "glute")
    assert r.code == 1
    assert r.err == (
        'loosen: There is no routine called "glute". Did you mean "glutes"? Known routines: '
        + ", ".join(BUILT_INS)
        + " (see `loosen routines`).\n"
    )


def test_usage_errors_exit_2(home):
    r = home.run("stretch", "--no-such-flag")
    assert r.code == 2
    assert "Error: No such option '--no-such-flag'." in r.err
    r = home.run("history", "--limit", "0")
    assert r.code == 2


def test_a_bad_settings_file_names_file_key_and_value_and_changes_nothing(home):
    home.config.mkdir(parents=True)
    settings = home.config / "settings.toml"
    text = '# mine\n[player]\nsound = "loud"\nanimaton = false\n[routine]\nprofile = "old"\n'
    settings.write_text(text)
    r = home.run("config")
    assert r.code == 1
    assert r.err.splitlines() == [
        f'loosen: {settings}: player.animaton: Unknown key. Did you mean "animation"? Known '
        "keys: animation, sound, voice.",
        f'loosen: {settings}: player.sound: Found "loud"; expected true or false.',
        f'loosen: {settings}: routine.profile: Found "old"; expected one of "adult", '
        '"older-adult".',
    ]
    assert "Traceback" not in r.err
    assert settings.read_text() == text


def test_settings_toml_syntax_error_gives_line_and_column(home):
    home.config.mkdir(parents=True)
    (home.config / "settings.toml").write_text("[player]\nsound = tru\n")
    r = home.run("config")
    assert r.code == 1
    assert r.err.startswith(f"loosen: {home.config / 'settings.toml'}: line 2, column 9: ")


def test_environment_overrides_the_file_and_is_validated(home):
    home.config.mkdir(parents=True)
    (home.config / "settings.toml").write_text('[routine]\ndefault = "desk"\n')
    r = home.run("config", "--json", env={"LOOSEN_PLAYER_SOUND": "false"})
    assert r.code == 0, r.err
    data = json.loads(r.out)["settings"]
    assert data["player"]["sound"] is False and data["routine"]["default"] == "desk"
    r = home.run("config", env={"LOOSEN_PLAYER_SOUND": "maybe"})
    assert r.code == 1
    assert r.err == (
        'loosen: environment variable LOOSEN_PLAYER_SOUND: player.sound: Found "maybe"; '
        "expected true or false.\n"
    )
    r = home.run("config", env={"LOOSEN_SOUND": "false"})
    assert r.code == 1
    assert "LOOSEN_SOUND" in r.err


def test_history_on_a_fresh_machine_is_empty_and_creates_nothing(home):
    r = home.run("history")
    assert (r.code, r.out) == (0, "No routines yet. Start one with `loosen stretch`.\n")
    assert json.loads(home.run("history", "--json").out) == []
    assert not home.data.exists()


def test_plain_stretch_in_a_pipe_plays_records_and_shows_in_history(home):
    (home.config / "routines").mkdir(parents=True)
    (home.config / "routines" / "tiny.toml").write_text(
        'name = "Tiny"\ntransition = 0\n[[moves]]\nmove = "seated-twist"\nseconds = 1\n'
        "sides = false\n"
    )
    r = home.run("stretch", "tiny")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert "not medical advice" in " ".join(
        r.out.split()
    )  # the disclaimer, since nobody can answer in a pipe
    assert lines[-3].startswith("[1/1] Seated twist: 1 s.") or lines[-3].startswith(
        "[1/1] Seated twist: hold 1 s."
    )
    assert lines[-2] == "Done: Tiny. 1 of 1 step done in 0:01."  # one step: the singular
    # one second of moving is not a break
    assert lines[-1].startswith("Not counted as a break: 0:01 of moving;")
    h = home.run("history", "--json")
    (session,) = json.loads(h.out)
    assert session["routine_id"] == "tiny" and session["outcome"] == "completed"
    assert [(s["move_id"], s["status"]) for s in session["steps"]] == [("seated-twist", "done")]
    table = home.run("history").out.splitlines()
    assert table[0].split() == ["STARTED", "ROUTINE", "OUTCOME", "STEPS", "DONE", "TIME"]
    assert table[1].split()[2:] == ["tiny", "completed", "1/1", "0:01"]
    with sqlite3.connect(home.data / "history.sqlite3") as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_check_and_screening_need_a_terminal(home):
    r = home.run("check", input="")
    assert r.code == 2
    assert "run it in a terminal" in r.err


def test_debug_shows_the_traceback_that_is_otherwise_hidden(home):
    plain = home.run("routines", "show", "nope")
    assert plain.code == 1 and "Traceback" not in plain.err
    debug = home.run("--debug", "routines", "show", "nope")
    assert debug.code == 1
    assert "Traceback" in debug.err and "UnknownRoutineError" in debug.err
