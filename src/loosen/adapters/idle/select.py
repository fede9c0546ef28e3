"""Choose the idle source that works in this session, at run time (never at import).

A source that can watch (the service sleeps until the idle time crosses a threshold) is preferred
to one that is only read on a timer: Mutter's idle watches, then Wayland idle notifications, then
XSync alarms on X11; when none can, the first that can be read (Mutter's GetIdletime, the
freedesktop ScreenSaver, XScreenSaver).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from loosen.ports import IdleSource


@dataclass(frozen=True, slots=True)
class Probe:
    name: str
    ok: bool
    detail: str
    watches: bool = False  # events, not polls


def desktop_name(environ: Mapping[str, str]) -> str:
    """The desktop or compositor this session runs, as far as its environment tells."""
    from loosen.adapters.idle.wayland import compositor_name
    from loosen.adapters.wayland import wayland_session

    desktop = environ.get("XDG_CURRENT_DESKTOP", "")
    if sys.platform == "win32":
        return "Windows"
    if sys.platform == "darwin":
        return "macOS"
    if wayland_session(environ):
        return f"{compositor_name(environ)} on Wayland ({environ.get('WAYLAND_DISPLAY', '?')})"
    if environ.get("DISPLAY"):
        return f"{desktop or 'an X11 desktop'} on X11 ({environ['DISPLAY']})"
    return f"{desktop} without a display" if desktop else "no graphical session"


async def probe_all(
    environ: Mapping[str, str], session_bus: Any | None, prefer: str | None = None
) -> tuple[IdleSource | None, list[Probe]]:
    """Try each mechanism; return the one to use (``prefer`` if it works; the others are
    closed) and every result."""
    from loosen.adapters.idle.platform import MacIdleSource, WindowsIdleSource

    if sys.platform == "win32":
        try:
            return WindowsIdleSource(), [Probe("windows", True, "GetLastInputInfo")]
        except Exception as exc:  # noqa: BLE001
            return None, [Probe("windows", False, str(exc))]
    if sys.platform == "darwin":
        try:
            return MacIdleSource(), [Probe("macos", True, "CGEventSourceSecondsSinceLastEventType")]
        except Exception as exc:  # noqa: BLE001
            return None, [Probe("macos", False, str(exc))]

    found: list[tuple[IdleSource, Probe]] = []
    probes: list[Probe] = []

    def take(src: IdleSource, detail: str, watches: bool) -> None:
        probe = Probe(src.name, True, detail, watches)
        probes.append(probe)
        found.append((src, probe))

    await _mutter(session_bus, probes, take)
    await _wayland(environ, probes, take)
    await _freedesktop(session_bus, probes, take)
    _x11(environ, probes, take)
    ranked = [f for f in found if f[1].name == prefer]
    ranked += [f for f in found if f[1].watches and f not in ranked]
    ranked += [f for f in found if f not in ranked]
    chosen = ranked[0][0] if ranked else None
    for src, _ in ranked[1:]:
        await src.close()
    return chosen, probes


async def _mutter(bus: Any | None, probes: list[Probe], take: Any) -> None:
    from loosen.adapters.idle.mutter import MutterIdleSource

    if bus is None:
        probes.append(Probe("mutter", False, "no D-Bus session bus"))
        return
    try:
        src = await MutterIdleSource.connect(bus)
    except Exception as exc:  # noqa: BLE001
        probes.append(
            Probe("mutter", False, f"{MutterIdleSource.service} is not available ({exc})")
        )
        return
    if await src.has_watches():
        take(src, f"{src.service} over D-Bus: idle watches (AddIdleWatch, WatchFired)", True)
    else:
        take(src, f"{src.service}.GetIdletime over D-Bus, polled ({src.watch_problem})", False)


async def _wayland(environ: Mapping[str, str], probes: list[Probe], take: Any) -> None:
    from loosen.adapters.idle.wayland import KDE as KDE_IDLE
    from loosen.adapters.idle.wayland import WaylandIdleSource, compositor_name
    from loosen.adapters.wayland import wayland_session

    if not wayland_session(environ):
        probes.append(Probe("wayland", False, "not a Wayland session (WAYLAND_DISPLAY is not set)"))
        return
    try:
        src = await WaylandIdleSource.connect(environ)
    except Exception as exc:  # noqa: BLE001
        probes.append(Probe("wayland", False, str(exc)))
        return
    name = compositor_name(environ)
    detail = f"{src.mechanism} from {name}: idle notifications"
    if src.protocol == KDE_IDLE:
        if name == "sway":
            detail += " (sway offers ext-idle-notify-v1 from 1.8, on wlroots 0.16; not this one)"
        else:
            detail += f" ({name} offers no ext-idle-notify-v1)"
    take(src, detail, True)


async def _freedesktop(bus: Any | None, probes: list[Probe], take: Any) -> None:
    from loosen.adapters.idle.dbus import FreedesktopIdleSource

    cls = FreedesktopIdleSource
    if bus is None:
        probes.append(Probe(cls.name, False, "no D-Bus session bus"))
        return
    try:
        take(await cls.connect(bus), f"{cls.service}.{cls.method} over D-Bus, polled", False)
    except Exception as exc:  # noqa: BLE001
        why = str(exc)
        if "refuses" not in why:
            why = f"{cls.service} is not available ({why})"
        probes.append(Probe(cls.name, False, why))


def _x11(environ: Mapping[str, str], probes: list[Probe], take: Any) -> None:
    from loosen.adapters.idle.x11 import X11IdleSource
    from loosen.adapters.wayland import wayland_session

    display = environ.get("DISPLAY")
    if not display:
        probes.append(Probe("x11", False, "no X display (DISPLAY is not set)"))
    elif wayland_session(environ):
        why = "a Wayland session: X11 would only see input to X11 windows, so it is not used"
        probes.append(Probe("x11", False, why))
    else:
        try:
            src = X11IdleSource(display)
        except Exception as exc:  # noqa: BLE001
            probes.append(Probe("x11", False, f"cannot use {display}: {exc}"))
            return
        if src.can_watch:
            take(src, f"XSync IDLETIME alarms on {display} (read through XScreenSaver)", True)
        else:
            take(src, f"XScreenSaver on {display}, polled (no alarms: {src.watch_problem})", False)
