"""The real player loop on a fake clock: no drift however late the wake-ups come."""

from __future__ import annotations

import io
import os
import random
import stat

from loosen.core.routine import build_timeline
from loosen.routines import Catalog
from loosen.terminal.cues import Cues
from loosen.terminal.player import Player, PlayerOptions
from loosen.testing import FakeClock

CATALOG = Catalog(None)


class LateKeys:
    """No keys pressed; every wait overshoots by up to 30 ms, like a busy machine."""

    def __init__(self, clock: FakeClock, seed: int, script: dict[int, str] | None = None) -> None:
        self.clock = clock
        self.rng = random.Random(seed)
        self.calls = 0
        self.script = script or {}

    def read(self, timeout: float) -> list[str]:
        self.calls += 1
        self.clock.advance(timeout + self.rng.uniform(0, 0.03))
        key = self.script.get(self.calls)
        return [key] if key else []

    def suspend(self) -> None: ...
    def resume(self) -> None: ...


def play(routine_id: str, keys_script: dict[int, str] | None = None, animation: bool = False):
    clock = FakeClock()
    routine = CATALOG.get(routine_id)
    timeline = build_timeline(routine)
    keys = LateKeys(clock, seed=7, script=keys_script)
    out = io.StringIO()
    player = Player(
        timeline,
        CATALOG.keyframes,
        clock=clock,
        keys=keys,  # type: ignore[arg-type]
        out=out,
        options=PlayerOptions(animation=animation, bell=False, voice=False, plain=True),
    )
    start = clock.monotonic()
    result = player.run()
    return timeline, result, clock.monotonic() - start, out.getvalue(), keys.calls


def test_a_whole_routine_takes_its_length_within_tens_of_milliseconds():
    timeline, result, wall, out, calls = play("glutes")
    assert result.ended == "completed"
    assert timeline.total <= wall <= timeline.total + 0.03
    # plain mode wakes once per step, not many times a second
    assert calls <= len(timeline.steps) + 2
    assert out.splitlines()[-1].startswith("Done: Glutes and hips. 11 of 11 steps done in 7:3")


def test_paused_time_is_excluded():
    # pause at the 3rd wake-up, resume at the 10th: paused waits are 1 s each
    timeline, result, wall, out, _ = play("desk-short", {3: "pause", 10: "pause"})
    assert result.ended == "completed"
    paused = result.session.paused_seconds(result.ended_at)
    assert 6.0 <= paused <= 7.5
    assert timeline.total <= wall - paused <= timeline.total + 0.06
    assert "Paused. Press space to go on." in out and "Going on." in out


def test_spoken_cues_use_espeak_ng_when_it_is_installed(tmp_path, monkeypatch):
    log = tmp_path / "spoken.txt"
    fake = tmp_path / "espeak-ng"
    fake.write_text(f'#!/bin/sh\nfor a in "$@"; do :; done\necho "$a" >> {log}\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    cues = Cues(io.StringIO(), bell=True, voice=True)
    cues.cue("Switch sides")
    cues.close()
    assert log.read_text() == "Switch sides\n"
    silent = Cues(io.StringIO(), bell=True, voice=False)
    assert silent.espeak is None
