from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from loosen.errors import HistoryError
from loosen.storage.history import History, read_only_history
from loosen.storage.migrations import MIGRATIONS
from loosen.storage.records import CheckinRecord, ScreeningRecord, SessionRecord, StepRecord

T = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def session(minutes: int = 0, routine: str = "glutes") -> SessionRecord:
    start = T + timedelta(minutes=minutes)
    return SessionRecord(
        routine_id=routine,
        routine_name="Glutes and hips",
        started_at=start,
        ended_at=start + timedelta(minutes=7),
        outcome="completed",
        steps=(
            StepRecord("supine-figure-four", "Supine figure-four", "right", "done", 30, 30.0),
            StepRecord("supine-figure-four", "Supine figure-four", "left", "skipped", 30, 4.5),
            StepRecord("glute-bridge", "Glute bridge", None, "not-reached", 60, 0),
        ),
    )


def test_session_round_trip_newest_first(tmp_path):
    with History(tmp_path / "h.db") as h:
        first = h.record_session(session(0))
        second = h.record_session(session(60, "desk"))
        recent = h.recent_sessions()
        assert [s.id for s in recent] == [second, first]
        got = h.session(first)
    assert got is not None
    assert got.steps == session(0).steps
    assert got.started_at == T and got.ended_at == T + timedelta(minutes=7)
    assert got.routine_id == "glutes" and got.outcome == "completed" and got.source == "terminal"


def test_recent_sessions_limit(tmp_path):
    with History(tmp_path / "h.db") as h:
        for i in range(5):
            h.record_session(session(i))
        assert len(h.recent_sessions(limit=2)) == 2
        assert h.recent_sessions(limit=2)[0].started_at == T + timedelta(minutes=4)


def test_screening_latest_wins_and_earlier_answers_are_kept(tmp_path):
    db = tmp_path / "h.db"
    with History(db) as h:
        assert h.latest_screening() is None
        h.save_screening(ScreeningRecord(T, {"pregnancy": False, "no-floor": True}))
        h.save_screening(ScreeningRecord(T + timedelta(days=1), {"pregnancy": True}))
        latest = h.latest_screening()
    assert latest == ScreeningRecord(T + timedelta(days=1), {"pregnancy": True})
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM screenings").fetchone() == (2,)


def test_checkins_round_trip(tmp_path):
    with History(tmp_path / "h.db") as h:
        cid = h.record_checkin(CheckinRecord(T, {"saddle-numbness": True}, 1, "routine:glutes"))
        assert h.recent_checkins() == [
            CheckinRecord(T, {"saddle-numbness": True}, 1, "routine:glutes", cid)
        ]


def test_naive_datetimes_are_refused(tmp_path):
    with History(tmp_path / "h.db") as h, pytest.raises(ValueError, match="time zone"):
        h.save_screening(ScreeningRecord(datetime(2026, 1, 1), {}))  # noqa: DTZ001


def test_a_file_that_is_not_a_database_is_reported_by_name(tmp_path):
    bad = tmp_path / "h.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(HistoryError, match=f"{bad} is not a loosen history database"):
        History(bad)


def test_missing_history_is_not_created_for_reading(tmp_path):
    assert read_only_history(tmp_path / "none" / "h.db") is None
    assert not (tmp_path / "none").exists()


def test_wal_and_foreign_keys(tmp_path):
    db = tmp_path / "h.db"
    with History(db) as h:
        sid = h.record_session(session())
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("DELETE FROM sessions WHERE id = ?", (sid,))
        assert con.execute("SELECT count(*) FROM session_steps").fetchone() == (0,)


def test_migrations_apply_once_and_in_order(tmp_path):
    db = tmp_path / "h.db"
    with History(db) as h:
        assert h.schema_version() == len(MIGRATIONS)
        h.record_session(session())
    calls = []

    def m2(con: sqlite3.Connection) -> None:
        calls.append("m2")
        con.execute("ALTER TABLE sessions ADD COLUMN note TEXT")

    with History(db, migrations=(*MIGRATIONS, m2)) as h:
        assert h.schema_version() == len(MIGRATIONS) + 1
        assert len(h.recent_sessions()) == 1  # data survived the migration
    with History(db, migrations=(*MIGRATIONS, m2)) as h:
        assert calls == ["m2"]


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path):
    db = tmp_path / "h.db"
    History(db).close()

    def broken(con: sqlite3.Connection) -> None:
        con.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("boom")

    with pytest.raises(HistoryError):
        History(db, migrations=(*MIGRATIONS, broken))
    with sqlite3.connect(db) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables


def test_a_database_from_a_newer_loosen_is_left_alone(tmp_path):
    db = tmp_path / "h.db"
    with History(db, migrations=(*MIGRATIONS, lambda con: None)):
        pass
    before = db.read_bytes()
    with pytest.raises(HistoryError, match="newer loosen"):
        History(db)
    assert db.read_bytes() == before


def test_a_committed_session_survives_kill_9(tmp_path):
    db = tmp_path / "h.db"
    code = f"""
import sys, time
from datetime import datetime, UTC
from pathlib import Path
from loosen.storage.history import History
from loosen.storage.records import SessionRecord
h = History(Path({str(db)!r}))
t = datetime(2026, 11, 24, 9, tzinfo=UTC)
h.record_session(SessionRecord("glutes", "Glutes", t, t, "completed", ()))
print("committed", flush=True)
time.sleep(60)
"""
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "committed"
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    assert proc.returncode == -9
    with History(db) as h:
        assert [s.routine_id for s in h.recent_sessions()] == ["glutes"]
