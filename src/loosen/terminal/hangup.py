"""`loosen stretch` ended by SIGTERM or SIGHUP (the terminal window closed, a logout).

Such a signal ends the routine as Ctrl-C does: :func:`ended_by_signals` turns the first one into
:class:`Hangup` (a ``KeyboardInterrupt``, which the player already handles by ending the routine
as "quit"), so the ``with`` blocks unwind, the alternate screen is left, echo comes back, and the
session is saved; further signals are noted, not raised, so nothing interrupts the save.

After a hang-up the terminal is gone and every write to it fails (EIO): :class:`Tolerant` stands
between the player and the terminal and, at the first failed write, points the file descriptor
at ``/dev/null``, so what is left to print (and Python's flush at exit) cannot fail.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from types import FrameType
from typing import IO, Any

SIGNALS = tuple(s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s)


class Hangup(KeyboardInterrupt):
    """The routine was ended by a signal (``signum``)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def ended_by_signals() -> Iterator[list[int]]:
    """While inside, SIGTERM and SIGHUP end the routine; yields the signals received."""
    got: list[int] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        got.append(signum)
        if len(got) == 1:
            raise Hangup(signum)

    old = {s: signal.signal(s, handler) for s in SIGNALS}
    try:
        yield got
    finally:
        for s, h in old.items():
            signal.signal(s, h)


class Tolerant:
    """A text stream whose writes cannot fail: at the first ``OSError`` (a terminal that hung
    up) its descriptor is pointed at ``/dev/null`` and the rest is dropped."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self.broken = False

    def _lost(self) -> None:
        self.broken = True
        with contextlib.suppress(OSError, ValueError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())
            os.close(null)

    def write(self, text: str) -> int:
        if not self.broken:
            try:
                return self._stream.write(text)
            except OSError:
                self._lost()
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                self._stream.flush()
            except OSError:
                self._lost()
                with contextlib.suppress(OSError):
                    self._stream.flush()  # now into /dev/null: the buffer empties

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
