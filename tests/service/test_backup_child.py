"""The daily backup runs in a child process: however long checking and copying the history
takes, the service's event loop goes on answering meanwhile. Real files, a real child process."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from loosen.service.safe_activity import SafeActivity, keep_backups
from loosen.storage.activity import ActivityLog
from loosen.storage.history import History

pytestmark = pytest.mark.slow


def children_backing_up() -> list[int]:
    """This process's children that are running the backup."""
    found = []
    me = str(os.getpid())
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            parent = (d / "stat").read_text().rsplit(")", 1)[1].split()[1]
            cmdline = (d / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if parent == me and b"loosen.storage.backup" in cmdline:
            found.append(int(d.name))
    return found


def test_the_loop_goes_on_while_a_backup_waits_for_the_database(tmp_path: Path) -> None:
    """Another program holds the database (as a long copy of a large history would hold the
    backup up): the loop still runs, and is what lets the backup go on, which then succeeds."""
    db = tmp_path / "history.sqlite3"
    history = History(db)
    log = ActivityLog(history)
    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for i in range(2000):  # a history of some size: a week of events, many times over
        log.record(t0 + timedelta(minutes=i), "prompted", {"note": "x" * 200})
    history.close()  # (the holder below must be the only one)

    async def scenario() -> tuple[bool, bool]:
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("SELECT count(*) FROM events").fetchone()
        task = asyncio.create_task(keep_backups(db, SafeActivity(log)))
        seen_waiting = False
        for _ in range(200):  # the loop turns while the backup is under way, in its child
            await asyncio.sleep(0.01)
            if children_backing_up():
                seen_waiting = True
                break
        holder.execute("ROLLBACK")
        holder.close()  # the database is free again: the backup goes on
        backup = db.with_name("history.backup.sqlite3")
        for _ in range(3000):
            if backup.exists():
                break
            await asyncio.sleep(0.01)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return seen_waiting, backup.exists()

    seen_waiting, backed_up = asyncio.run(scenario())
    assert seen_waiting, "the backup held up the event loop"
    assert backed_up
    with sqlite3.connect(db.with_name("history.backup.sqlite3")) as con:
        assert con.execute("SELECT count(*) FROM events").fetchone() == (2000,)
    assert not children_backing_up()
