"""`loosen stats`: per-day sitting statistics from the history database (no service needed)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from loosen.app import App
from loosen.core.stats import DayStats, day_stats, local_days


def _day_start(d: date) -> datetime:
    return datetime(d.year, d.month, d.day).astimezone().astimezone(UTC)


def stats_json(app: App, span: int, today: date | None = None) -> list[dict[str, Any]]:
    from loosen.storage.activity import ActivityLog
    from loosen.storage.history import read_only_history

    last = today or datetime.now().astimezone().date()
    first = last - timedelta(days=span - 1)
    days = local_days(first, last, _day_start)
    app.made_private  # noqa: B018 (once, before the history is read)
    h = read_only_history(app.paths.history_db)
    if h is None:
        rows = day_stats(days, [], [])
    else:
        with h:
            log = ActivityLog(h)
            start, end = days[0][1], days[-1][2]
            now = datetime.now(UTC)
            bouts = [
                (b.started_at, b.ended_at or min(now, end)) for b in log.bouts_between(start, end)
            ]
            events = [(e.at, e.kind, dict(e.data)) for e in log.events_between(start, end)]
            rows = day_stats(days, bouts, events)
    return [day_json(r) for r in rows]


def day_json(r: DayStats) -> dict[str, Any]:
    return {
        "day": r.day.isoformat(),
        "sitting_seconds": int(r.sitting.total_seconds()),
        "longest_bout_seconds": int(r.longest_bout.total_seconds()),
        "bouts_over_30_min": r.bouts_over_30,
        "bouts_over_60_min": r.bouts_over_60,
        "prompts": r.prompts,
        "breaks_taken": r.taken,
        "snoozed": r.snoozed,
        "skipped": r.skipped,
        "natural_breaks": r.natural,
        "deferred": r.deferred,
        "busy_seconds": int(r.busy.total_seconds()),
        "adherence": None if r.adherence is None else round(r.adherence, 2),
    }


def _hm(seconds: int) -> str:
    m = seconds // 60
    return f"{m // 60}:{m % 60:02d}"


def stats_table(rows: list[dict[str, Any]]) -> str:
    from loosen.cells import cells
    from loosen.i18n import _, ngettext
    from loosen.i18n.formats import day, percent

    header = [
        _("DAY"),
        _("SITTING"),
        _("LONGEST"),
        ">30",
        ">60",
        _("PROMPTS"),
        _("TAKEN"),
        _("SNOOZED"),
        _("SKIPPED"),
        _("NATURAL"),
        _("MOVED"),
        _("MEETINGS"),
        _("ADHERENCE"),
    ]
    body = []
    for r in rows:
        adh = "-" if r["adherence"] is None else percent(r["adherence"])
        body.append(
            [
                day(date.fromisoformat(r["day"])),
                _hm(r["sitting_seconds"]),
                _hm(r["longest_bout_seconds"]),
                str(r["bouts_over_30_min"]),
                str(r["bouts_over_60_min"]),
                str(r["prompts"]),
                str(r["breaks_taken"]),
                str(r["snoozed"]),
                str(r["skipped"]),
                str(r["natural_breaks"]),
                str(r["deferred"]),
                _hm(r["busy_seconds"]),
                adh,
            ]
        )
    widths = [max(cells(x[i]) for x in [header, *body]) for i in range(len(header))]

    def pad(c: str, w: int, right: bool) -> str:
        space = " " * (w - cells(c))
        return space + c if right else c + space

    lines = [
        "  ".join(pad(c, w, bool(i)) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        for row in [header, *body]
    ]
    total = sum(r["sitting_seconds"] for r in rows)
    days = sum(1 for r in rows if r["sitting_seconds"] > 0)
    if days:
        lines.append("")
        lines.append(
            ngettext(
                "Average sitting on the %(n)s day with data: %(average)s (Canada's guideline: at "
                "most 8:00 a day, broken up often).",
                "Average sitting on the %(n)s days with data: %(average)s (Canada's guideline: "
                "at most 8:00 a day, broken up often).",
                days,
            )
            % {"n": days, "average": _hm(total // days)}
        )
    return "\n".join(lines)
