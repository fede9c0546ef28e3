"""The service's desktop parts beside the runner: the tray icon, the break screen and the break's
media, lock and chime. Built by :func:`loosen.service.app.serve` once the runner exists, told what
happens through the runner's ``on_status`` and ``on_action`` hooks, closed before the bus is.

The tray icon is a StatusNotifierItem on the service's D-Bus connection (``tray.backend =
"dbus"``, Linux's default) or pystray in a child process (``"pystray"``, the default on macOS
and Windows); both show the same view and answer through the same menu actions.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from loosen.app import App
from loosen.config import Settings
from loosen.service.break_effects import BreakEffects
from loosen.service.break_screen import BreakScreen

if TYPE_CHECKING:
    from loosen.adapters.tray.tray import Tray
    from loosen.service.opener import RoutineOpener
    from loosen.service.runner import Runner
    from loosen.service.tray_child import TrayChild

log = logging.getLogger("loosen.service")


def tray_backend(settings: Settings, platform: str = sys.platform) -> Literal["dbus", "pystray"]:
    """Which tray ``tray.backend`` means here ("auto": D-Bus on Linux, pystray elsewhere)."""
    wanted = settings.tray.backend
    if wanted == "auto":
        return "dbus" if platform.startswith("linux") else "pystray"
    return wanted


@dataclass
class DesktopParts:
    effects: BreakEffects
    tray: Tray | None
    screen: BreakScreen
    tray_child: TrayChild | None = None

    async def close(self) -> None:
        if self.tray_child is not None:
            await self.tray_child.close()
        await self.screen.aclose()
        await self.effects.close()
        if self.tray is not None:
            await self.tray.close()


async def start_desktop(
    app: App, runner: Runner, bus: Any | None, opener: RoutineOpener, runtime_folder: Path
) -> DesktopParts:
    effects = BreakEffects(bus, lambda: app.settings.breaks, runtime_folder, app.environ)
    runner.on_action.append(effects.on_action)
    screen = BreakScreen(runner, lambda: app.settings.breaks, app.environ, fallback=opener.open)
    runner.on_action.append(screen.on_action)
    runner.open_routine = screen.open_routine  # "Start routine": the screen during a break
    parts = DesktopParts(effects, None, screen)
    settings = app.settings
    backend = tray_backend(settings)
    if not settings.tray.enabled:
        return parts
    if backend == "dbus" and (bus is None or not sys.platform.startswith("linux")):
        return parts  # `loosen doctor` says why there is no icon
    from loosen.adapters.tray.actions import routine_titles

    routines = routine_titles(app.paths.routines_dir)
    if backend == "pystray":
        parts.tray_child = _pystray(app, runner, screen, opener, routines)
        return parts
    from loosen.adapters.tray.tray import Tray

    tray = Tray(
        bus,
        runner.status,
        runner.command,
        open_routine=screen.open_routine,
        open_dashboard=opener.open_dashboard,
        break_routine=lambda: runner.break_routine,
        routines=routines,
        snooze_minutes=settings.breaks.snooze_minutes,
        show_minutes=settings.tray.show_minutes,
    )
    try:
        await tray.start()
    except Exception as exc:  # noqa: BLE001 (the tray must never stop the service)
        log.warning("the tray icon is not available: %s", exc)
    else:
        runner.on_status.append(tray.refresh)
        parts.tray = tray
    return parts


def _pystray(
    app: App,
    runner: Runner,
    screen: BreakScreen,
    opener: RoutineOpener,
    routines: list[tuple[str, str]],
) -> TrayChild:
    """The pystray child, started; it follows the runner's status from now on."""
    from functools import partial

    from loosen.adapters.tray import view
    from loosen.adapters.tray.actions import MenuActions
    from loosen.service.tray_child import TrayChild

    actions = MenuActions(
        runner.status,
        runner.command,
        open_routine=screen.open_routine,
        open_dashboard=opener.open_dashboard,
        break_routine=lambda: runner.break_routine,
        routines=routines,
    )
    settings = app.settings
    child = TrayChild(
        actions,
        partial(
            view.view,
            routines=routines,
            snooze_minutes=settings.breaks.snooze_minutes,
            show_minutes=settings.tray.show_minutes,
        ),
        app.environ,
    )
    child.start()
    runner.on_status.append(child.refresh)
    return child
