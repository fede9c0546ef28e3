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

from loosen.i18n import _
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
        return _("%(name)s on Wayland (%(display)s)") % {
            "name": compositor_name(environ),
            "display": environ.get("WAYLAND_DISPLAY", "?"),
        }
    if environ.get("DISPLAY"):
        return _("%(desktop)s on X11 (%(display)s)") % {
            "desktop": desktop or _("an X11 desktop"),
            "display": environ["DISPLAY"],
        }
    if desktop:
        return _("%(desktop)s without a display") % {"desktop": desktop}
    return _("no graphical session")


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
    for src, _probe in ranked[1:]:
        await src.close()
    return chosen, probes


async def _mutter(bus: Any | None, probes: list[Probe], take: Any) -> None:
    from loosen.adapters.idle.mutter import MutterIdleSource

    if bus is None:
        probes.append(Probe("mutter", False, _("no D-Bus session bus")))
        return
    try:
        src = await MutterIdleSource.connect(bus)
    except Exception as exc:  # noqa: BLE001
        probes.append(
            Probe(
                "mutter",
                False,
                _("%(service)s is not available (%(why)s)")
                % {"service": MutterIdleSource.service, "why": exc},
            )
        )
        return
    if await src.has_watches():
        take(
            src,
            _("%(service)s over D-Bus: idle watches (AddIdleWatch, WatchFired)")
            % {"service": src.service},
            True,
        )
    else:
        take(
            src,
            _("%(service)s.GetIdletime over D-Bus, polled (%(why)s)")
            % {"service": src.service, "why": src.watch_problem},
            False,
        )


async def _wayland(environ: Mapping[str, str], probes: list[Probe], take: Any) -> None:
    from loosen.adapters.idle.wayland import KDE as KDE_IDLE
    from loosen.adapters.idle.wayland import WaylandIdleSource, compositor_name
    from loosen.adapters.wayland import wayland_session

    if not wayland_session(environ):
        probes.append(
            Probe("wayland", False, _("not a Wayland session (WAYLAND_DISPLAY is not set)"))
        )
        return
    try:
        src = await WaylandIdleSource.connect(environ)
    except Exception as exc:  # noqa: BLE001
        probes.append(Probe("wayland", False, str(exc)))
        return
    name = compositor_name(environ)
    values = {"mechanism": src.mechanism, "name": name}
    detail = _("%(mechanism)s from %(name)s: idle notifications") % values
    if src.protocol == KDE_IDLE:
        if name == "sway":
            detail = (
                _(
                    "%(mechanism)s from %(name)s: idle notifications (sway offers "
                    "ext-idle-notify-v1 from 1.8, on wlroots 0.16; not this one)"
                )
                % values
            )
        else:
            detail = (
                _(
                    "%(mechanism)s from %(name)s: idle notifications (%(name)s offers no "
                    "ext-idle-notify-v1)"
                )
                % values
            )
    take(src, detail, True)


async def _freedesktop(bus: Any | None, probes: list[Probe], take: Any) -> None:
    from loosen.adapters.idle.dbus import FreedesktopIdleSource

    cls = FreedesktopIdleSource
    if bus is None:
        probes.append(Probe(cls.name, False, _("no D-Bus session bus")))
        return
    try:
        take(
            await cls.connect(bus),
            _("%(service)s.%(method)s over D-Bus, polled")
            % {"service": cls.service, "method": cls.method},
            False,
        )
    except Exception as exc:  # noqa: BLE001
        why = str(exc)
        if "refuses" not in why:
            why = _("%(service)s is not available (%(why)s)") % {"service": cls.service, "why": why}
        probes.append(Probe(cls.name, False, why))


def _x11(environ: Mapping[str, str], probes: list[Probe], take: Any) -> None:
    from loosen.adapters.idle.x11 import X11IdleSource
    from loosen.adapters.wayland import wayland_session

    display = environ.get("DISPLAY")
    if not display:
        probes.append(Probe("x11", False, _("no X display (DISPLAY is not set)")))
    elif wayland_session(environ):
        why = _("a Wayland session: X11 would only see input to X11 windows, so it is not used")
        probes.append(Probe("x11", False, why))
    else:
        try:
            src = X11IdleSource(display)
        except Exception as exc:  # noqa: BLE001
            probes.append(
                Probe(
                    "x11",
                    False,
                    _("cannot use %(display)s: %(why)s") % {"display": display, "why": exc},
                )
            )
            return
        if src.can_watch:
            take(
                src,
                _("XSync IDLETIME alarms on %(display)s (read through XScreenSaver)")
                % {"display": display},
                True,
            )
        else:
            take(
                src,
                _("XScreenSaver on %(display)s, polled (no alarms: %(why)s)")
                % {"display": display, "why": src.watch_problem},
                False,
            )
