"""The browser's pose.js reproduces loosen.core.pose: every vector of pose_vectors.json."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page

from tests.browser.conftest import Web

VECTORS = Path(__file__).resolve().parents[1] / "data" / "pose_vectors.json"

# Runs in the page: the module as the player loads it, the pose data from the API.
COMPUTE = """
async (vectors) => {
  const pose = await import("/static/js/pose.js");
  const data = await (await fetch("/api/pose")).json();
  const kf = pose.loadKeyframes(data.keyframes);
  const poses = {};
  for (const name of Object.keys(vectors.poses)) {
    poses[name] = kf.has(name) ? pose.jointsObject(kf.get(name)) : null;
  }
  const animations = vectors.animations.map((v) => {
    const anim = { frames: v.keyframes.map((k) => kf.get(k)), style: v.style, period: v.period };
    const p = pose.poseAt(anim, v.duration, v.t, { mirrored: v.mirrored, sway: v.sway });
    return { joints: pose.jointsObject(p), facing: p.facing };
  });
  return { poses, animations, skeleton: pose.SKELETON, server: data.skeleton,
           keys: [pose.JOINTS, pose.ANGLE_KEYS, pose.SEGMENT_KEYS] };
}
"""


def _far(a: list[float], b: list[float]) -> float:
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


def test_pose_js_reproduces_every_pose_and_animation_vector(page: Page, web: Web) -> None:
    vectors = json.loads(VECTORS.read_text())
    tol = vectors["tolerance"]
    got = page.evaluate(COMPUTE, vectors)
    misses = []
    for name, expected in vectors["poses"].items():
        assert got["poses"][name] is not None, f"keyframe {name} is missing from /api/pose"
        for joint, xy in expected.items():
            d = _far(got["poses"][name][joint], xy)
            if d > tol:
                misses.append(f"{name}.{joint}: {got['poses'][name][joint]} vs {xy}")
    for i, v in enumerate(vectors["animations"]):
        for joint, xy in v["joints"].items():
            d = _far(got["animations"][i]["joints"][joint], xy)
            if d > 1e-5:  # computed by the same formulas, so far closer than the FK tolerance
                misses.append(f"animation {i} ({v['keyframes'][0]}, t={v['t']}).{joint}")
        assert got["animations"][i]["facing"] == (-1 if v["mirrored"] else 1)
    assert misses == []
    assert vectors["poses"] and vectors["animations"]


def test_pose_js_uses_the_servers_skeleton(page: Page, web: Web) -> None:
    got = page.evaluate(COMPUTE, {"poses": {}, "animations": []})
    server = got["server"]
    for key, value in got["skeleton"].items():
        assert server[key] == value, key
    assert got["keys"] == [server["joints"], server["angle_keys"], server["segment_keys"]]


EVERY_KEYFRAME = """
async () => {
  const pose = await import("/static/js/pose.js");
  const data = await (await fetch("/api/pose")).json();
  const out = {};
  for (const [name, p] of pose.loadKeyframes(data.keyframes)) {
    out[name] = [pose.jointsObject(p), pose.jointsObject(pose.mirror(p))];
  }
  return out;
}
"""


def test_pose_js_matches_the_core_on_every_keyframe_and_its_mirror(page: Page, web: Web) -> None:
    from loosen.core.pose import joints, mirror
    from loosen.move_specs import load_keyframe_data

    keyframes = load_keyframe_data()
    got = page.evaluate(EVERY_KEYFRAME)
    assert sorted(got) == sorted(keyframes)
    misses = []
    for name, pose in keyframes.items():
        for js, py in zip(got[name], (joints(pose), joints(mirror(pose))), strict=True):
            misses += [f"{name}.{j}" for j, xy in py.items() if _far(js[j], list(xy)) > 1e-9]
    assert misses == []
