"""`loosen doctor`: what works on this desktop, what does not and why, and the fix."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from loosen.app import App
from loosen.i18n import _

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
    if bus is not None:
        bus.disconnect()

    _calls(echo)
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
            "the web player" if (prefers == "browser" and browser) or not term else "the terminal"
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
        where = ", ".join(str(r) for r in dict.fromkeys(roots) if r.exists()) or "none yet"
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
            why = f" (not used: {chosen.name} {'sends events' if events else 'comes first'})"
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
                    "     On Wayland loosen needs GNOME (Mutter's idle monitor), a "
                    "compositor with ext-idle-notify-v1 or org_kde_kwin_idle (sway, "
                    "Hyprland, KDE, niri, labwc), or KDE's freedesktop ScreenSaver."
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


def _calls(echo: Callable[[str], None]) -> None:
    echo(_("Calls and presentations (checked only when a break is about to come):"))
    if sys.platform.startswith("linux"):
        from pathlib import Path

        from loosen.adapters.presence.linux import call_state

        cards = list(Path("/proc/asound").glob("card*/pcm*c"))
        state = call_state()
        echo(
            f"  [{'ok ' if cards else 'no '}] microphone: "
            + (
                f"{len(cards)} capture device(s) watched"
                + (" (in use now)" if state.microphone else "")
                if cards
                else "no ALSA capture device here"
            )
        )
        echo(
            "  [ok ] camera: open /dev/video* devices of your programs"
            + (" (in use now)" if state.camera else "")
        )
        if os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            echo(
                _(
                    "  [ok ] full-screen windows on X11 (_NET_WM_STATE_FULLSCREEN of the active "
                    "window)."
                )
            )
        else:
            echo(_("  [no ] full-screen windows: only on X11 for now."))
        echo(
            _(
                "  [ok ] do-not-disturb: the notification server's Inhibited property (KDE) or "
                "GNOME's show-banners setting."
            )
        )
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
