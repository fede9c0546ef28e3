"""Draw a pose in the terminal with braille characters (each cell is 2 x 4 dots).

The world window is fixed (x from -0.75 to 0.75 H, y from -0.02 to 1.05 H) so the figure does not
jump between frames of a move; it is scaled uniformly to the cells given, with square dots (a
terminal cell is about twice as tall as wide, and a braille cell has twice as many dot rows as
columns).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from loosen.core.pose import BODY_BONES, FAR_BONES, HEAD_RADIUS, NEAR_BONES, Pose, joints

X_MIN, X_MAX = -0.75, 0.75
Y_MIN, Y_MAX = -0.02, 1.05

# dot (column, row) inside a cell -> bit of the braille code point
_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))

Point = tuple[float, float]
Segment = tuple[Point, Point]


def props_segments(props: Iterable[str], facing: int) -> list[Segment]:
    """Chair, desk and mat as line segments (domain.md §5.4), mirrored with the figure."""
    out: list[Segment] = []
    for prop in props:
        if prop == "chair":
            out += [
                ((-0.08, 0.245), (0.20, 0.245)),
                ((-0.10, 0.245), (-0.10, 0.55)),
                ((-0.06, 0.245), (-0.06, 0.0)),
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
    def __init__(self, width: int, height: int) -> None:
        self.width = max(0, width)
        self.height = max(0, height)
        self.dots_w = self.width * 2
        self.dots_h = self.height * 4
        self.cells = [[0] * self.width for _ in range(self.height)]
        span_x = X_MAX - X_MIN
        span_y = Y_MAX - Y_MIN
        self.scale = min(self.dots_w / span_x, self.dots_h / span_y) if self.width else 0.0
        self.off_x = (self.dots_w - span_x * self.scale) / 2
        self.off_y = (self.dots_h - span_y * self.scale) / 2

    def to_dot(self, p: Point) -> tuple[float, float]:
        x = self.off_x + (p[0] - X_MIN) * self.scale
        y = self.dots_h - (self.off_y + (p[1] - Y_MIN) * self.scale)
        return x, y

    def dot(self, x: int, y: int) -> None:
        if 0 <= x < self.dots_w and 0 <= y < self.dots_h:
            self.cells[y // 4][x // 2] |= _BITS[y % 4][x % 2]

    def line(self, a: Point, b: Point) -> None:
        (x0, y0), (x1, y1) = self.to_dot(a), self.to_dot(b)
        steps = max(1, math.ceil(max(abs(x1 - x0), abs(y1 - y0))))
        for i in range(steps + 1):
            u = i / steps
            self.dot(int(x0 + (x1 - x0) * u), int(y0 + (y1 - y0) * u))

    def circle(self, c: Point, r: float) -> None:
        cx, cy = self.to_dot(c)
        rd = r * self.scale
        n = max(8, math.ceil(2 * math.pi * rd))
        for i in range(n):
            a = 2 * math.pi * i / n
            self.dot(int(cx + rd * math.cos(a)), int(cy + rd * math.sin(a)))

    def rows(self) -> list[str]:
        return ["".join(chr(0x2800 + c) if c else " " for c in row) for row in self.cells]


def render_layers(
    pose: Pose, width: int, height: int, *, props: Sequence[str] = ()
) -> tuple[list[str], list[str]]:
    """(far limbs, everything else) as ``height`` rows of ``width`` cells each."""
    j = joints(pose)
    far = Canvas(width, height)
    main = Canvas(width, height)
    if not main.width or not main.height:
        return far.rows(), main.rows()
    main.line((X_MIN, 0.0), (X_MAX, 0.0))  # the floor
    for start, end in props_segments(props, pose.facing):
        main.line(start, end)
    for a, b in FAR_BONES:
        far.line(j[a], j[b])
    for a, b in BODY_BONES[:1] + NEAR_BONES:  # trunk and near limbs; the neck below
        main.line(j[a], j[b])
    (nx, ny), (hx, hy) = j["neck"], j["head"]
    k = 1.0 - HEAD_RADIUS / max(1e-9, math.hypot(hx - nx, hy - ny))
    main.line((nx, ny), (nx + (hx - nx) * k, ny + (hy - ny) * k))
    main.circle(j["head"], HEAD_RADIUS)
    return far.rows(), main.rows()


def render(pose: Pose, width: int, height: int, *, props: Sequence[str] = ()) -> list[str]:
    """One layer: far and near limbs merged."""
    far, main = render_layers(pose, width, height, props=props)
    out = []
    for frow, mrow in zip(far, main, strict=True):
        cells = []
        for fc, mc in zip(frow, mrow, strict=True):
            bits = (ord(fc) - 0x2800 if fc != " " else 0) | (ord(mc) - 0x2800 if mc != " " else 0)
            cells.append(chr(0x2800 + bits) if bits else " ")
        out.append("".join(cells))
    return out
