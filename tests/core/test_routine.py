from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from loosen.core.routine import (
    adapt_for,
    apply_profile,
    build_timeline,
    frame_at,
    next_move_step,
    routine_duration,
)
from loosen.testing import make_move, make_routine

moves_strategy = st.lists(
    st.builds(
        lambda i, secs, sides, kind, reps: make_move(
            f"m{i}", seconds=secs, sides=sides, kind=kind, reps=reps if kind == "reps" else None
        ),
        st.integers(0, 999),
        st.floats(1, 120),
        st.booleans(),
        st.sampled_from(["hold", "reps", "timed"]),
        st.integers(1, 15),
    ),
    min_size=1,
    max_size=8,
)


def test_timeline_of_two_moves_has_sides_switches_and_a_transition():
    r = make_routine(make_move("a", seconds=30), make_move("b", seconds=20, sides=False))
    t = build_timeline(r)
    assert [(s.kind, s.move.id, s.side, s.duration) for s in t.steps] == [
        ("move", "a", "right", 30),
        ("switch", "a", "left", 5),
        ("move", "a", "left", 30),
        ("transition", "b", None, 10),
        ("move", "b", None, 20),
    ]
    assert t.total == 95
    assert routine_duration(r) == 95


def test_reps_move_lasts_reps_times_seconds_per_rep():
    r = make_routine(make_move("bridge", kind="reps", seconds=6, reps=10, sides=False))
    (step,) = build_timeline(r).steps
    assert step.duration == 60
    assert step.reps == 10


@given(moves_strategy, st.floats(0, 30), st.floats(0, 30))
def test_timeline_total_is_the_sum_of_its_steps(moves, transition, switch):
    t = build_timeline(make_routine(*moves, transition=transition, side_switch=switch))
    assert abs(t.total - sum(s.duration for s in t.steps)) < 1e-6
    expected = sum(
        (m.seconds * (m.reps or 1) if m.kind == "reps" else m.seconds) * (2 if m.sides else 1)
        for m in moves
    )
    expected += switch * sum(1 for m in moves if m.sides) if switch > 0 else 0
    expected += transition * (len(moves) - 1) if transition > 0 else 0
    assert abs(t.total - expected) < 1e-6


@given(moves_strategy, st.floats(0, 1))
def test_every_instant_maps_to_exactly_one_step(moves, fraction):
    t = build_timeline(make_routine(*moves))
    instant = fraction * t.total * 0.999999
    owners = [s for s in t.steps if s.start <= instant < s.end]
    assert len(owners) == 1
    frame = frame_at(t, instant)
    assert frame.step == owners[0]
    assert abs(frame.step_elapsed + frame.step_remaining - frame.step.duration) < 1e-9
    assert not frame.finished


def test_frame_at_clamps_before_start_and_after_end():
    t = build_timeline(make_routine(make_move("a", seconds=10, sides=False)))
    assert frame_at(t, -5).step_elapsed == 0
    end = frame_at(t, 99)
    assert end.finished and end.progress == 1.0 and end.step_remaining == 0


def test_step_boundaries_belong_to_the_later_step():
    t = build_timeline(make_routine(make_move("a", seconds=10)))
    assert frame_at(t, 10).step.kind == "switch"
    assert frame_at(t, 15).step.side == "left"


def test_next_move_step_skips_gaps():
    t = build_timeline(make_routine(make_move("a", seconds=10), make_move("b", sides=False)))
    nxt = next_move_step(t, 0)
    assert nxt is not None and nxt.move.id == "a" and nxt.side == "left"
    assert next_move_step(t, len(t.steps) - 1) is None


def test_screening_swaps_a_floor_move_for_its_seated_alternative():
    seated = make_move("seated", position="chair")
    floor = make_move("floor", position="floor", alternative="seated")
    r = adapt_for(make_routine(floor), ["no-floor"], {"seated": seated, "floor": floor})
    assert [i.move.id for i in r.items] == ["seated"]
    assert r.items[0].swapped_from == floor
    assert r.notes == ("Floor is replaced by Seated for you.",)


def test_screening_follows_the_alternative_chain_and_leaves_out_dead_ends():
    chair = make_move("chair", position="chair", skip_if=("pregnancy",))
    standing = make_move("standing", position="standing", alternative="chair")
    floor = make_move("floor", position="floor", alternative="standing")
    lib = {m.id: m for m in (chair, standing, floor)}
    assert [i.move.id for i in adapt_for(make_routine(floor), ["seated-only"], lib).items] == [
        "chair"
    ]
    out = adapt_for(make_routine(floor), ["seated-only", "pregnancy"], lib)
    assert out.items == ()
    assert out.notes == ("Floor is left out for you.",)


def test_screening_with_no_flags_changes_nothing():
    r = make_routine(make_move("floor", position="floor"))
    assert adapt_for(r, [], {}) is r


def test_older_adult_profile_lengthens_holds_and_gaps():
    r = make_routine(make_move("a", seconds=30), make_move("b", seconds=20, sides=False))
    older = apply_profile(r, "older-adult")
    assert [i.seconds for i in older.items] == [45, 20]
    assert older.side_switch == 8 and older.transition == 14
    assert apply_profile(r, "adult") is r
