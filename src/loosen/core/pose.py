"""The stick figure: skeleton, keyframes, forward kinematics, mirroring and tweening.

Implements domain.md §5 exactly, in units of body height H, floor at y = 0, x to the right.
Everything here is deterministic float arithmetic, written so that the web player's JavaScript
port can reproduce it to 1e-9 and be checked against ``tests/data/pose_vectors.json``.

* A :class:`Pose` is a root (the hip position) plus global segment angles in degrees,
  counter-clockwise from +x, and optional foreshortening factors per segment (missing = 1).
* :func:`joints` is the forward kinematics of §5.1::

    neck = hip + P(T, 0.300); shoulder = hip + P(T, 0.270); head = neck + P(Hd, 0.100)
    elbow = shoulder + P(UA, 0.186 f_UA); wrist = elbow + P(FA, 0.146 f_FA)
    hand = wrist + P(HN, 0.090)                 (HN defaults to FA; never foreshortened)
    knee = hip + P(TH, 0.245 f_TH); ankle = knee + P(SK, 0.246 f_SK)
    toe = ankle + P(FT, 0.110 f_FT)

  where P(a, l) = (l cos a, l sin a), for the near (``n``) and far (``f``) limbs.
* :func:`mirror` maps x to -x and every angle a to (180 - a) mod 360; the figure then faces -x.
* :func:`tween` (u in [0, 1]) moves every angle along the shortest arc,
  ``a + d u`` with ``d = ((b - a + 180) mod 360) - 180`` (so d is in [-180, 180): an exact
  half turn goes clockwise), then takes the result mod 360; the hip and the foreshortening
  factors (missing = 1) move linearly, ``a + (b - a) u``. u <= 0 gives ``a`` itself and u >= 1
  gives ``b`` itself; the result faces like ``a``.
* :func:`ease` is the cosine ease-in-out ``(1 - cos(pi u)) / 2``, clamped to [0, 1].
* :func:`pose_at` animates a move (see its docstring for the exact timing rules).

"mod" is the floored modulo with a result in [0, m) (see :func:`wrap`); in JavaScript
``((x % m) + m) % m``. Degrees become radians as ``a * pi / 180``. Only the joint positions
are compared across the ports (to 1e-5 H); stored angles may differ by float rounding.
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
    """A keyframe or an in-between: hip position in H, global segment angles in degrees (every
    key of ``ANGLE_KEYS``, the hands resolved), foreshortening factors by segment key (missing =
    1.0) and facing (+1 faces +x, -1 after :func:`mirror`)."""

    hip: tuple[float, float]
    angles: Mapping[str, float]
    f: Mapping[str, float] = field(default_factory=dict)
    facing: int = 1


@dataclass(frozen=True, slots=True)
class Animation:
    """How a move's keyframes are played.

    ``"hold"``: a static stretch from the first keyframe (start) to the last (hold) and back.
    ``"cycle"``: repetitions or dynamic moves: through the keyframes in order and back to the
    first, once every ``period`` seconds (> 0). The exact timing is in :func:`pose_at`.
    """

    keyframes: tuple[str, ...]
    style: Literal["hold", "cycle"] = "hold"
    period: float = 0.0


def wrap(angle: float) -> float:
    """An angle in degrees brought into [0, 360) (floored modulo; a float result of exactly 360,
    from a tiny negative angle, becomes 0)."""
    r = angle % 360.0
    return 0.0 if r >= 360.0 else r


def _number(name: str, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"keyframe {name!r}: {key} must be a number, not {value!r}")
    return float(value)


def pose_from_mapping(name: str, data: Mapping[str, object]) -> Pose:
    """A pose from the JSON form of domain.md §5.3.

    ``hip`` is [x, y]; every angle of ``ANGLE_KEYS`` but ``nHN``/``fHN`` (which default to the
    forearm angle) is required, in degrees (stored mod 360); ``f`` optionally maps segment keys
    (``nUA`` ... ``fFT``) to foreshortening factors in (0, 1]. Any other key, a missing angle or a
    value that is not a finite number raises ``ValueError`` naming the keyframe and the key.
    """
    unknown = sorted(str(k) for k in data if k not in ANGLE_KEYS and k not in ("hip", "f"))
    if unknown:
        raise ValueError(f"keyframe {name!r}: unknown key {unknown[0]}")
    hip = data.get("hip")
    if not isinstance(hip, list | tuple) or len(hip) != 2:
        raise ValueError(f"keyframe {name!r}: hip must be a pair [x, y], not {hip!r}")
    angles: dict[str, float] = {}
    for key in REQUIRED_ANGLES:
        if key not in data:
            raise ValueError(f"keyframe {name!r}: the angle {key} is missing")
        angles[key] = wrap(_number(name, key, data[key]))
    for side in "nf":
        hn = f"{side}HN"
        angles[hn] = wrap(_number(name, hn, data[hn])) if hn in data else angles[f"{side}FA"]
    factors: dict[str, float] = {}
    raw_f = data.get("f", {})
    if not isinstance(raw_f, Mapping):
        raise ValueError(f"keyframe {name!r}: f must be a table of factors, not {raw_f!r}")
    for key, value in raw_f.items():
        if key not in SEGMENT_KEYS:
            raise ValueError(f"keyframe {name!r}: f.{key} is not a segment")
        factors[key] = _number(name, f"f.{key}", value)
        if not 0.0 < factors[key] <= 1.0:
            raise ValueError(f"keyframe {name!r}: f.{key} must be in (0, 1], not {value!r}")
    return Pose((_number(name, "hip[0]", hip[0]), _number(name, "hip[1]", hip[1])), angles, factors)


def load_keyframes(data: Mapping[str, object]) -> dict[str, Pose]:
    """Every keyframe of a keyframes.json mapping, by name (see :func:`pose_from_mapping`)."""
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
        {k: wrap(180.0 - v) for k, v in pose.angles.items()},
        dict(pose.f),
        -pose.facing,
    )


def shortest_arc(a: float, b: float) -> float:
    """The signed difference b - a in degrees, in [-180, 180)."""
    return wrap(b - a + 180.0) - 180.0


def tween(a: Pose, b: Pose, u: float) -> Pose:
    """The pose a fraction ``u`` of the way from ``a`` to ``b`` (the caller eases ``u``)."""
    if u <= 0.0:
        return a
    if u >= 1.0:
        return b
    angles = {k: wrap(a.angles[k] + shortest_arc(a.angles[k], b.angles[k]) * u) for k in ANGLE_KEYS}
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


def face_angle(pose: Pose) -> float:
    """The direction the face looks, in degrees: perpendicular to the neck-to-head line,
    toward the front of the body (``Hd - 90`` facing +x, ``Hd + 90`` when mirrored), in [0, 360).

    Standing (Hd = 90) looks along +x, lying on the back (Hd ≈ 180) looks up, child's pose
    (Hd = 350) looks at the floor. Used to draw a nose marker that shows which way the figure faces.
    """
    return wrap(pose.angles["Hd"] - 90.0 * pose.facing)


ENTRY_SECONDS = 3.0
EXIT_SECONDS = 2.0
SWAY_PERIOD = 5.0
SWAY_TRUNK = 1.5
SWAY_HEAD = 1.0


def _sway(pose: Pose, s: float) -> Pose:
    k = math.sin(2.0 * math.pi * s / SWAY_PERIOD)
    angles = dict(pose.angles)
    angles["T"] = wrap(angles["T"] + SWAY_TRUNK * k)
    angles["Hd"] = wrap(angles["Hd"] + SWAY_HEAD * k)
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

    ``"hold"`` (a static stretch), keyframes [start, ..., hold] (only the first and the last are
    used; a single keyframe is both). With ``d = duration`` and ``tc = t`` clamped to [0, d],
    ``e = min(3, d / 3)`` and ``x = min(2, d / 4)``:

    * entry, ``tc < e``: ``tween(start, hold, ease(tc / e))``;
    * hold, ``e <= tc <= d - x``: the hold keyframe, and when ``sway`` a breathing sway with
      ``s = tc - e`` (so the sway starts from 0 and the entry joins it without a jump):
      T + 1.5 sin(2 pi s / 5) and Hd + 1.0 sin(2 pi s / 5) degrees, each then mod 360;
    * exit, ``tc > d - x``: ``tween(H, start, ease((tc - (d - x)) / x))`` where H is the held
      pose at ``tc = d - x`` (with its sway), so the figure is back at start at ``tc = d``.

    ``d <= 0`` gives the start keyframe.

    ``"cycle"`` (repetitions, dynamic moves), n keyframes k0 .. k(n-1), ``p = period`` (if
    ``p <= 0``, 2 n seconds): with ``q = (max(0, t) mod p) / (p / n)`` and ``i = min(floor(q),
    n - 1)``, ``tween(k_i, k_((i + 1) mod n), ease(q - i))``: each transition takes p / n seconds,
    the last one back to k0. A single keyframe is a still pose. ``duration`` is not used.

    ``mirrored`` mirrors the result (the other side): ``mirror(pose_at(...))``. ``sway=False`` is
    for prefers-reduced-motion and for deterministic tests.
    """
    frames = [poses[k] for k in anim.keyframes]
    if anim.style == "cycle":
        n = len(frames)
        if n == 1:
            pose = frames[0]
        else:
            period = anim.period if anim.period > 0 else 2.0 * n
            q = (max(0.0, t) % period) / (period / n)
            i = min(int(q), n - 1)
            pose = tween(frames[i], frames[(i + 1) % n], ease(q - i))
    else:
        start, hold = frames[0], frames[-1]
        d = max(0.0, duration)
        tc = min(max(0.0, t), d)
        entry = min(ENTRY_SECONDS, d / 3.0)
        exit_ = min(EXIT_SECONDS, d / 4.0)

        def held(at: float) -> Pose:
            return _sway(hold, at - entry) if sway else hold

        if d <= 0.0:
            pose = start
        elif tc < entry:
            pose = tween(start, hold, ease(tc / entry))
        elif tc <= d - exit_:
            pose = held(tc)
        else:
            pose = tween(held(d - exit_), start, ease((tc - (d - exit_)) / exit_))
    return mirror(pose) if mirrored else pose
