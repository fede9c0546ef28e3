"""The terminal player in a language of double-width characters, under a real tmux: the big
countdown, the figure and the text keep their places and nothing runs past the edge.

Until a real Japanese or Chinese catalog exists, the pseudo-locale ``xc`` writes every message in
full-width letters (two cells each), which is harder on the layout than real text."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from loosen.cells import cells
from tests.conftest import Home

pytestmark = pytest.mark.slow

COLS, ROWS = 100, 30


class Tmux:
    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.socket = f"loosen-test-{uuid.uuid4().hex[:8]}"
        command = [sys.executable, "-m", "loosen", *args]
        exports = [f"{k}={v}" for k, v in env.items()]
        self._tmux(
            "-f", "/dev/null", "new-session", "-d", "-s", "p", "-x", str(COLS), "-y", str(ROWS),
            "env", "-i", *exports, *command,
        )  # fmt: skip
        self._tmux("set-option", "-t", "p", "remain-on-exit", "on")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        ).stdout

    def screen(self) -> list[str]:
        return self._tmux("capture-pane", "-p", "-t", "p").split("\n")[:ROWS]

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "p", *keys)

    def wait_for(self, text: str, timeout: float = 20) -> list[str]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            lines = self.screen()
            if any(text in line for line in lines):
                return lines
            time.sleep(0.1)
        raise AssertionError("never shown: " + text + "\n" + "\n".join(self.screen()))

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def player_xc(home: Home, pseudo_dir: Path) -> Iterator[Tmux]:
    assert shutil.which("tmux"), "tmux is a test dependency (dev.sh installs it)"
    env = {
        **{k: home.env[k] for k in ("LOOSEN_CONFIG_DIR", "LOOSEN_DATA_DIR", "TZ")},
        "LOOSEN_PLAYER_VOICE": "false",
        "LANG": "xc.UTF-8",
        "LOOSEN_LOCALE_DIR": str(pseudo_dir),
        "TERM": "xterm-256color",
        "PATH": "/usr/bin:/bin",
    }
    t = Tmux(env, "stretch", "desk-short", "--quiet")
    try:
        yield t
    finally:
        t.close()


def test_the_player_keeps_its_layout_with_double_width_text(player_xc: Tmux) -> None:
    # the disclaimer and the screening questions, wrapped by cells
    first = player_xc.wait_for("[1/7]")
    assert all(cells(line) <= COLS for line in first), first
    assert first[0].startswith("「ｌｏｏｓｅｎ")
    for _ in range(7):
        player_xc.keys("n", "Enter")
        time.sleep(0.2)
    lines = player_xc.wait_for("「Ｍｏｖｅ　1　ｏｆ　5」")
    time.sleep(1.2)
    lines = player_xc.screen()
    text = "\n".join(lines)
    # nothing runs past the edge, so tmux wrapped nothing and the screen did not scroll
    assert all(cells(line) <= COLS for line in lines), text
    assert lines[0].startswith("loosen · 「Ｄｅｓｋ，"), text
    assert lines[0].rstrip().endswith("/ 5:19"), text
    # the figure is drawn in braille on the left, the text column starts at one cell offset
    figure_rows = [
        i for i, line in enumerate(lines) if any("\u2800" <= c <= "\u28ff" for c in line)
    ]
    assert len(figure_rows) >= 10, text
    # the big countdown: five rows of block digits, starting in the same cell column
    big = [line for line in lines if "█" in line]
    assert len(big) == 5, text
    starts = {cells(line[: line.index("█")]) for line in big}
    assert len(starts) == 1 and starts.pop() > COLS // 3, text
    # the wide text sits in the same column as the countdown
    move = next(line for line in lines if "「Ｗａｌｋ」" in line)
    assert cells(move[: move.index("「Ｗａｌｋ」")]) == cells(big[0][: big[0].index("█")]), text
    # the progress bar and the keys stay at the bottom, the keys wrapped by rich, not by tmux
    bar = next(i for i, line in enumerate(lines) if line.rstrip().endswith("%"))
    assert "━" in lines[bar] and cells(lines[bar].rstrip()) == COLS, text
    assert lines[bar + 1].startswith("「ｓｐａｃｅ　ｐａｕｓｅ"), text
    player_xc.keys("q")
