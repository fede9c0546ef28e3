"""A short chime, generated once and played by what the desktop has.

The sound is ours: sine tones with a soft attack and an exponential decay, written with the
standard library's ``wave`` module to the runtime folder (one file per kind and volume, so every
player plays it at the volume set: ``aplay`` has no volume option). Played by ``pw-play``
(PipeWire), ``paplay`` (PulseAudio) or ``aplay`` (ALSA), whichever is found first, without
waiting for it to finish; the child is reaped on the event loop.
"""

from __future__ import annotations

import array
import asyncio
import math
import os
import shutil
import sys
import wave
from pathlib import Path
from typing import Literal

Kind = Literal["heads-up", "break-end"]
PLAYERS = ("pw-play", "paplay", "aplay")
RATE = 22_050
#: (frequency Hz, start s, length s) of each tone
TONES: dict[Kind, tuple[tuple[float, float, float], ...]] = {
    "heads-up": ((659.25, 0.0, 0.6),),  # E5: a single soft note
    "break-end": ((659.25, 0.0, 0.45), (880.0, 0.18, 0.7)),  # E5 then A5: rising, done
}


def samples(kind: Kind, volume: int) -> array.array[int]:
    end = max(start + length for _, start, length in TONES[kind])
    out = array.array("h", bytes(2 * int(end * RATE)))
    peak = 0.5 * 32767 * max(0, min(100, volume)) / 100
    for freq, start, length in TONES[kind]:
        first = int(start * RATE)
        for i in range(int(length * RATE)):
            t = i / RATE
            env = min(1.0, t / 0.01) * math.exp(-5.0 * t / length)
            v = out[first + i] + peak * env * math.sin(2 * math.pi * freq * t)
            out[first + i] = max(-32767, min(32767, int(v)))
    return out


def chime_file(folder: Path, kind: Kind, volume: int) -> Path:
    """The chime's WAV file in ``folder``, written the first time it is asked for."""
    path = folder / f"chime-{kind}-{volume}.wav"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    data = samples(kind, volume)
    if sys.byteorder == "big":
        data.byteswap()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(data.tobytes())
    tmp.replace(path)
    return path


def player() -> str | None:
    """The first of pw-play, paplay and aplay found on PATH."""
    for name in PLAYERS:
        found = shutil.which(name)
        if found:
            return found
    return None


class Chime:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._children: set[asyncio.Task[None]] = set()

    async def play(self, kind: Kind, volume: int) -> bool:
        """Start playing; False when there is no player or the volume is 0."""
        exe = player()
        if exe is None or volume <= 0:
            return False
        path = chime_file(self.folder, kind, volume)
        args = [exe, "-q", str(path)] if Path(exe).name == "aplay" else [exe, str(path)]
        try:
            proc = await asyncio.create_subprocess_exec(
                *args,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
        except OSError:
            return False
        task = asyncio.get_running_loop().create_task(self._reap(proc))
        self._children.add(task)
        task.add_done_callback(self._children.discard)
        return True

    async def _reap(self, proc: asyncio.subprocess.Process) -> None:
        try:
            await asyncio.wait_for(proc.wait(), 30)
        except TimeoutError:
            proc.kill()
            await proc.wait()

    async def close(self) -> None:
        for task in list(self._children):
            await task
