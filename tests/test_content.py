"""The built-in content: every routine and move valid, complete, safe, and close to the brief."""

from __future__ import annotations

import pytest

from loosen.core.routine import adapt_for, build_timeline, routine_duration
from loosen.routines import Catalog

CATALOG = Catalog(None)
LIBRARY = CATALOG.library
ROUTINES = {e.id: e.routine for e in CATALOG.entries}

# domain.md §3.4 targets (seconds)
TARGETS = {"glutes": 445, "desk": 495, "desk-short": 300, "pre-run": 300, "wind-down": 555}


def test_the_five_built_in_routines_load():
    assert sorted(ROUTINES) == sorted(TARGETS)
    assert all(r is not None for r in ROUTINES.values())


@pytest.mark.parametrize("rid", sorted(TARGETS))
def test_routine_lengths_are_close_to_the_brief(rid):
    routine = ROUTINES[rid]
    assert routine is not None
    assert abs(routine_duration(routine) - TARGETS[rid]) <= 0.15 * TARGETS[rid]


@pytest.mark.parametrize("move_id", sorted(LIBRARY))
def test_every_move_card_is_complete(move_id):
    m = LIBRARY[move_id]
    assert len(m.steps) >= 2
    assert m.mistakes and m.feel and m.easier and m.harder
    assert len(m.cue) <= 70


@pytest.mark.parametrize("move_id", sorted(LIBRARY))
def test_every_floor_and_standing_move_has_a_seated_way_out(move_id):
    move = LIBRARY[move_id]
    seen = set()
    while move.position != "chair":
        assert move.alternative, move.id
        assert move.id not in seen
        seen.add(move.id)
        move = LIBRARY[move.alternative]


def test_the_warm_up_has_no_long_static_holds_and_ends_moving():
    pre = ROUTINES["pre-run"]
    assert pre is not None and pre.warm_up
    assert all(i.seconds <= 30 for i in pre.items if i.move.kind == "hold")
    assert pre.items[-1].move.kind != "hold"


def test_the_floor_routine_gets_up_from_the_floor_once():
    glutes = ROUTINES["glutes"]
    assert glutes is not None
    positions = [i.move.position for i in glutes.items[1:]]
    first_floor = positions.index("floor")
    assert all(p == "floor" for p in positions[first_floor:])


def test_desk_routines_never_need_the_floor():
    for rid in ("desk", "desk-short"):
        routine = ROUTINES[rid]
        assert routine is not None
        assert "floor" not in routine.positions


@pytest.mark.parametrize("rid", sorted(TARGETS))
def test_a_seated_only_user_gets_a_seated_routine_from_every_built_in(rid):
    routine = ROUTINES[rid]
    assert routine is not None
    seated = adapt_for(routine, ["seated-only"], LIBRARY)
    assert seated.items, rid
    assert seated.positions == ("chair",)
    assert build_timeline(seated).total > 120


def test_pregnancy_removes_every_move_lying_on_the_back():
    routine = ROUTINES["glutes"]
    assert routine is not None
    adapted = adapt_for(routine, ["pregnancy"], LIBRARY)
    supine = {"supine-figure-four", "knee-to-opposite-shoulder", "glute-bridge"}
    assert not supine & {i.move.id for i in adapted.items}


def test_hip_replacement_leaves_only_small_range_moves():
    routine = ROUTINES["desk"]
    assert routine is not None
    adapted = adapt_for(routine, ["hip-replacement"], LIBRARY)
    ids = {i.move.id for i in adapted.items}
    assert not ids & {"seated-figure-four", "standing-figure-four", "split-stance-hip-flexor"}
    assert "seated-twist" in ids
