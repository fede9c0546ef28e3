"""Choose the idle source that works in this session, at run time (never at import)."""

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


async def probe_all(
    environ: Mapping[str, str], session_bus: Any | None
) -> tuple[IdleSource | None, list[Probe]]:
    """Try each mechanism in order of preference; return the first that works and every result."""
    from loosen.adapters.idle.dbus import FreedesktopIdleSource
    from loosen.adapters.idle.mutter import MutterIdleSource
    from loosen.adapters.idle.platform import MacIdleSource, WindowsIdleSource
    from loosen.adapters.idle.x11 import X11IdleSource

    probes: list[Probe] = []
    chosen: IdleSource | None = None
    wayland = bool(environ.get("WAYLAND_DISPLAY")) or environ.get("XDG_SESSION_TYPE") == "wayland"

    def take(src: IdleSource, detail: str) -> None:
        nonlocal chosen
        probes.append(Probe(src.name, True, detail))
        if chosen is None:
            chosen = src

    if sys.platform == "win32":
        try:
            take(WindowsIdleSource(), "GetLastInputInfo")
        except Exception as exc:  # noqa: BLE001
            probes.append(Probe("windows", False, str(exc)))
        return chosen, probes
    if sys.platform == "darwin":
        try:
            take(MacIdleSource(), "CGEventSourceSecondsSinceLastEventType")
        except Exception as exc:  # noqa: BLE001
            probes.append(Probe("macos", False, str(exc)))
        return chosen, probes

    for cls in (MutterIdleSource, FreedesktopIdleSource):
        if session_bus is None:
            probes.append(Probe(cls.name, False, "no D-Bus session bus"))
            continue
        try:
            take(await cls.connect(session_bus), f"{cls.service}.{cls.method} over D-Bus")
        except Exception as exc:  # noqa: BLE001
            probes.append(Probe(cls.name, False, f"{cls.service} is not available ({exc})"))
    if not environ.get("DISPLAY"):
        probes.append(Probe("x11", False, "no X display (DISPLAY is not set)"))
    elif wayland:
        probes.append(
            Probe(
                "x11",
                False,
                "a Wayland session: X11 would only see input to X11 windows, so it is not used",
            )
        )
    else:
        try:
            take(X11IdleSource(environ.get("DISPLAY")), f"XScreenSaver on {environ['DISPLAY']}")
        except Exception as exc:  # noqa: BLE001
            probes.append(Probe("x11", False, f"cannot use {environ.get('DISPLAY')}: {exc}"))
    return chosen, probes
