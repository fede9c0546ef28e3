"""An idle inhibitor held: a video player or a browser playing a film asked the desktop to keep the
screen on, so the user is there, watching, without touching anything.

Programs ask through ``org.freedesktop.ScreenSaver.Inhibit`` (browsers, mpv, VLC on KDE and
Xfce), ``org.freedesktop.PowerManagement.Inhibit``, GNOME's session manager or the desktop portal.
That freedesktop ScreenSaver interface has no call that tells whether anything inhibits it, so
loosen asks the desktop's own book-keeping, where the inhibits end up:

- GNOME: ``org.gnome.SessionManager.IsInhibited(8)`` (8 = the "idle" flag).
- KDE Plasma: the ScreenSaver service (KWin on Wayland, the screen locker on X11) hands each
  inhibit to PowerDevil as a "screen settings" inhibition (policy 4), and
  ``org.kde.Solid.PowerManagement.PolicyAgent.HasInhibition(4)`` tells whether one is held.
  PowerDevil counts an inhibition only once it has been held for 5 seconds. Its
  ``org.freedesktop.PowerManagement.Inhibit.HasInhibit`` is not asked: it is also true for
  inhibits that only keep the computer awake (a download, a backup), which say nothing about
  the user (checked on Plasma 5.27).
- Elsewhere (Xfce's power manager): ``org.freedesktop.PowerManagement.Inhibit.HasInhibit``;
  xfce4-power-manager turns the screen's power saving and the screensaver off while one is held.

Asked when the idle time crosses a threshold, never on a timer; a desktop that has none of these
answers "" (not inhibited).
"""

from __future__ import annotations

import asyncio
from typing import Any

from loosen.i18n import _

IDLE_FLAG = 8  # GNOME: inhibit the session being marked idle
SCREEN_POLICY = 4  # PowerDevil: ChangeScreenSettings

#: (bus name, path, interface, member, signature, body) of one yes/no question
Question = tuple[str, str, str, str, str, list[int]]

GNOME: Question = (
    "org.gnome.SessionManager",
    "/org/gnome/SessionManager",
    "org.gnome.SessionManager",
    "IsInhibited",
    "u",
    [IDLE_FLAG],
)
KDE: Question = (
    "org.kde.Solid.PowerManagement.PolicyAgent",
    "/org/kde/Solid/PowerManagement/PolicyAgent",
    "org.kde.Solid.PowerManagement.PolicyAgent",
    "HasInhibition",
    "u",
    [SCREEN_POLICY],
)
POWER: Question = (
    "org.freedesktop.PowerManagement",
    "/org/freedesktop/PowerManagement/Inhibit",
    "org.freedesktop.PowerManagement.Inhibit",
    "HasInhibit",
    "",
    [],
)

#: the mechanisms, as `loosen doctor` names them (bus name first)
NAMES = {
    GNOME[0]: "GNOME's session manager (IsInhibited)",
    KDE[0]: "KDE's PowerDevil (HasInhibition, the screen kept on)",
    POWER[0]: "org.freedesktop.PowerManagement (HasInhibit)",
}


async def _ask(bus: Any, check: Question) -> bool | None:
    """The answer, or None when nothing on the bus answers this question."""
    from dbus_fast import Message, MessageType

    name, path, iface, member, sig, body = check
    try:
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
    except Exception:  # noqa: BLE001 (no bus, or a service that hangs)
        return None
    if reply.message_type != MessageType.METHOD_RETURN or not reply.body:
        return None
    return reply.body[0] is True


async def idle_inhibited(bus: Any) -> str:
    """What holds an idle inhibitor ("" when nothing does, or nothing can tell)."""
    if await _ask(bus, GNOME):
        return _("an application keeps GNOME from going idle")
    kde = await _ask(bus, KDE)
    if kde:
        return _("an application keeps the screen on (KDE)")
    if kde is None and await _ask(bus, POWER):
        return _("an application keeps the screen on (power management inhibited)")
    return ""


async def inhibitor_services(bus: Any) -> list[str]:
    """The services on the bus that loosen asks about idle inhibitors (for `loosen doctor`)."""
    from dbus_fast import Message, MessageType

    found = []
    for name in NAMES:
        try:
            reply = await asyncio.wait_for(
                bus.call(
                    Message(
                        destination="org.freedesktop.DBus",
                        path="/org/freedesktop/DBus",
                        interface="org.freedesktop.DBus",
                        member="NameHasOwner",
                        signature="s",
                        body=[name],
                    )
                ),
                timeout=1.0,
            )
        except Exception:  # noqa: BLE001 (no bus)
            return []
        if reply.message_type == MessageType.METHOD_RETURN and reply.body and reply.body[0]:
            found.append(name)
    if KDE[0] in found and POWER[0] in found:
        found.remove(POWER[0])  # PowerDevil's: not asked (see the module's docstring)
    return found
