"""Where a key path is written in a TOML text (for problems shown beside their line)."""

from __future__ import annotations

import tomllib

from loosen.keylines import key_positions, locate

TEXT = '''\
# a comment with name = "not a key"
name = "My hips"
summary = """
[[moves]]
seconds = 1
"""
steps = [
  "x = 1",  # [ not a table
  'y = [',
]
animation = { keyframes = ["REF_sit"], style = "hold" }
"quoted key" = 1

[[moves]]
move = "walk"

[[moves]]
  move = "seated-march"
  seconds = 20
[[moves.extra]]
a = 1

[custom_moves.my-move]
name = "Mine"
[custom_moves.my-move.animation]
keyframes = ["REF_sit"]
'''


def test_every_written_key_is_found_and_values_over_lines_are_skipped() -> None:
    tomllib.loads(TEXT)  # the fixture is valid TOML
    pos = key_positions(TEXT)
    assert pos == {
        "name": (2, 1),
        "summary": (3, 1),
        "steps": (7, 1),
        "animation": (11, 1),
        "quoted key": (12, 1),
        "moves": (14, 1),
        "moves[0]": (14, 1),
        "moves[0].move": (15, 1),
        "moves[1]": (17, 1),
        "moves[1].move": (18, 3),
        "moves[1].seconds": (19, 3),
        "moves[1].extra": (20, 1),
        "moves[1].extra[0]": (20, 1),
        "moves[1].extra[0].a": (21, 1),
        "custom_moves.my-move": (23, 1),
        "custom_moves.my-move.name": (24, 1),
        "custom_moves.my-move.animation": (25, 1),
        "custom_moves.my-move.animation.keyframes": (26, 1),
    }


def test_a_key_not_written_points_at_its_nearest_written_parent() -> None:
    pos = key_positions(TEXT)
    assert locate(pos, "moves[1].seconds") == (19, 3)
    assert locate(pos, "moves[0].seconds") == (14, 1)  # missing: the table's header
    assert locate(pos, "steps[1]") == (7, 1)  # an item: its array
    assert locate(pos, "animation.style") == (11, 1)  # inside an inline table
    assert locate(pos, "custom_moves.my-move.animation.keyframes[0]") == (26, 1)
    assert locate(pos, "moves[7].move") == (14, 1)
    assert locate(pos, "cue") is None
    assert locate(pos, "") is None
