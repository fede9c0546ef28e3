"""A damaged history database (a data page overwritten, the header intact) and its backups."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from loosen.errors import HistoryError
from loosen.storage.activity import ActivityLog
from loosen.storage.backup import back_up, back_up_if_due, backups, check, restore
from loosen.storage.history import History
from tests.storage.damage import T0, damage, fill


def test_reading_a_damaged_page_is_one_sentence_naming_the_file(tmp_path):
    db = tmp_path / "history.sqlite3"
    fill(db)
    damage(db, "events")
    with History(db) as h, pytest.raises(HistoryError) as e:
        ActivityLog(h).events_between(T0, T0 + timedelta(days=1))
    assert str(e.value) == (
        f"The history database {db} is damaged (database disk image is malformed) and has no "
        "backup yet; move it aside and loosen will start a new one."
    )
    assert e.value.damaged


def test_a_backup_is_a_checked_private_copy_and_two_are_kept(tmp_path):
    db = tmp_path / "history.sqlite3"
    fill(db, events=5)
    newest, older = backups(db)
    assert back_up(db) == newest
    assert oct(newest.stat().st_mode & 0o777) == "0o600"
    assert check(newest) == "ok"
    with History(db) as h:
        ActivityLog(h).record(T0 + timedelta(days=1), "paused", {})
    back_up(db)
    assert older.is_file() and newest.is_file()
    con = sqlite3.connect(newest)
    assert con.execute("SELECT count(*) FROM events").fetchone() == (6,)
    con.close()
    con = sqlite3.connect(older)
    assert con.execute("SELECT count(*) FROM events").fetchone() == (5,)
    con.close()
    back_up(db)
    assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == [
        "history.backup-older.sqlite3",
        "history.backup.sqlite3",
    ]


def test_a_damaged_database_is_never_backed_up_over_a_good_backup(tmp_path):
    db = tmp_path / "history.sqlite3"
    fill(db)
    good = back_up(db)
    assert good is not None
    before = good.read_bytes()
    damage(db, "events")
    assert check(db) != "ok"
    assert back_up(db) is None
    assert good.read_bytes() == before


def test_a_backup_is_taken_only_when_the_last_one_is_a_day_old(tmp_path):
    db = tmp_path / "history.sqlite3"
    fill(db, events=2)
    now = datetime.now(UTC)
    assert back_up_if_due(db, now) is not None
    assert back_up_if_due(db, now + timedelta(hours=1)) is None
    assert back_up_if_due(db, now + timedelta(hours=25)) is not None


def test_the_damage_message_says_how_to_restore_and_restore_puts_the_backup_back(tmp_path):
    db = tmp_path / "history.sqlite3"
    fill(db)
    newest = back_up(db)
    assert newest is not None
    os.utime(newest, (datetime(2026, 12, 1, 8, 0, tzinfo=UTC).timestamp(),) * 2)
    damage(db, "events")
    with History(db) as h, pytest.raises(HistoryError) as e:
        ActivityLog(h).events_between(T0, T0 + timedelta(days=1))
    assert str(e.value) == (
        f"The history database {db} is damaged (database disk image is malformed); stop loosen "
        "(`loosen stop`) and run `loosen restore` to go back to its automatic backup of "
        "2026-12-01 08:00 UTC."
    )
    done = restore(db, now=datetime(2026, 12, 2, 10, 0, tzinfo=UTC))
    assert done.backup == newest
    assert [p.name for p in done.moved_aside] == ["history.sqlite3.damaged-20261202T100000Z"]
    assert oct(db.stat().st_mode & 0o777) == "0o600"
    with History(db) as h:
        assert len(ActivityLog(h).events_between(T0, T0 + timedelta(days=1))) == 300
    assert newest.is_file()  # the backup itself stays


def test_restore_without_a_good_backup_changes_nothing(tmp_path):
    db = tmp_path / "history.sqlite3"
    fill(db)
    damage(db)
    before = db.read_bytes()
    with pytest.raises(HistoryError) as e:
        restore(db)
    assert str(e.value) == (
        f"There is no backup of the history database {db} yet (loosen takes one a day while the "
        "service runs); move the damaged file aside and loosen will start a new one."
    )
    assert db.read_bytes() == before
