"""The service's side of the pystray tray: start ``python -m loosen.pystray_child``, tell it what
to show, carry out what the user chose.

macOS and Windows have no StatusNotifierItem; there the icon is shown by pystray (LGPL-3.0) in a
child process that lives as long as the service, so pystray, Pillow and the toolkit bindings
never enter the service (its memory stays where it was: ``docs/desktop.md``). On Linux it is used
when ``tray.backend = "pystray"``.

The service computes everything the child shows, with the same code as the D-Bus tray
(``adapters/tray/view.py``: the picture's state and fill, the tooltip, the menu with its words),
and sends it as a JSON line when it changed, after the runner's wake-ups and commands
(``Runner.on_status``). The child answers ``{"type": "clicked", "id": ID}``; the id is carried out
by ``adapters/tray/actions.MenuActions``, the same commands as the D-Bus menu's.

A child that ends while the service runs (it crashed, or was killed) is logged and started again,
at most ``RESTARTS`` times; one that says it cannot show an icon here (no pystray, no tray) is
logged once and not started again. Neither ever stops the service. The child exits when told to,
and when its input ends (the service stopped or died).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Callable, Mapping
from typing import Any

from loosen.adapters.tray import view as v
from loosen.adapters.tray.actions import MenuActions
from loosen.i18n import _
from loosen.service import line_child

log = logging.getLogger("loosen.service")

RESTARTS = 3  # a crashed child is started again at most this many times
RESTART_PAUSE = 1.0  # seconds before the first restart; doubled for each one after it
CLOSE_GRACE = 5.0  # seconds a child told to quit gets before it is killed


def message(view: v.TrayView) -> dict[str, Any]:
    """The ``show`` line for the child."""
    return {
        "type": "show",
        "picture": view.state,
        "fill": view.fill,
        "title": view.title,
        "detail": view.detail,
        "menu": v.tree(view.menu),
        "activate": v.DASHBOARD,
    }


class TrayChild:
    def __init__(
        self,
        actions: MenuActions,
        view: Callable[[dict[str, Any]], v.TrayView],
        environ: Mapping[str, str],
        *,
        command: list[str] | None = None,
        restart_pause: float = RESTART_PAUSE,
    ) -> None:
        self.actions = actions
        self.view = view
        self.environ = dict(environ)
        self.command = command or [sys.executable, "-m", "loosen.pystray_child"]
        self.restart_pause = restart_pause
        self.proc: asyncio.subprocess.Process | None = None
        self.current = message(view(actions.status()))
        self.sent: dict[str, Any] | None = None
        self.starts = 0  # children started (tests, logs)
        self.backend = ""  # pystray's backend, as the child said
        self.problem: str | None = None  # why there is no icon (after the child gave up)
        self.ready = asyncio.Event()
        self.closing = False
        self._supervisor: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    # -- the service's hooks -------------------------------------------------------------------
    def start(self) -> None:
        self._supervisor = asyncio.get_running_loop().create_task(self._supervise())

    def refresh(self, status: dict[str, Any] | None = None) -> None:
        """Show the service's state (``Runner.on_status``); sends a line only when it changed."""
        self.current = message(self.view(self.actions.status() if status is None else status))
        if self.current != self.sent:
            self._send(self.current)

    async def close(self) -> None:
        """Remove the icon: the child is told to quit, its input closed; killed if it stays."""
        self.closing = True
        if self._supervisor is not None and self.proc is None:
            self._supervisor.cancel()  # between two children (a restart's pause): none to end
        proc = self.proc
        if proc is not None:
            self._send({"type": "quit"})
            if proc.stdin is not None:
                with contextlib.suppress(OSError, RuntimeError):
                    proc.stdin.close()
            try:
                await asyncio.wait_for(proc.wait(), CLOSE_GRACE)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
        if self._supervisor is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(self._supervisor, CLOSE_GRACE)
        for task in list(self._tasks):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(task), CLOSE_GRACE)

    # -- the child -----------------------------------------------------------------------------
    async def _supervise(self) -> None:
        crashes = 0
        while not self.closing:
            code, error = await self._run_once()
            if self.closing:
                return
            if error is not None:
                self.problem = error
                log.warning("the tray icon cannot be shown: %s", error)
                return
            if crashes >= RESTARTS:
                self.problem = _(
                    "its process ended %(count)s times (last exit status %(code)s)"
                ) % {"count": crashes + 1, "code": code}
                log.warning("the tray icon is gone: %s; not starting it again", self.problem)
                return
            crashes += 1
            log.warning(
                "the tray icon's process ended (exit status %s); starting it again (%d of %d)",
                code,
                crashes,
                RESTARTS,
            )
            await asyncio.sleep(self.restart_pause * 2 ** (crashes - 1))

    async def _run_once(self) -> tuple[int | None, str | None]:
        """Run one child until it ends: its exit status, and the error it reported."""
        self.ready.clear()
        try:
            proc = await line_child.start(self.command, self.environ)
        except OSError as exc:
            return None, _("it could not be started (%(reason)s)") % {"reason": exc}
        self.proc = proc
        self.starts += 1
        self.sent = None
        self._send(self.current)
        error: str | None = None
        try:
            async for said in line_child.heard(proc):
                error = self._heard(said) or error
            code = await proc.wait()
        finally:
            self.proc = None
        return code, error

    def _heard(self, said: dict[str, Any]) -> str | None:
        kind = said.get("type")
        if kind == "ready":
            self.backend = str(said.get("backend", ""))
            self.ready.set()
        elif kind == "clicked" and isinstance(said.get("id"), int):
            self._task(self.actions.clicked(said["id"]))
        elif kind == "error":
            return str(said.get("message", "unknown"))
        return None

    def _task(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _send(self, line: dict[str, Any]) -> None:
        if line_child.send(self.proc, line) and line.get("type") == "show":
            self.sent = line
