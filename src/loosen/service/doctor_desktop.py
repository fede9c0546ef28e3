"""`loosen doctor`'s desktop lines: the tray icon, and what a break does (media, lock, chime)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from loosen.app import App


async def desktop_lines(
    app: App, bus: Any | None, echo: Callable[[str], None], platform: str = sys.platform
) -> None:
    """Say what works and what does not (none of it is needed for the reminders)."""
    from loosen.service.desktop_parts import tray_backend

    s = app.settings
    backend = tray_backend(s, platform)
    shown_by = (
        "pystray in a child process" if backend == "pystray" else "StatusNotifierItem over D-Bus"
    )
    echo(f'Tray icon ({shown_by}; tray.backend = "{s.tray.backend}"):')
    if not s.tray.enabled:
        echo("  [-- ] turned off in settings (tray.enabled = false).")
    elif backend == "pystray":
        _pystray_lines(app, echo, platform)
    elif not platform.startswith("linux"):
        echo(
            '  [no ] tray.backend = "dbus" (StatusNotifierItem) works on Linux only; '
            '"auto" uses pystray here.'
        )
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


def _pystray_lines(app: App, echo: Callable[[str], None], platform: str) -> None:
    """The pystray tray: can its child show an icon here, with which of pystray's backends."""
    import json
    import subprocess

    try:
        done = subprocess.run(
            [sys.executable, "-m", "loosen.pystray_child", "--probe"],
            capture_output=True,
            text=True,
            timeout=30,
            env=app.environ,
            stdin=subprocess.DEVNULL,
        )
        lines = done.stdout.strip().splitlines()
        answer: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
        answer = {"ok": False, "problem": str(exc)}
    if not answer.get("ok"):
        problem = str(answer.get("problem") or "its process did not answer")
        echo(f"  [no ] pystray cannot show the icon here: {problem}.")
        if "No module named" in problem:
            echo("     Fix: install loosen with its tray extra: pip install 'loosen[tray]'.")
        elif platform.startswith("linux"):
            echo(
                "     pystray's Linux backends need an X display (Xwayland on Wayland) and a "
                'panel with a system tray; tray.backend = "dbus" needs neither.'
            )
        return
    backend = answer.get("backend")
    echo(f"  [ok ] pystray {answer.get('version')} shows it, with its {backend} backend.")
    if not answer.get("menu"):
        echo(
            f"     The {backend} backend has no menu: a click on the icon opens the dashboard, "
            "where everything the menu does is."
        )
    if platform in ("darwin", "win32"):
        where = "macOS" if platform == "darwin" else "Windows"
        echo(
            f"     Untested on {where}: loosen's tests run on Linux (pystray's appindicator and "
            "xorg backends under Xvfb). If the icon or its menu misbehaves, please say so in an "
            "issue."
        )
