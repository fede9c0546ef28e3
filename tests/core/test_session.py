from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from loosen.core.routine import build_timeline
from loosen.core.session import Session
from loosen.testing import make_move, make_routine

T0 = 1000.0


def timeline():
    # a right 10 | switch 5 | a left 10 | transition 10 | b 20  = 55 s
    return build_timeline(
        make_routine(make_move("a", seconds=10), make_move("b", seconds=20, sides=False))
    )


def test_position_follows_the_clock_without_drift():
    s = Session(timeline(), T0)
    # however irregularly it is asked, the position is exact
    for dt in (0.013, 0.5, 1.7, 3.3333, 7.1):
        assert abs(s.position(T0 + dt) - dt) < 1e-9
        s.poll(T0 + dt)
    assert s.position(T0 + 55) == 55 and s.finished(T0 + 55)


def test_pause_excludes_paused_time():
    s = Session(timeline(), T0)
    s.pause(T0 + 4)
    assert s.position(T0 + 100) == 4
    s.resume(T0 + 100)
    assert s.position(T0 + 106) == 10
    assert s.paused_seconds(T0 + 106) == 96
    assert s.finished(T0 + 151) and not s.finished(T0 + 150.9)


def test_steps_completed_by_time_are_done():
    s = Session(timeline(), T0)
    entered = s.poll(T0 + 56)
    assert [e.step.index for e in entered] == [0, 1, 2, 3, 4]
    assert [(o.step.side, o.status, o.spent) for o in s.outcomes(T0 + 56)] == [
        ("right", "done", 10),
        ("left", "done", 10),
        (None, "done", 20),
    ]


def test_skip_marks_the_move_skipped_and_jumps_to_the_next_step():
    s = Session(timeline(), T0)
    s.poll(T0)
    s.skip(T0 + 3)
    events = s.poll(T0 + 3)
    assert events[-1].by == "skip" and events[-1].step.kind == "switch"
    assert s.position(T0 + 3) == 10
    out = s.outcomes(T0 + 3)
    assert out[0].status == "skipped" and out[0].spent == 3


def test_back_restarts_the_step_or_goes_to_the_previous_move():
    s = Session(timeline(), T0)
    s.poll(T0 + 20)  # 5 s into the left side
    s.back(T0 + 20)
    assert s.position(T0 + 20) == 15  # restart of the left side
    s.back(T0 + 21)  # within the grace: previous *move* (the right side), not the switch gap
    assert s.position(T0 + 21) == 0
    assert [o.status for o in s.outcomes(T0 + 21)] == ["not-reached"] * 3


def test_skipping_to_the_end_finishes_and_nothing_is_done():
    s = Session(timeline(), T0)
    for _ in range(10):
        s.skip(T0 + 1)
    assert s.finished(T0 + 1)
    assert [o.status for o in s.outcomes(T0 + 1)] == ["skipped", "skipped", "skipped"]


def test_skip_while_paused_stays_paused():
    s = Session(timeline(), T0)
    s.pause(T0 + 2)
    s.skip(T0 + 3)
    assert s.paused and s.position(T0 + 50) == 10


@given(
    st.lists(
        st.tuples(st.floats(0, 20), st.sampled_from(["pause", "skip", "back", "poll"])), max_size=30
    )
)
def test_any_sequence_of_commands_keeps_time_accounting_consistent(commands):
    tl = timeline()
    s = Session(tl, T0)
    now = T0
    for dt, cmd in commands:
        now += dt
        {"pause": s.toggle_pause, "skip": s.skip, "back": s.back, "poll": s.poll}[cmd](now)
        pos = s.position(now)
        assert 0 <= pos <= tl.total
    outcomes = s.outcomes(now)
    assert len(outcomes) == 3
    # time spent in steps never exceeds the wall time minus pauses
    assert sum(o.spent for o in outcomes) <= (now - T0) - s.paused_seconds(now) + 1e-6
