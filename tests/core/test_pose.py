from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loosen.core.pose import (
    ANGLE_KEYS,
    Animation,
    Pose,
    ease,
    joints,
    load_keyframes,
    mirror,
    pose_at,
    pose_from_mapping,
    tween,
)

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests" / "data" / "pose_vectors.json").read_text())
KEYFRAMES = load_keyframes(
    json.loads((ROOT / "src" / "loosen" / "content" / "keyframes.json").read_text())
)
names = st.sampled_from(sorted(KEYFRAMES))


def close(a: dict[str, tuple[float, float]], b: dict[str, tuple[float, float]], tol: float) -> bool:
    return all(math.dist(a[k], b[k]) <= tol for k in b)


@pytest.mark.parametrize("name", sorted(VECTORS["poses"]))
def test_forward_kinematics_matches_the_domain_test_vectors(name):
    got = joints(KEYFRAMES[name])
    for joint, (x, y) in VECTORS["poses"][name].items():
        assert got[joint] == pytest.approx((x, y), abs=VECTORS["tolerance"]), joint


@pytest.mark.parametrize(
    "case", VECTORS["animations"], ids=lambda c: f"{c['keyframes'][0]}@{c['t']}"
)
def test_animation_vectors_are_reproduced(case):
    anim = Animation(tuple(case["keyframes"]), case["style"], case["period"])
    pose = pose_at(
        anim, KEYFRAMES, case["duration"], case["t"], mirrored=case["mirrored"], sway=case["sway"]
    )
    got = joints(pose)
    for joint, xy in case["joints"].items():
        assert got[joint] == pytest.approx(tuple(xy), abs=1e-5), joint


def test_every_keyframe_stays_above_the_floor():
    for name, pose in KEYFRAMES.items():
        lowest = min(y for _, y in joints(pose).values())
        assert lowest >= -0.005, name


@given(names)
def test_mirroring_twice_is_identity(name):
    pose = KEYFRAMES[name]
    twice = mirror(mirror(pose))
    assert twice.facing == pose.facing
    assert close(joints(twice), joints(pose), 1e-9)


@given(names)
def test_mirroring_negates_every_x(name):
    a, b = joints(KEYFRAMES[name]), joints(mirror(KEYFRAMES[name]))
    for k in a:
        assert b[k] == pytest.approx((-a[k][0], a[k][1]), abs=1e-9)


@given(names, names)
def test_tween_ends_are_the_keyframes(a, b):
    pa, pb = KEYFRAMES[a], KEYFRAMES[b]
    assert close(joints(tween(pa, pb, 0.0)), joints(pa), 1e-12)
    assert close(joints(tween(pa, pb, 1.0)), joints(pb), 1e-12)


def test_tween_takes_the_shortest_arc():
    base = KEYFRAMES["REF_stand"]
    a = Pose(base.hip, {**base.angles, "T": 350.0})
    b = Pose(base.hip, {**base.angles, "T": 10.0})
    assert tween(a, b, 0.5).angles["T"] == pytest.approx(0.0, abs=1e-9)


@given(st.floats(-1, 2), st.floats(-1, 2))
def test_ease_is_monotonic_and_bounded(u, v):
    assert 0.0 <= ease(u) <= 1.0
    if u <= v:
        assert ease(u) <= ease(v)
    assert ease(0) == 0 and ease(1) == 1


HOLD = Animation(("2_supine_fig4_start", "2_supine_fig4_hold"), "hold")


def test_hold_enters_holds_and_exits():
    start, hold = joints(KEYFRAMES["2_supine_fig4_start"]), joints(KEYFRAMES["2_supine_fig4_hold"])
    assert close(joints(pose_at(HOLD, KEYFRAMES, 30, 0)), start, 1e-12)
    assert close(joints(pose_at(HOLD, KEYFRAMES, 30, 3, sway=False)), hold, 1e-12)
    assert close(joints(pose_at(HOLD, KEYFRAMES, 30, 20, sway=False)), hold, 1e-12)
    assert close(joints(pose_at(HOLD, KEYFRAMES, 30, 30)), start, 1e-12)
    mid_entry = joints(pose_at(HOLD, KEYFRAMES, 30, 1.5))
    assert not close(mid_entry, start, 0.01) and not close(mid_entry, hold, 0.01)


def test_sway_is_subtle_and_continuous():
    still = joints(pose_at(HOLD, KEYFRAMES, 30, 10, sway=False))
    swaying = joints(pose_at(HOLD, KEYFRAMES, 30, 10))
    assert 0 < math.dist(still["head"], swaying["head"]) < 0.02  # a breath, not a bounce
    before = joints(pose_at(HOLD, KEYFRAMES, 30, 3 - 1e-6))
    after = joints(pose_at(HOLD, KEYFRAMES, 30, 3 + 1e-6))
    assert close(before, after, 1e-4)  # no jump when the hold starts


@given(st.floats(0, 100))
def test_cycles_are_periodic(t):
    anim = Animation(("D1_leg_swing_front", "D1_leg_swing_back"), "cycle", 2.0)
    a = joints(pose_at(anim, KEYFRAMES, 200, t))
    b = joints(pose_at(anim, KEYFRAMES, 200, t + 2.0))
    assert close(a, b, 1e-6)


@given(st.floats(0, 30))
def test_mirrored_is_the_mirror_of_the_pose(t):
    a = pose_at(HOLD, KEYFRAMES, 30, t, mirrored=True)
    b = mirror(pose_at(HOLD, KEYFRAMES, 30, t))
    assert close(joints(a), joints(b), 1e-12)


def test_bad_keyframe_data_names_keyframe_and_key():
    good = {"hip": [0, 0.5], **{k: 0 for k in ANGLE_KEYS if not k.endswith("HN")}}
    pose_from_mapping("ok", good)
    with pytest.raises(ValueError, match="keyframe 'x': the angle nSK is missing"):
        pose_from_mapping("x", {k: v for k, v in good.items() if k != "nSK"})
    with pytest.raises(ValueError, match="keyframe 'y': T must be a number"):
        pose_from_mapping("y", {**good, "T": "ninety"})
    with pytest.raises(ValueError, match=r"keyframe 'z': f\.nXX is not a segment"):
        pose_from_mapping("z", {**good, "f": {"nXX": 1}})
