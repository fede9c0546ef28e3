"""The service's side of the break screen: start the child process, speak JSON lines with it.

The screen itself (tkinter, the figure, every monitor) runs in ``python -m loosen.screen``, a
child started only while a break screen is shown: Tk and the routine files never enter the
long-running service, whose memory stays where it was (``bench/README.md``). This module is told
every action of the coach (``Runner.on_action``) and the routines to open (``open_routine``):

* ``ShowBreakScreen`` (a prompt left unanswered for ``breaks.escalate_after``): the child opens
  with Start, Snooze and Skip;
* the break starts (``break-started``: the notification's or the tray's "Start routine", `loosen
  break`, Start on the screen): the child plays the routine (the one chosen, else
  ``breaks.routine``); a child already showing the prompt moves on to the routine;
* a ``Withdraw`` other than "taken" (snoozed, skipped, the user left, paused) or the break ended
  elsewhere: the child closes.

The child's windows appear only after a second without keyboard or mouse input (the service's
own idle source says), so the screen never takes the keyboard in the middle of a word. What the
user answers on the screen goes to the runner as a notification's buttons do (``Runner.button``);
a routine's outcome, saved in the history by the child (source ``"screen"``), becomes
``break-done`` or ``break-abandoned`` as after the web player (``core.credit``'s rule). Without
Tk or a display, "Start routine" opens where ``breaks.open_in`` says and an escalation shows
nothing more than the notification.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import logging
import sys
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from loosen.core.coach import Action, Record, ShowBreakScreen, Withdraw
from loosen.i18n import _
from loosen.service import line_child

if TYPE_CHECKING:
    from loosen.config import BreakSettings
    from loosen.service.runner import Runner

log = logging.getLogger("loosen.service")

QUIET = timedelta(seconds=1)  # no input for this long before the screen appears
ENDS = ("break-done", "break-abandoned", "break-ended")
CLOSE_GRACE = 5.0  # seconds a closed child gets to exit before it is killed


def screen_problem(environ: Mapping[str, str]) -> str | None:
    """Why the break screen cannot be shown here (None: it can). Cheap: loads nothing."""
    if sys.platform.startswith("linux") and not environ.get("DISPLAY"):
        return _("no X display (DISPLAY is not set; on Wayland the screen needs Xwayland)")
    if importlib.util.find_spec("_tkinter") is None:
        return _(
            "this Python has no tkinter (Debian/Ubuntu: apt-get install python3-tk; "
            "a pyenv Python needs the Tk headers, tk-dev, when it is built)"
        )
    return None


class BreakScreen:
    def __init__(
        self,
        runner: Runner,
        settings: Callable[[], BreakSettings],
        environ: Mapping[str, str],
        *,
        fallback: Callable[[str], None] | None = None,
        command: list[str] | None = None,
    ) -> None:
        self.runner = runner
        self.settings = settings
        self.environ = dict(environ)
        self.fallback = fallback
        self.command = command or [sys.executable, "-m", "loosen.screen"]
        self.problem = screen_problem(environ)
        self.proc: asyncio.subprocess.Process | None = None
        self.active = False  # a child is starting or running
        self.cancelled = False  # closed while it was starting
        self.phase = ""  # "prompt" or "routine" while a child runs
        self.routine = ""
        self.opened_routine = ""  # the routine the child was told about
        self._played = False  # the child was told to play (not only to show the prompt)
        self.reported = False  # the child said how the routine ended: it closes by itself
        self.seen: list[dict[str, Any]] = []  # what the child said (logs, tests)
        self.shown = asyncio.Event()
        self.closed = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def enabled(self) -> bool:
        return self.problem is None and self.settings().screen

    # -- the runner's hooks ---------------------------------------------------------------------
    def on_action(self, action: Action) -> None:
        if isinstance(action, ShowBreakScreen):
            if self.enabled and not self.active:
                self._spawn(
                    {
                        "phase": "prompt",
                        "can_snooze": action.can_snooze,
                        "can_skip": action.can_skip,
                    }
                )
        elif isinstance(action, Record) and action.kind == "break-started":
            if self.enabled and action.data.get("player") != "web":
                self.play(self.runner.break_routine)
        elif isinstance(action, Record) and action.kind in ENDS:
            if not self.reported:
                self.close()
        elif isinstance(action, Withdraw) and action.reason != "taken" and self.phase == "prompt":
            self.close()

    def open_routine(self, routine: str) -> None:
        """ "Start routine" (a notification, the tray): on the break screen during a break, else
        where ``breaks.open_in`` says (a warm-up before a run is not a break)."""
        if self.enabled and self.runner.coach.mode in ("on-break", "locked"):
            self.play(routine)
        elif self.fallback is not None:
            self.fallback(routine)

    def play(self, routine: str) -> None:
        """The routine on the screen: a new child, or the one showing the prompt moves on."""
        self.routine = routine
        if not self.active:
            self._spawn({"phase": "routine"})
            return
        self.phase = "routine"
        if self.proc is None:
            return  # still starting: its first line will say so
        if not self._played or routine != self.opened_routine:
            self._played = True
            self.opened_routine = routine
            self._send({"type": "play", "routine": routine})

    # -- the child ---------------------------------------------------------------------------------
    def _spawn(self, opening: dict[str, Any]) -> None:
        self.active = True
        self.cancelled = False
        self.phase = str(opening.pop("phase"))
        if self.phase == "prompt":
            self.routine = self.runner.break_routine
        self.reported = False
        self.shown.clear()
        self.closed.clear()
        self._task(self._run(opening))

    def _opening(self, extra: dict[str, Any]) -> dict[str, Any]:
        """The first line for the child, as things are when it has started (a break may have
        begun, or another routine been chosen, while it was starting)."""
        s = self.settings()
        notice = self.runner.last_notice or {}
        self.opened_routine = self.routine or self.runner.break_routine
        self._played = self.phase == "routine"
        return {
            "type": "open",
            "phase": self.phase,
            "routine": self.opened_routine,
            "sitting": str(notice.get("body", "")),
            "can_snooze": True,
            "can_skip": True,
            "snooze_minutes": s.snooze_minutes,
            "strict": s.strict,
            **extra,
        }

    def _task(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, extra: dict[str, Any]) -> None:
        try:
            proc = await line_child.start(self.command, self.environ)
        except OSError as exc:
            log.warning("the break screen could not be started: %s", exc)
            self.active = False
            self._failed()
            self.closed.set()
            return
        self.proc = proc
        try:
            self._send(self._opening(extra))
            if self.cancelled:
                self.close()
            async for message in line_child.heard(proc):
                self.seen.append(message)
                await self._heard(message)
            if await proc.wait() != 0 and not any(m.get("type") == "shown" for m in self.seen):
                self._failed()
        finally:
            if self.proc is proc:
                self.proc = None
                self.active = False
                self.phase = ""
                self.routine = ""
            self.closed.set()

    async def _heard(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "ready":
            self._task(self._show_when_quiet())
        elif kind == "shown":
            self.shown.set()
        elif kind == "answer" and message.get("button") in ("start", "snooze", "skip"):
            if message["button"] == "start":
                self.phase = "routine"
            await self.runner.button(message["button"])
        elif kind == "outcome":
            self.reported = True
            if message.get("counts") is True:
                await self.runner.command("break-done", {"since": message.get("since")})
            else:
                await self.runner.command("break-abandoned", {})
        elif kind == "error":
            log.warning("the break screen cannot be shown: %s", message.get("message"))

    async def _show_when_quiet(self) -> None:
        """Wait for a second without keyboard or mouse input, then show the windows."""
        while self.proc is not None:
            try:
                idle = await self.runner.idle.idle()
            except Exception:  # noqa: BLE001 (cannot see input: show it now)
                idle = None
            if idle is None or idle >= QUIET:
                self._send({"type": "show"})
                return
            await asyncio.sleep((QUIET - idle).total_seconds() + 0.02)

    def _failed(self) -> None:
        """No screen after all (no Tk, no display): a break under way opens where open_in says."""
        if self.phase == "routine" and self.fallback is not None:
            self.fallback(self.routine)

    def _send(self, message: dict[str, Any]) -> None:
        line_child.send(self.proc, message)

    def close(self) -> None:
        """Close the screen now (the child exits at once; killed if it does not)."""
        proc = self.proc
        if proc is None:
            self.cancelled = self.active
            return
        self._send({"type": "close"})
        if proc.stdin is not None:
            with contextlib.suppress(OSError, RuntimeError):
                proc.stdin.close()

        async def reap() -> None:
            try:
                await asyncio.wait_for(proc.wait(), CLOSE_GRACE)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()

        self._task(reap())

    async def aclose(self) -> None:
        self.close()
        for task in list(self._tasks):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(task), CLOSE_GRACE + 1)


def wants(settings: BreakSettings, environ: Mapping[str, str]) -> bool:
    """Whether the screen can escalate a prompt here (the policy's ``escalate_after``)."""
    return settings.screen and screen_problem(environ) is None
