"""Draw the tray icon's pictures side by side (docs/img/tray-states.png), as the panel shows them.

.venv/bin/python scripts/draw_tray_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.xfce_panel import png  # noqa: E402

from loosen.adapters.tray.icon import draw  # noqa: E402

STATES = [
    ("sitting", 0.0),
    ("sitting", 0.25),
    ("sitting", 0.625),
    ("sitting", 1.0),
    ("due", 0.0),
    ("busy", 0.0),
    ("paused", 0.0),
    ("unseen", 0.0),
]
BACKGROUND = (51, 51, 51)  # the dark xfce4-panel's
SIZE, GAP = 48, 16


def main() -> None:
    width = len(STATES) * (SIZE + GAP) + GAP
    height = SIZE + 2 * GAP
    rgb = bytearray(bytes(BACKGROUND) * width * height)
    for n, (state, fill) in enumerate(STATES):
        pixels = draw(SIZE, state, fill)  # type: ignore[arg-type]
        left = GAP + n * (SIZE + GAP)
        for y in range(SIZE):
            for x in range(SIZE):
                a, r, g, b = pixels[(y * SIZE + x) * 4 : (y * SIZE + x) * 4 + 4]
                i = ((GAP + y) * width + left + x) * 3
                for k, c in enumerate((r, g, b)):
                    rgb[i + k] = round(c * a / 255 + BACKGROUND[k] * (255 - a) / 255)
    out = ROOT / "docs" / "img" / "tray-states.png"
    out.write_bytes(png(width, height, bytes(rgb)))
    sys.stdout.write(f"{out}\n")


if __name__ == "__main__":
    main()
