"""The terminal player driven through a real pseudo-terminal, read back through a terminal emulator.

Each test starts `loosen stretch` in a pty (pexpect), feeds what it prints into a pyte screen, and
asserts on what a person would see, then on what landed in the history database.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte
import pytest

pytestmark = pytest.mark.slow

QUICK = """\
name = "Quick test"
transition = 1
side_switch = 1

[[moves]]
move = "reach"

[[moves]]
move = "squeeze"

[custom_moves.reach]
name = "Reach hold"
cue = "Reach long and breathe."
position = "chair"
kind = "hold"
seconds = 3
sides = true
steps = ["Sit tall.", "Reach."]
props = ["chair"]
[custom_moves.reach.animation]
keyframes = ["REF_sit", "1_seated_fig4_hold"]

[custom_moves.squeeze]
name = "Squeeze reps"
cue = "Squeeze and let go."
position = "chair"
kind = "reps"
seconds = 1
reps = 2
steps = ["Sit tall.", "Squeeze."]
[custom_moves.squeeze.animation]
keyframes = ["REF_sit"]
"""

SCREENING_QUESTIONS = 7


class Term:
    """A pty running loosen, with a 100x30 emulated screen."""

    def __init__(self, home, *args: str, rows: int = 30, cols: int = 100) -> None:
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.Stream(self.screen)
        self.raw = ""
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "loosen", *args],
            env=home.env,
            dimensions=(rows, cols),
            encoding="utf-8",
            timeout=20,
        )

    def pump(self, seconds: float = 0.2) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                data = self.child.read_nonblocking(65536, timeout=0.05)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                return
            self.raw += data
            self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, pred: Callable[[str], bool], timeout: float = 15) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.1)
            if pred(self.text()):
                return self.text()
            if not self.child.isalive() and pred(self.text()) is False:
                self.pump(0.2)
                if pred(self.text()):
                    return self.text()
                break
        raise AssertionError(
            f"screen never matched; it shows:\n{self.text()}\n--- raw tail:\n{self.raw[-2000:]!r}"
        )

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def finish(self, timeout: float = 20) -> int:
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.raw += self.child.before or ""
        self.stream.feed(self.child.before or "")
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -1


@pytest.fixture
def quick_home(home):
    (home.config / "routines").mkdir(parents=True)
    (home.config / "routines" / "quick.toml").write_text(QUICK)
    return home


def answer_screening(term: Term, answers: str = "n" * SCREENING_QUESTIONS) -> None:
    for a in answers:
        term.child.expect(r"\[y/N\]")
        term.send(a + "\r")


def sessions(home) -> list[tuple]:
    db = Path(home.data) / "history.sqlite3"
    with sqlite3.connect(db) as con:
        return con.execute("SELECT id, routine_id, outcome FROM sessions ORDER BY id").fetchall()


def steps(home, session_id: int) -> list[tuple]:
    with sqlite3.connect(Path(home.data) / "history.sqlite3") as con:
        return con.execute(
            "SELECT move_id, side, status FROM session_steps WHERE session_id = ? "
            "ORDER BY position",
            (session_id,),
        ).fetchall()


def test_first_run_asks_the_screening_then_plays_to_the_end(quick_home):
    t = Term(quick_home, "stretch", "quick")
    t.child.expect(r"not\s+medical\s+advice")
    answer_screening(t)
    # the whole frame: on a loaded machine the screen was read while its lower rows were drawn
    screen = t.wait_for(lambda s: "Reach hold" in s and "RIGHT SIDE" in s and "q quit" in s)
    assert "Move 1 of 2" in screen
    assert "Quick test" in screen
    assert "Reach long and breathe." in screen
    assert "Next: left side" in screen
    assert "q quit" in screen
    screen = t.wait_for(lambda s: "LEFT SIDE" in s)
    t.wait_for(lambda s: "Squeeze reps" in s and "rep " in s)
    code = t.finish()
    assert code == 0
    assert "\a" in t.raw  # the bell for "switch sides" and "next move"
    assert "Done: Quick test. 3 of 3 steps done in 0:1" in t.raw
    ((sid, routine, outcome),) = sessions(quick_home)
    assert (routine, outcome) == ("quick", "completed")
    assert steps(quick_home, sid) == [
        ("reach", "right", "done"),
        ("reach", "left", "done"),
        ("squeeze", None, "done"),
    ]


def test_pause_skip_back_and_quit(quick_home):
    t = Term(quick_home, "stretch", "quick")
    answer_screening(t)
    t.wait_for(lambda s: "RIGHT SIDE" in s)
    t.send(" ")
    t.wait_for(lambda s: "PAUSED" in s)
    t.pump(1.5)
    assert "RIGHT SIDE" in t.text() and "PAUSED" in t.text()  # time stands still
    t.send(" ")
    t.wait_for(lambda s: "PAUSED" not in s)
    t.send("n")  # skip the right side -> the side switch
    t.wait_for(lambda s: "Switch sides" in s)
    t.send("b")  # back within the grace -> the right side again
    t.wait_for(lambda s: "RIGHT SIDE" in s)
    t.send("\x1b[C")  # right arrow: skip again
    t.wait_for(lambda s: "Switch sides" in s)
    t.send("q")
    assert t.finish() == 0
    assert "Quit: Quick test. 0 of 3 steps done" in t.raw
    ((sid, _, outcome),) = sessions(quick_home)
    assert outcome == "quit"
    assert steps(quick_home, sid) == [
        ("reach", "right", "skipped"),
        ("reach", "left", "not-reached"),
        ("squeeze", None, "not-reached"),
    ]


def test_screening_is_asked_once(quick_home):
    t = Term(quick_home, "stretch", "quick")
    answer_screening(t)
    t.wait_for(lambda s: "RIGHT SIDE" in s)
    t.send("q")
    t.finish()
    t = Term(quick_home, "stretch", "quick")
    t.wait_for(lambda s: "RIGHT SIDE" in s)
    assert "[y/N]" not in t.raw
    t.send("q")
    assert t.finish() == 0
    assert [s[2] for s in sessions(quick_home)] == ["quit", "quit"]


def test_a_tier_one_answer_shows_only_the_emergency_message_and_ends_the_routine(quick_home):
    t = Term(quick_home, "stretch", "quick")
    answer_screening(t)
    t.wait_for(lambda s: "RIGHT SIDE" in s)
    t.send("!")
    t.child.expect(r"\[y/N\]")
    t.send("y\r")  # the first question is a tier-1 red flag
    assert t.finish() == 0
    screen = t.text()
    assert "emergency" in screen.lower()
    assert "RIGHT SIDE" not in screen and "Quit" not in screen and "Stopped" not in screen
    ((_, _, outcome),) = sessions(quick_home)
    assert outcome == "stopped"
    with sqlite3.connect(Path(quick_home.data) / "history.sqlite3") as con:
        assert con.execute("SELECT tier, context FROM checkins").fetchall() == [
            (1, "routine:quick")
        ]


def test_switching_sides_mirrors_the_figure(quick_home):
    t = Term(quick_home, "stretch", "quick", "--quiet")
    answer_screening(t)
    right = t.wait_for(lambda s: "RIGHT SIDE" in s)
    t.wait_for(lambda s: "LEFT SIDE" in s)
    left = t.text()
    t.send("q")
    t.finish()

    def figure(screen: str) -> list[str]:
        return [line[:40] for line in screen.splitlines()[2:20]]

    assert any(ch not in " " for row in figure(right) for ch in row)
    assert figure(right) != figure(left)
    assert "\a" not in t.raw  # --quiet: no bell


def test_plain_mode_prints_one_line_per_step(quick_home):
    t = Term(quick_home, "stretch", "quick", "--plain")
    answer_screening(t)
    assert t.finish() == 0
    assert "\a" in t.raw  # bells ring in a terminal, after the line they belong to
    lines = [line.strip().strip("\a") for line in t.raw.splitlines()]
    i = lines.index("[1/3] Reach hold, right side: hold 3 s. Reach long and breathe.")
    assert lines[i : i + 6] == [
        "[1/3] Reach hold, right side: hold 3 s. Reach long and breathe.",
        "Switch sides: left side next (1 s).",
        "[2/3] Reach hold, left side: hold 3 s. Reach long and breathe.",
        "Next: Squeeze reps (1 s to get ready).",
        "[3/3] Squeeze reps: 2 reps. Squeeze and let go.",
        "Done: Quick test. 3 of 3 steps done in 0:10.",
    ]
