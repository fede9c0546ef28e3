"""`loosen stretch` ended by SIGTERM or by its terminal closing (SIGHUP), through a real pty:
what was done is saved, and a terminal that is still there gets its screen and echo back."""

from __future__ import annotations

import os
import signal
import termios

import pytest

from tests.terminal.test_player_pty import Term, answer_screening, quick_home, sessions, steps

pytestmark = pytest.mark.slow
__all__ = ["quick_home"]  # the fixture, used below

ALT_SCREEN_ON = "\x1b[?1049h"
ALT_SCREEN_OFF = "\x1b[?1049l"


def test_sigterm_saves_the_routine_and_restores_the_terminal(quick_home):
    t = Term(quick_home, "stretch", "quick")
    answer_screening(t)
    t.wait_for(lambda s: "RIGHT SIDE" in s)
    t.send("n")  # skip the right side: something was done that must be saved
    t.wait_for(lambda s: "Switch sides" in s)
    assert not termios.tcgetattr(t.child.child_fd)[3] & termios.ECHO  # the player's cbreak
    t.child.kill(signal.SIGTERM)
    for _ in range(100):  # until it has said goodbye (or 20 s)
        t.pump(0.2)
        if "Quit: Quick test. 0 of 3 steps done" in t.raw:
            break
    attrs = termios.tcgetattr(t.child.child_fd)  # the terminal, as the shell gets it back
    code = t.finish()
    assert code == 128 + signal.SIGTERM
    assert attrs[3] & termios.ECHO and attrs[3] & termios.ICANON
    assert t.raw.rindex(ALT_SCREEN_OFF) > t.raw.rindex(ALT_SCREEN_ON)
    assert "Traceback" not in t.raw
    ((sid, routine, outcome),) = sessions(quick_home)
    assert (routine, outcome) == ("quick", "quit")
    assert steps(quick_home, sid) == [
        ("reach", "right", "skipped"),
        ("reach", "left", "not-reached"),
        ("squeeze", None, "not-reached"),
    ]


def test_closing_the_terminal_saves_the_routine(quick_home):
    t = Term(quick_home, "stretch", "quick")
    answer_screening(t)
    t.wait_for(lambda s: "RIGHT SIDE" in s)
    t.send("n")
    t.wait_for(lambda s: "Switch sides" in s)
    os.close(t.child.child_fd)  # the window closes: the kernel hangs up the terminal (SIGHUP)
    _, status = os.waitpid(t.child.pid, 0)
    t.child.closed = True
    assert os.WIFEXITED(status), status
    assert os.WEXITSTATUS(status) == 128 + signal.SIGHUP
    ((sid, routine, outcome),) = sessions(quick_home)
    assert (routine, outcome) == ("quick", "quit")
    assert steps(quick_home, sid)[0] == ("reach", "right", "skipped")
