"""`loosen doctor`: what works on this desktop, what does not and why, and the fix."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from loosen.app import App
from loosen.i18n import _, ngettext

if TYPE_CHECKING:
    from loosen.adapters.idle.select import Probe


async def diagnose(app: App, echo: Callable[[str], None]) -> bool:
    from loosen.service.app import session_bus

    ok_all = True
    bus = await session_bus()
    ok_all = await _activity(echo, bus) and ok_all

    echo(_("Suspend and clock changes:"))
    if hasattr(time, "CLOCK_BOOTTIME"):
        echo(
            _(
                "  [ok ] suspend is seen by comparing CLOCK_BOOTTIME with the monotonic clock; "
                "clock changes (NTP, DST, by hand) are ignored."
            )
        )
    else:
        echo(
            _(
                "  [no ] no CLOCK_BOOTTIME here: a suspend looks like idle time, which still ends "
                "the bout once you are back."
            )
        )

    echo(_("Screen lock:"))
    if bus is None:
        echo(
            _(
                "  [no ] no D-Bus session bus, so lock and unlock are not reported; a "
                "locked screen still shows as idle time."
            )
        )
    else:
        echo(
            _(
                "  [ok ] a D-Bus session bus is there; a locked screen shows as idle time, and "
                "lock/unlock signals are used where the desktop sends them."
            )
        )

    echo(_("Notifications:"))
    try:
        from loosen.adapters.notify.desktop import DesktopNotifier

        desktop = DesktopNotifier()
        try:
            problem = await desktop.available()
        finally:
            await desktop.close()
    except Exception as exc:  # noqa: BLE001
        problem = str(exc)
    if problem is None:
        echo(_("  [ok ] desktop notifications with buttons (org.freedesktop.Notifications)."))
    else:
        ok_all = False
        echo(_("  [no ] desktop: %(problem)s.") % {"problem": problem})
        echo(
            _(
                "     Reminders are written to the service's output instead (`loosen start` in a "
                "terminal). Fix: run a notification daemon (GNOME, KDE and most desktops have "
                "one; elsewhere e.g. dunst)."
            )
        )
    from loosen.service.doctor_desktop import desktop_lines

    await desktop_lines(app, bus, echo)  # the reminders work without these
    await _presence(echo, bus)
    if bus is not None:
        bus.disconnect()

    echo(_("Routine from a notification:"))
    from loosen.service.opener import browser_opener

    term = (
        shutil.which("x-terminal-emulator")
        or shutil.which("gnome-terminal")
        or shutil.which("konsole")
        or shutil.which("xterm")
    )
    prefers = app.settings.breaks.open_in
    browser = browser_opener() is not None
    if browser:
        echo(_("  [ok ] a browser can be opened: 'Start routine' can play it in the web app."))
    else:
        echo(_("  [no ] no desktop browser to open here (no display, or no xdg-open)."))
    if term:
        echo(
            _("  [ok ] a terminal was found: 'Start routine' can run `loosen stretch` in %(term)s.")
            % {"term": term}
        )
    else:
        echo(_("  [no ] no terminal emulator found for `loosen stretch`."))
    if browser or term:
        used = (
            _("the web player")
            if (prefers == "browser" and browser) or not term
            else _("the terminal")
        )
        echo(
            _("  => 'Start routine' uses %(used)s (breaks.open_in = \"%(prefers)s\").")
            % {"used": used, "prefers": prefers}
        )
    else:
        echo(_("  => 'Start routine' cannot open a routine here; run `loosen stretch` yourself."))
    echo(_("Spoken cues:"))
    if shutil.which("espeak-ng"):
        echo(_("  [ok ] espeak-ng is installed."))
    else:
        echo(
            _("  [no ] espeak-ng is not installed (only the bell sounds). Fix: install espeak-ng.")
        )
    return _private(app, echo) and ok_all


def _private(app: App, echo: Callable[[str], None]) -> bool:
    """Files and folders of loosen's that other users of the machine could read or change."""
    from loosen.private import loose
    from loosen.service.runtime import runtime_dir

    echo(_("Private files (history, check-ins, calendar addresses, the log):"))
    roots = [app.paths.data_dir, app.paths.config_dir, runtime_dir(app.environ, app.paths.data_dir)]
    found = loose(roots)
    for line in found:
        echo(_("  [no ] %(line)s") % {"line": line})
    if not found:
        where = ", ".join(str(r) for r in dict.fromkeys(roots) if r.exists()) or _("none yet")
        echo(_("  [ok ] only you can read loosen's files (%(where)s).") % {"where": where})
    return not found


async def _activity(echo: Callable[[str], None], bus: Any | None) -> bool:
    """Which mechanism sees the user's input here, and why each other one is not used."""
    from loosen.adapters.idle.select import desktop_name, probe_all

    echo(_("Activity (keyboard and mouse idle time):"))
    echo(_("  desktop: %(desktop_name)s") % {"desktop_name": desktop_name(os.environ)})
    chosen, probes = await probe_all(os.environ, bus)
    for p in probes:
        mark = "ok " if p.ok else "no "
        why = ""
        if p.ok and chosen is not None and p.name != chosen.name:
            events = chosen_probe(probes, chosen.name).watches and not p.watches
            why = (
                _(" (not used: %(name)s sends events)")
                if events
                else _(" (not used: %(name)s comes first)")
            ) % {"name": chosen.name}
        echo(f"  [{mark}] {p.name}: {p.detail}{why}")
    if chosen is None:
        echo(
            _(
                "  => loosen cannot see activity here and runs as a plain timer: lock "
                "the screen or run `loosen moved` when you get up."
            )
        )
        if os.environ.get("WAYLAND_DISPLAY"):
            echo(
                _(
                    "     On Wayland loosen needs GNOME (Mutter's idle monitor) or a compositor "
                    "with ext-idle-notify-v1 or org_kde_kwin_idle (KDE Plasma, sway, Hyprland, "
                    "niri); the freedesktop ScreenSaver reads no idle time on Wayland."
                )
            )
        elif sys.platform.startswith("linux"):
            echo(
                _(
                    "     Fix: on X11 make sure DISPLAY is set; on GNOME or KDE make sure "
                    "the D-Bus session bus is reachable (DBUS_SESSION_BUS_ADDRESS)."
                )
            )
        return False
    if chosen_probe(probes, chosen.name).watches:
        echo(
            _(
                "  => using %(name)s: it sends events, so the service sleeps until "
                "your idle time crosses a threshold or you are back."
            )
            % {"name": chosen.name}
        )
    else:
        echo(
            _(
                "  => using %(name)s, read on a timer (when a threshold could be "
                "crossed, and every 30-60 s while you are away)."
            )
            % {"name": chosen.name}
        )
    if chosen.name in ("windows", "macos"):
        echo(_("     (not yet tried on a real machine: tell us if it works)"))
    await chosen.close()
    return True


def chosen_probe(probes: list[Probe], name: str) -> Probe:
    return next(p for p in probes if p.name == name and p.ok)


async def _presence(echo: Callable[[str], None], bus: Any | None) -> None:
    """What tells loosen the user is there without typing (docs/calendars.md)."""
    echo(
        _(
            "Presence without typing (asked when a still stretch may end the bout or a prompt "
            "is due, and every 2 min while a call holds a break back; media players are heard "
            "as they start and stop):"
        )
    )
    if sys.platform.startswith("linux"):
        _devices(echo)
        _fullscreen(echo)
        echo(
            _(
                "  [ok ] do-not-disturb: the notification server's Inhibited property (KDE) or "
                "GNOME's show-banners setting."
            )
        )
        await _media_and_inhibitors(echo, bus)
    elif sys.platform == "win32":
        echo(
            _(
                "  [ok ] full-screen programs and presentation mode (SHQueryUserNotificationState; "
                "not yet tried on a real machine)."
            )
        )
        echo(_("  [no ] call detection exists on Linux only for now."))
    else:
        echo(_("  [no ] call detection exists on Linux only for now."))


def _devices(echo: Callable[[str], None]) -> None:
    from pathlib import Path

    from loosen.adapters.presence.linux import call_state

    cards = list(Path("/proc/asound").glob("card*/pcm*c"))
    state = call_state()
    if not cards:
        echo(_("  [no ] microphone: no ALSA capture device here"))
    elif state.microphone:
        echo(
            ngettext(
                "  [ok ] microphone: %(n)s capture device watched (in use now)",
                "  [ok ] microphone: %(n)s capture devices watched (in use now)",
                len(cards),
            )
            % {"n": len(cards)}
        )
    else:
        echo(
            ngettext(
                "  [ok ] microphone: %(n)s capture device watched",
                "  [ok ] microphone: %(n)s capture devices watched",
                len(cards),
            )
            % {"n": len(cards)}
        )
    if state.camera:
        echo(_("  [ok ] camera: open /dev/video* devices of your programs (in use now)"))
    else:
        echo(_("  [ok ] camera: open /dev/video* devices of your programs"))


def _fullscreen(echo: Callable[[str], None]) -> None:
    # the same test as the service's (service/detectors.py)
    if os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        echo(
            _("  [ok ] full-screen windows on X11 (_NET_WM_STATE_FULLSCREEN of the active window).")
        )
    elif os.environ.get("WAYLAND_DISPLAY"):
        echo(
            _(
                "  [no ] full-screen windows: Wayland tells no program about other programs' "
                "windows. A film or a call in a player or a browser is still seen here by its "
                "media (MPRIS) or the idle inhibitor it holds (below)."
            )
        )
    else:
        echo(_("  [no ] full-screen windows: no X display (DISPLAY is not set)."))


async def _media_and_inhibitors(echo: Callable[[str], None], bus: Any | None) -> None:
    if bus is None:
        echo(_("  [no ] media playing and idle inhibitors: no D-Bus session bus."))
        return
    from loosen.adapters.presence.inhibitor import NAMES, idle_inhibited, inhibitor_services
    from loosen.adapters.presence.media import media_playing, players

    found = await players(bus)
    now = await media_playing(bus) if found else ""
    if not found:
        echo(_("  [ok ] media playing: MPRIS players on the session bus (none running now)."))
    elif now:
        echo(
            _("  [ok ] media playing: MPRIS players on the session bus (%(n)s here; %(now)s).")
            % {"n": len(found), "now": now}
        )
    else:
        echo(
            _("  [ok ] media playing: MPRIS players on the session bus (%(n)s here).")
            % {"n": len(found)}
        )
    services = await inhibitor_services(bus)
    if services:
        held = await idle_inhibited(bus)
        names = ", ".join(NAMES[s] for s in services)
        if held:
            echo(
                _("  [ok ] idle inhibitors: asked of %(names)s (%(held)s now).")
                % {"names": names, "held": held}
            )
        else:
            echo(_("  [ok ] idle inhibitors: asked of %(names)s.") % {"names": names})
    else:
        echo(
            _(
                "  [no ] idle inhibitors: none of GNOME's session manager, KDE's PowerDevil or "
                "org.freedesktop.PowerManagement is on the session bus, and "
                "org.freedesktop.ScreenSaver cannot tell whether anything inhibits it: a film "
                "that keeps the screen on is seen only by its media (MPRIS) or full screen."
            )
        )
