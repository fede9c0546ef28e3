"""Is there a panel to show the tray icon? (For `loosen doctor`.)

A StatusNotifierItem is shown only when a watcher (``org.kde.StatusNotifierWatcher``) is on the
session bus and a host (a panel's tray) has registered with it: KDE Plasma, xfce4-panel, MATE,
Cinnamon, waybar and GNOME with the AppIndicator extension have both; plain GNOME has neither.
"""

from __future__ import annotations

from typing import Any

from loosen.i18n import _

WATCHER = "org.kde.StatusNotifierWatcher"


async def _call(
    bus: Any, dest: str, path: str, iface: str, member: str, sig: str, body: list[Any]
) -> Any:
    from dbus_fast import Message, MessageType

    reply = await bus.call(
        Message(
            destination=dest, path=path, interface=iface, member=member, signature=sig, body=body
        )
    )
    if reply.message_type == MessageType.ERROR:
        raise RuntimeError(reply.error_name)
    return reply.body[0] if reply.body else None


async def tray_host(bus: Any | None) -> str | None:
    """None when a panel shows tray icons here, else why not (one sentence)."""
    if bus is None:
        return _("there is no D-Bus session bus, so no panel can show a tray icon")
    try:
        there = await _call(
            bus,
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            "NameHasOwner",
            "s",
            [WATCHER],
        )
    except Exception as exc:  # noqa: BLE001
        return _("the session bus does not answer (%(why)s)") % {"why": exc}
    if not there:
        return _(
            "no tray watcher (org.kde.StatusNotifierWatcher) is on the session bus: plain GNOME "
            "without the AppIndicator extension shows no tray icon"
        )
    try:
        value = await _call(
            bus,
            WATCHER,
            "/StatusNotifierWatcher",
            "org.freedesktop.DBus.Properties",
            "Get",
            "ss",
            [WATCHER, "IsStatusNotifierHostRegistered"],
        )
    except Exception as exc:  # noqa: BLE001
        return _("the tray watcher does not answer (%(why)s)") % {"why": exc}
    if not getattr(value, "value", value):
        return _("a tray watcher is there but no panel has registered to show its icons")
    return None
