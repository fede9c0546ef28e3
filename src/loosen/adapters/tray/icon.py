"""The tray icon, drawn by us: ARGB32 pixmaps (network byte order) as StatusNotifierItem wants.

No image library: a few shapes (a disc, a ring, bars, a triangle), each pixel's coverage found by
sampling it 4x4 times, so the edges are smooth at 22, 32 and 48 pixels. The pictures:

* ``sitting``: a ring whose inside fills from the bottom as the next break comes nearer;
* ``due``: a full orange disc with an arrow pointing up (stand up);
* ``busy``: a blue disc with three dots (in a meeting or a call: no break now);
* ``paused``: a grey disc with two bars;
* ``unseen``: a grey ring with a slash (activity cannot be seen: loosen runs as a timer).

Pictures are cached by state and fill (in sixteenths), so a refresh that changes nothing visible
draws nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Literal

State = Literal["sitting", "due", "busy", "paused", "unseen"]
SIZES = (22, 32, 48)
FILL_STEPS = 16

RGB = tuple[int, int, int]
TEAL: RGB = (38, 166, 154)
ORANGE: RGB = (239, 108, 0)
BLUE: RGB = (30, 136, 229)
GREY: RGB = (120, 126, 132)
WHITE: RGB = (255, 255, 255)

#: A shape: (x, y) in units of the icon's size (0..1, y down) -> inside or not.
Shape = Callable[[float, float], bool]

C, R = 0.5, 0.46  # centre and outer radius of the disc
RING = 0.11  # the ring's width


def _disc(r: float) -> Shape:
    return lambda x, y: (x - C) ** 2 + (y - C) ** 2 <= r * r


def _ring(r: float, width: float) -> Shape:
    inner = r - width
    return lambda x, y: inner * inner < (x - C) ** 2 + (y - C) ** 2 <= r * r


def _rect(x0: float, y0: float, x1: float, y1: float) -> Shape:
    return lambda x, y: x0 <= x <= x1 and y0 <= y <= y1


def _level(fill: float) -> Shape:
    """The inside of the ring, up to a level that rises with ``fill`` (0..1)."""
    inner = R - RING - 0.035
    top = C + inner - 2 * inner * fill
    return lambda x, y: y >= top and (x - C) ** 2 + (y - C) ** 2 <= inner * inner


def _up_arrow() -> Shape:
    def head(x: float, y: float) -> bool:
        return 0.2 <= y <= 0.5 and abs(x - C) <= (y - 0.2) * 0.9

    stem = _rect(0.41, 0.48, 0.59, 0.78)
    return lambda x, y: head(x, y) or stem(x, y)


def _dots() -> Shape:
    dots = [(0.27, 0.5), (0.5, 0.5), (0.73, 0.5)]
    return lambda x, y: any((x - a) ** 2 + (y - b) ** 2 <= 0.075**2 for a, b in dots)


def _slash() -> Shape:
    # a band along the diagonal from the top right to the bottom left, inside the disc
    inside = _disc(R - 0.02)
    return lambda x, y: abs((x - C) + (y - C)) <= 0.075 and inside(x, y)


def layers(state: State, fill: float) -> list[tuple[Shape, RGB]]:
    """What is painted, bottom first."""
    if state == "sitting":
        out = [(_ring(R, RING), TEAL)]
        if fill > 0:
            out.append((_level(fill), TEAL))
        return out
    if state == "due":
        return [(_disc(R), ORANGE), (_up_arrow(), WHITE)]
    if state == "busy":
        return [(_disc(R), BLUE), (_dots(), WHITE)]
    if state == "paused":
        return [
            (_disc(R), GREY),
            (_rect(0.34, 0.28, 0.45, 0.72), WHITE),
            (_rect(0.55, 0.28, 0.66, 0.72), WHITE),
        ]
    return [(_ring(R, RING), GREY), (_slash(), GREY)]


SUB = 4  # samples per pixel along each axis


def draw(size: int, state: State, fill: float = 0.0) -> bytes:
    """One ARGB32 pixmap, rows top to bottom, each pixel A, R, G, B (big-endian)."""
    painted = layers(state, fill)
    out = bytearray(size * size * 4)
    step = 1.0 / (size * SUB)
    offsets = [(i + 0.5) * step for i in range(SUB)]
    for py in range(size):
        for px in range(size):
            a = r = g = b = 0.0
            for shape, colour in painted:
                hits = 0
                for oy in offsets:
                    y = py / size + oy
                    for ox in offsets:
                        if shape(px / size + ox, y):
                            hits += 1
                if not hits:
                    continue
                cover = hits / (SUB * SUB)
                # "over" compositing, premultiplied
                r = colour[0] * cover + r * (1 - cover)
                g = colour[1] * cover + g * (1 - cover)
                b = colour[2] * cover + b * (1 - cover)
                a = cover + a * (1 - cover)
            if a:
                i = (py * size + px) * 4
                out[i] = round(a * 255)
                out[i + 1] = round(r / a)
                out[i + 2] = round(g / a)
                out[i + 3] = round(b / a)
    return bytes(out)


def quantize(fill: float) -> float:
    return round(max(0.0, min(1.0, fill)) * FILL_STEPS) / FILL_STEPS


@lru_cache(maxsize=2)
def pixmaps(state: State, fill: float = 0.0) -> tuple[tuple[int, int, bytes], ...]:
    """The icon at every size, as the IconPixmap property's (width, height, bytes) triples."""
    return tuple((s, s, draw(s, state, fill)) for s in SIZES)
