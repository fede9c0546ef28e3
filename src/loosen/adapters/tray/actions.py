"""What the tray's menu items do, whichever tray shows them: the StatusNotifierItem on Linux
(``tray.py``) and the pystray child on macOS and Windows (``service/tray_child.py``) both hand the
chosen item's id (``view``'s ids) to :class:`MenuActions`, which carries it out with the runner's
commands, exactly as `loosen pause`, `loosen moved` ... do. No D-Bus, no toolkit here.
"""

from __future__ import annotations

import contextlib
import logging
import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from loosen.adapters.tray import view as v

log = logging.getLogger("loosen.service")

Command = Callable[[str, dict[str, Any]], Awaitable[tuple[bool, str]]]

#: Items that are one runner command each.
SIMPLE: dict[int, tuple[str, dict[str, Any]]] = {
    v.SNOOZE: ("snooze", {}),
    v.MOVED: ("moved", {}),
    v.RESUME: ("resume", {}),
    v.BREAK_DONE: ("break-done", {}),
    v.PAUSE_30: ("pause", {"minutes": 30}),
    v.PAUSE_60: ("pause", {"minutes": 60}),
    v.PAUSE_TOMORROW: ("pause", {"until": "tomorrow"}),
    v.QUIT: ("stop", {}),
}


def routine_titles(user_dir: Path | None) -> list[tuple[str, str]]:
    """(id, name) of the built-in routines and the user's routine files, read cheaply (the
    routine catalogue's modules would cost the service half a megabyte, and importlib.resources
    another half with tempfile, shutil and the compression modules it brings: the package's
    files are on disk, as the web app's are)."""
    import loosen.content

    out: list[tuple[str, str]] = []
    folder = Path(loosen.content.__file__).parent / "routines"
    texts = [(r.stem, r.read_text("utf-8")) for r in sorted(folder.glob("*.toml"))]
    builtin = {rid for rid, _ in texts}
    if user_dir is not None and user_dir.is_dir():
        for path in user_dir.glob("*.toml"):
            if path.stem not in builtin:
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    texts.append((path.stem, path.read_text("utf-8")))
    for rid, text in texts:
        try:
            name = tomllib.loads(text).get("name")
        except tomllib.TOMLDecodeError:
            continue  # a broken file: `loosen routines` says what is wrong with it
        out.append((rid, name if isinstance(name, str) and name else rid))
    return sorted(out, key=lambda r: r[1].lower())


class MenuActions:
    def __init__(
        self,
        status: Callable[[], dict[str, Any]],
        command: Command,
        *,
        open_routine: Callable[[str], None] | None,
        open_dashboard: Callable[[], None] | None,
        break_routine: Callable[[], str],
        routines: list[tuple[str, str]],
    ) -> None:
        self.status = status
        self.command = command
        self.open_routine = open_routine
        self.open_dashboard = open_dashboard
        self.break_routine = break_routine
        self.routines = routines

    def activate(self) -> None:
        """The icon itself was clicked: the dashboard."""
        if self.open_dashboard is not None:
            self.open_dashboard()

    async def clicked(self, ident: int) -> None:
        """A menu item was chosen."""
        if ident in SIMPLE:
            kind, body = SIMPLE[ident]
            ok, message = await self.command(kind, body)
            if not ok:
                log.info("tray: %s", message)
        elif ident == v.TAKE_BREAK:
            await self._break(self.break_routine())
        elif v.ROUTINE_BASE <= ident < v.ROUTINE_BASE + len(self.routines):
            await self._break(self.routines[ident - v.ROUTINE_BASE][0])
        elif ident == v.DASHBOARD:
            self.activate()

    async def _break(self, routine: str) -> None:
        ok, message = await self.command("break", {})
        if not ok and self.status().get("mode") != "on-break":
            log.info("tray: %s", message)
            return
        if self.open_routine is not None:
            self.open_routine(routine)
