"""The history store on real SQLite files: round trips, errors, durability across kill -9."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from loosen.errors import HistoryError
from loosen.storage.history import History, read_only_history
from loosen.storage.records import CheckinRecord, ScreeningRecord, SessionRecord, StepRecord

T = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

STEPS = (
    StepRecord("supine-figure-four", "Supine figure-four", "right", "done", 30, 30.0),
    StepRecord("supine-figure-four", "Supine figure-four", "left", "skipped", 30, 4.25),
    StepRecord("glute-bridge", "Glute bridge", None, "done", 45, 45.5),
    StepRecord("hip-flexor-lunge", "Half-kneeling hip flexor", "right", "not-reached", 30, 0.0),
    StepRecord("hip-flexor-lunge", "Half-kneeling hip flexor", "left", "not-reached", 30, 0.0),
)


def session(minutes: float = 0, routine: str = "glutes", **changes: object) -> SessionRecord:
    start = T + timedelta(minutes=minutes)
    fields: dict[str, object] = {
        "routine_id": routine,
        "routine_name": f"Routine {routine}",
        "started_at": start,
        "ended_at": start + timedelta(minutes=7),
        "outcome": "completed",
        "steps": STEPS,
    }
    fields.update(changes)
    return SessionRecord(**fields)  # type: ignore[arg-type]


def count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        (n,) = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    finally:
        con.close()
    return int(n)


# -- sessions -------------------------------------------------------------------------------------
def test_session_round_trip_keeps_every_field_and_step_order(tmp_path):
    original = session(outcome="stopped", source="web")
    with History(tmp_path / "h.db") as h:
        sid = h.record_session(original)
    with History(tmp_path / "h.db") as h:  # read back through a fresh connection
        got = h.session(sid)
    assert got is not None
    assert got.id == sid
    assert got.steps == STEPS  # order, sides None/right/left, statuses, seconds
    assert [s.side for s in got.steps] == ["right", "left", None, "right", "left"]
    assert got == SessionRecord(
        "glutes", "Routine glutes", T, T + timedelta(minutes=7), "stopped", STEPS, "web", sid
    )
    assert got.started_at.tzinfo is not None and got.started_at.utcoffset() == timedelta(0)


def test_session_without_steps_round_trips(tmp_path):
    with History(tmp_path / "h.db") as h:
        sid = h.record_session(session(steps=(), outcome="quit"))
        got = h.session(sid)
    assert got is not None and got.steps == () and got.outcome == "quit"


def test_unknown_session_id_is_none(tmp_path):
    with History(tmp_path / "h.db") as h:
        h.record_session(session())
        assert h.session(999) is None


def test_recent_sessions_newest_first_by_start_with_their_own_steps(tmp_path):
    with History(tmp_path / "h.db") as h:
        # recorded out of order: ordering is by start time, not by insertion
        mid = h.record_session(session(60, "desk", steps=STEPS[:1]))
        old = h.record_session(session(0, "glutes", steps=STEPS[1:3]))
        new = h.record_session(session(120, "pre-run", steps=()))
        recent = h.recent_sessions()
    assert [s.id for s in recent] == [new, mid, old]
    assert [s.routine_id for s in recent] == ["pre-run", "desk", "glutes"]
    assert [s.steps for s in recent] == [(), STEPS[:1], STEPS[1:3]]


def test_recent_sessions_limit(tmp_path):
    with History(tmp_path / "h.db") as h:
        for i in range(5):
            h.record_session(session(i))
        two = h.recent_sessions(limit=2)
        assert len(h.recent_sessions()) == 5
    assert [s.started_at for s in two] == [T + timedelta(minutes=4), T + timedelta(minutes=3)]
    assert all(s.steps == STEPS for s in two)


def test_a_session_is_written_whole_or_not_at_all(tmp_path):
    db = tmp_path / "h.db"
    with History(db) as h:
        h.record_session(session())
        # the third step fails after the session row and two steps went in
        con = h._con
        con.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON session_steps WHEN NEW.position = 2 "
            "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
        )
        with pytest.raises(HistoryError, match=f"save the session in the history database {db}"):
            h.record_session(session(10))
        assert not con.in_transaction
    assert count(db, "sessions") == 1 and count(db, "session_steps") == len(STEPS)


def test_instants_in_other_zones_are_stored_as_utc_text(tmp_path):
    db = tmp_path / "h.db"
    paris = timezone(timedelta(hours=1))
    start = datetime(2026, 11, 24, 10, 0, 30, 250000, tzinfo=paris)
    with History(db) as h:
        sid = h.record_session(session(started_at=start, ended_at=start + timedelta(minutes=5)))
        got = h.session(sid)
    con = sqlite3.connect(db)
    (text,) = con.execute("SELECT started_at FROM sessions").fetchone()
    con.close()
    assert text == "2026-11-24T09:00:30.250000+00:00"
    assert got is not None and got.started_at == start and got.started_at.tzinfo == UTC


@pytest.mark.parametrize(
    "bad",
    [
        {"started_at": datetime(2026, 11, 24, 9)},  # noqa: DTZ001
        {"ended_at": datetime(2026, 11, 24, 9, 7)},  # noqa: DTZ001
    ],
)
def test_naive_datetimes_are_refused_and_nothing_is_written(tmp_path, bad):
    db = tmp_path / "h.db"
    with History(db) as h:
        with pytest.raises(ValueError, match="no time zone"):
            h.record_session(session(**bad))
        with pytest.raises(ValueError, match="no time zone"):
            h.save_screening(ScreeningRecord(datetime(2026, 1, 1), {}))  # noqa: DTZ001
        with pytest.raises(ValueError, match="no time zone"):
            h.record_checkin(CheckinRecord(datetime(2026, 1, 1), {}, None))  # noqa: DTZ001
    assert [count(db, t) for t in ("sessions", "screenings", "checkins")] == [0, 0, 0]


def test_values_outside_the_record_types_are_refused(tmp_path):
    with History(tmp_path / "h.db") as h:
        with pytest.raises(ValueError, match="outcome 'abandoned'"):
            h.record_session(session(outcome="abandoned"))
        bad_step = StepRecord("x", "X", "both", "done", 1, 1)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="side 'both'"):
            h.record_session(session(steps=(bad_step,)))
        with pytest.raises(ValueError, match="tier 4"):
            h.record_checkin(CheckinRecord(T, {}, 4))
        with pytest.raises(ValueError, match="yes/no"):
            h.save_screening(ScreeningRecord(T, {"pregnancy": "maybe"}))  # type: ignore[dict-item]
        assert h.recent_sessions() == [] and h.recent_checkins() == []


# -- screening and check-ins ----------------------------------------------------------------------
def test_screening_latest_wins_and_earlier_answers_are_kept(tmp_path):
    db = tmp_path / "h.db"
    first = ScreeningRecord(T, {"hip-replacement": False, "pregnancy": False, "no-floor": True})
    second = ScreeningRecord(T + timedelta(days=30), {"hip-replacement": True, "pregnancy": False})
    with History(db) as h:
        assert h.latest_screening() is None
        h.save_screening(first)
        assert h.latest_screening() == first
        h.save_screening(second)
    with History(db) as h:
        assert h.latest_screening() == second
    assert count(db, "screenings") == 2
    con = sqlite3.connect(db)
    rows = con.execute("SELECT answered_at FROM screenings ORDER BY id").fetchall()
    con.close()
    assert rows == [(T.isoformat(),), ((T + timedelta(days=30)).isoformat(),)]


def test_checkins_round_trip_newest_first_with_limit(tmp_path):
    flagged = CheckinRecord(
        T, {"saddle-numbness": True, "leg-weakness": False}, 1, "routine:glutes"
    )
    calm = CheckinRecord(T + timedelta(hours=2), {"saddle-numbness": False}, None)
    mild = CheckinRecord(T + timedelta(hours=1), {"stiffness": True}, 3, "menu")
    with History(tmp_path / "h.db") as h:
        assert h.recent_checkins() == []
        ids = [h.record_checkin(r) for r in (flagged, calm, mild)]
    with History(tmp_path / "h.db") as h:
        got = h.recent_checkins()
        top = h.recent_checkins(limit=1)
    assert len(set(ids)) == 3
    assert got == [
        CheckinRecord(calm.at, calm.answers, None, None, ids[1]),
        CheckinRecord(mild.at, mild.answers, 3, "menu", ids[2]),
        CheckinRecord(flagged.at, flagged.answers, 1, "routine:glutes", ids[0]),
    ]
    assert top == got[:1]


# -- the file -------------------------------------------------------------------------------------
def test_opening_creates_missing_folders_and_uses_wal_and_foreign_keys(tmp_path):
    db = tmp_path / "new" / "deeper" / "history.sqlite3"
    with History.open(db) as h:
        assert h.path == db
        assert h._con.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert h._con.execute("PRAGMA busy_timeout").fetchone() == (5000,)
        h.record_session(session())
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("DELETE FROM sessions")
        assert con.execute("SELECT count(*) FROM session_steps").fetchone() == (0,)  # cascade
    finally:
        con.close()


def test_a_file_that_is_not_a_database_is_reported_by_name(tmp_path):
    bad = tmp_path / "history.sqlite3"
    bad.write_bytes(b"this is not sqlite\n" * 200)
    before = bad.read_bytes()
    with pytest.raises(HistoryError, match=f"^{bad} is not a loosen history database") as err:
        History(bad)
    assert "move it aside" in str(err.value)
    assert bad.read_bytes() == before


def test_another_programs_database_is_refused_and_left_alone(tmp_path):
    other = tmp_path / "places.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE bookmarks (url TEXT)")
    con.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    con.commit()
    con.close()
    before = other.read_bytes()
    with pytest.raises(HistoryError, match=f"{other} is not a loosen history database"):
        History(other)
    assert other.read_bytes() == before


def test_a_folder_that_cannot_be_created_is_reported(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(HistoryError, match=f"folder {blocker} for the history database"):
        History(blocker / "history.sqlite3")


def test_read_only_history_of_a_missing_file_is_none_and_creates_nothing(tmp_path):
    assert read_only_history(tmp_path / "none" / "h.db") is None
    assert read_only_history(tmp_path / "h.db") is None
    assert list(tmp_path.iterdir()) == []


def test_read_only_history_reads_an_existing_file(tmp_path):
    with History(tmp_path / "h.db") as h:
        sid = h.record_session(session())
    h2 = read_only_history(tmp_path / "h.db")
    assert h2 is not None
    with h2:
        assert [s.id for s in h2.recent_sessions()] == [sid]


def test_importing_the_store_does_no_io(tmp_path):
    code = "import loosen.storage.history, loosen.storage.records, loosen.storage.migrations"
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "xdg")},
        check=True,
    )
    assert list(tmp_path.iterdir()) == []


# -- durability -----------------------------------------------------------------------------------
def test_a_committed_session_survives_kill_9(tmp_path):
    db = tmp_path / "h.db"
    code = textwrap.dedent(
        f"""
        import time
        from datetime import datetime, timedelta, UTC
        from pathlib import Path
        from loosen.storage.history import History
        from loosen.storage.records import SessionRecord, StepRecord
        h = History(Path({str(db)!r}))
        t = datetime(2026, 11, 24, 9, tzinfo=UTC)
        step = StepRecord("glute-bridge", "Glute bridge", None, "done", 45, 45.0)
        sid = h.record_session(
            SessionRecord("glutes", "Glutes", t, t + timedelta(minutes=7), "completed", (step,))
        )
        print("committed", sid, flush=True)
        time.sleep(60)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        line = proc.stdout.readline()
        assert line.startswith("committed"), line or proc.stderr.read()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        proc.kill()
        proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    assert proc.returncode == -signal.SIGKILL
    sid = int(line.split()[1])
    with History(db) as h:
        got = h.session(sid)
        assert h._con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert got is not None and got.routine_id == "glutes"
    assert [s.move_id for s in got.steps] == ["glute-bridge"]
