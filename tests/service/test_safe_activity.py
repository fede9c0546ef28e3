"""The service's activity log on a real database that runs out of room (SQLite's own
``max_page_count`` limit gives the SQLITE_FULL a full disk gives), then has room again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import loosen.service.safe_activity as safe
from loosen.service.safe_activity import SafeActivity
from loosen.storage.activity import ActivityLog
from loosen.storage.history import History

T = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def full(h: History) -> int:
    (pages,) = h._con.execute("PRAGMA page_count").fetchone()
    h._con.execute(f"PRAGMA max_page_count = {pages}")
    return int(pages)


def test_writes_kept_while_full_are_read_back_and_saved_in_order_when_there_is_room(tmp_path):
    with History(tmp_path / "history.sqlite3") as h:
        a = SafeActivity(ActivityLog(h))
        a.start_bout(T)
        pages = full(h)
        for i in range(200):  # more than the free room of the last page
            a.record(T + timedelta(minutes=1, seconds=i), "snoozed", {"n": i, "pad": "x" * 200})
        assert a.problem is not None and "because the disk is full" in a.problem
        a.checkpoint(T + timedelta(minutes=5))
        a.end_bout(T + timedelta(minutes=6), "break")
        a.start_bout(T + timedelta(minutes=9))
        # what the status and the timeline read: the saved rows with the kept writes applied
        bouts = a.bouts_between(T, T + timedelta(hours=1))
        assert [(b.started_at, b.ended_at, b.end_reason) for b in bouts] == [
            (T, T + timedelta(minutes=6), "break"),
            (T + timedelta(minutes=9), None, None),
        ]
        assert bouts[0].last_active_at == T + timedelta(minutes=5)
        assert len(a.events_between(T, T + timedelta(hours=1), "snoozed")) == 200
        assert a.last_event("snoozed").data["n"] == 199  # type: ignore[union-attr]
        h._con.execute(f"PRAGMA max_page_count = {pages * 100}")  # room again
        a.checkpoint(T + timedelta(minutes=10))
        assert a.problem is None and not a.pending
        log = ActivityLog(h)
        events = log.events_between(T, T + timedelta(hours=1))
        assert [e.data["n"] for e in events] == list(range(200))
        assert [(b.end_reason) for b in log.bouts_between(T, T + timedelta(hours=1))] == [
            "break",
            None,
        ]
        assert log.open_bout().last_active_at == T + timedelta(minutes=10)  # type: ignore[union-attr]


def test_memory_is_bounded_while_the_disk_stays_full(tmp_path, monkeypatch):
    monkeypatch.setattr(safe, "MAX_PENDING", 50)
    with History(tmp_path / "history.sqlite3") as h:
        a = SafeActivity(ActivityLog(h))
        full(h)
        for i in range(500):
            a.record(T + timedelta(seconds=i), "snoozed", {"n": i, "pad": "x" * 200})
            a.checkpoint(T + timedelta(seconds=i))
        assert len(a.pending) <= 50 and a.dropped > 0
        assert a.problem is not None
