"""Call detection: the camera against a real process holding a device open; the microphone
against recorded /proc/asound state (no sound card here; the gap is named in docs/calendars.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from loosen.adapters.presence.linux import CallState, call_state, camera_in_use, microphone_in_use


def test_a_process_holding_the_camera_open_is_seen(tmp_path):
    device = tmp_path / "video0"
    device.write_bytes(b"")
    prefix = str(tmp_path / "video")
    assert camera_in_use(devices=prefix) is False
    holder = subprocess.Popen(
        [sys.executable, "-c", f"f = open({str(device)!r}); print('open', flush=True); input()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        assert camera_in_use(devices=prefix) is True
    finally:
        holder.communicate("\n", timeout=10)
    assert camera_in_use(devices=prefix) is False


def recorded_asound(root: Path, state: str) -> Path:
    sub = root / "asound" / "card0" / "pcm0c" / "sub0"
    sub.mkdir(parents=True)
    (sub / "status").write_text(f"state: {state}\nowner_pid   : 4242\n")
    playback = root / "asound" / "card0" / "pcm0p" / "sub0"
    playback.mkdir(parents=True)
    (playback / "status").write_text("state: RUNNING\n")  # music playing is not a call
    return root


def test_a_running_capture_stream_means_the_microphone_is_in_use(tmp_path):
    assert microphone_in_use(recorded_asound(tmp_path / "a", "RUNNING") / "asound") is True
    assert microphone_in_use(recorded_asound(tmp_path / "b", "SETUP") / "asound") is False
    (tmp_path / "c").mkdir()
    assert microphone_in_use(tmp_path / "c" / "asound") is False


def test_call_state_says_why():
    assert CallState(True, True).why() == "microphone and camera in use"
    assert not CallState(False, False).active
    assert call_state(devices="/nonexistent/video").camera is False
