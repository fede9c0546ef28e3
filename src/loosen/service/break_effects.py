"""What the desktop does around a break: media paused and played again, the screen locked, a chime.

Told every action the coach decides (``Runner.on_action``), it acts on four of them:

* the break starts (``break-started``: the ``break`` command, a notification's or the tray's
  "Start routine"): pause every MPRIS player that is playing (``breaks.pause_media``), remember
  exactly which, and lock the screen (``breaks.lock_screen``);
* the break ends (``break-done``, ``break-abandoned``, ``break-ended`` by timeout or a long
  absence): play again only the players loosen paused, and chime (``breaks.sound``);
* the heads-up (a ``Notify`` of kind ``heads-up``): chime.

The chime is quiet in do-not-disturb. The work runs in one task after another on the event loop
(a break that ends while its media is still being paused resumes what was paused), and nothing
here wakes the service by itself. The settings are read at each use, so a change from the
settings page applies to the next break.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loosen.core.coach import Action, Notify, Record

if TYPE_CHECKING:
    from loosen.config import BreakSettings

log = logging.getLogger("loosen.service")

STARTS = ("break-started",)
ENDS = ("break-done", "break-abandoned", "break-ended")


class BreakEffects:
    def __init__(
        self,
        bus: Any | None,
        settings: Callable[[], BreakSettings],
        runtime_folder: Path,
        environ: Mapping[str, str],
        *,
        dnd: Callable[[], Awaitable[str]] | None = None,
    ) -> None:
        self.bus = bus
        self.settings = settings
        self.folder = runtime_folder
        self.environ = environ
        self.dnd = dnd if dnd is not None else self._dnd
        self.paused: list[str] = []  # the players loosen paused, to play again
        self.done: list[str] = []  # what was carried out, in order (tests, logs)
        self._queue: asyncio.Task[None] | None = None
        self._chime: Any = None

    # -- the runner's hook: quick, never raises, queues the work ----------------------------------
    def on_action(self, action: Action) -> None:
        if isinstance(action, Record) and action.kind in STARTS:
            self._then(self._break_started())
        elif isinstance(action, Record) and action.kind in ENDS:
            self._then(self._break_ended())
        elif isinstance(action, Notify) and action.kind == "heads-up":
            self._then(self._sound("heads-up"))

    def _then(self, work: Awaitable[None]) -> None:
        before = self._queue

        async def run() -> None:
            if before is not None:
                await asyncio.gather(before, return_exceptions=True)
            try:
                await work
            except Exception as exc:  # noqa: BLE001 (the desktop must never stop the service)
                log.warning("break effects: %s", exc)

        try:
            self._queue = asyncio.get_running_loop().create_task(run())
        except RuntimeError:  # no loop (a command-line restore): nothing to do on a desktop
            if asyncio.iscoroutine(work):
                work.close()

    async def settle(self) -> None:
        """Wait until everything queued is done (at shutdown, and in tests)."""
        while self._queue is not None and not self._queue.done():
            await self._queue

    # -- the work ------------------------------------------------------------------------------
    async def _break_started(self) -> None:
        s = self.settings()
        if s.pause_media and self.bus is not None:
            from loosen.adapters.presence.media import pause_playing

            for name in await pause_playing(self.bus):
                if name not in self.paused:
                    self.paused.append(name)
                self.done.append(f"paused {name}")
        if s.lock_screen:
            from loosen.adapters.session.lock import lock_screen

            how = await lock_screen(self.bus)
            self.done.append(f"locked with {how}" if how else "could not lock")
            if how is None:
                log.warning("could not lock the screen: `loosen doctor` says what is missing")

    async def _break_ended(self) -> None:
        names, self.paused = self.paused, []
        if names and self.bus is not None:
            from loosen.adapters.presence.media import play

            for name in await play(self.bus, names):
                self.done.append(f"played {name}")
        await self._sound("break-end")

    async def _sound(self, kind: str) -> None:
        s = self.settings()
        if not s.sound or s.volume <= 0:
            return
        if await self.dnd():
            self.done.append(f"quiet {kind} (do-not-disturb)")
            return
        from loosen.adapters.sound.chime import Chime

        if self._chime is None:
            self._chime = Chime(self.folder)
        if await self._chime.play(kind, s.volume):
            self.done.append(f"chime {kind}")

    async def _dnd(self) -> str:
        from loosen.adapters.presence.dnd import do_not_disturb

        return await do_not_disturb(self.bus, self.environ)

    async def close(self) -> None:
        await self.settle()
        if self._chime is not None:
            await self._chime.close()
