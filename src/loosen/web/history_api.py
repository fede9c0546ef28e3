"""The history page's data and the exports.

``GET /api/history?range=week|month|year`` gives what the page draws: one row per local day
(the same fields as ``loosen stats --json``), seconds of sitting per hour of each day, totals for
the range and the two streaks (:mod:`loosen.core.trends` defines them).
``GET /api/history/export.csv`` and ``/export.json`` download the same days as a file; the JSON one
adds the raw sitting bouts and service events of the range.

The work runs in a short-lived child process (``python -m loosen.web.history_api``), which opens
the database read-only (WAL lets the service keep writing): the service never loads the storage
aggregation, and a year's worth of objects never stays in its memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from loosen.i18n import _
from loosen.web.context import WebContext
from loosen.web.security import error

if TYPE_CHECKING:
    from datetime import date, datetime

    from loosen.app import App
    from loosen.core.stats import DayStats
    from loosen.storage.activity import ActivityLog

RANGES = {"week": 7, "month": 30, "year": 365}
STREAK_DAYS = 365  # streaks look back this far, whatever the range shown
CHUNK_DAYS = 31  # the history is read this many days at a time
CSV_COLUMNS = (
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
)


def _range(request: Request) -> str | Response:
    value = request.query_params.get("range", "week")
    if value not in RANGES:
        allowed = ", ".join(RANGES)
        return error(
            _('The parameter "range" must be one of %(allowed)s; "%(value)s" is not one of them.')
            % {"allowed": allowed, "value": value},
            400,
        )
    return value


def _local_start(d: date, hour: int = 0) -> datetime:
    """The instant local time (this process's time zone) reaches ``hour`` o'clock on ``d``."""
    from datetime import UTC, datetime

    return datetime(d.year, d.month, d.day, hour).astimezone().astimezone(UTC)


@dataclass
class Days:
    """What the history holds for a run of local days."""

    rows: list[DayStats]  # one per day
    grid: list[list[int]]  # seconds of sitting per local hour, for the days from ``detail``
    since: date | None  # the first of these days with sitting


def _chunks(first: date, last: date) -> Iterator[tuple[date, date]]:
    """Runs of at most :data:`CHUNK_DAYS` days: a year is read a month at a time, so a request
    never holds a year of events in memory at once."""
    from datetime import timedelta

    while first <= last:
        end = min(last, first + timedelta(days=CHUNK_DAYS - 1))
        yield first, end
        first = end + timedelta(days=1)


def _bouts(log: ActivityLog, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Bouts overlapping [start, end); the open one ends now (as in ``loosen stats``)."""
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    return [(b.started_at, b.ended_at or min(now, end)) for b in log.bouts_between(start, end)]


def _read(app: App, first: date, last: date, detail: date, grid: bool = True) -> Days:
    """Rows for ``first`` to ``last``; the days before ``detail`` are read only for streaks (their
    bouts and breaks taken, not every event), the days from ``detail`` in full with their grid."""
    from loosen.core.stats import local_days
    from loosen.core.trends import SITTING_DAY, STREAK_KINDS, hour_grid, rows_by_day
    from loosen.storage.activity import ActivityLog
    from loosen.storage.history import read_only_history

    out = Days([], [], None)
    h = read_only_history(app.paths.history_db)
    try:
        for a, b in _chunks(first, last):
            days = local_days(a, b, _local_start)
            bouts: list[tuple[datetime, datetime]] = []
            events: list[tuple[datetime, str, dict[str, object]]] = []
            if h is not None:
                start, end = days[0][1], days[-1][2]
                log = ActivityLog(h)
                bouts = _bouts(log, start, end)
                # before the days shown, only what streaks need
                kinds: tuple[str | None, ...] = STREAK_KINDS if b < detail else (None,)
                events = [
                    (e.at, e.kind, dict(e.data))
                    for kind in kinds
                    for e in log.events_between(start, end, kind)
                ]
            rows = rows_by_day(days, bouts, events)
            if out.since is None:
                out.since = next((r.day for r in rows if r.sitting >= SITTING_DAY), None)
            out.rows.extend(rows)
            shown = [d for d in days if d[0] >= detail]
            if shown and grid:
                bounds = [[*(_local_start(d, hr) for hr in range(24)), e] for d, _, e in shown]
                out.grid.extend(hour_grid(bounds, bouts))
    finally:
        if h is not None:
            h.close()
    return out


def _attachment(name: str, kind: str) -> dict[str, str]:
    filename = f"loosen-history-{name}-{_today().isoformat()}.{kind}"
    return {"content-disposition": f'attachment; filename="{filename}"'}


def _today() -> date:
    from datetime import datetime

    return datetime.now().astimezone().date()


def _summary(app: App, name: str) -> dict[str, Any]:
    from datetime import timedelta

    from loosen.core.trends import LONG_DAY, STREAK_DAY, streaks, totals
    from loosen.service.stats import day_json

    today = _today()
    first = today - timedelta(days=RANGES[name] - 1)
    read = _read(app, today - timedelta(days=max(RANGES[name], STREAK_DAYS) - 1), today, first)
    rows = [r for r in read.rows if r.day >= first]
    t = totals(rows)
    # nothing to chart yet: no day with sitting and no break in the range
    empty = t.days_with_sitting == 0 and not (t.taken or t.prompts)
    return {
        "range": name,
        "first": first.isoformat(),
        "last": today.isoformat(),
        "since": read.since.isoformat() if read.since else None,
        "empty": empty,
        "reference_seconds": int(LONG_DAY.total_seconds()),
        "streak_day_seconds": int(STREAK_DAY.total_seconds()),
        "days": [day_json(r) for r in rows],
        "hours": read.grid,
        "totals": {
            "days": t.days,
            "days_with_sitting": t.days_with_sitting,
            "sitting_seconds": int(t.sitting.total_seconds()),
            "average_sitting_seconds": int(t.average_sitting.total_seconds()),
            "longest_bout_seconds": int(t.longest_bout.total_seconds()),
            "longest_bout_day": t.longest_bout_day.isoformat() if t.longest_bout_day else None,
            "bouts_over_30_min": t.bouts_over_30,
            "bouts_over_60_min": t.bouts_over_60,
            "days_over_8_hours": t.days_over_8h,
            "prompts": t.prompts,
            "breaks_taken": t.taken,
            "snoozed": t.snoozed,
            "skipped": t.skipped,
            "natural_breaks": t.natural,
            "busy_seconds": int(t.busy.total_seconds()),
            "adherence": None if t.adherence is None else round(t.adherence, 2),
        },
        "streaks": {
            key: {
                "current": s.current,
                "best": s.best,
                "best_first": s.best_first.isoformat() if s.best_first else None,
                "best_last": s.best_last.isoformat() if s.best_last else None,
            }
            for key, s in streaks(read.rows, today).items()
        },
    }


def _csv(app: App, name: str) -> str:
    """One row per day of the range, minutes and counts, with a header row."""
    import csv
    import io
    from datetime import timedelta

    today = _today()
    first = today - timedelta(days=RANGES[name] - 1)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for r in _read(app, first, today, first, grid=False).rows:
        w.writerow(
            [
                r.day.isoformat(),
                round(r.sitting.total_seconds() / 60),
                round(r.longest_bout.total_seconds() / 60),
                r.bouts_over_30,
                r.bouts_over_60,
                r.taken,
                r.snoozed,
                r.skipped,
                r.natural,
                r.prompts,
                round(r.busy.total_seconds() / 60),
            ]
        )
    return out.getvalue()


def _json(app: App, name: str, out: IO[str]) -> None:
    """Write the days of the range (as ``loosen stats --json`` gives them), then its raw sitting
    bouts and service events, read a month at a time."""
    import json
    from datetime import UTC, datetime, timedelta

    from loosen.service.stats import day_json
    from loosen.storage.activity import ActivityLog
    from loosen.storage.history import read_only_history

    today = _today()
    first = today - timedelta(days=RANGES[name] - 1)
    rows = [day_json(r) for r in _read(app, first, today, first, grid=False).rows]
    head = {
        "range": name,
        "first": first.isoformat(),
        "last": today.isoformat(),
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    out.write(json.dumps(head, indent=1)[:-2] + ',\n "days": [\n')
    out.write(",\n".join("  " + json.dumps(r) for r in rows))
    h = read_only_history(app.paths.history_db)
    try:
        for key in ("bouts", "events"):
            out.write(f'\n ],\n "{key}": [\n')
            if h is not None:
                _raw(ActivityLog(h), first, today, key, out)
    finally:
        if h is not None:
            h.close()
    out.write("\n ]\n}\n")


def _raw(log: ActivityLog, first: date, last: date, key: str, out: IO[str]) -> None:
    """The bouts or the events of the days ``first`` to ``last`` as JSON array items."""
    import json
    from datetime import timedelta

    sep = ""
    for a, b in _chunks(first, last):
        start, end = _local_start(a), _local_start(b + timedelta(days=1))
        items: list[dict[str, Any]]
        if key == "bouts":
            items = [
                {
                    "start": bout.started_at.isoformat(),
                    "end": bout.ended_at.isoformat() if bout.ended_at else None,
                    "end_reason": bout.end_reason,
                }
                for bout in log.bouts_between(start, end)
                if bout.started_at >= start or a == first  # a bout over two chunks only once
            ]
        else:
            items = [
                {"at": e.at.isoformat(), "kind": e.kind, "data": dict(e.data)}
                for e in log.events_between(start, end)
            ]
        for item in items:
            out.write(sep + "  " + json.dumps(item, ensure_ascii=False))
            sep = ",\n"


class ChildGate:
    """One history child at a time: up to :attr:`waiting` more requests wait their turn, the rest
    are refused (503), so a burst of requests cannot start a process each."""

    def __init__(self, waiting: int = 3) -> None:
        import asyncio

        self.waiting = waiting
        self.queued = 0  # running or waiting
        self._one = asyncio.Semaphore(1)

    async def run(self, ctx: WebContext, what: str, name: str) -> bytes | Response:
        if self.queued > self.waiting:
            busy = error(
                _(
                    "loosen is already reading the history for other requests; try "
                    "again in a moment."
                ),
                503,
            )
            busy.headers["Retry-After"] = "2"
            return busy
        self.queued += 1
        try:
            async with self._one:
                return await _in_child(ctx, what, name)
        finally:
            self.queued -= 1


async def _in_child(ctx: WebContext, what: str, name: str) -> bytes | Response:
    """Run ``python -m loosen.web.history_api WHAT RANGE`` and return what it printed.

    A year of history means thousands of short-lived objects; made in the service, the memory
    they took would mostly stay with it (the allocator keeps it). A child process costs a
    fraction of a second and gives every byte back when it ends, as the calendars' reader does.
    """
    import asyncio
    import sys

    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "loosen.web.history_api",
        what,
        name,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=ctx.app.environ,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        return error(_("Reading the history took over two minutes; try a shorter range."), 500)
    if proc.returncode != 0:
        lines = err.decode(errors="replace").strip().splitlines()
        return error(lines[-1] if lines else _("The history could not be read."), 500)
    return out


def routes(ctx: WebContext) -> list[Route]:
    gate = ChildGate()

    async def history(request: Request) -> Response:
        name = _range(request)
        if isinstance(name, Response):
            return name
        body = await gate.run(ctx, "summary", name)
        if isinstance(body, Response):
            return body
        return Response(body, media_type="application/json")

    async def export_csv(request: Request) -> Response:
        name = _range(request)
        if isinstance(name, Response):
            return name
        body = await gate.run(ctx, "csv", name)
        if isinstance(body, Response):
            return body
        return Response(
            body, media_type="text/csv; charset=utf-8", headers=_attachment(name, "csv")
        )

    async def export_json(request: Request) -> Response:
        name = _range(request)
        if isinstance(name, Response):
            return name
        body = await gate.run(ctx, "json", name)
        if isinstance(body, Response):
            return body
        return Response(body, media_type="application/json", headers=_attachment(name, "json"))

    return [
        Route("/api/history", history, methods=["GET"]),
        Route("/api/history/export.csv", export_csv, methods=["GET"]),
        Route("/api/history/export.json", export_json, methods=["GET"]),
    ]


def main(argv: list[str]) -> int:
    """The child's side: print the summary (JSON), the CSV or the JSON export of a range."""
    import json
    import os
    import sys

    from loosen.app import App
    from loosen.errors import LoosenError

    if len(argv) != 2 or argv[0] not in ("summary", "csv", "json") or argv[1] not in RANGES:
        sys.stderr.write("usage: python -m loosen.web.history_api summary|csv|json RANGE\n")
        return 2
    what, name = argv
    app = App.from_environ(os.environ)
    from loosen.i18n.startup import start

    start(os.environ, settings_file=app.paths.settings_file)  # its errors in the user's language
    try:
        if what == "summary":
            sys.stdout.write(json.dumps({"ok": True, **_summary(app, name)}, separators=(",", ":")))
        elif what == "csv":
            sys.stdout.write(_csv(app, name))
        else:
            _json(app, name, sys.stdout)
    except LoosenError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
