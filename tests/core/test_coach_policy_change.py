"""Settings changed while the service runs (PolicyChanged): the coming break moves with them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from loosen.core.coach import Coach, Command, Notify, PolicyChanged
from loosen.core.policy import BreakPolicy
from loosen.testing import simulate

DAY = datetime(2026, 11, 24, tzinfo=UTC)


def t(hhmm: str, s: int = 0) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return DAY.replace(hour=h, minute=m, second=s)


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def sitting_since_nine(**kw: object) -> Coach:
    c = Coach(BreakPolicy(**kw), localize=lambda dt: dt)  # type: ignore[arg-type]
    simulate(c, t("09:00"), t("09:10"))
    return c


def notes(actions: list[tuple[datetime, object]]) -> list[tuple[datetime, str]]:
    return [(at, a.kind) for at, a in actions if isinstance(a, Notify)]


def test_a_shorter_interval_brings_the_break_sooner_and_the_coach_wakes_for_it():
    c = sitting_since_nine()
    assert c.status(t("09:10")).next_break == t("10:00")
    d = c.observe(PolicyChanged(t("09:10"), BreakPolicy(interval=minutes(30))))
    assert c.status(t("09:10")).next_break == t("09:30")
    assert d.next_check <= t("09:29")  # the heads-up, a minute before
    acts, _ = simulate(c, t("09:10", 1), t("09:31"))
    assert notes(acts) == [(t("09:29"), "heads-up"), (t("09:30"), "break")]


def test_a_longer_interval_moves_the_break_later_and_sends_a_new_heads_up():
    c = Coach(BreakPolicy(), localize=lambda dt: dt)
    simulate(c, t("09:00"), t("09:59", 30))  # the heads-up for 10:00 is out
    c.observe(PolicyChanged(t("09:59", 30), BreakPolicy(interval=minutes(90))))
    assert c.status(t("09:59", 30)).next_break == t("10:30")
    acts, _ = simulate(c, t("09:59", 31), t("10:31"))
    assert notes(acts) == [(t("10:29"), "heads-up"), (t("10:30"), "break")]


def test_a_break_that_the_new_interval_makes_overdue_comes_after_a_heads_up():
    c = sitting_since_nine()
    simulate(c, t("09:10"), t("09:50"))
    d = c.observe(PolicyChanged(t("09:50"), BreakPolicy(interval=minutes(30))))
    assert c.status(t("09:50")).next_break == t("09:51")
    assert [a.kind for a in d.actions if isinstance(a, Notify)] == ["heads-up"]
    acts, _ = simulate(c, t("09:50", 1), t("09:52"))
    assert notes(acts) == [(t("09:51"), "break")]


def test_a_skip_keeps_counting_from_the_skip():
    c = Coach(BreakPolicy(), localize=lambda dt: dt)
    simulate(c, t("09:00"), t("10:00", 1))
    c.observe(Command(t("10:01"), "skip"))
    assert c.status(t("10:01")).next_break == t("11:01")
    c.observe(PolicyChanged(t("10:02"), BreakPolicy(interval=minutes(45))))
    assert c.status(t("10:02")).next_break == t("10:46")


def test_a_snoozed_break_and_an_open_prompt_stay_where_they_are():
    c = Coach(BreakPolicy(), localize=lambda dt: dt)
    simulate(c, t("09:00"), t("10:00", 1))
    c.observe(PolicyChanged(t("10:00", 5), BreakPolicy(interval=minutes(120))))
    assert c.prompt_open and c.status(t("10:00", 5)).next_break == t("10:00")
    c.observe(Command(t("10:01"), "snooze"))
    c.observe(PolicyChanged(t("10:02"), BreakPolicy(interval=minutes(20))))
    assert c.status(t("10:02")).next_break == t("10:06")


def test_other_settings_change_without_moving_the_break():
    c = sitting_since_nine()
    c.observe(PolicyChanged(t("09:10"), BreakPolicy(snooze=minutes(10), max_snoozes=4)))
    assert c.status(t("09:10")).next_break == t("10:00")
    assert c.status(t("09:10")).snoozes_left == 4


def test_turning_the_nudge_on_plans_it_from_the_start_of_the_bout():
    c = sitting_since_nine()
    c.observe(PolicyChanged(t("09:40"), BreakPolicy(nudge=minutes(30))))
    assert c.scheduler.next_nudge == t("10:00")
    c.observe(PolicyChanged(t("09:41"), BreakPolicy(nudge=None)))
    assert c.scheduler.next_nudge is None


def test_away_the_new_interval_simply_applies_to_the_next_bout():
    c = Coach(BreakPolicy(), localize=lambda dt: dt)
    simulate(c, t("09:00"), t("09:40"), gaps=[(t("09:20"), t("09:50"))])
    assert c.mode == "away"
    c.observe(PolicyChanged(t("09:40"), BreakPolicy(interval=minutes(25))))
    simulate(c, t("09:40", 1), t("09:55"), gaps=[(t("09:20"), t("09:50"))])
    s = c.status(t("09:55"))
    assert s.bout_start is not None and s.bout_start >= t("09:50")
    assert s.next_break == s.bout_start + minutes(25)
