"""`loosen doctor`'s desktop lines: the tray icon, and what a break does (media, lock, chime)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from loosen.app import App
from loosen.i18n import _


async def desktop_lines(app: App, bus: Any | None, echo: Callable[[str], None]) -> None:
    """Say what works and what does not (none of it is needed for the reminders)."""
    s = app.settings
    echo(_("Tray icon:"))
    if not s.tray.enabled:
        echo(_("  [-- ] turned off in settings (tray.enabled = false)."))
    elif not sys.platform.startswith("linux"):
        echo(_("  [no ] the tray icon exists on Linux only for now."))
    else:
        from loosen.adapters.tray.host import tray_host

        problem = await tray_host(bus)
        if problem is None:
            echo(_("  [ok ] a panel shows tray icons here (StatusNotifierItem host registered)."))
        else:
            echo(_("  [no ] %(problem)s.") % {"problem": problem})
            echo(
                _(
                    "Fix: on GNOME install and turn on the AppIndicator extension "
                    "(gnome-shell-extension-appindicator); KDE, Xfce, MATE, Cinnamon "
                    "and waybar have a tray. Everything the menu does is also on the "
                    "dashboard (`loosen open`)."
                )
            )
    echo(_("Around a break:"))
    if s.breaks.pause_media:
        echo(
            "  [ok ] media that plays (MPRIS players) is paused when a break starts and played "
            "again when it ends."
            if bus is not None
            else "  [no ] media cannot be paused: there is no D-Bus session bus."
        )
    else:
        echo(_("  [-- ] media is left playing (breaks.pause_media = false)."))
    from loosen.adapters.session.lock import how

    locker = await how(bus)
    state = "on" if s.breaks.lock_screen else "off: breaks.lock_screen = false"
    if locker is None:
        echo(_("  [no ] nothing here can lock the screen (%(state)s).") % {"state": state})
    else:
        echo(
            _("  [ok ] the screen would be locked with %(locker)s (%(state)s).")
            % {"locker": locker, "state": state}
        )
    from loosen.adapters.sound.chime import player

    found = player()
    if not s.breaks.sound:
        echo(_("  [-- ] no chime (breaks.sound = false)."))
    elif found is None:
        echo(_("  [no ] no chime: none of pw-play, paplay or aplay is installed."))
    else:
        echo(
            _("  [ok ] a chime through %(found)s at volume %(volume)s, quiet in do-not-disturb.")
            % {"found": found, "volume": s.breaks.volume}
        )
