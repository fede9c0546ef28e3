"""The stick figure on a Tk canvas: the same joints (``core.pose.joints``), bones, props and
world window as the terminal's braille figure, drawn as round-capped lines.

Far limbs first and dimmer, then the trunk and head, then the near limbs (domain.md §5.1); the
head is a circle of radius 0.065 H with a short nose tick for where the face looks.
"""

from __future__ import annotations

import math
from typing import Any

from loosen.core.pose import (
    FAR_BONES,
    HEAD_RADIUS,
    NEAR_BONES,
    Pose,
    face_angle,
    joints,
)
from loosen.terminal.figure import Y_MAX, Y_MIN, props_segments

NEAR = "#e9eef3"
FAR = "#6f7c8a"
PROPS = "#3b4553"
FLOOR = "#2b333e"
NOSE = 0.03
TAG = "figure"
#: The world window, in H: narrower than the terminal's (a screen's box is less wide than tall
#: cells make it), still wide enough for the floor moves and the desk.
X_MIN, X_MAX = -0.64, 0.64


class Box:
    """World units (H) to canvas pixels: the fixed window, scaled uniformly, centred in a box."""

    def __init__(self, left: float, top: float, width: float, height: float) -> None:
        self.scale = min(width / (X_MAX - X_MIN), height / (Y_MAX - Y_MIN))
        self.cx = left + width / 2
        self.bottom = top + height / 2 + (Y_MAX - Y_MIN) * self.scale / 2

    def __call__(self, p: tuple[float, float]) -> tuple[float, float]:
        x, y = p
        return self.cx + x * self.scale, self.bottom - (y - Y_MIN) * self.scale


def draw(canvas: Any, box: Box, pose: Pose, props: tuple[str, ...] = ()) -> None:
    """Replace the figure on ``canvas`` with ``pose`` (and the props of its move)."""
    canvas.delete(TAG)
    s = box.scale
    width = max(3.0, s * 0.024)
    left, right = box((X_MIN * 0.8, 0.0)), box((X_MAX * 0.8, 0.0))
    canvas.create_line(*left, *right, fill=FLOOR, width=max(2.0, width / 2), tags=TAG)
    for p, q in props_segments(props, pose.facing):
        canvas.create_line(
            *box(p), *box(q), fill=PROPS, width=max(2.0, width * 0.7), capstyle="round", tags=TAG
        )
    pts = joints(pose)

    def bones(pairs: tuple[tuple[str, str], ...], colour: str, w: float) -> None:
        for a, b in pairs:
            if b == "head":  # the neck stops at the head's circle
                continue
            canvas.create_line(
                *box(pts[a]),
                *box(pts[b]),
                fill=colour,
                width=w,
                capstyle="round",
                joinstyle="round",
                tags=TAG,
            )

    bones(FAR_BONES, FAR, width * 0.9)
    neck, head = pts["neck"], pts["head"]
    dx, dy = head[0] - neck[0], head[1] - neck[1]
    d = math.hypot(dx, dy) or 1.0
    bottom_of_head = (head[0] - dx / d * HEAD_RADIUS, head[1] - dy / d * HEAD_RADIUS)
    canvas.create_line(
        *box(pts["hip"]), *box(neck), *box(bottom_of_head),
        fill=NEAR, width=width, capstyle="round", joinstyle="round", tags=TAG,
    )  # fmt: skip
    hx, hy = box(head)
    r = HEAD_RADIUS * s
    canvas.create_oval(hx - r, hy - r, hx + r, hy + r, outline=NEAR, width=width, tags=TAG)
    look = math.radians(face_angle(pose))
    ux, uy = math.cos(look), math.sin(look)
    start = (head[0] + ux * HEAD_RADIUS, head[1] + uy * HEAD_RADIUS)
    tip = (head[0] + ux * (HEAD_RADIUS + NOSE), head[1] + uy * (HEAD_RADIUS + NOSE))
    canvas.create_line(
        *box(start), *box(tip), fill=NEAR, width=width * 0.7, capstyle="round", tags=TAG
    )
    bones(NEAR_BONES, NEAR, width)
