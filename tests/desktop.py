"""Real desktop pieces for tests: an Xvfb display and a private D-Bus session bus."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def unused_display(first: int = 90) -> int:
    """A display number no X server uses now: neither its socket nor its lock file exists (other
    tests, and other people's Xvfb, may hold any fixed number)."""
    for n in range(first, first + 400):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError(f"no free X display number from :{first}")


@contextmanager
def xvfb(screen: str = "800x600x24", *more: str) -> Iterator[str]:
    """A fresh Xvfb display; yields its name (":N").

    Xvfb picks a free display number itself and writes it to a pipe once it is ready
    (``-displayfd``): no race with another test run choosing the same number at the same moment.
    """
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is not installed; ./dev.sh test installs it")
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", screen, "-nolisten", "tcp", *more],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write,),
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number.isdigit():
            raise RuntimeError(f"Xvfb did not start (exit status {proc.poll()})")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def session_bus() -> Iterator[str]:
    """A private D-Bus session bus with no service directories (nothing auto-starts)."""
    folder = Path(tempfile.mkdtemp(prefix="loosen-bus-"))
    socket = folder / "bus"
    config = folder / "session.conf"
    config.write_text(BUS_CONFIG.format(socket=socket))
    proc = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()
        if not address:
            raise RuntimeError("dbus-daemon did not start")
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)


def xdotool(display: str, *args: str) -> None:
    subprocess.run(
        ["xdotool", *args], env={**os.environ, "DISPLAY": display}, check=True, timeout=10
    )


@contextmanager
def two_monitors(width: int = 1280, other: int = 1024, height: int = 800) -> Iterator[str]:
    """An Xvfb display with two monitors side by side (RandR 1.5 monitors on one wide screen:
    ``xrandr --setmonitor``) and openbox managing windows on them; yields the display's name.

    ``-noreset``: Xvfb would otherwise reset when its last client leaves, forgetting the
    monitors (xrandr itself is such a client)."""
    with xvfb(f"{width + other}x{height}x24", "-noreset") as name:
        env = {"DISPLAY": name, "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/")}
        for args in (
            ["left", f"{width}/340x{height}/210+0+0", "screen"],
            ["right", f"{other}/270x{height}/210+{width}+0", "none"],
        ):
            subprocess.run(
                ["xrandr", "--setmonitor", *args],
                env=env,
                check=True,
                timeout=10,
                capture_output=True,
            )
        wm = subprocess.Popen(
            ["openbox", "--sm-disable"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30  # openbox's first start on a fresh machine is slow
            while subprocess.run(["wmctrl", "-m"], env=env, capture_output=True).returncode:
                if time.monotonic() > deadline:
                    raise RuntimeError("openbox did not start")
                time.sleep(0.1)
            yield name
        finally:
            wm.terminate()
            wm.wait(timeout=10)


def windows(display: str) -> list[tuple[int, int, int, int, str]]:
    """The managed windows (x, y, width, height, title), as ``wmctrl -lG`` lists them."""
    out = subprocess.run(
        ["wmctrl", "-lG"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=10,
    ).stdout
    found = []
    for line in out.splitlines():
        parts = line.split(None, 7)
        if len(parts) == 8:
            x, y, w, h = (int(v) for v in parts[2:6])
            found.append((x, y, w, h, parts[7]))
    return found


class VideoPlayer:
    """What an X11 video player does about the screensaver, through libX11 and libXss: a
    heartbeat (``XResetScreenSaver``, as mpv, VLC and ``xdg-screensaver reset`` do) or
    ``XScreenSaverSuspend`` (SDL and mpv)."""

    def __init__(self, display: str) -> None:
        import ctypes

        self._x = ctypes.CDLL("libX11.so.6")
        self._xss = ctypes.CDLL("libXss.so.1")
        self._x.XOpenDisplay.restype = ctypes.c_void_p
        self._x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        for fn in ("XResetScreenSaver", "XCloseDisplay"):
            getattr(self._x, fn).argtypes = [ctypes.c_void_p]
        self._x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self._xss.XScreenSaverSuspend.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self._dpy = self._x.XOpenDisplay(display.encode())
        if not self._dpy:
            raise RuntimeError(f"cannot open {display}")

    def heartbeat(self) -> None:
        self._x.XResetScreenSaver(self._dpy)
        self._x.XSync(self._dpy, 0)

    def suspend_screensaver(self, suspend: bool = True) -> None:
        self._xss.XScreenSaverSuspend(self._dpy, int(suspend))
        self._x.XSync(self._dpy, 0)

    def close(self) -> None:
        self._x.XCloseDisplay(self._dpy)
