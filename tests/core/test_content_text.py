"""The built-in move and routine files, read as plain TOML: the content rules that are not schema
rules (complete cards, known names, alternatives that reach a chair, lengths close to the brief)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

CONTENT = Path(__file__).resolve().parents[2] / "src" / "loosen" / "content"
MOVES: dict[str, dict[str, Any]] = tomllib.loads((CONTENT / "moves.toml").read_text("utf-8"))[
    "moves"
]
KEYFRAMES = set(json.loads((CONTENT / "keyframes.json").read_text("utf-8")))
ROUTINES: dict[str, dict[str, Any]] = {
    p.stem: tomllib.loads(p.read_text("utf-8")) for p in sorted(CONTENT.glob("routines/*.toml"))
}

FLAGS = {
    "hip-replacement",
    "knee-pain",
    "pregnancy",
    "back-leg-symptoms",
    "balance",
    "no-floor",
    "seated-only",
}

# domain.md §3.4 (seconds)
TARGETS = {"glutes": 445, "desk": 495, "desk-short": 300, "pre-run": 300, "wind-down": 555}


def total_seconds(routine: dict[str, Any]) -> float:
    """Σ dose × sides + side switches + transitions, with the routine's overrides applied."""
    transition = routine.get("transition", 10)
    side_switch = routine.get("side_switch", 5)
    total = 0.0
    for entry in routine["moves"]:
        move = MOVES[entry["move"]]
        seconds = entry.get("seconds", move["seconds"])
        sides = entry.get("sides", move.get("sides", False))
        per_side = (
            seconds * entry.get("reps", move.get("reps", 1)) if move["kind"] == "reps" else seconds
        )
        total += per_side * (2 if sides else 1) + (side_switch if sides else 0)
    return total + transition * (len(routine["moves"]) - 1)


def test_the_five_built_in_routines_exist():
    assert set(ROUTINES) == set(TARGETS)


@pytest.mark.parametrize("move_id", sorted(MOVES))
def test_every_move_card_is_complete(move_id):
    m = MOVES[move_id]
    assert len(m["steps"]) >= 2
    assert len(m.get("mistakes", [])) >= 1
    for key in ("feel", "easier", "harder"):
        assert m.get(key, "").strip(), key
    assert 0 < len(m["cue"]) <= 70


@pytest.mark.parametrize("move_id", sorted(MOVES))
def test_every_keyframe_named_exists(move_id):
    names = MOVES[move_id]["animation"]["keyframes"]
    assert names and not set(names) - KEYFRAMES


@pytest.mark.parametrize("move_id", sorted(MOVES))
def test_every_skip_if_flag_is_known(move_id):
    assert set(MOVES[move_id].get("skip_if", [])) <= FLAGS


@pytest.mark.parametrize("move_id", sorted(MOVES))
def test_the_alternatives_of_every_move_end_at_a_chair_move_without_looping(move_id):
    seen = [move_id]
    move = MOVES[move_id]
    while move["position"] != "chair":
        alt = move.get("alternative", "")
        assert alt, f"{seen[-1]} ({move['position']}) has no alternative"
        assert alt in MOVES, f"{seen[-1]}: unknown alternative {alt}"
        assert alt not in seen, " -> ".join([*seen, alt])
        seen.append(alt)
        move = MOVES[alt]


@pytest.mark.parametrize("rid", sorted(ROUTINES))
def test_every_move_a_routine_names_exists(rid):
    missing = [e["move"] for e in ROUTINES[rid]["moves"] if e["move"] not in MOVES]
    assert not missing


@pytest.mark.parametrize("rid", sorted(TARGETS))
def test_routine_lengths_are_within_15_percent_of_the_brief(rid):
    total = total_seconds(ROUTINES[rid])
    assert abs(total - TARGETS[rid]) <= 0.15 * TARGETS[rid], (rid, total)


def test_the_pre_run_warm_up_holds_nothing_long_and_ends_moving():
    pre = ROUTINES["pre-run"]
    assert pre.get("warm_up") is True
    for entry in pre["moves"]:
        move = MOVES[entry["move"]]
        if move["kind"] == "hold":
            assert entry.get("seconds", move["seconds"]) <= 30, entry["move"]
    assert MOVES[pre["moves"][-1]["move"]]["kind"] != "hold"


def test_only_the_pre_run_routine_is_a_warm_up():
    assert [rid for rid, r in ROUTINES.items() if r.get("warm_up")] == ["pre-run"]


def test_the_floor_routine_defaults_to_the_lying_figure_four_not_pigeon():
    assert "pigeon" not in [e["move"] for e in ROUTINES["glutes"]["moves"]]
    assert "pigeon" in MOVES["supine-figure-four"]["harder"].lower()


def test_the_routine_lengths_in_the_docs_are_current():
    doc = (CONTENT.parents[2] / "docs" / "routines.md").read_text("utf-8")
    for rid in TARGETS:
        row = next(line for line in doc.splitlines() if line.startswith(f"| `{rid}` |"))
        minutes, seconds = divmod(int(total_seconds(ROUTINES[rid])), 60)
        assert row.endswith(f"| {minutes}:{seconds:02d} |"), row
