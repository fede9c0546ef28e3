"""A real tray host for tests: Debian's xfce4-panel (its notification area speaks
StatusNotifierItem and runs the org.kde.StatusNotifierWatcher) on an Xvfb display and a private
session bus, with a one-panel configuration of our own; and screenshots of the display as PNG."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

XFCONFD = "/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd"

PANEL_XML = """<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="dark-mode" type="bool" value="true"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="icon-size" type="uint" value="0"/>
      <property name="size" type="uint" value="{size}"/>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
        <value type="int" value="2"/>
        <value type="int" value="3"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="separator">
      <property name="expand" type="bool" value="true"/>
      <property name="style" type="uint" value="0"/>
    </property>
    <property name="plugin-2" type="string" value="systray">
      <property name="square-icons" type="bool" value="true"/>
      <property name="known-items" type="array">
        <value type="string" value="loosen"/>
      </property>
    </property>
    <property name="plugin-3" type="string" value="clock">
      <property name="digital-format" type="string" value="%H:%M"/>
    </property>
  </property>
</channel>
"""


@contextmanager
def xfce_panel(display: str, bus: str, size: int = 32) -> Iterator[dict[str, str]]:
    """xfce4-panel (and xfconfd, which a private bus does not start by itself) on ``display``
    and ``bus``; yields the environment they run in."""
    for exe in ("xfce4-panel", XFCONFD):
        if shutil.which(exe) is None and not Path(exe).exists():
            raise RuntimeError(f"{exe} is not installed; ./dev.sh test installs xfce4-panel")
    home = Path(tempfile.mkdtemp(prefix="loosen-xfce-"))
    conf = home / ".config" / "xfce4" / "xfconf" / "xfce-perchannel-xml"
    conf.mkdir(parents=True)
    (conf / "xfce4-panel.xml").write_text(PANEL_XML.format(size=size))
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "DISPLAY": display,
        "DBUS_SESSION_BUS_ADDRESS": bus,
        "NO_AT_BRIDGE": "1",
        "GTK_THEME": "Adwaita:dark",
    }
    procs = [
        subprocess.Popen([XFCONFD], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ]
    try:
        procs.append(
            subprocess.Popen(
                ["xfce4-panel", "--disable-wm-check"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        yield env
    finally:
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        shutil.rmtree(home, ignore_errors=True)


def grab(display: str, box: tuple[int, int, int, int] | None = None) -> tuple[int, int, bytes]:
    """The display's pixels (width, height, RGB rows), or those of ``box`` (x, y, w, h)."""
    from Xlib import X
    from Xlib import display as xdisplay

    d = xdisplay.Display(display)
    try:
        root = d.screen().root
        geo = root.get_geometry()
        x, y, w, h = box or (0, 0, geo.width, geo.height)
        raw = root.get_image(x, y, w, h, X.ZPixmap, 0xFFFFFFFF).data
    finally:
        d.close()
    rgb = bytearray(w * h * 3)
    rgb[0::3], rgb[1::3], rgb[2::3] = raw[2::4], raw[1::4], raw[0::4]  # BGRX on a 24-bit Xvfb
    return w, h, bytes(rgb)


def png(width: int, height: int, rgb: bytes, scale: int = 1) -> bytes:
    """An RGB PNG (standard library only), each pixel ``scale`` times as big."""
    rows = []
    for y in range(height):
        row = rgb[y * width * 3 : (y + 1) * width * 3]
        if scale > 1:
            row = b"".join(row[i : i + 3] * scale for i in range(0, len(row), 3))
        rows.extend([b"\0" + row] * scale)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width * scale, height * scale, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )
