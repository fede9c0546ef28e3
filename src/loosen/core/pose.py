"""The stick figure: skeleton, keyframes, forward kinematics, mirroring and tweening.

Implements domain.md §5 exactly, in units of body height H, floor at y = 0, x to the right:

* A :class:`Pose` is a root (the hip position) plus global segment angles in degrees,
  counter-clockwise from +x, and optional foreshortening factors per segment.
* :func:`joints` is the forward kinematics of §5.1::

    neck = hip + P(T, 0.300); shoulder = hip + P(T, 0.270); head = neck + P(Hd, 0.100)
    elbow = shoulder + P(UA, 0.186 f_UA); wrist = elbow + P(FA, 0.146 f_FA)
    hand = wrist + P(HN, 0.090)                 (HN defaults to FA)
    knee = hip + P(TH, 0.245 f_TH); ankle = knee + P(SK, 0.246 f_SK)
    toe = ankle + P(FT, 0.110 f_FT)

  where P(a, l) = (l cos a, l sin a), for the near (``n``) and far (``f``) limbs.
* :func:`mirror` maps x to -x and every angle a to (180 - a) mod 360; the figure then faces -x.
* :func:`tween` interpolates angles along the shortest arc, the hip and the foreshortening
  factors linearly; :func:`ease` is the cosine ease-in-out ``(1 - cos(pi u)) / 2``.
* :func:`pose_at` animates a move (see its docstring for the exact timing rules).

Everything here is deterministic arithmetic on floats, so the web player's JavaScript port can be
checked against ``tests/data/pose_vectors.json``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

JOINTS: tuple[str, ...] = (
    "head", "neck", "shoulder", "hip",
    "n_elbow", "n_wrist", "n_hand", "n_knee", "n_ankle", "n_toe",
    "f_elbow", "f_wrist", "f_hand", "f_knee", "f_ankle", "f_toe",
)  # fmt: skip
ANGLE_KEYS: tuple[str, ...] = (
    "T", "Hd", "nUA", "nFA", "nHN", "fUA", "fFA", "fHN",
    "nTH", "nSK", "nFT", "fTH", "fSK", "fFT",
)  # fmt: skip
#: Keys a keyframe must give; the hands (``nHN``/``fHN``) default to the forearm angle.
REQUIRED_ANGLES: tuple[str, ...] = tuple(k for k in ANGLE_KEYS if not k.endswith("HN"))
SEGMENT_KEYS: tuple[str, ...] = (
    "nUA", "nFA", "nTH", "nSK", "nFT", "fUA", "fFA", "fTH", "fSK", "fFT",
)  # fmt: skip

TRUNK = 0.300
SHOULDER_ON_TRUNK = 0.270
NECK = 0.100
HEAD_RADIUS = 0.065
UPPER_ARM = 0.186
FOREARM = 0.146
HAND = 0.090
THIGH = 0.245
SHANK = 0.246
FOOT = 0.110

#: Bones drawn between joints, far limbs first (drawing order of §5.1).
FAR_BONES: tuple[tuple[str, str], ...] = (
    ("shoulder", "f_elbow"), ("f_elbow", "f_wrist"), ("f_wrist", "f_hand"),
    ("hip", "f_knee"), ("f_knee", "f_ankle"), ("f_ankle", "f_toe"),
)  # fmt: skip
BODY_BONES: tuple[tuple[str, str], ...] = (("hip", "neck"), ("neck", "head"))
NEAR_BONES: tuple[tuple[str, str], ...] = (
    ("shoulder", "n_elbow"), ("n_elbow", "n_wrist"), ("n_wrist", "n_hand"),
    ("hip", "n_knee"), ("n_knee", "n_ankle"), ("n_ankle", "n_toe"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Pose:
    hip: tuple[float, float]
    angles: Mapping[str, float]
    f: Mapping[str, float] = field(default_factory=dict)
    facing: int = 1


@dataclass(frozen=True, slots=True)
class Animation:
    """How a move's keyframes are played.

    ``"hold"``: a static stretch from the first keyframe (start) to the last (hold) and back.
    ``"cycle"``: repetitions or dynamic moves: through the keyframes in order and back to the
    first, once every ``period`` seconds.
    """

    keyframes: tuple[str, ...]
    style: Literal["hold", "cycle"] = "hold"
    period: float = 0.0


def _number(name: str, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"keyframe {name!r}: {key} must be a number, not {value!r}")
    return float(value)


def pose_from_mapping(name: str, data: Mapping[str, object]) -> Pose:
    """A pose from the JSON form of domain.md §5.3."""
    hip = data.get("hip")
    if not isinstance(hip, list | tuple) or len(hip) != 2:
        raise ValueError(f"keyframe {name!r}: hip must be a pair [x, y], not {hip!r}")
    angles: dict[str, float] = {}
    for key in REQUIRED_ANGLES:
        if key not in data:
            raise ValueError(f"keyframe {name!r}: the angle {key} is missing")
        angles[key] = _number(name, key, data[key]) % 360.0
    for side in "nf":
        hn = f"{side}HN"
        angles[hn] = _number(name, hn, data[hn]) % 360.0 if hn in data else angles[f"{side}FA"]
    factors: dict[str, float] = {}
    raw_f = data.get("f", {})
    if not isinstance(raw_f, Mapping):
        raise ValueError(f"keyframe {name!r}: f must be a table of factors, not {raw_f!r}")
    for key, value in raw_f.items():
        if key not in SEGMENT_KEYS:
            raise ValueError(f"keyframe {name!r}: f.{key} is not a segment")
        factors[key] = _number(name, f"f.{key}", value)
    return Pose((_number(name, "hip[0]", hip[0]), _number(name, "hip[1]", hip[1])), angles, factors)


def load_keyframes(data: Mapping[str, object]) -> dict[str, Pose]:
    out = {}
    for name, value in data.items():
        if not isinstance(value, Mapping):
            raise ValueError(f"keyframe {name!r} must be a table")
        out[name] = pose_from_mapping(name, value)
    return out


def _p(angle: float, length: float) -> tuple[float, float]:
    a = math.radians(angle)
    return (length * math.cos(a), length * math.sin(a))


def _add(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return (a[0] + b[0], a[1] + b[1])


def joints(pose: Pose) -> dict[str, tuple[float, float]]:
    """Forward kinematics: every joint's position in H."""
    a = pose.angles
    f = pose.f
    hip = pose.hip
    neck = _add(hip, _p(a["T"], TRUNK))
    out = {
        "hip": hip,
        "neck": neck,
        "shoulder": _add(hip, _p(a["T"], SHOULDER_ON_TRUNK)),
        "head": _add(neck, _p(a["Hd"], NECK)),
    }
    for s in "nf":
        elbow = _add(out["shoulder"], _p(a[s + "UA"], UPPER_ARM * f.get(s + "UA", 1.0)))
        wrist = _add(elbow, _p(a[s + "FA"], FOREARM * f.get(s + "FA", 1.0)))
        knee = _add(hip, _p(a[s + "TH"], THIGH * f.get(s + "TH", 1.0)))
        ankle = _add(knee, _p(a[s + "SK"], SHANK * f.get(s + "SK", 1.0)))
        out[s + "_elbow"] = elbow
        out[s + "_wrist"] = wrist
        out[s + "_hand"] = _add(wrist, _p(a[s + "HN"], HAND))
        out[s + "_knee"] = knee
        out[s + "_ankle"] = ankle
        out[s + "_toe"] = _add(ankle, _p(a[s + "FT"], FOOT * f.get(s + "FT", 1.0)))
    return out


def mirror(pose: Pose) -> Pose:
    """The same pose seen from the other side: x -> -x, angle a -> (180 - a) mod 360."""
    return Pose(
        (-pose.hip[0], pose.hip[1]),
        {k: (180.0 - v) % 360.0 for k, v in pose.angles.items()},
        dict(pose.f),
        -pose.facing,
    )


def shortest_arc(a: float, b: float) -> float:
    """The signed difference b - a in degrees, in [-180, 180)."""
    return (b - a + 180.0) % 360.0 - 180.0


def tween(a: Pose, b: Pose, u: float) -> Pose:
    """The pose a fraction ``u`` of the way from ``a`` to ``b`` (the caller eases ``u``)."""
    if u <= 0.0:
        return a
    if u >= 1.0:
        return b
    angles = {
        k: (a.angles[k] + shortest_arc(a.angles[k], b.angles[k]) * u) % 360.0 for k in ANGLE_KEYS
    }
    keys = set(a.f) | set(b.f)
    factors = {k: a.f.get(k, 1.0) + (b.f.get(k, 1.0) - a.f.get(k, 1.0)) * u for k in keys}
    hip = (a.hip[0] + (b.hip[0] - a.hip[0]) * u, a.hip[1] + (b.hip[1] - a.hip[1]) * u)
    return Pose(hip, angles, factors, a.facing)


def ease(u: float) -> float:
    """Cosine ease-in-out on [0, 1]; clamps outside."""
    if u <= 0.0:
        return 0.0
    if u >= 1.0:
        return 1.0
    return (1.0 - math.cos(math.pi * u)) / 2.0


ENTRY_SECONDS = 3.0
EXIT_SECONDS = 2.0
SWAY_PERIOD = 5.0
SWAY_TRUNK = 1.5
SWAY_HEAD = 1.0


def _sway(pose: Pose, t: float) -> Pose:
    s = math.sin(2.0 * math.pi * t / SWAY_PERIOD)
    angles = dict(pose.angles)
    angles["T"] = (angles["T"] + SWAY_TRUNK * s) % 360.0
    angles["Hd"] = (angles["Hd"] + SWAY_HEAD * s) % 360.0
    return Pose(pose.hip, angles, pose.f, pose.facing)


def pose_at(
    anim: Animation,
    poses: Mapping[str, Pose],
    duration: float,
    t: float,
    *,
    mirrored: bool = False,
    sway: bool = True,
) -> Pose:
    """The pose ``t`` seconds into a move step lasting ``duration`` seconds.

    ``"hold"`` with keyframes [start, ..., hold]: entry from start to hold over
    ``e = min(3, duration / 3)`` seconds, eased; the hold until ``duration - x`` with
    ``x = min(2, duration / 4)``, with a breathing sway when ``sway`` (trunk T + 1.5 sin(2 pi s / 5)
    and head Hd + 1.0 sin(2 pi s / 5) degrees, s = t - e, so the sway starts at 0); then exit from
    the pose at ``duration - x`` back toward start, eased, reaching it at ``duration``.
    ``t`` is clamped to [0, duration].

    ``"cycle"`` with n keyframes: every ``period / n`` seconds the figure moves, eased, from one
    keyframe to the next, the last one back to the first; ``t`` is taken modulo ``period``.

    A single keyframe is a still pose. ``mirrored`` mirrors the result (the other side).
    """
    frames = [poses[k] for k in anim.keyframes]
    if len(frames) == 1:
        pose = frames[0]
    elif anim.style == "cycle":
        period = anim.period if anim.period > 0 else 2.0 * len(frames)
        seg = period / len(frames)
        phase = (max(0.0, t) % period) / seg
        i = min(int(phase), len(frames) - 1)
        pose = tween(frames[i], frames[(i + 1) % len(frames)], ease(phase - i))
    else:
        start, hold = frames[0], frames[-1]
        d = max(0.0, duration)
        tc = min(max(0.0, t), d)
        entry = min(ENTRY_SECONDS, d / 3.0)
        exit_ = min(EXIT_SECONDS, d / 4.0)

        def held(at: float) -> Pose:
            return _sway(hold, at - entry) if sway else hold

        if tc < entry:
            pose = tween(start, hold, ease(tc / entry))
        elif tc <= d - exit_ or exit_ <= 0:
            pose = held(tc)
        else:
            pose = tween(held(d - exit_), start, ease((tc - (d - exit_)) / exit_))
    return mirror(pose) if mirrored else pose
