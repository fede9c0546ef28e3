from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from loosen.core.stats import DayStats, day_stats, local_days
from loosen.core.trends import hour_grid, rows_by_day, streaks, totals

FIRST = date(2025, 3, 1)


def _start(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def _at(day: int, hour: float) -> datetime:
    return _start(FIRST) + timedelta(days=day, hours=hour)


def _day(d: date, sitting_h: float = 0, taken: int = 0, over_60: int = 0) -> DayStats:
    return DayStats(
        day=d,
        sitting=timedelta(hours=sitting_h),
        longest_bout=timedelta(0),
        bouts_over_30=0,
        bouts_over_60=over_60,
        prompts=0,
        taken=taken,
        snoozed=0,
        skipped=0,
        natural=0,
    )


KINDS = [
    "prompted",
    "snoozed",
    "skipped",
    "break-started",
    "break-done",
    "break-ended",
    "natural-break",
]
bouts_st = st.lists(
    st.tuples(st.floats(0, 10 * 24 - 1), st.floats(0.01, 30)).map(
        lambda t: (_at(0, t[0]), _at(0, t[0] + t[1]))
    ),
    max_size=12,
)
events_st = st.lists(
    st.tuples(st.floats(-24, 11 * 24), st.sampled_from(KINDS), st.booleans()).map(
        lambda t: (_at(0, t[0]), t[1], {"after_break": t[2]})
    ),
    max_size=20,
)


@settings(max_examples=150, deadline=None)
@given(bouts_st, events_st)
def test_rows_by_day_gives_the_same_rows_as_day_stats(bouts, events) -> None:
    days = local_days(FIRST, FIRST + timedelta(days=9), _start)
    assert rows_by_day(days, bouts, events) == day_stats(days, bouts, events)


@settings(max_examples=100, deadline=None)
@given(bouts_st)
def test_the_hour_grid_adds_up_to_each_days_sitting(bouts) -> None:
    bouts = sorted(bouts)
    # bouts that do not overlap, as the service records them
    clean: list[tuple[datetime, datetime]] = []
    for s, e in bouts:
        if clean and s < clean[-1][1]:
            continue
        clean.append((s, e))
    days = local_days(FIRST, FIRST + timedelta(days=9), _start)
    bounds = [[s + timedelta(hours=h) for h in range(24)] + [e] for _, s, e in days]
    grid = hour_grid(bounds, clean)
    for row, stats in zip(grid, day_stats(days, clean, []), strict=True):
        assert abs(sum(row) - stats.sitting.total_seconds()) <= 24  # whole seconds per hour
        assert all(0 <= v <= 3600 for v in row)


def test_the_hour_grid_puts_a_bout_in_the_hours_it_covers() -> None:
    days = local_days(FIRST, FIRST + timedelta(days=1), _start)
    bounds = [[s + timedelta(hours=h) for h in range(24)] + [e] for _, s, e in days]
    # 09:30-11:15 on the first day, and 23:00 to 00:30 across midnight
    grid = hour_grid(bounds, [(_at(0, 9.5), _at(0, 11.25)), (_at(0, 23), _at(1, 0.5))])
    assert grid[0][9] == 1800 and grid[0][10] == 3600 and grid[0][11] == 900
    assert grid[0][23] == 3600 and grid[1][0] == 1800
    assert sum(grid[0]) == 1800 + 3600 + 900 + 3600 and sum(grid[1]) == 1800


def test_the_break_streak_skips_light_days_and_waits_for_today() -> None:
    today = FIRST + timedelta(days=6)
    rows = [
        _day(FIRST, 7, taken=0),  # a sitting day without a break: no streak yet
        _day(FIRST + timedelta(days=1), 7, taken=2),
        _day(FIRST + timedelta(days=2), 6, taken=1),
        _day(FIRST + timedelta(days=3), 0.5, taken=0),  # a light day: neither breaks nor counts
        _day(FIRST + timedelta(days=4), 0),  # a day off
        _day(FIRST + timedelta(days=5), 8, taken=3),
        _day(today, 3, taken=0),  # today, no break yet: the streak is not over
    ]
    s = streaks(rows, today)["breaks"]
    assert (s.current, s.best) == (3, 3)
    assert (s.best_first, s.best_last) == (FIRST + timedelta(days=1), FIRST + timedelta(days=5))
    # a break taken today extends it
    rows[-1] = _day(today, 3, taken=1)
    assert streaks(rows, today)["breaks"].current == 4


def test_a_long_bout_today_ends_the_no_long_bout_streak_at_once() -> None:
    today = FIRST + timedelta(days=3)
    rows = [
        _day(FIRST, 7, over_60=1),
        _day(FIRST + timedelta(days=1), 7),
        _day(FIRST + timedelta(days=2), 7),
        _day(today, 2),
    ]
    s = streaks(rows, today)["no_long_bouts"]
    assert (s.current, s.best) == (3, 3)
    rows[-1] = _day(today, 2, over_60=1)
    s = streaks(rows, today)["no_long_bouts"]
    assert (s.current, s.best) == (0, 2)


def test_no_history_has_no_streak_and_zero_totals() -> None:
    assert streaks([], FIRST)["breaks"].current == 0
    t = totals([_day(FIRST), _day(FIRST + timedelta(days=1))])
    assert t.days == 2 and t.days_with_sitting == 0 and t.average_sitting == timedelta(0)
    assert t.longest_bout_day is None and t.adherence is None


def test_totals_average_over_the_days_with_sitting_only() -> None:
    rows = [_day(FIRST, 9), _day(FIRST + timedelta(days=1), 0), _day(FIRST + timedelta(days=2), 5)]
    t = totals(rows)
    assert t.sitting == timedelta(hours=14) and t.average_sitting == timedelta(hours=7)
    assert t.days_over_8h == 1 and t.days_with_sitting == 2


def test_a_few_seconds_of_sitting_do_not_make_a_day_with_sitting() -> None:
    rows = [_day(FIRST, 2), _day(FIRST + timedelta(days=1), 30 / 3600)]
    t = totals(rows)
    assert t.days_with_sitting == 1 and t.average_sitting == timedelta(hours=2, seconds=30)
