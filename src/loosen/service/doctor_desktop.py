"""`loosen doctor`'s desktop lines: the tray icon, and what a break does (media, lock, chime)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from loosen.app import App
from loosen.i18n import _, ngettext


async def desktop_lines(
    app: App, bus: Any | None, echo: Callable[[str], None], platform: str = sys.platform
) -> None:
    """Say what works and what does not (none of it is needed for the reminders)."""
    from loosen.service.desktop_parts import tray_backend

    s = app.settings
    backend = tray_backend(s, platform)
    shown_by = (
        _("pystray in a child process")
        if backend == "pystray"
        else _("StatusNotifierItem over D-Bus")
    )
    echo(
        _('Tray icon (%(shown_by)s; tray.backend = "%(backend)s"):')
        % {"shown_by": shown_by, "backend": s.tray.backend}
    )
    if not s.tray.enabled:
        echo(_("  [-- ] turned off in settings (tray.enabled = false)."))
    elif backend == "pystray":
        _pystray_lines(app, echo, platform)
    elif not platform.startswith("linux"):
        echo(
            _(
                '  [no ] tray.backend = "dbus" (StatusNotifierItem) works on Linux only; '
                '"auto" uses pystray here.'
            )
        )
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
    _break_screen(app, echo)
    echo(_("Around a break:"))
    if s.breaks.pause_media:
        echo(
            _(
                "  [ok ] media that plays (MPRIS players) is paused when a break starts and "
                "played again when it ends."
            )
            if bus is not None
            else _("  [no ] media cannot be paused: there is no D-Bus session bus.")
        )
    else:
        echo(_("  [-- ] media is left playing (breaks.pause_media = false)."))
    from loosen.adapters.session.lock import how

    locker = await how(bus)
    state = _("on") if s.breaks.lock_screen else _("off: breaks.lock_screen = false")
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


def _break_screen(app: App, echo: Callable[[str], None]) -> None:
    """Whether the break screen can be shown: Tk, a display, and the monitors it would cover."""

    from loosen.service.break_screen import screen_problem

    b = app.settings.breaks
    echo(_("Break screen:"))
    if not b.screen:
        echo(_("  [-- ] turned off (breaks.screen = false): breaks come as notifications only."))
        return
    problem = screen_problem(app.environ)
    answer: dict[str, Any] = {}
    if problem is None:
        answer = _probe("loosen.screen", app)
        if not answer.get("ok"):
            problem = str(answer.get("problem") or _("Tk could not open a window here"))
    if problem is not None:
        echo(_("  [no ] %(problem)s.") % {"problem": problem})
        echo(
            _(
                "     Breaks come as notifications only, and 'Start routine' opens where "
                "breaks.open_in says."
            )
        )
        return
    monitors = answer.get("monitors") or []
    values = {"tk": answer.get("tk"), "n": len(monitors), "minutes": b.escalate_after}
    if b.escalate_after:
        echo(
            ngettext(
                "  [ok ] Tk %(tk)s opens it on %(n)s monitor: when you start a break and when "
                "a break notification is not answered within %(minutes)s min.",
                "  [ok ] Tk %(tk)s opens it on %(n)s monitors: when you start a break and when "
                "a break notification is not answered within %(minutes)s min.",
                len(monitors),
            )
            % values
        )
    else:
        echo(
            ngettext(
                "  [ok ] Tk %(tk)s opens it on %(n)s monitor: when you start a break (never on "
                "its own: breaks.escalate_after = 0).",
                "  [ok ] Tk %(tk)s opens it on %(n)s monitors: when you start a break (never on "
                "its own: breaks.escalate_after = 0).",
                len(monitors),
            )
            % values
        )
    if b.strict:
        echo(
            _("  [ok ] strict: no Esc, Snooze or Skip; Esc five times within 3 s always closes it.")
        )


def _pystray_lines(app: App, echo: Callable[[str], None], platform: str) -> None:
    """The pystray tray: can its child show an icon here, with which of pystray's backends."""
    answer = _probe("loosen.pystray_child", app)
    if not answer.get("ok"):
        problem = str(answer.get("problem") or _("its process did not answer"))
        echo(_("  [no ] pystray cannot show the icon here: %(problem)s.") % {"problem": problem})
        if "No module named" in problem:
            echo(_("     Fix: install loosen with its tray extra: pip install 'loosen[tray]'."))
        elif platform.startswith("linux"):
            echo(
                _(
                    "     pystray's Linux backends need an X display (Xwayland on Wayland) and a "
                    'panel with a system tray; tray.backend = "dbus" needs neither.'
                )
            )
        return
    backend = answer.get("backend")
    echo(
        _("  [ok ] pystray %(version)s shows it, with its %(backend)s backend.")
        % {"version": answer.get("version"), "backend": backend}
    )
    if not answer.get("menu"):
        echo(
            _(
                "     The %(backend)s backend has no menu: a click on the icon opens the "
                "dashboard, where everything the menu does is."
            )
            % {"backend": backend}
        )
    if platform in ("darwin", "win32"):
        where = "macOS" if platform == "darwin" else "Windows"
        echo(
            _(
                "     Untested on %(where)s: loosen's tests run on Linux (pystray's appindicator "
                "and xorg backends under Xvfb). If the icon or its menu misbehaves, please say "
                "so in an issue."
            )
            % {"where": where}
        )


def _probe(module: str, app: App) -> dict[str, Any]:
    """What ``python -m module --probe`` answers (its last line, a JSON object), or why not."""
    import json
    import subprocess

    try:
        done = subprocess.run(
            [sys.executable, "-m", module, "--probe"],
            capture_output=True,
            text=True,
            timeout=30,
            env=app.environ,
            stdin=subprocess.DEVNULL,
        )
        lines = done.stdout.strip().splitlines()
        answer = json.loads(lines[-1]) if lines else {}
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
        return {"ok": False, "problem": str(exc)}
    return answer if isinstance(answer, dict) else {}
