"""Locking the screen when a break starts (``breaks.lock_screen``).

The desktop's screensaver over D-Bus first: ``org.freedesktop.ScreenSaver.Lock`` (KDE, Xfce,
MATE, Cinnamon) or ``org.gnome.ScreenSaver.Lock`` (GNOME); then the commands the desktop has:
``loginctl lock-session`` (systemd-logind tells the session's locker) and ``xdg-screensaver
lock``. ``how`` says which one would be used, for `loosen doctor`.
"""

from __future__ import annotations

import asyncio
import shutil
from typing import Any

SERVICES = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
)
COMMANDS = (("loginctl", "lock-session"), ("xdg-screensaver", "lock"))


async def _has_owner(bus: Any, name: str) -> bool:
    from dbus_fast import Message, MessageType

    try:
        reply = await bus.call(
            Message(
                destination="org.freedesktop.DBus",
                path="/org/freedesktop/DBus",
                interface="org.freedesktop.DBus",
                member="NameHasOwner",
                signature="s",
                body=[name],
            )
        )
    except Exception:  # noqa: BLE001 (no bus)
        return False
    return bool(reply.message_type == MessageType.METHOD_RETURN and reply.body[0])


async def _lock_over_dbus(bus: Any, name: str, path: str) -> bool:
    from dbus_fast import Message, MessageType

    try:
        reply = await asyncio.wait_for(
            bus.call(Message(destination=name, path=path, interface=name, member="Lock")), 5
        )
    except Exception:  # noqa: BLE001 (went away, or does not answer)
        return False
    return bool(reply.message_type == MessageType.METHOD_RETURN)


async def how(bus: Any | None) -> str | None:
    """What would lock the screen here ("org.gnome.ScreenSaver over D-Bus", a command), or None."""
    if bus is not None:
        for name in dict.fromkeys(n for n, _ in SERVICES):
            if await _has_owner(bus, name):
                return f"{name} over D-Bus"
    for cmd in COMMANDS:
        if shutil.which(cmd[0]):
            return f"`{' '.join(cmd)}`"
    return None


async def lock_screen(bus: Any | None) -> str | None:
    """Lock the screen now; what did it, or None when nothing could."""
    if bus is not None:
        for name, path in SERVICES:
            if await _has_owner(bus, name) and await _lock_over_dbus(bus, name, path):
                return f"{name} over D-Bus"
    for cmd in COMMANDS:
        found = shutil.which(cmd[0])
        if found is None:
            continue
        try:
            proc = await asyncio.create_subprocess_exec(
                found,
                *cmd[1:],
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
            code = await asyncio.wait_for(proc.wait(), 10)
        except (OSError, TimeoutError):
            continue
        if code == 0:
            return f"`{' '.join(cmd)}`"
    return None
