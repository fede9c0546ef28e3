"""The service's desktop parts beside the runner: the tray icon, the break screen and the break's
media, lock and chime. Built by :func:`loosen.service.app.serve` once the runner exists, told what
happens through the runner's ``on_status`` and ``on_action`` hooks, closed before the bus is.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loosen.app import App
from loosen.service.break_effects import BreakEffects
from loosen.service.break_screen import BreakScreen

if TYPE_CHECKING:
    from loosen.adapters.tray.tray import Tray
    from loosen.service.opener import RoutineOpener
    from loosen.service.runner import Runner

log = logging.getLogger("loosen.service")


@dataclass
class DesktopParts:
    effects: BreakEffects
    tray: Tray | None
    screen: BreakScreen

    async def close(self) -> None:
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
    tray = None
    settings = app.settings
    if bus is not None and settings.tray.enabled and sys.platform.startswith("linux"):
        from loosen.adapters.tray.tray import Tray, routine_titles

        tray = Tray(
            bus,
            runner.status,
            runner.command,
            open_routine=screen.open_routine,
            open_dashboard=opener.open_dashboard,
            break_routine=lambda: runner.break_routine,
            routines=routine_titles(app.paths.routines_dir),
            snooze_minutes=settings.breaks.snooze_minutes,
            show_minutes=settings.tray.show_minutes,
        )
        try:
            await tray.start()
        except Exception as exc:  # noqa: BLE001 (the tray must never stop the service)
            log.warning("the tray icon is not available: %s", exc)
            tray = None
        else:
            runner.on_status.append(tray.refresh)
    return DesktopParts(effects, tray, screen)
