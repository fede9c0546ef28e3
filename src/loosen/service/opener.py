"""Where "Start routine" in a break notification plays the routine.

The web app's player in the browser (through a one-time ticket, as `loosen open` does: the
browser is started on a 0600 forwarding file, never on the ticket's address, see ``forward``),
or `loosen stretch` in a new terminal window; whichever the settings prefer and the desktop has.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlencode


class RoutineOpener:
    def __init__(
        self,
        preference: Callable[[], str],
        browser: Launch | None = None,
        terminal: Launch | None = None,
        *,
        detect: bool = True,
    ) -> None:
        self.preference = preference  # "browser" or "terminal", read at each use (settings change)
        self.browser = browser if browser is not None or not detect else browser_opener()
        self.terminal = terminal if terminal is not None or not detect else terminal_opener()
        self.address: str | None = None
        self.ticket: Callable[[], str] | None = None
        self.folder: Path | None = None  # where forwarding files go (the runtime folder)
        self.children: list[subprocess.Popen[bytes]] = []  # reaped at the next launch

    def listening(self, address: str, ticket: Callable[[], str], folder: Path) -> None:
        self.address, self.ticket, self.folder = address, ticket, folder

    def forward_file(self, routine: str) -> Path | None:
        """A fresh forwarding file to the player of ``routine`` (a new one-time ticket)."""
        return self._forward("/routine/" + quote(routine, safe="") + "?break=1")

    def _forward(self, page: str) -> Path | None:
        """A fresh 0600 forwarding file to ``page`` of the web app, through a new ticket: the
        browser is started on the file, so the ticket is never on its command line."""
        if self.address is None or self.ticket is None or self.folder is None:
            return None
        from loosen.service import forward

        ticket = self.ticket()
        url = f"{self.address}/login?" + urlencode({"ticket": ticket, "next": page})
        return forward.write(forward.folder_for_browser(self.folder, os.environ), ticket, url)

    def open_dashboard(self) -> None:
        """The dashboard in the browser (the tray icon's click), through a forwarding file."""
        if self.browser is None:
            return
        page = self._forward("/")
        if page is not None:
            self._started(self.browser(page.as_uri()))

    def open(self, routine: str) -> None:
        wants_browser = self.preference() == "browser" or self.terminal is None
        if wants_browser and self.browser is not None:
            page = self.forward_file(routine)
            if page is not None:
                self._started(self.browser(page.as_uri()))
                return
        if self.terminal is not None:
            self._started(self.terminal(routine))

    def _started(self, child: subprocess.Popen[bytes] | None) -> None:
        self.children = [c for c in self.children if c.poll() is None]
        if child is not None:
            self.children.append(child)


Launch = Callable[[str], "subprocess.Popen[bytes] | None"]


def browser_opener() -> Launch | None:
    """Open an address in the user's browser without waiting for it, where a desktop has one."""
    if sys.platform == "darwin":
        command = ["open"]
    elif sys.platform == "win32":

        def start(url: str) -> None:
            os.startfile(url)  # type: ignore[attr-defined,unused-ignore]

        return start
    elif os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        found = shutil.which("xdg-open")
        if found is None:
            return None
        command = [found]
    else:
        return None

    def open_(url: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [*command, url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    return open_


def terminal_opener() -> Launch | None:
    """Open `loosen stretch ROUTINE` in a new terminal window, where one can be found."""
    term = (
        shutil.which("x-terminal-emulator")
        or shutil.which("gnome-terminal")
        or shutil.which("konsole")
        or shutil.which("xterm")
    )
    # the service runs as `python -m loosen.service`: its argv[0] is not the command
    found = shutil.which("loosen")
    exe = [found] if found else [sys.executable, "-m", "loosen"]
    if term is None:
        return None

    def open_(routine: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [term, "-e", *exe, "stretch", routine],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    return open_
