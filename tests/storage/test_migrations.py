"""Schema migrations of the history database, on real files."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from loosen.errors import HistoryError
from loosen.storage.history import History
from loosen.storage.migrations import MIGRATIONS, Migration, run_script
from loosen.storage.records import CheckinRecord, ScreeningRecord, SessionRecord, StepRecord

T = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
LATEST = len(MIGRATIONS)


def a_session() -> SessionRecord:
    step = StepRecord("glute-bridge", "Glute bridge", None, "done", 45, 45.0)
    return SessionRecord("glutes", "Glutes", T, T + timedelta(minutes=7), "completed", (step,))


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def tables(db: Path) -> set[str]:
    return {str(n) for (n,) in query(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}


def spied(migrations: Sequence[Migration], calls: list[int]) -> list[Migration]:
    """The same migrations, each noting its version (and that it ran inside a transaction)."""

    def spy(version: int, migration: Migration) -> Migration:
        def run(con: sqlite3.Connection) -> None:
            assert con.in_transaction
            calls.append(version)
            migration(con)

        return run

    return [spy(v, m) for v, m in enumerate(migrations, 1)]


def test_a_fresh_database_ends_at_the_latest_version(tmp_path):
    db = tmp_path / "h.db"
    with History(db) as h:
        assert h.schema_version() == LATEST >= 2
    assert {"sessions", "session_steps", "screenings", "checkins", "bouts", "events"} <= tables(db)
    rows = query(db, "SELECT version, applied_at FROM schema_migrations ORDER BY version")
    assert [v for v, _ in rows] == list(range(1, LATEST + 1))
    for _, applied_at in rows:
        assert str(applied_at).endswith("+00:00")
        assert datetime.fromisoformat(str(applied_at)) <= datetime.now(UTC)


def test_reopening_applies_nothing_twice(tmp_path):
    db = tmp_path / "h.db"
    calls: list[int] = []
    migrations = spied(MIGRATIONS, calls)
    for _ in range(3):
        with History(db, migrations=migrations) as h:
            h.record_session(a_session())
            assert h.schema_version() == LATEST
    assert calls == list(range(1, LATEST + 1))
    assert query(db, "SELECT count(*) FROM schema_migrations") == [(LATEST,)]
    assert query(db, "SELECT count(*) FROM sessions") == [(3,)]


def test_a_version_1_database_with_data_gets_the_later_migrations(tmp_path):
    db = tmp_path / "h.db"
    with History(db, migrations=MIGRATIONS[:1]) as h:
        assert h.schema_version() == 1
        sid = h.record_session(a_session())
        h.save_screening(ScreeningRecord(T, {"pregnancy": False}))
        cid = h.record_checkin(CheckinRecord(T, {"saddle-numbness": False}, None, "menu"))
    assert "bouts" not in tables(db)

    calls: list[int] = []

    def add_note(con: sqlite3.Connection) -> None:
        calls.append(LATEST + 1)
        assert con.in_transaction
        run_script(
            con,
            "ALTER TABLE sessions ADD COLUMN note TEXT DEFAULT 'none'; "
            "CREATE TABLE prompts (id INTEGER PRIMARY KEY, at TEXT NOT NULL)",
        )

    with History(db, migrations=[*spied(MIGRATIONS, calls), add_note]) as h:
        assert h.schema_version() == LATEST + 1
        assert h.session(sid) == replace(a_session(), id=sid)
        assert h.latest_screening() == ScreeningRecord(T, {"pregnancy": False})
        assert [c.id for c in h.recent_checkins()] == [cid]
    assert calls == list(range(2, LATEST + 2))  # version 1 was not run again
    assert {"bouts", "events", "prompts"} <= tables(db)
    assert query(db, "SELECT note FROM sessions") == [("none",)]


def test_each_migration_is_its_own_transaction_and_a_failure_keeps_the_earlier_ones(tmp_path):
    db = tmp_path / "h.db"
    with History(db) as h:
        h.record_session(a_session())

    def fine(con: sqlite3.Connection) -> None:
        con.execute("CREATE TABLE fine (x)")

    def broken(con: sqlite3.Connection) -> None:
        con.execute("CREATE TABLE half_done (x)")
        con.execute("INSERT INTO half_done VALUES (1)")
        con.execute("INSERT INTO no_such_table VALUES (1)")

    with pytest.raises(
        HistoryError, match=f"upgrade the history database {db} to schema version {LATEST + 2} "
    ):
        History(db, migrations=[*MIGRATIONS, fine, broken])
    assert "fine" in tables(db) and "half_done" not in tables(db)
    assert query(db, "SELECT max(version) FROM schema_migrations") == [(LATEST + 1,)]
    assert query(db, "SELECT count(*) FROM sessions") == [(1,)]
    # once the migration is fixed, opening carries on from where it stopped
    with History(db, migrations=[*MIGRATIONS, fine, lambda con: None]) as h:
        assert h.schema_version() == LATEST + 2


def test_a_database_from_a_newer_loosen_is_refused_and_left_unchanged(tmp_path):
    db = tmp_path / "h.db"
    with History(db, migrations=[*MIGRATIONS, lambda con: None]) as h:
        h.record_session(a_session())
    before = db.read_bytes()
    with pytest.raises(HistoryError, match="newer loosen") as err:
        History(db)
    assert str(db) in str(err.value) and f"schema version {LATEST + 1}" in str(err.value)
    assert db.read_bytes() == before


def test_a_newer_database_in_another_journal_mode_is_not_switched_to_wal(tmp_path):
    # a newer loosen may have chosen differently; looking at it must not rewrite its header
    db = tmp_path / "h.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
    con.execute("INSERT INTO schema_migrations VALUES (?, ?)", (LATEST + 5, T.isoformat()))
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(HistoryError, match="newer loosen"):
        History(db)
    assert db.read_bytes() == before
    assert query(db, "PRAGMA journal_mode") == [("delete",)]


def _open_at_once(db: Path, start: threading.Barrier, errors: list[HistoryError]) -> None:
    start.wait()
    try:
        History(db).close()
    except HistoryError as exc:
        errors.append(exc)


def test_connections_opening_a_fresh_database_at_once_all_succeed(tmp_path):
    # e.g. the service starting while `loosen stretch` runs on a new machine
    for trial in range(5):
        db = tmp_path / f"h{trial}.db"
        start = threading.Barrier(8)
        errors: list[HistoryError] = []
        threads = [
            threading.Thread(target=_open_at_once, args=(db, start, errors)) for _ in range(8)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert query(db, "SELECT version FROM schema_migrations") == [
            (v,) for v in range(1, LATEST + 1)
        ]


def test_run_script_keeps_semicolons_inside_literals_and_triggers(tmp_path):
    con = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    try:
        con.execute("BEGIN")
        run_script(
            con,
            """
            CREATE TABLE t (x TEXT);
            CREATE TABLE log (x TEXT);
            CREATE TRIGGER t_log AFTER INSERT ON t BEGIN
                INSERT INTO log VALUES ('a;b');
                INSERT INTO log VALUES (NEW.x);
            END;
            INSERT INTO t VALUES ('c;d')
            """,
        )
        assert con.in_transaction  # nothing committed behind the caller's back
        con.execute("COMMIT")
        assert con.execute("SELECT x FROM log ORDER BY rowid").fetchall() == [("a;b",), ("c;d",)]
    finally:
        con.close()
