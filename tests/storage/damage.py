"""Real damage to a real SQLite file: overwrite a data page of one table, keep the header."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from loosen.storage.activity import ActivityLog
from loosen.storage.history import History

T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
"""When the filled history starts: recent, so "today" and "this week" read it."""


def fill(db: Path, events: int = 300) -> None:
    """A history with enough events and bouts that each table spans several pages."""
    with History(db) as h:
        log = ActivityLog(h)
        for i in range(events):
            log.start_bout(T0 + timedelta(seconds=20 * i))
            log.record(T0 + timedelta(seconds=20 * i + 10), "skipped", {"note": "x" * 60})


def damage(db: Path, table: str = "events") -> list[int]:
    """Overwrite every page of ``table`` and of its indexes with garbage (page 1, the header and
    schema, stays intact, so the file still opens); the page numbers."""
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        pages = [
            int(p)
            for (p,) in con.execute(
                "SELECT pageno FROM dbstat WHERE name IN "
                "(SELECT name FROM sqlite_master WHERE tbl_name = ?) ORDER BY pageno",
                (table,),
            )
        ]
    finally:
        con.close()
    assert pages and 1 not in pages
    with open(db, "r+b") as f:
        for page in pages:
            f.seek((page - 1) * page_size)
            f.write(b"\xa5" * page_size)
    with open(db, "rb") as f:
        assert f.read(16) == b"SQLite format 3\x00"
    return pages
