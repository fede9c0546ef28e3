"""Is the user on a call right now? Linux detectors read from /proc, no subprocess.

* microphone: an ALSA capture substream is RUNNING (``/proc/asound/card*/pcm*c/sub*/status``);
  PipeWire and PulseAudio open the ALSA device while any program records;
* camera: some process of this user has a video device (``/dev/video*``) open
  (``/proc/<pid>/fd`` links).

They are asked with the other detectors when a still stretch may end the bout or a prompt is
due, and every 2 minutes while a call holds a break back; never on a timer of their own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class CallState:
    microphone: bool
    camera: bool

    @property
    def active(self) -> bool:
        return self.microphone or self.camera

    def why(self) -> str:
        parts = [
            name for name, on in (("microphone", self.microphone), ("camera", self.camera)) if on
        ]
        return " and ".join(parts) + " in use" if parts else ""


def microphone_in_use(asound: Path = Path("/proc/asound")) -> bool:
    for status in asound.glob("card*/pcm*c/sub*/status"):
        try:
            if "state: RUNNING" in status.read_text():
                return True
        except OSError:
            continue
    return False


def camera_in_use(proc: Path = Path("/proc"), devices: str = "/dev/video") -> bool:
    for pid in proc.iterdir():
        if not pid.name.isdigit():
            continue
        fd_dir = pid / "fd"
        try:
            fds = os.listdir(fd_dir)
        except OSError:
            continue  # another user's process, or gone
        for fd in fds:
            try:
                target = os.readlink(fd_dir / fd)
            except OSError:
                continue
            if target.startswith(devices):
                return True
    return False


def call_state(proc: Path = Path("/proc"), devices: str = "/dev/video") -> CallState:
    return CallState(microphone_in_use(proc / "asound"), camera_in_use(proc, devices))
