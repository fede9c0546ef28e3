"""The local history: a SQLite file, WAL, one writer, every write in ``BEGIN IMMEDIATE``.

Statistics are derived from event rows by queries; nothing is kept as a counter. A ``kill -9`` at
any moment loses nothing that was committed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from loosen.errors import HistoryError
from loosen.storage.migrations import MIGRATIONS, Migration
from loosen.storage.records import CheckinRecord, ScreeningRecord, SessionRecord, StepRecord


def _ts(dt: datetime) -> str:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{dt!r} has no time zone; history stores aware UTC instants")
    return dt.astimezone(UTC).isoformat()


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


class History:
    def __init__(self, path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        self.path = path
        self._migrations = tuple(migrations)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._con = sqlite3.connect(path, isolation_level=None, timeout=5.0)
        except (OSError, sqlite3.Error) as exc:
            raise HistoryError(
                f"The history database {path} cannot be opened ({exc}); check that its folder "
                "is writable, or set LOOSEN_DATA_DIR to another folder."
            ) from None
        try:
            self._con.execute("PRAGMA busy_timeout = 5000")
            self._con.execute("PRAGMA foreign_keys = ON")
            mode = self._con.execute("PRAGMA journal_mode = WAL").fetchone()
            if mode is None or mode[0] != "wal":
                raise sqlite3.DatabaseError("WAL journal mode is not available")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._con.close()
            if isinstance(exc, _TooNew):
                raise HistoryError(str(exc)) from None
            raise HistoryError(
                f"{path} is not a loosen history database ({exc}); move it aside and loosen "
                "will start a new one."
            ) from None

    @classmethod
    def open(cls, path: Path) -> History:
        return cls(path)

    def __enter__(self) -> History:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    # -- schema ----------------------------------------------------------------------------------
    def _migrate(self) -> None:
        con = self._con
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        current = self.schema_version()
        if current > len(self._migrations):
            raise _TooNew(
                f"The history database {self.path} was written by a newer loosen (schema "
                f"version {current}; this one knows {len(self._migrations)}); upgrade loosen."
            )
        for version, migration in enumerate(self._migrations, 1):
            if version <= current:
                continue
            con.execute("BEGIN IMMEDIATE")
            try:
                migration(con)
                con.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    (version, _ts(datetime.now(UTC))),
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        row = self._con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _write(self, sql_and_params: Sequence[tuple[str, tuple[object, ...]]]) -> int | None:
        con = self._con
        last: int | None = None
        try:
            con.execute("BEGIN IMMEDIATE")
            for sql, params in sql_and_params:
                last = con.execute(sql, params).lastrowid
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise HistoryError(
                f"Could not write to the history database {self.path} ({exc})."
            ) from None
        return last

    # -- sessions --------------------------------------------------------------------------------
    def record_session(self, s: SessionRecord) -> int:
        con = self._con
        try:
            con.execute("BEGIN IMMEDIATE")
            sid = con.execute(
                "INSERT INTO sessions (routine_id, routine_name, source, started_at, ended_at, "
                "outcome) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    s.routine_id,
                    s.routine_name,
                    s.source,
                    _ts(s.started_at),
                    _ts(s.ended_at),
                    s.outcome,
                ),
            ).lastrowid
            con.executemany(
                "INSERT INTO session_steps (session_id, position, move_id, move_name, side, "
                "status, planned_seconds, done_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        sid,
                        i,
                        st.move_id,
                        st.move_name,
                        st.side,
                        st.status,
                        st.planned_seconds,
                        round(st.done_seconds, 3),
                    )
                    for i, st in enumerate(s.steps)
                ],
            )
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise HistoryError(
                f"Could not save the session in the history database {self.path} ({exc})."
            ) from None
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        assert sid is not None
        return sid

    def _steps(self, sid: int) -> tuple[StepRecord, ...]:
        rows = self._con.execute(
            "SELECT move_id, move_name, side, status, planned_seconds, done_seconds "
            "FROM session_steps WHERE session_id = ? ORDER BY position",
            (sid,),
        ).fetchall()
        return tuple(StepRecord(*row) for row in rows)

    def _session(self, row: tuple[object, ...]) -> SessionRecord:
        sid, routine_id, routine_name, source, started, ended, outcome = row
        assert isinstance(sid, int)
        return SessionRecord(
            routine_id=str(routine_id),
            routine_name=str(routine_name),
            started_at=_dt(str(started)),
            ended_at=_dt(str(ended)),
            outcome=outcome,  # type: ignore[arg-type]
            steps=self._steps(sid),
            source=str(source),
            id=sid,
        )

    _SESSION_COLS = "id, routine_id, routine_name, source, started_at, ended_at, outcome"

    def recent_sessions(self, limit: int = 10) -> list[SessionRecord]:
        rows = self._con.execute(
            f"SELECT {self._SESSION_COLS} FROM sessions ORDER BY started_at DESC, id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [self._session(r) for r in rows]

    def session(self, sid: int) -> SessionRecord | None:
        row = self._con.execute(
            f"SELECT {self._SESSION_COLS} FROM sessions WHERE id = ?", (sid,)
        ).fetchone()
        return self._session(row) if row else None

    # -- screening and check-ins -----------------------------------------------------------------
    def save_screening(self, r: ScreeningRecord) -> None:
        self._write(
            [
                (
                    "INSERT INTO screenings (answered_at, answers_json) VALUES (?, ?)",
                    (_ts(r.answered_at), json.dumps(dict(r.answers), sort_keys=True)),
                )
            ]
        )

    def latest_screening(self) -> ScreeningRecord | None:
        row = self._con.execute(
            "SELECT answered_at, answers_json FROM screenings ORDER BY answered_at DESC, id DESC "
            "LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return ScreeningRecord(_dt(row[0]), json.loads(row[1]))

    def record_checkin(self, r: CheckinRecord) -> int:
        sid = self._write(
            [
                (
                    "INSERT INTO checkins (at, tier, context, answers_json) VALUES (?, ?, ?, ?)",
                    (_ts(r.at), r.tier, r.context, json.dumps(dict(r.answers), sort_keys=True)),
                )
            ]
        )
        assert sid is not None
        return sid

    def recent_checkins(self, limit: int = 10) -> list[CheckinRecord]:
        rows = self._con.execute(
            "SELECT id, at, tier, context, answers_json FROM checkins ORDER BY at DESC, id DESC "
            "LIMIT ?",
            (limit,),
        ).fetchall()
        return [CheckinRecord(_dt(at), json.loads(a), tier, ctx, i) for i, at, tier, ctx, a in rows]


class _TooNew(sqlite3.DatabaseError):
    pass


def read_only_history(path: Path) -> History | None:
    """The history for reading, or None when there is none yet (creates nothing)."""
    if not path.exists():
        return None
    return History(path)
