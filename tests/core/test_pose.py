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
    face_angle,
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
    assert tween(b, a, 0.25).angles["T"] == pytest.approx(5.0, abs=1e-9)
    assert joints(tween(a, b, 0.5))["neck"][0] > 0.29  # through 0° (lying), not 180°


def arc(a: float, b: float) -> float:
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)


angles = st.floats(0, 360, exclude_max=True)


@given(angles, angles, st.floats(0, 1))
def test_tween_moves_along_the_shorter_way_round(a, b, u):
    base = KEYFRAMES["REF_stand"]
    pa = Pose(base.hip, {**base.angles, "nUA": a})
    pb = Pose(base.hip, {**base.angles, "nUA": b})
    got = tween(pa, pb, u).angles["nUA"]
    assert 0.0 <= got < 360.0
    assert arc(a, got) == pytest.approx(u * arc(a, b), abs=1e-7)
    assert arc(got, b) == pytest.approx((1 - u) * arc(a, b), abs=1e-7)


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


def test_a_single_keyframe_hold_breathes_and_a_zero_duration_is_the_start():
    still = Animation(("REF_sit",), "hold")
    sit = joints(KEYFRAMES["REF_sit"])
    assert close(joints(pose_at(still, KEYFRAMES, 40, 10, sway=False)), sit, 1e-12)
    swaying = joints(pose_at(still, KEYFRAMES, 40, 10))
    assert 0 < math.dist(swaying["head"], sit["head"]) < 0.02
    assert close(joints(pose_at(still, KEYFRAMES, 40, 40)), sit, 1e-12)
    assert pose_at(HOLD, KEYFRAMES, 0, 0) is KEYFRAMES["2_supine_fig4_start"]


def test_short_holds_scale_entry_and_exit():
    start, hold = joints(KEYFRAMES["2_supine_fig4_start"]), joints(KEYFRAMES["2_supine_fig4_hold"])
    # 6 s: entry min(3, 2) = 2 s, exit min(2, 1.5) = 1.5 s
    assert close(joints(pose_at(HOLD, KEYFRAMES, 6, 2, sway=False)), hold, 1e-12)
    assert close(joints(pose_at(HOLD, KEYFRAMES, 6, 4.5, sway=False)), hold, 1e-12)
    assert not close(joints(pose_at(HOLD, KEYFRAMES, 6, 1.9, sway=False)), hold, 1e-3)
    assert not close(joints(pose_at(HOLD, KEYFRAMES, 6, 4.6, sway=False)), hold, 1e-4)
    assert close(joints(pose_at(HOLD, KEYFRAMES, 6, 99, sway=False)), start, 1e-12)  # clamped


def test_cycle_visits_each_keyframe_for_its_share_of_the_period():
    bridge = Animation(
        ("10_glute_bridge_start", "10_glute_bridge_top", "10_glute_bridge_top"), "cycle", 6.0
    )
    start, top = (
        joints(KEYFRAMES["10_glute_bridge_start"]),
        joints(KEYFRAMES["10_glute_bridge_top"]),
    )
    assert close(joints(pose_at(bridge, KEYFRAMES, 60, 0)), start, 1e-12)
    assert close(joints(pose_at(bridge, KEYFRAMES, 60, 2)), top, 1e-12)  # 2 s up
    assert close(joints(pose_at(bridge, KEYFRAMES, 60, 3)), top, 1e-12)  # 2 s held
    assert close(joints(pose_at(bridge, KEYFRAMES, 60, 4)), top, 1e-12)
    assert not close(joints(pose_at(bridge, KEYFRAMES, 60, 5)), top, 1e-3)  # 2 s down
    assert close(joints(pose_at(bridge, KEYFRAMES, 60, 6)), start, 1e-12)


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
    with pytest.raises(ValueError, match=r"keyframe 'w': f\.nTH must be in \(0, 1\]"):
        pose_from_mapping("w", {**good, "f": {"nTH": 0}})
    with pytest.raises(ValueError, match="keyframe 'v': unknown key nTh"):
        pose_from_mapping("v", {**good, "nTh": 10})
    with pytest.raises(ValueError, match="keyframe 'u': hip must be a pair"):
        pose_from_mapping("u", {**good, "hip": [0]})
    with pytest.raises(ValueError, match=r"keyframe 'b': nUA must be a number, not True"):
        pose_from_mapping("b", {**good, "nUA": True})
    with pytest.raises(ValueError, match="keyframe 'n' must be a table"):
        load_keyframes({"n": [1, 2]})


def test_hands_default_to_the_forearm_angle():
    good = {"hip": [0, 0.5], **{k: 0 for k in ANGLE_KEYS if not k.endswith("HN")}}
    pose = pose_from_mapping("ok", {**good, "nFA": 30, "fFA": 45, "fHN": 0})
    assert pose.angles["nHN"] == 30 and pose.angles["fHN"] == 0


def test_the_face_looks_forward_up_or_down_and_turns_with_the_mirror():
    assert face_angle(KEYFRAMES["REF_stand"]) == pytest.approx(0.0)  # standing: along +x
    assert face_angle(mirror(KEYFRAMES["REF_stand"])) == pytest.approx(180.0)
    assert 80 < face_angle(KEYFRAMES["2_supine_fig4_start"]) < 100  # lying on the back: up
    assert 250 < face_angle(KEYFRAMES["6_childs_pose_hold"]) < 290  # child's pose: the floor


def segment_distance(p, a, b) -> float:
    (ax, ay), (bx, by) = a, b
    t = ((p[0] - ax) * (bx - ax) + (p[1] - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)
    t = min(1.0, max(0.0, t))
    return math.dist(p, (ax + t * (bx - ax), ay + t * (by - ay)))


SEATED = [n for n in KEYFRAMES if n.startswith("x_seated") or n == "x_chair_hip_flexor"]


@pytest.mark.parametrize("name", SEATED)
def test_our_seated_keyframes_sit_on_the_seat_with_the_far_foot_flat(name):
    j = joints(KEYFRAMES[name])
    assert j["hip"] == pytest.approx((0.0, 0.285))  # as REF_sit: on the seat at 0.245
    assert j["f_ankle"][1] == pytest.approx(0.039, abs=1e-3)
    assert j["f_toe"][1] == pytest.approx(0.039, abs=1e-3)


def test_our_extra_keyframes_do_what_their_names_say():
    march = joints(KEYFRAMES["x_seated_march_up"])
    thigh = math.degrees(math.atan2(march["n_knee"][1] - 0.285, march["n_knee"][0]))
    assert 20 <= thigh <= 30 and march["n_ankle"][1] > 0.1  # thigh ~25° up, foot off the floor
    hug = joints(KEYFRAMES["x_seated_knee_hug"])
    assert 90 < KEYFRAMES["x_seated_knee_hug"].angles["T"] <= 105  # leaning back slightly
    for hand in ("n_wrist", "n_hand", "f_wrist", "f_hand"):  # both hands hold the near shin
        assert segment_distance(hug[hand], hug["n_knee"], hug["n_ankle"]) < 0.04, hand
    assert hug["n_knee"][1] > 0.45  # the knee comes up toward the chest
    kneel = joints(KEYFRAMES["x_chair_hip_flexor"])
    assert kneel["n_knee"][1] < 0.08 and kneel["n_knee"][0] < 0  # back knee down, behind
    stand = joints(KEYFRAMES["x_stand_in_front"])
    assert stand["n_ankle"][0] > 0.199 and stand["n_ankle"][1] == pytest.approx(0.039, abs=1e-3)
