"""The local history: one SQLite file, WAL, one connection per :class:`History`.

Rules (docs/architecture.md §3): ``journal_mode=WAL``, ``foreign_keys=ON``, a 5 s busy timeout,
``synchronous=FULL``; every write is one ``BEGIN IMMEDIATE ... COMMIT`` transaction, so a
``kill -9`` at any moment loses nothing that was committed and leaves nothing half-written.
Opening a database applies the migrations it lacks (:mod:`loosen.storage.migrations`), each in its
own transaction; a database written by a newer loosen is refused and left untouched.

Instants are aware UTC datetimes in the API and ISO-8601 text ending in ``+00:00`` in the file
(naive datetimes are refused with :class:`ValueError`). Statistics are derived by queries from
these rows; nothing is kept as a counter.

Every database problem a user can meet is raised as :class:`loosen.errors.HistoryError`, with one
sentence that names the file and says what to do. Importing this module does no I/O.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import get_args

from loosen.errors import HistoryError
from loosen.i18n import _
from loosen.private import create_private, private_dir
from loosen.storage.migrations import MIGRATIONS, Migration
from loosen.storage.records import (
    CheckinRecord,
    ScreeningRecord,
    SessionOutcome,
    SessionRecord,
    StepRecord,
    StepStatus,
)

BUSY_TIMEOUT_MS = 5000
"""How long a connection waits for another one's write lock before giving up."""

_OUTCOMES = frozenset(get_args(SessionOutcome))
_STATUSES = frozenset(get_args(StepStatus))
_SIDES = frozenset({None, "right", "left"})
_TIERS = frozenset({None, 1, 2, 3})
_SESSION_COLS = "id, routine_id, routine_name, source, started_at, ended_at, outcome"
_NEWEST_SESSIONS = "ORDER BY started_at DESC, id DESC LIMIT ?"


def _ts(dt: datetime) -> str:
    """An aware instant as stored: ISO-8601 in UTC, ending in ``+00:00``."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{dt!r} has no time zone; the history stores aware UTC instants")
    return dt.astimezone(UTC).isoformat()


def _dt(text: str) -> datetime:
    """A stored instant back as an aware UTC datetime."""
    return datetime.fromisoformat(text).astimezone(UTC)


def _answers_json(answers: Mapping[str, bool]) -> str:
    for key, value in answers.items():
        if not isinstance(key, str) or not isinstance(value, bool):
            raise ValueError(f"answer {key!r}: {value!r} is not a question id with a yes/no answer")
    return json.dumps(dict(answers), sort_keys=True)


def _is(exc: sqlite3.Error, *names: str) -> bool:
    """Whether SQLite's (possibly extended) result code of ``exc`` starts with one of ``names``."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    return name.startswith(names)


class History:
    """Routine sessions, screening answers and symptom check-ins in a SQLite file.

    ``History(path)`` opens the file (creating it and its folder if needed) and brings its schema
    up to date; use it as a context manager or call :meth:`close`. ``migrations`` is injectable
    for tests; the default is :data:`loosen.storage.migrations.MIGRATIONS`.
    """

    def __init__(self, path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        self.path = Path(path)
        self._migrations = tuple(migrations)
        try:
            private_dir(self.path.parent)
            create_private(self.path)  # 0600 before SQLite opens it (its -wal/-shm follow it)
        except OSError as exc:
            raise HistoryError(
                _(
                    "The folder %(parent)s for the history database cannot be created "
                    "(%(value)s); check its permissions or set LOOSEN_DATA_DIR to "
                    "another folder."
                )
                % {"parent": self.path.parent, "value": exc.strerror or exc}
            ) from exc
        try:
            self._con = sqlite3.connect(
                self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except sqlite3.Error as exc:
            raise self._error(exc, "open") from exc
        opened = False
        try:
            self._prepare()
            opened = True
        except sqlite3.Error as exc:
            raise self._error(exc, "open") from exc
        finally:
            if not opened:
                self._con.close()

    @classmethod
    def open(cls, path: Path) -> History:
        return cls(path)

    def __enter__(self) -> History:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"History({str(self.path)!r})"

    def close(self) -> None:
        """Close the connection (idempotent); committed data is already on disk."""
        self._con.close()

    # -- opening and migrating -------------------------------------------------------------------
    def _prepare(self) -> None:
        con = self._con
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        con.execute("PRAGMA foreign_keys = ON")
        # Look before writing anything: a database from a newer loosen, or another program's
        # database, must be left exactly as it is.
        current = self._existing_version()
        self._use_wal()
        con.execute("PRAGMA synchronous = FULL")
        self._migrate(current)

    def _existing_version(self) -> int:
        names = {
            name
            for (name,) in self._con.execute(
                "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            )
        }
        if "schema_migrations" not in names:
            if names:
                raise HistoryError(
                    _(
                        "%(path)s is not a loosen history database (it holds another "
                        "program's tables); move it aside or set LOOSEN_DATA_DIR to another "
                        "folder."
                    )
                    % {"path": self.path}
                )
            return 0
        version = self.schema_version()
        self._refuse_newer(version)
        return version

    def _refuse_newer(self, version: int) -> None:
        if version > len(self._migrations):
            raise HistoryError(
                _(
                    "The history database %(path)s was written by a newer loosen "
                    "(schema version %(version)s; this one knows up to %(count)s); "
                    "upgrade loosen to use it."
                )
                % {"path": self.path, "version": version, "count": len(self._migrations)}
            )

    def _use_wal(self) -> None:
        # Switching a fresh file to WAL needs an exclusive lock, and SQLite reports a clash
        # between two openers at once as "busy" without waiting; retry for the busy timeout.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                (mode,) = self._con.execute("PRAGMA journal_mode = WAL").fetchone()
                break
            except sqlite3.OperationalError as exc:
                if not _is(exc, "SQLITE_BUSY", "SQLITE_LOCKED") or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        if str(mode).lower() != "wal":
            raise HistoryError(
                _(
                    "The history database %(path)s cannot use SQLite's write-ahead log "
                    "(the journal mode stays %(mode)s); keep it on a local, writable "
                    "disk or set LOOSEN_DATA_DIR to another folder."
                )
                % {"path": self.path, "mode": repr(mode)}
            )

    def _migrate(self, current: int) -> None:
        con = self._con
        target = len(self._migrations)
        while current < target:
            version = current + 1
            try:
                with self._transaction():
                    con.execute(
                        "CREATE TABLE IF NOT EXISTS schema_migrations "
                        "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
                    )
                    # Read again under the write lock: another process may have migrated.
                    current = self.schema_version()
                    self._refuse_newer(current)
                    if current >= target:
                        break
                    version = current + 1
                    self._migrations[current](con)
                    con.execute(
                        "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                        (version, _ts(datetime.now(UTC))),
                    )
            except sqlite3.Error as exc:
                raise self._error(exc, "upgrade", f" to schema version {version}") from exc
            current = version

    def schema_version(self) -> int:
        """The highest migration applied to this database (0 for an empty file)."""
        (version,) = self._con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(version or 0)

    # -- transactions and errors -----------------------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; rolled back if anything is raised."""
        con = self._con
        con.execute("BEGIN IMMEDIATE")
        committed = False
        try:
            yield con
            con.execute("COMMIT")
            committed = True
        finally:
            if not committed and con.in_transaction:
                con.execute("ROLLBACK")

    @contextmanager
    def _writing(self, what: str) -> Iterator[sqlite3.Connection]:
        """A write transaction whose database errors become :class:`HistoryError`."""
        try:
            with self._transaction() as con:
                yield con
        except sqlite3.ProgrammingError:
            raise  # a bug (e.g. a closed History), not a problem with the file
        except sqlite3.Error as exc:
            raise self._error(exc, what) from exc

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: its queries see one snapshot, even while another process writes."""
        con = self._con
        try:
            con.execute("BEGIN DEFERRED")
            try:
                yield con
            finally:
                if con.in_transaction:
                    con.execute("COMMIT")  # a read transaction has nothing to undo
        except sqlite3.ProgrammingError:
            raise
        except sqlite3.Error as exc:
            raise self._error(exc, "read") from exc

    def _error(self, exc: sqlite3.Error, what: str, to: str = "") -> HistoryError:
        """One sentence naming the file and saying what to do, for a database error.

        ``what`` is the verb phrase before the file ("save the session in"), ``to`` any words
        after it (" to schema version 3").
        """
        db = self.path
        p = f"{db}{to}"
        if _is(exc, "SQLITE_NOTADB"):
            text = (
                f"{db} is not a loosen history database (it is not a SQLite file); move it aside "
                "and loosen will start a new one."
            )
        elif _is(exc, "SQLITE_CORRUPT"):
            from loosen.storage.backup import damaged

            text = damaged(db, str(exc))
        elif _is(exc, "SQLITE_BUSY", "SQLITE_LOCKED"):
            text = (
                f"Could not {what} the history database {p} because another program kept it "
                "locked; try again, and close other programs that use it if this repeats."
            )
        elif _is(exc, "SQLITE_FULL"):
            text = (
                f"Could not {what} the history database {p} because the disk is full; free some "
                "space and try again."
            )
        elif _is(exc, "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"):
            text = (
                f"Could not {what} the history database {p} ({exc}); check that the file and "
                "its folder are writable, or set LOOSEN_DATA_DIR to another folder."
            )
        else:
            text = (
                f"Could not {what} the history database {p} ({exc}); check that the file and "
                "its folder are writable and the disk is not full, then try again."
            )
        return HistoryError(text, damaged=_is(exc, "SQLITE_NOTADB", "SQLITE_CORRUPT"))

    def _write(self, sql_and_params: Sequence[tuple[str, tuple[object, ...]]]) -> int | None:
        """Run the statements in one write transaction; the last statement's ``lastrowid``."""
        last: int | None = None
        with self._writing("write to") as con:
            for sql, params in sql_and_params:
                last = con.execute(sql, params).lastrowid
        return last

    # -- sessions --------------------------------------------------------------------------------
    def record_session(self, s: SessionRecord) -> int:
        """Save a session and its steps in one transaction; the new session's id."""
        if s.outcome not in _OUTCOMES:
            raise ValueError(f"session outcome {s.outcome!r} is not one of {sorted(_OUTCOMES)}")
        row = (s.routine_id, s.routine_name, s.source, _ts(s.started_at), _ts(s.ended_at))
        steps = []
        for position, st in enumerate(s.steps):
            if st.status not in _STATUSES:
                raise ValueError(f"step status {st.status!r} is not one of {sorted(_STATUSES)}")
            if st.side not in _SIDES:
                raise ValueError(f"step side {st.side!r} is not 'right', 'left' or None")
            steps.append(
                (
                    position,
                    st.move_id,
                    st.move_name,
                    st.side,
                    st.status,
                    float(st.planned_seconds),
                    float(st.done_seconds),
                )
            )
        with self._writing("save the session in") as con:
            sid = con.execute(
                "INSERT INTO sessions (routine_id, routine_name, source, started_at, ended_at, "
                "outcome) VALUES (?, ?, ?, ?, ?, ?)",
                (*row, s.outcome),
            ).lastrowid
            con.executemany(
                "INSERT INTO session_steps (session_id, position, move_id, move_name, side, "
                "status, planned_seconds, done_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(sid, *step) for step in steps],
            )
        assert sid is not None  # an INSERT into a rowid table always has one
        return sid

    def recent_sessions(self, limit: int = 10) -> list[SessionRecord]:
        """The ``limit`` most recently started sessions, newest first, each with its steps."""
        with self._reading() as con:
            rows = con.execute(
                f"SELECT {_SESSION_COLS} FROM sessions {_NEWEST_SESSIONS}", (limit,)
            ).fetchall()
            steps = self._steps(
                f"session_id IN (SELECT id FROM sessions {_NEWEST_SESSIONS})", (limit,)
            )
        return [_session(row, steps.get(row[0], ())) for row in rows]

    def session(self, id: int) -> SessionRecord | None:
        """The session with this id, or None."""
        with self._reading() as con:
            row = con.execute(
                f"SELECT {_SESSION_COLS} FROM sessions WHERE id = ?", (id,)
            ).fetchone()
            if row is None:
                return None
            steps = self._steps("session_id = ?", (id,))
        return _session(row, steps.get(id, ()))

    def _steps(self, where: str, params: tuple[object, ...]) -> dict[int, tuple[StepRecord, ...]]:
        found: dict[int, list[StepRecord]] = {}
        for sid, *cols in self._con.execute(
            "SELECT session_id, move_id, move_name, side, status, planned_seconds, done_seconds "
            f"FROM session_steps WHERE {where} ORDER BY session_id, position",
            params,
        ):
            found.setdefault(sid, []).append(StepRecord(*cols))
        return {sid: tuple(steps) for sid, steps in found.items()}

    # -- screening and check-ins -----------------------------------------------------------------
    def save_screening(self, r: ScreeningRecord) -> None:
        """Add a set of screening answers; earlier sets are kept, the latest one counts."""
        params = (_ts(r.answered_at), _answers_json(r.answers))
        with self._writing("save the screening answers in") as con:
            con.execute("INSERT INTO screenings (answered_at, answers_json) VALUES (?, ?)", params)

    def latest_screening(self) -> ScreeningRecord | None:
        """The most recently answered screening, or None if it was never answered."""
        with self._reading() as con:
            row = con.execute(
                "SELECT answered_at, answers_json FROM screenings "
                "ORDER BY answered_at DESC, id DESC LIMIT 1"
            ).fetchone()
        return None if row is None else ScreeningRecord(_dt(row[0]), json.loads(row[1]))

    def record_checkin(self, r: CheckinRecord) -> int:
        """Save a symptom check-in; its id."""
        if r.tier not in _TIERS:
            raise ValueError(f"check-in tier {r.tier!r} is not 1, 2, 3 or None")
        params = (_ts(r.at), r.tier, r.context, _answers_json(r.answers))
        with self._writing("save the check-in in") as con:
            cid = con.execute(
                "INSERT INTO checkins (at, tier, context, answers_json) VALUES (?, ?, ?, ?)",
                params,
            ).lastrowid
        assert cid is not None
        return cid

    def recent_checkins(self, limit: int = 10) -> list[CheckinRecord]:
        """The ``limit`` most recent check-ins, newest first."""
        with self._reading() as con:
            rows = con.execute(
                "SELECT id, at, tier, context, answers_json FROM checkins "
                "ORDER BY at DESC, id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            CheckinRecord(_dt(at), json.loads(answers), tier, context, cid)
            for cid, at, tier, context, answers in rows
        ]


def _session(row: tuple[object, ...], steps: tuple[StepRecord, ...]) -> SessionRecord:
    sid, routine_id, routine_name, source, started, ended, outcome = row
    assert isinstance(sid, int)
    return SessionRecord(
        routine_id=str(routine_id),
        routine_name=str(routine_name),
        started_at=_dt(str(started)),
        ended_at=_dt(str(ended)),
        outcome=outcome,  # type: ignore[arg-type]  # guarded by the CHECK constraint
        steps=steps,
        source=str(source),
        id=sid,
    )


def read_only_history(path: Path) -> History | None:
    """The existing history for reading, or None when there is none yet (then nothing is created).

    An existing file is opened as :class:`History` (so an older one is migrated first).
    """
    if not Path(path).exists():
        return None
    return History(path)
