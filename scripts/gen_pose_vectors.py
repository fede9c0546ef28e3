"""Add time-based animation vectors to tests/data/pose_vectors.json.

The "poses" part is the domain brief's FK test vectors and is never rewritten. The "animations"
part is joint positions computed by loosen.core.pose at chosen instants; the web player's
JavaScript is tested against the same file, and tests/core/test_pose.py checks that the Python
code still reproduces it.

    .venv/bin/python scripts/gen_pose_vectors.py
"""

from __future__ import annotations

import json
from pathlib import Path

from loosen.core.pose import Animation, joints, load_keyframes, pose_at

ROOT = Path(__file__).resolve().parent.parent
CASES = [
    # keyframes, style, period, duration, t, mirrored, sway
    (["2_supine_fig4_start", "2_supine_fig4_hold"], "hold", 0.0, 30.0, 0.0, False, False),
    (["2_supine_fig4_start", "2_supine_fig4_hold"], "hold", 0.0, 30.0, 1.5, False, False),
    (["2_supine_fig4_start", "2_supine_fig4_hold"], "hold", 0.0, 30.0, 14.25, False, True),
    (["2_supine_fig4_start", "2_supine_fig4_hold"], "hold", 0.0, 30.0, 29.0, True, True),
    (["1_seated_fig4_start", "1_seated_fig4_hold"], "hold", 0.0, 6.0, 0.7, True, False),
    (
        ["10_glute_bridge_start", "10_glute_bridge_top", "10_glute_bridge_top"],
        "cycle",
        6.0,
        60.0,
        13.1,
        False,
        True,
    ),
    (["D1_leg_swing_front", "D1_leg_swing_back"], "cycle", 2.0, 20.0, 0.5, True, True),
    (["REF_stand", "D3_high_knee"], "cycle", 1.2, 30.0, 7.77, False, True),
]


def vectors() -> list[dict[str, object]]:
    text = (ROOT / "src" / "loosen" / "content" / "keyframes.json").read_text()
    poses = load_keyframes(json.loads(text))
    out: list[dict[str, object]] = []
    for names, style, period, duration, t, mirrored, sway in CASES:
        anim = Animation(tuple(names), style, period)  # type: ignore[arg-type]
        pose = pose_at(anim, poses, duration, t, mirrored=mirrored, sway=sway)
        out.append(
            {
                "keyframes": names,
                "style": style,
                "period": period,
                "duration": duration,
                "t": t,
                "mirrored": mirrored,
                "sway": sway,
                "joints": {k: [round(x, 6), round(y, 6)] for k, (x, y) in joints(pose).items()},
            }
        )
    return out


if __name__ == "__main__":
    path = ROOT / "tests" / "data" / "pose_vectors.json"
    data = json.loads(path.read_text())
    data["animations"] = vectors()
    path.write_text(json.dumps(data, indent=1) + "\n")
