"""The service's activity log that a database fault cannot stop: a full disk, a damaged file.

:class:`SafeActivity` wraps :class:`loosen.storage.activity.ActivityLog` (or nothing, when the
database could not be opened at all) with the same methods. A write that fails
(:class:`~loosen.errors.HistoryError`) is kept in memory, in order, and written before the next
write (or at the service's hourly :meth:`retry`) once the database takes writes again (when the
disk has room); a damaged database is not written again at all. Reads show the database's
rows with the kept writes applied, so the service's status and timeline stay true. Nothing that
was saved is touched, and the reminders go on: the coach keeps its state in memory anyway.

The first failure is logged once and stays in :attr:`problem` (``loosen status`` shows it) until
a write succeeds again. Memory is bounded: at most :data:`MAX_PENDING` kept writes (consecutive
checkpoints of the same bout are merged into one); beyond that the oldest are dropped, and the
log says how many.

:func:`open_history` is how the service opens the database (a database that cannot even be
opened leaves it running from memory); :func:`keep_backups` is its hourly chore: retry what is
kept, and take the day's backup (:mod:`loosen.storage.backup`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from loosen.errors import HistoryError
from loosen.storage.activity import ActivityLog, Bout, Event

if TYPE_CHECKING:
    from loosen.app import App
    from loosen.storage.history import History

log = logging.getLogger("loosen.service")

BACKUP_CHECK_EVERY = timedelta(hours=1)

MAX_PENDING = 10_000
"""Writes kept in memory at most (a day of sitting makes a few hundred)."""

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Write:
    kind: str  # "start", "end", "checkpoint", "record"
    at: datetime
    reason: str = ""
    event: str = ""
    data: Mapping[str, object] = dataclasses.field(default_factory=dict)

    def to(self, a: ActivityLog) -> None:
        if self.kind == "start":
            a.start_bout(self.at)
        elif self.kind == "end":
            a.end_bout(self.at, self.reason)
        elif self.kind == "checkpoint":
            a.checkpoint(self.at)
        else:
            a.record(self.at, self.event, self.data)


class SafeActivity:
    def __init__(self, activity: ActivityLog | None, problem: HistoryError | None = None) -> None:
        self.activity = activity
        self.pending: deque[_Write] = deque()
        self.dropped = 0
        self.problem: str | None = None
        if problem is not None:
            self._fault(problem)

    # -- faults ----------------------------------------------------------------------------------
    def _fault(self, exc: HistoryError) -> None:
        if exc.damaged or self.activity is None:
            # a damaged file is not written again (that could only make it worse)
            self.activity = None
            problem = (
                f"{exc} Meanwhile loosen keeps reminding from memory, without saving, until "
                "it is restarted with a usable database."
            )
        else:
            problem = (
                f"{exc} Meanwhile loosen keeps reminding and keeps what happens in memory, "
                "to save it once the database can be written again."
            )
        if self.problem is None or self.activity is None:
            if problem != self.problem:
                log.warning("%s", problem)
            self.problem = problem

    def _read(self, fn: Callable[[ActivityLog], T], empty: T) -> T:
        if self.activity is None:
            return empty
        try:
            return fn(self.activity)
        except HistoryError as exc:
            self._fault(exc)
            return empty

    def _write(self, w: _Write) -> None:
        if self.pending:
            last = self.pending[-1]
            if w.kind == "checkpoint" and last.kind == "checkpoint":
                self.pending.pop()  # only the latest checkpoint of a bout matters
        self.pending.append(w)
        if len(self.pending) > MAX_PENDING:
            self.pending.popleft()
            self.dropped += 1
            if self.dropped == 1:
                log.warning(
                    "loosen keeps at most %d unsaved changes in memory; the oldest are dropped",
                    MAX_PENDING,
                )
        self.retry()

    def retry(self) -> bool:
        """Write what is kept, oldest first; whether everything is in the database now."""
        if self.activity is None:
            return False
        written = 0
        while self.pending:
            try:
                self.pending[0].to(self.activity)
            except HistoryError as exc:
                self._fault(exc)
                return False
            self.pending.popleft()
            written += 1
        if self.problem is not None:
            log.warning(
                "The history database can be written again; %d kept change%s saved.",
                written,
                "" if written == 1 else "s",
            )
            self.problem = None
        return True

    # -- writes ----------------------------------------------------------------------------------
    def start_bout(self, at: datetime) -> None:
        self._write(_Write("start", at))

    def end_bout(self, at: datetime, reason: str) -> None:
        self._write(_Write("end", at, reason=reason))

    def checkpoint(self, at: datetime) -> None:
        self._write(_Write("checkpoint", at))

    def record(self, at: datetime, kind: str, data: Mapping[str, object]) -> None:
        self._write(_Write("record", at, event=kind, data=dict(data)))

    # -- reads: the database's rows with the kept writes applied ---------------------------------
    def _with_pending(self, bouts: list[Bout]) -> list[Bout]:
        out = list(bouts)
        for w in self.pending:
            open_at = next((i for i, b in enumerate(out) if b.ended_at is None), None)
            if w.kind == "start":
                if open_at is not None:
                    out[open_at] = dataclasses.replace(
                        out[open_at], ended_at=w.at, end_reason="superseded"
                    )
                out.append(Bout(w.at, None, None, w.at))
            elif w.kind == "end" and open_at is not None:
                b = out[open_at]
                out[open_at] = dataclasses.replace(
                    b, ended_at=max(b.started_at, w.at), end_reason=w.reason
                )
            elif w.kind == "checkpoint" and open_at is not None:
                out[open_at] = dataclasses.replace(out[open_at], last_active_at=w.at)
        return out

    def open_bout(self) -> Bout | None:
        base = self._read(lambda a: a.open_bout(), None)
        bouts = self._with_pending([base] if base is not None else [])
        return next((b for b in bouts if b.ended_at is None), None)

    def bouts_between(self, start: datetime, end: datetime) -> list[Bout]:
        no_bouts: list[Bout] = []
        base = self._read(lambda a: a.bouts_between(start, end), no_bouts)
        if not self.pending:
            return base
        if not any(b.ended_at is None for b in base):
            opened = self._read(lambda a: a.open_bout(), None)
            if opened is not None:
                base.append(opened)
        return [
            b
            for b in self._with_pending(base)
            if b.started_at < end and (b.ended_at is None or b.ended_at > start)
        ]

    def _kept_events(self, start: datetime, end: datetime, kind: str | None) -> list[Event]:
        return [
            Event(w.at, w.event, w.data)
            for w in self.pending
            if w.kind == "record" and start <= w.at < end and kind in (None, w.event)
        ]

    def events_between(
        self, start: datetime, end: datetime, kind: str | None = None
    ) -> list[Event]:
        no_events: list[Event] = []
        base = self._read(lambda a: a.events_between(start, end, kind), no_events)
        kept = self._kept_events(start, end, kind)
        return sorted(base + kept, key=lambda e: e.at) if kept else base

    def last_event(self, kind: str) -> Event | None:
        kept = [Event(w.at, w.event, w.data) for w in self.pending if w.event == kind]
        if kept:
            return kept[-1]
        return self._read(lambda a: a.last_event(kind), None)


def open_history(app: App) -> tuple[History | None, SafeActivity]:
    """The history database and the runner's log on it; when the database cannot be opened
    (damaged, a full disk while upgrading it), no database, and the service runs from memory."""
    try:
        history = app.history()
    except HistoryError as exc:
        return None, SafeActivity(None, problem=exc)
    return history, SafeActivity(ActivityLog(history))


async def keep_backups(db: Path, activity: SafeActivity) -> None:
    """A backup of the history database when the service starts, then once a day (checked
    hourly; only a database that passes SQLite's quick check is copied); writes kept in memory
    while the disk was full are tried again at the same time."""
    while True:
        if activity.pending:
            activity.retry()  # kept writes, even while nothing new is written
        if activity.problem is None:
            await back_up_in_child(db)
        await asyncio.sleep(BACKUP_CHECK_EVERY.total_seconds())


async def back_up_in_child(db: Path) -> bool:
    """``back_up_if_due(db)`` in a short-lived child process (``python -m
    loosen.storage.backup``), so that checking and copying a large history never holds up the
    event loop: the service goes on answering meanwhile. False, said in the log, when the copy
    could not be made (a full disk: the old backups stay)."""
    import sys

    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "loosen.storage.backup",
            str(db),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            _, err = await proc.communicate()
        except asyncio.CancelledError:  # the service stops: let a copy under way finish, so
            await proc.wait()  # it is never cut off, nor still running once the service is gone
            raise
    except OSError as exc:  # no process could be started (out of memory, too many processes)
        log.warning("could not back up the history database %s: %s", db, exc)
        return False
    if proc.returncode != 0:
        why = err.decode("utf-8", "replace").strip().splitlines()
        reason = why[-1] if why else f"exit status {proc.returncode}"
        log.warning("could not back up the history database %s: %s", db, reason)
        return False
    return True
