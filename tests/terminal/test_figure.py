from __future__ import annotations

import json
from pathlib import Path

import pytest

from loosen.core.pose import load_keyframes, mirror
from loosen.terminal.figure import render, render_layers

ROOT = Path(__file__).resolve().parents[2]
KEYFRAMES = load_keyframes(
    json.loads((ROOT / "src" / "loosen" / "content" / "keyframes.json").read_text())
)

# braille dot bits by (column, row) within a cell
BITS = {(0, 0): 0x01, (0, 1): 0x02, (0, 2): 0x04, (0, 3): 0x40,
        (1, 0): 0x08, (1, 1): 0x10, (1, 2): 0x20, (1, 3): 0x80}  # fmt: skip


def dots(rows: list[str]) -> set[tuple[int, int]]:
    out = set()
    for cy, row in enumerate(rows):
        for cx, ch in enumerate(row):
            code = ord(ch) - 0x2800 if ch != " " else 0
            for (dx, dy), bit in BITS.items():
                if code & bit:
                    out.add((cx * 2 + dx, cy * 4 + dy))
    return out


@pytest.mark.parametrize("size", [(20, 10), (40, 20), (80, 40)])
@pytest.mark.parametrize("name", sorted(KEYFRAMES))
def test_every_keyframe_renders_at_every_size(name, size):
    w, h = size
    rows = render(KEYFRAMES[name], w, h, props=("chair", "desk", "mat"))
    assert len(rows) == h and all(len(r) == w for r in rows)
    assert all(ch == " " or 0x2800 <= ord(ch) <= 0x28FF for r in rows for ch in r)
    for layer in render_layers(mirror(KEYFRAMES[name]), w, h, props=("chair", "desk", "mat")):
        assert len(layer) == h and all(len(r) == w for r in layer)


def test_a_standing_figure_fills_the_height():
    rows = render(KEYFRAMES["REF_stand"], 40, 20)
    d = dots(rows)
    ys = [y for _, y in d if y < 75]  # leave out the floor line at the bottom
    assert min(ys) < 20 and max(ys) > 60  # head near the top, feet near the floor


def flip(d: set[tuple[int, int]], width: int) -> set[tuple[int, int]]:
    return {(2 * width - 1 - x, y) for x, y in d}


def test_mirroring_flips_the_dot_pattern_left_to_right():
    pose = KEYFRAMES["8_standing_fig4_hold"]
    a = dots(render(pose, 40, 20, props=("desk",)))
    b = dots(render(mirror(pose), 40, 20, props=("desk",)))
    assert a != b  # the pose is asymmetric...
    assert flip(a, 40) == b  # ...and its mirror image lights exactly the flipped dots


@pytest.mark.parametrize("size", [(40, 20), (33, 17), (60, 24)])
@pytest.mark.parametrize("name", sorted(KEYFRAMES))
def test_every_keyframe_mirrors_dot_for_dot(name, size):
    w, h = size
    pose = KEYFRAMES[name]
    for layer in (0, 1):
        a = dots(render_layers(pose, w, h, props=("chair", "desk"))[layer])
        b = dots(render_layers(mirror(pose), w, h, props=("chair", "desk"))[layer])
        assert flip(a, w) == b, layer


def test_the_nose_shows_which_way_the_figure_faces():
    def head_extent(pose):
        rows = render_layers(pose, 40, 20)[1]
        head = [(x, y) for x, y in dots(rows) if y < 22]  # the head (centre at y 17.9, radius 3.5)
        xs = [x for x, _ in head]
        return min(xs), max(xs)

    lo, hi = head_extent(KEYFRAMES["REF_stand"])
    assert hi - 40 > 40 - lo  # the nose sticks out toward +x (the centre is dot column 40)
    lo, hi = head_extent(mirror(KEYFRAMES["REF_stand"]))
    assert 40 - lo > hi - 40


def test_dim_far_draws_the_far_limbs_dotted():
    pose = KEYFRAMES["D2_lunge_bottom"]
    far, main = (dots(layer) for layer in render_layers(pose, 60, 24))
    solid = dots(render(pose, 60, 24, dim_far=False))
    dotted = dots(render(pose, 60, 24))
    assert solid == far | main
    assert main <= dotted <= solid
    lighter = len(dotted - main)
    assert 0.3 * len(far - main) < lighter < 0.7 * len(far - main)


def test_far_limbs_are_a_separate_layer():
    far, near = render_layers(KEYFRAMES["D2_lunge_bottom"], 40, 20)
    assert dots(far) and dots(near)
    assert dots(far) - dots(near)  # the far leg is drawn only in the far layer


def test_tiny_and_empty_canvases_do_not_crash():
    rows = render(KEYFRAMES["REF_sit"], 1, 1)
    assert len(rows) == 1 and len(rows[0]) == 1
    assert render(KEYFRAMES["REF_sit"], 0, 0) == []
    assert render(KEYFRAMES["REF_sit"], 0, 3) == ["", "", ""]
    assert render_layers(KEYFRAMES["REF_sit"], 5, 0) == ([], [])


def test_props_are_drawn_and_mirrored_with_the_figure():
    pose = KEYFRAMES["REF_sit"]
    bare = dots(render(pose, 40, 20))
    chair = dots(render(pose, 40, 20, props=("chair",)))
    assert bare < chair
    back = {(x, y) for x, y in chair - bare if y < 40}  # the chair back, above the seat
    assert back and all(x < 40 for x, _ in back)  # behind a figure facing +x
    mirrored = dots(render(mirror(pose), 40, 20, props=("chair",)))
    assert flip(chair, 40) == mirrored
