"""Automatic backups of the history database, and putting one back (``loosen restore``).

The service takes a backup when it starts and then once a day (:func:`back_up_if_due`): it checks
the database with ``PRAGMA quick_check`` first and copies only a database that passes, so a
backup is always the last *good* state. The copy is made with ``VACUUM INTO`` from a read-only
connection (a consistent snapshot, even while the service writes) into a new 0600 file beside the
database, then renamed into place; the previous backup is kept as the older of two:

    history.sqlite3                the database
    history.backup.sqlite3         the newest good copy (at most a day old while the service runs)
    history.backup-older.sqlite3   the one before it

:func:`restore` (the service stopped) moves the damaged database and its ``-wal``/``-shm`` files
aside, never deleting them, and puts a checked copy of the newest good backup in its place.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from loosen.errors import HistoryError
from loosen.i18n import _

BACKUP_EVERY = timedelta(hours=23)
"""How old the newest backup may get before the service takes another (checked hourly)."""


def backups(db: Path) -> tuple[Path, Path]:
    """(newest, older) backup paths of the database ``db``."""
    return db.with_name(db.stem + ".backup.sqlite3"), db.with_name(
        db.stem + ".backup-older.sqlite3"
    )


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, timeout=5)


def check(path: Path) -> str:
    """``"ok"`` when SQLite's ``quick_check`` finds nothing wrong with ``path``, else what it
    found (first line) or the error that stopped it."""
    try:
        con = _connect_ro(path)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return str(exc)
    first = str(rows[0][0]) if rows else "no answer"
    return "ok" if first == "ok" and len(rows) == 1 else first


def newest_good(db: Path) -> Path | None:
    """The newest backup of ``db`` that exists (not checked)."""
    for p in backups(db):
        if p.is_file():
            return p
    return None


def damaged(db: Path, why: str) -> str:
    """The sentence for a damaged database: how to go back to its backup, if there is one."""
    backup = newest_good(db)
    if backup is None:
        return _(
            "The history database %(db)s is damaged (%(why)s) and has no backup yet; move it "
            "aside and loosen will start a new one."
        ) % {"db": db, "why": why}
    taken = datetime.fromtimestamp(backup.stat().st_mtime, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return _(
        "The history database %(db)s is damaged (%(why)s); stop loosen (`loosen stop`) and run "
        "`loosen restore` to go back to its automatic backup of %(taken)s."
    ) % {"db": db, "why": why, "taken": taken}


def back_up(db: Path) -> Path | None:
    """Copy ``db`` to its newest backup when it passes ``quick_check``; the backup, or None when
    there is nothing to copy or the database is damaged (the good backups are then kept)."""
    if not db.is_file() or check(db) != "ok":
        return None
    newest, older = backups(db)
    tmp = db.with_name(f".{newest.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # VACUUM INTO fills it
    os.close(fd)
    try:
        con = _connect_ro(db)
        try:
            con.execute("VACUUM INTO ?", (str(tmp),))
        finally:
            con.close()
        os.chmod(tmp, 0o600)
        if newest.exists():
            os.replace(newest, older)
        os.replace(tmp, newest)
    except (sqlite3.Error, OSError):
        tmp.unlink(missing_ok=True)
        raise
    return newest


def back_up_if_due(db: Path, now: datetime | None = None) -> Path | None:
    """:func:`back_up` when the newest backup is missing or older than :data:`BACKUP_EVERY`."""
    newest, _older = backups(db)
    now = now or datetime.now(UTC)
    try:
        taken = datetime.fromtimestamp(newest.stat().st_mtime, UTC)
    except OSError:
        taken = None
    if taken is not None and now - taken < BACKUP_EVERY:
        return None
    return back_up(db)


@dataclass(frozen=True, slots=True)
class Restored:
    backup: Path
    taken_at: datetime
    moved_aside: tuple[Path, ...]


def restore(db: Path, now: datetime | None = None) -> Restored:
    """Put the newest good backup in place of ``db`` (whose files are moved aside, not deleted).

    Raises :class:`HistoryError` (nothing changed) when there is no backup or none passes the
    check. The caller makes sure the service is not running.
    """
    candidates = [p for p in backups(db) if p.is_file()]
    if not candidates:
        raise HistoryError(
            _(
                "There is no backup of the history database %(db)s yet (loosen "
                "takes one a day while the service runs); move the damaged file "
                "aside and loosen will start a new one."
            )
            % {"db": db}
        )
    good = next((p for p in candidates if check(p) == "ok"), None)
    if good is None:
        raise HistoryError(
            _(
                "The backups of the history database %(db)s (%(join)s) are damaged "
                "too; move the damaged file aside and loosen will start a new one."
            )
            % {"db": db, "join": ", ".join(map(str, candidates))}
        )
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    moved = []
    for suffix in ("", "-wal", "-shm"):
        src = db.with_name(db.name + suffix)
        if src.exists():
            dst = db.with_name(f"{db.name}.damaged-{stamp}{suffix}")
            os.replace(src, dst)
            moved.append(dst)
    tmp = db.with_name(f".{db.name}.restoring")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, open(good, "rb") as src_file:
        while chunk := src_file.read(1 << 20):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, db)
    taken = datetime.fromtimestamp(good.stat().st_mtime, UTC)
    return Restored(good, taken, tuple(moved))


def main(argv: list[str]) -> int:
    """``python -m loosen.storage.backup DB``: :func:`back_up_if_due` in a process of its own.

    The service runs the daily backup this way: ``quick_check`` and ``VACUUM INTO`` read the
    whole database, which for a large history takes long enough to hold up everything on the
    service's event loop, and a thread would keep a malloc arena of its own in the service
    for the rest of the run. Exit 0 (backed up, or not due, or the database fails its check:
    the good backups are kept), 1 with one line on stderr when the copy could not be written.
    """
    import sys

    try:
        back_up_if_due(Path(argv[0]))
    except (OSError, sqlite3.Error) as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
