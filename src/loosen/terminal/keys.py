"""Single key presses from the terminal, without echo, with a timeout.

In a terminal the keyboard is put in cbreak mode for the duration (Ctrl-C still interrupts) and
restored on exit, whatever happens. Without a terminal (a pipe) no key is ever read and ``read``
simply waits out its timeout.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import time
from types import TracebackType
from typing import IO, Literal

Command = Literal["pause", "skip", "back", "quit", "check"]

_KEYS: dict[str, Command] = {
    " ": "pause",
    "p": "pause",
    "n": "skip",
    "\x1b[C": "skip",
    "\x1bOC": "skip",
    "b": "back",
    "\x1b[D": "back",
    "\x1bOD": "back",
    "q": "quit",
    "Q": "quit",
    "\x1b": "quit",
    "!": "check",
}


def parse(data: str) -> list[Command]:
    """Commands in a chunk of terminal input (arrow keys are escape sequences)."""
    out: list[Command] = []
    i = 0
    while i < len(data):
        for seq in ("\x1b[C", "\x1b[D", "\x1bOC", "\x1bOD"):
            if data.startswith(seq, i):
                out.append(_KEYS[seq])
                i += len(seq)
                break
        else:
            if data[i] == "\x1b" and i + 1 < len(data) and data[i + 1] in "[O":
                # another escape sequence (up/down, function keys): ignore it whole
                j = i + 2
                while j < len(data) and not data[j].isalpha() and data[j] != "~":
                    j += 1
                i = j + 1
                continue
            cmd = _KEYS.get(data[i])
            if cmd is not None:
                out.append(cmd)
            i += 1
    return out


class Keys:
    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdin
        try:
            self.fd: int | None = self.stream.fileno()
        except (OSError, ValueError):
            self.fd = None
        self.interactive = self.fd is not None and os.isatty(self.fd)
        self._saved: list[object] | None = None

    def __enter__(self) -> Keys:
        if self.interactive and self.fd is not None:
            import termios
            import tty

            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.restore()

    def restore(self) -> None:
        if self._saved is not None and self.fd is not None:
            import termios

            with contextlib.suppress(termios.error, OSError):  # a terminal that hung up
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)  # type: ignore[arg-type]
            self._saved = None

    def suspend(self) -> None:
        """Give the terminal back (for a question asked mid-routine)."""
        self.restore()

    def resume(self) -> None:
        self.__enter__()

    def read(self, timeout: float) -> list[Command]:
        timeout = max(0.0, timeout)
        if not self.interactive or self.fd is None:
            time.sleep(timeout)
            return []
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return []
        data = os.read(self.fd, 64).decode("utf-8", "replace")
        # an escape sequence may arrive split: give its tail a moment
        if data.endswith("\x1b") or data.endswith("\x1b["):
            more, _, _ = select.select([self.fd], [], [], 0.03)
            if more:
                data += os.read(self.fd, 64).decode("utf-8", "replace")
        return parse(data)
