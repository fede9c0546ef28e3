"""`loosen doctor`'s desktop lines: the tray icon, and what a break does (media, lock, chime)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from loosen.app import App


async def desktop_lines(app: App, bus: Any | None, echo: Callable[[str], None]) -> None:
    """Say what works and what does not (none of it is needed for the reminders)."""
    s = app.settings
    echo("Tray icon:")
    if not s.tray.enabled:
        echo("  [-- ] turned off in settings (tray.enabled = false).")
    elif not sys.platform.startswith("linux"):
        echo("  [no ] the tray icon exists on Linux only for now.")
    else:
        from loosen.adapters.tray.host import tray_host

        problem = await tray_host(bus)
        if problem is None:
            echo("  [ok ] a panel shows tray icons here (StatusNotifierItem host registered).")
        else:
            echo(f"  [no ] {problem}.")
            echo(
                "     Fix: on GNOME install and turn on the AppIndicator extension "
                "(gnome-shell-extension-appindicator); KDE, Xfce, MATE, Cinnamon and waybar "
                "have a tray. Everything the menu does is also on the dashboard (`loosen open`)."
            )
    echo("Around a break:")
    if s.breaks.pause_media:
        echo(
            "  [ok ] media that plays (MPRIS players) is paused when a break starts and played "
            "again when it ends."
            if bus is not None
            else "  [no ] media cannot be paused: there is no D-Bus session bus."
        )
    else:
        echo("  [-- ] media is left playing (breaks.pause_media = false).")
    from loosen.adapters.session.lock import how

    locker = await how(bus)
    state = "on" if s.breaks.lock_screen else "off: breaks.lock_screen = false"
    if locker is None:
        echo(f"  [no ] nothing here can lock the screen ({state}).")
    else:
        echo(f"  [ok ] the screen would be locked with {locker} ({state}).")
    from loosen.adapters.sound.chime import player

    found = player()
    if not s.breaks.sound:
        echo("  [-- ] no chime (breaks.sound = false).")
    elif found is None:
        echo("  [no ] no chime: none of pw-play, paplay or aplay is installed.")
    else:
        echo(
            f"  [ok ] a chime through {found} at volume {s.breaks.volume}, quiet in do-not-disturb."
        )
