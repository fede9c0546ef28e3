"""An idle inhibitor held: a video player or a browser playing a film asked the desktop not to
blank the screen, so the user is there, watching, without touching anything.

GNOME: ``org.gnome.SessionManager.IsInhibited(8)`` (8 = the "idle" flag) on the session bus.
KDE and others: ``org.freedesktop.PowerManagement.Inhibit.HasInhibit()``. Asked when the idle time
crosses a threshold, never on a timer; a desktop that has neither answers "" (not inhibited).
"""

from __future__ import annotations

import asyncio
from typing import Any

IDLE_FLAG = 8

CHECKS: tuple[tuple[Any, ...], ...] = (
    # (bus name, path, interface, member, signature, body, what it means)
    (
        "org.gnome.SessionManager",
        "/org/gnome/SessionManager",
        "org.gnome.SessionManager",
        "IsInhibited",
        "u",
        [IDLE_FLAG],
        "an application keeps GNOME from going idle",
    ),
    (
        "org.freedesktop.PowerManagement",
        "/org/freedesktop/PowerManagement/Inhibit",
        "org.freedesktop.PowerManagement.Inhibit",
        "HasInhibit",
        "",
        [],
        "an application keeps the screen from blanking",
    ),
)


async def _ask(bus: Any, check: tuple[Any, ...]) -> bool:
    from dbus_fast import Message, MessageType

    name, path, iface, member, sig, body, _ = check
    reply = await asyncio.wait_for(
        bus.call(
            Message(
                destination=name,
                path=path,
                interface=iface,
                member=member,
                signature=sig,
                body=body,
            )
        ),
        timeout=1.0,
    )
    return bool(
        reply.message_type == MessageType.METHOD_RETURN and reply.body and reply.body[0] is True
    )


async def idle_inhibited(bus: Any) -> str:
    """What holds an idle inhibitor ("" when nothing does, or nothing can tell)."""
    for check in CHECKS:
        try:
            if await _ask(bus, check):
                return str(check[-1])
        except Exception:  # noqa: BLE001 (no such service here)
            continue
    return ""
