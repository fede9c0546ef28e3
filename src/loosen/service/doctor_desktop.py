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
    _break_screen(app, echo)
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


def _break_screen(app: App, echo: Callable[[str], None]) -> None:
    """Whether the break screen can be shown: Tk, a display, and the monitors it would cover."""
    import json
    import subprocess

    from loosen.service.break_screen import screen_problem

    b = app.settings.breaks
    echo("Break screen:")
    if not b.screen:
        echo("  [-- ] turned off (breaks.screen = false): breaks come as notifications only.")
        return
    problem = screen_problem(app.environ)
    answer: dict[str, Any] = {}
    if problem is None:
        try:
            done = subprocess.run(
                [sys.executable, "-m", "loosen.screen", "--probe"],
                capture_output=True,
                text=True,
                timeout=30,
                env=app.environ,
                stdin=subprocess.DEVNULL,
            )
            lines = done.stdout.strip().splitlines()
            answer = json.loads(lines[-1]) if lines else {}
        except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
            answer = {"ok": False, "problem": str(exc)}
        if not answer.get("ok"):
            problem = str(answer.get("problem") or "Tk could not open a window here")
    if problem is not None:
        echo(f"  [no ] {problem}.")
        echo(
            "     Breaks come as notifications only, and 'Start routine' opens where "
            "breaks.open_in says."
        )
        return
    monitors = answer.get("monitors") or []
    when = (
        f"and when a break notification is not answered within {b.escalate_after} min"
        if b.escalate_after
        else "(never on its own: breaks.escalate_after = 0)"
    )
    echo(
        f"  [ok ] Tk {answer.get('tk')} opens it on {len(monitors)} monitor"
        f"{'' if len(monitors) == 1 else 's'}: when you start a break {when}."
    )
    if b.strict:
        echo("  [ok ] strict: no Esc, Snooze or Skip; Esc five times within 3 s always closes it.")
