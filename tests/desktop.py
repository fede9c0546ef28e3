"""Real desktop pieces for tests: an Xvfb display and a private D-Bus session bus."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
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


@contextmanager
def xvfb(screen: str = "800x600x24") -> Iterator[str]:
    """A fresh Xvfb display; yields its name (":N").

    Xvfb picks a free display number itself and writes it to a pipe once it is ready
    (``-displayfd``): no race with another test run choosing the same number at the same moment.
    """
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is not installed; ./dev.sh test installs it")
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", screen, "-nolisten", "tcp"],
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
