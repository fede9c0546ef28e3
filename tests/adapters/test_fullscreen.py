"""A window made full screen under Xvfb by a real window manager (openbox, driven with wmctrl)."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from loosen.adapters.presence.x11 import FullscreenDetector
from tests.desktop import xvfb

pytestmark = pytest.mark.slow


def wait(pred, limit: float = 10.0) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.05)
    return False


def test_a_full_screen_window_is_seen_and_a_normal_one_is_not():
    with xvfb() as display:
        # a clean environment: nothing left by earlier tests
        env = {"DISPLAY": display, "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/")}
        wm = subprocess.Popen(
            ["openbox", "--sm-disable"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # the window manager first, then the window: no race between the two
        assert wait(
            lambda: subprocess.run(["wmctrl", "-m"], env=env, capture_output=True).returncode == 0,
            limit=30,
        )
        from Xlib import X
        from Xlib import display as xdisplay

        d = xdisplay.Display(display)
        win = d.screen().root.create_window(
            10, 10, 200, 100, 0, d.screen().root_depth, X.InputOutput, X.CopyFromParent
        )
        win.set_wm_name("Slides")
        win.map()
        d.sync()
        detector = FullscreenDetector(display)
        try:

            def wmctrl(*args: str) -> None:
                subprocess.run(["wmctrl", *args], env=env, check=True, timeout=10)

            assert wait(
                lambda: (
                    subprocess.run(
                        ["wmctrl", "-l"], env=env, capture_output=True, text=True
                    ).stdout.count("Slides")
                    == 1
                ),
                limit=30,  # openbox's first start on a fresh machine is slow
            )
            wmctrl("-a", "Slides")  # activate it, as a click would
            assert wait(lambda: not detector.fullscreen()) and not detector.fullscreen()
            wmctrl("-r", "Slides", "-b", "add,fullscreen")
            assert wait(detector.fullscreen)
            wmctrl("-r", "Slides", "-b", "remove,fullscreen")
            assert wait(lambda: not detector.fullscreen())
        finally:
            detector.close()
            d.close()
            wm.terminate()
            wm.wait(timeout=10)
