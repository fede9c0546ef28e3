"""The history API in-process: the page's data, the CSV and JSON exports, and bad ranges."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from loosen.storage.activity import ActivityLog
from loosen.storage.history import History
from tests.web.asgi import WebClient


def today() -> date:
    return datetime.now().astimezone().date()


def local(days_ago: int, hour: int, minute: int = 0) -> datetime:
    """An instant in this process's time zone, ``days_ago`` days before today."""
    d = today() - timedelta(days=days_ago)
    return datetime(d.year, d.month, d.day, hour, minute).astimezone().astimezone(UTC)


def fill_history(path: Path) -> None:
    """Three recent sitting days and one older one, with known numbers (see the tests)."""
    with History(path) as h:
        log = ActivityLog(h)

        def bout(days_ago: int, start: tuple[int, int], end: tuple[int, int]) -> None:
            log.start_bout(local(days_ago, *start))
            log.end_bout(local(days_ago, *end), "away")

        # 3 days ago: 70 + 40 min, a prompt snoozed then taken, one natural break
        bout(3, (9, 0), (10, 10))
        bout(3, (10, 20), (11, 0))
        log.record(local(3, 10, 0), "prompted", {})
        log.record(local(3, 10, 1), "snoozed", {})
        log.record(local(3, 10, 10), "break-started", {"prompted": True})
        log.record(local(3, 10, 20), "break-done", {"after_break": True})  # it counted
        log.record(local(3, 11, 0), "natural-break", {})
        # 2 days ago: 50 + 45 + 20 min, one break taken, one skipped
        bout(2, (9, 0), (9, 50))
        bout(2, (10, 0), (10, 45))
        bout(2, (11, 0), (11, 20))
        log.record(local(2, 9, 50), "prompted", {})
        log.record(local(2, 9, 50), "break-started", {"prompted": True})
        log.record(local(2, 10, 0), "break-ended", {"by": "timeout"})  # it counted
        log.record(local(2, 10, 45), "prompted", {})
        log.record(local(2, 10, 46), "skipped", {})
        # yesterday: 40 + 25 min, a routine on one's own, a 30-min meeting
        bout(1, (13, 0), (13, 40))
        bout(1, (14, 0), (14, 25))
        log.record(local(1, 13, 45), "break-done", {"after_break": False})
        end = local(1, 13, 30).isoformat()
        log.record(local(1, 13, 0), "busy", {"kind": "meeting", "title": "Sync", "end": end})
        # 20 days ago: two and a half hours without a break
        bout(20, (9, 0), (11, 30))


class Client(WebClient):
    def get(self, path: str, token: bool = True) -> httpx.Response:
        return self.request("GET", path, token=token)


@pytest.fixture
def client(tmp_path: Path) -> Client:
    return Client(tmp_path)


@pytest.fixture
def filled(client: Client) -> Client:
    fill_history(client.app.paths.history_db)
    return client


def day(days_ago: int) -> str:
    return (today() - timedelta(days=days_ago)).isoformat()


def test_the_week_gives_each_days_numbers_totals_and_streaks(filled: Client) -> None:
    r = filled.get("/api/history?range=week")
    assert r.status_code == 200
    data = r.json()
    assert data["ok"] is True and data["range"] == "week" and data["empty"] is False
    assert [d["day"] for d in data["days"]] == [day(n) for n in range(6, -1, -1)]
    three = data["days"][3]
    assert three == {
        "day": day(3),
        "sitting_seconds": 110 * 60,
        "longest_bout_seconds": 70 * 60,
        "bouts_over_30_min": 2,
        "bouts_over_60_min": 1,
        "prompts": 1,
        "breaks_taken": 1,
        "snoozed": 1,
        "skipped": 0,
        "natural_breaks": 1,
        "deferred": 0,
        "busy_seconds": 0,
        "adherence": 1.0,
    }
    assert data["days"][5]["busy_seconds"] == 30 * 60
    t = data["totals"]
    assert t["sitting_seconds"] == (110 + 115 + 65) * 60
    assert t["days_with_sitting"] == 3 and t["average_sitting_seconds"] == (290 * 60) // 3
    assert (t["breaks_taken"], t["snoozed"], t["skipped"], t["prompts"]) == (3, 1, 1, 3)
    assert (t["longest_bout_seconds"], t["longest_bout_day"]) == (70 * 60, day(3))
    # every day from 3 days ago has an hour or more of sitting and a break taken
    assert data["streaks"]["breaks"] == {
        "current": 3,
        "best": 3,
        "best_first": day(3),
        "best_last": day(1),
    }
    # the 70-minute bout 3 days ago ended the other one; the one 20 days ago too
    assert data["streaks"]["no_long_bouts"]["current"] == 2
    # the hour grid: seven rows of 24; 3 days ago 09:00 is full, 10:00 has 10 + 40 minutes
    assert len(data["hours"]) == 7 and all(len(row) == 24 for row in data["hours"])
    assert data["hours"][3][9] == 3600 and data["hours"][3][10] == 50 * 60
    assert sum(map(sum, data["hours"])) == t["sitting_seconds"]


def test_a_month_and_a_year_reach_further_back(filled: Client) -> None:
    month = filled.get("/api/history?range=month").json()
    assert len(month["days"]) == 30 and len(month["hours"]) == 30
    assert month["first"] == day(29) and month["last"] == day(0)
    assert month["totals"]["sitting_seconds"] == (290 + 150) * 60
    assert month["totals"]["longest_bout_seconds"] == 150 * 60
    assert month["since"] == day(20)
    year = filled.get("/api/history?range=year").json()
    assert len(year["days"]) == 365 and year["totals"]["bouts_over_60_min"] == 2


def test_no_history_is_an_empty_range_and_creates_nothing(client: Client) -> None:
    data = client.get("/api/history").json()
    assert data["range"] == "week" and data["empty"] is True and data["since"] is None
    assert data["totals"]["sitting_seconds"] == 0 and len(data["days"]) == 7
    assert data["streaks"]["breaks"]["current"] == 0
    assert not client.app.paths.history_db.exists()
    r = client.get("/api/history/export.csv")
    assert r.status_code == 200 and len(r.text.splitlines()) == 8


def test_a_bad_range_is_a_400_naming_the_parameter_and_the_choices(client: Client) -> None:
    for path in (
        "/api/history?range=decade",
        "/api/history/export.csv?range=decade",
        "/api/history/export.json?range=decade",
    ):
        r = client.get(path)
        assert r.status_code == 400
        assert r.json() == {
            "ok": False,
            "error": 'The parameter "range" must be one of week, month, year; '
            '"decade" is not one of them.',
            "status": 400,
        }
    assert client.get("/api/history", token=False).status_code == 401
    assert client.get("/api/history/export.csv", token=False).status_code == 401


def test_the_csv_export_has_a_row_per_day_in_minutes(filled: Client) -> None:
    r = filled.get("/api/history/export.csv?range=week")
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    name = f"loosen-history-week-{day(0)}.csv"
    assert r.headers["content-disposition"] == f'attachment; filename="{name}"'
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == [
        "date",
        "sitting_minutes",
        "longest_bout_minutes",
        "bouts_over_30_min",
        "bouts_over_60_min",
        "breaks_taken",
        "snoozed",
        "skipped",
        "natural_breaks",
        "prompts",
        "meeting_minutes",
    ]
    assert len(rows) == 8 and rows[1][0] == day(6)
    assert rows[4] == [day(3), "110", "70", "2", "1", "1", "1", "0", "1", "1", "0"]
    assert rows[5] == [day(2), "115", "50", "2", "0", "1", "0", "1", "0", "2", "0"]
    assert rows[6] == [day(1), "65", "40", "1", "0", "1", "0", "0", "0", "0", "30"]
    assert rows[7] == [day(0), "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]


def test_the_json_export_adds_the_raw_bouts_and_events(filled: Client) -> None:
    r = filled.get("/api/history/export.json?range=month")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert f'filename="loosen-history-month-{day(0)}.json"' in r.headers["content-disposition"]
    doc = json.loads(r.text)
    assert (doc["range"], doc["first"], doc["last"]) == ("month", day(29), day(0))
    week = filled.get("/api/history?range=week").json()
    assert doc["days"][-7:] == week["days"]
    assert len(doc["bouts"]) == 8 and doc["bouts"][0] == {
        "start": local(20, 9).isoformat(),
        "end": local(20, 11, 30).isoformat(),
        "end_reason": "away",
    }
    kinds = [e["kind"] for e in doc["events"]]
    assert kinds.count("prompted") == 3 and "busy" in kinds and len(kinds) == 12
    assert doc["events"][-1]["data"] == {"after_break": False}
    # a week leaves out the bout 20 days ago
    assert len(json.loads(filled.get("/api/history/export.json").text)["bouts"]) == 7
