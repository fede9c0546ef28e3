"""Draw a pose in the terminal with braille characters (each cell is 2 x 4 dots).

The world window is fixed (x from -0.75 to 0.75 H, y from -0.02 to 1.05 H) so the figure does not
jump between frames of a move; it is scaled uniformly to the cells given, with square dots (a
terminal cell is about twice as tall as wide, and a braille cell has twice as many dot rows as
columns), and centred. The window is symmetric about x = 0 and a point lying exactly on the
boundary between two dot columns goes to the column behind the figure (the left one when it faces
+x, the right one when it faces -x), so a mirrored pose lights exactly the left-right flip of the
original's dots (up to float rounding of the mirrored angles).

Drawn: the floor (y = 0), the props named, the bones (far limbs, trunk and neck, near limbs), the
head as a circle of radius 0.065 H and a short nose tick showing which way the face looks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from loosen.core.pose import (
    FAR_BONES,
    HEAD_RADIUS,
    NEAR_BONES,
    Pose,
    face_angle,
    joints,
)

X_MIN, X_MAX = -0.75, 0.75
Y_MIN, Y_MAX = -0.02, 1.05
_EPS = 1e-9
NOSE = 0.03  # length of the nose tick beyond the head circle, in H

# dot (row, column) inside a cell -> bit of the braille code point (U+2800 + bits)
_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))

Point = tuple[float, float]
Segment = tuple[Point, Point]


def props_segments(props: Iterable[str], facing: int = 1) -> list[Segment]:
    """Chair, desk and mat as line segments (domain.md §5.4), mirrored with the figure.

    Unknown prop names are ignored, so a newer routine file still draws.
    """
    out: list[Segment] = []
    for prop in props:
        if prop == "chair":
            out += [
                ((-0.08, 0.245), (0.20, 0.245)),  # seat
                ((-0.10, 0.245), (-0.10, 0.55)),  # back
                ((-0.06, 0.245), (-0.06, 0.0)),  # legs
                ((0.17, 0.245), (0.17, 0.0)),
            ]
        elif prop == "desk":
            out += [((0.20, 0.44), (0.60, 0.44)), ((0.55, 0.44), (0.55, 0.0))]
        elif prop == "mat":
            out += [((-0.60, 0.005), (0.60, 0.005))]
    if facing < 0:
        out = [((-a[0], a[1]), (-b[0], b[1])) for a, b in out]
    return out


class Canvas:
    """A grid of braille cells; drawing is in world coordinates (H)."""

    def __init__(self, width: int, height: int, facing: int = 1) -> None:
        self.facing = facing
        self.width = max(0, width)
        self.height = max(0, height)
        self.dots_w = self.width * 2
        self.dots_h = self.height * 4
        self.cells = [[0] * self.width for _ in range(self.height)]
        span_x = X_MAX - X_MIN
        span_y = Y_MAX - Y_MIN
        self.scale = min(self.dots_w / span_x, self.dots_h / span_y)
        self.off_x = (self.dots_w - span_x * self.scale) / 2
        self.off_y = (self.dots_h - span_y * self.scale) / 2

    def to_dot(self, p: Point) -> tuple[float, float]:
        """Continuous dot coordinates: x to the right, y down from the top row."""
        x = self.off_x + (p[0] - X_MIN) * self.scale
        y = self.dots_h - (self.off_y + (p[1] - Y_MIN) * self.scale)
        return x, y

    def dot(self, x: float, y: float) -> None:
        # _EPS absorbs float noise (cos 270° is not exactly 0), so that points meant to lie on a
        # dot boundary are treated alike in a pose and in its mirror image
        ix = math.floor(x + _EPS) if self.facing >= 0 else math.ceil(x - _EPS) - 1
        iy = math.floor(y + _EPS)
        if 0 <= ix < self.dots_w and 0 <= iy < self.dots_h:
            self.cells[iy >> 2][ix >> 1] |= _BITS[iy & 3][ix & 1]

    def line(self, a: Point, b: Point, *, every: int = 1) -> None:
        """A DDA line from a to b; ``every`` > 1 lights only every n-th dot (a lighter line)."""
        (x0, y0), (x1, y1) = self.to_dot(a), self.to_dot(b)
        dx, dy = x1 - x0, y1 - y0
        steps = max(1, math.ceil(max(abs(dx), abs(dy))))
        for i in range(0, steps + 1, every):
            u = i / steps
            self.dot(x0 + dx * u, y0 + dy * u)

    def circle(self, c: Point, r: float) -> None:
        cx, cy = self.to_dot(c)
        rd = r * self.scale
        n = 2 * max(4, math.ceil(math.pi * rd))  # even, so the sample set is mirror-symmetric
        for i in range(n):
            a = 2 * math.pi * i / n
            self.dot(cx + rd * math.cos(a), cy + rd * math.sin(a))

    def rows(self) -> list[str]:
        return ["".join(chr(0x2800 + c) if c else " " for c in row) for row in self.cells]


def _draw(pose: Pose, far: Canvas, main: Canvas, props: Sequence[str], far_every: int) -> None:
    j = joints(pose)
    main.line((X_MIN, 0.0), (X_MAX, 0.0))  # the floor
    for start, end in props_segments(props, pose.facing):
        main.line(start, end)
    for a, b in FAR_BONES:
        far.line(j[a], j[b], every=far_every)
    main.line(j["hip"], j["neck"])
    for a, b in NEAR_BONES:
        main.line(j[a], j[b])
    # the neck stops at the head circle
    (nx, ny), (hx, hy) = j["neck"], j["head"]
    k = 1.0 - HEAD_RADIUS / max(1e-9, math.hypot(hx - nx, hy - ny))
    main.line((nx, ny), (nx + (hx - nx) * k, ny + (hy - ny) * k))
    main.circle((hx, hy), HEAD_RADIUS)
    fa = math.radians(face_angle(pose))
    ux, uy = math.cos(fa), math.sin(fa)
    main.line(
        (hx + ux * HEAD_RADIUS, hy + uy * HEAD_RADIUS),
        (hx + ux * (HEAD_RADIUS + NOSE), hy + uy * (HEAD_RADIUS + NOSE)),
    )


def render_layers(
    pose: Pose, width: int, height: int, *, props: Sequence[str] = ()
) -> tuple[list[str], list[str]]:
    """(far limbs, everything else): two layers of ``height`` rows of ``width`` cells each.

    The player colours the far layer dimmer and lays the other one over it (a cell lit in both
    takes the union of their dots).
    """
    far = Canvas(width, height, pose.facing)
    main = Canvas(width, height, pose.facing)
    if far.width and far.height:
        _draw(pose, far, main, props, 1)
    return far.rows(), main.rows()


def render(
    pose: Pose, width: int, height: int, *, props: Sequence[str] = (), dim_far: bool = True
) -> list[str]:
    """``height`` rows of exactly ``width`` braille cells (a space where a cell is empty).

    Braille has one colour, so ``dim_far`` draws the far limbs as a dotted, lighter line (every
    other dot) instead of dimming them; ``dim_far=False`` draws them solid. For colour, use
    :func:`render_layers`.
    """
    canvas = Canvas(width, height, pose.facing)
    if canvas.width and canvas.height:
        _draw(pose, canvas, canvas, props, 2 if dim_far else 1)
    return canvas.rows()
