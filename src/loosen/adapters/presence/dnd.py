"""The desktop's do-not-disturb mode.

KDE Plasma (and other freedesktop notification servers) publish it as the ``Inhibited`` property of
``org.freedesktop.Notifications``; GNOME keeps it in the setting
``org.gnome.desktop.notifications show-banners`` (false = do not disturb), read with ``gsettings``.
Asked with the other detectors when a still stretch may end the bout or a prompt is due.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Mapping
from typing import Any

from loosen.i18n import _


async def inhibited(bus: Any) -> bool:
    from dbus_fast import Message, MessageType, Variant

    try:
        reply = await bus.call(
            Message(
                destination="org.freedesktop.Notifications",
                path="/org/freedesktop/Notifications",
                interface="org.freedesktop.DBus.Properties",
                member="Get",
                signature="ss",
                body=["org.freedesktop.Notifications", "Inhibited"],
            )
        )
    except Exception:  # noqa: BLE001 (no bus, no server)
        return False
    if reply.message_type != MessageType.METHOD_RETURN or not reply.body:
        return False
    value = reply.body[0]
    return bool(value.value if isinstance(value, Variant) else value)


async def gnome_banners_off(environ: Mapping[str, str]) -> bool:
    if "GNOME" not in environ.get("XDG_CURRENT_DESKTOP", "").upper():
        return False
    gsettings = shutil.which("gsettings")
    if gsettings is None:
        return False
    try:
        proc = await asyncio.create_subprocess_exec(
            gsettings,
            "get",
            "org.gnome.desktop.notifications",
            "show-banners",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        out, _ = await asyncio.wait_for(proc.communicate(), 5)
    except (OSError, TimeoutError):
        return False
    return out.strip() == b"false"


async def do_not_disturb(bus: Any | None, environ: Mapping[str, str]) -> str:
    """ "" when off, else a short reason for `loosen status`."""
    if bus is not None and await inhibited(bus):
        return _("do-not-disturb is on")
    if await gnome_banners_off(environ):
        return _("do-not-disturb is on")
    return ""
