"""Breaks around meetings (issue 5): never inside one, just before or right after it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from loosen.core.busy import Busy, free_after, place
from loosen.core.coach import BoutEnded, BoutStarted, BusyChanged, Coach, Notify, Record
from loosen.core.policy import BreakPolicy
from loosen.testing import simulate

DAY = datetime(2026, 11, 24, tzinfo=UTC)


def t(hhmm: str) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return DAY.replace(hour=h, minute=m)


def run(blocks, start="09:00", until="12:00", gaps=()):
    c = Coach(BreakPolicy(), localize=lambda d: d)
    events = [BusyChanged(t(start), tuple(blocks))]
    acts, _ = simulate(c, t(start), t(until), gaps=gaps, events=events)
    return c, acts


def prompts(acts):
    return [(at, a) for at, a in acts if isinstance(a, Notify) and a.kind == "break"]


def test_a_break_due_in_a_meeting_is_offered_just_before_it_when_there_is_room():
    meeting = Busy(t("10:05"), t("11:00"), "meeting", "Planning")
    _, acts = run([meeting], start="09:05")
    ((at, p),) = prompts(acts)[:1]
    assert at == t("10:00") and p.before == meeting  # due 10:05, offered 5 min before
    deferred = [a for _, a in acts if isinstance(a, Record) and a.kind == "deferred"]
    assert deferred[0].data["how"] == "before" and deferred[0].data["title"] == "Planning"


def test_otherwise_right_after_and_never_inside():
    meeting = Busy(t("09:30"), t("11:00"), "meeting", "All hands")
    _, acts = run([meeting])
    assert [at for at, _ in prompts(acts)] == [t("11:00")]
    notes_inside = [at for at, a in acts if isinstance(a, Notify) and t("09:30") <= at < t("11:00")]
    assert notes_inside == []


def test_sitting_through_a_meeting_without_typing_is_still_sitting():
    meeting = Busy(t("09:30"), t("10:30"), "meeting")
    c, acts = run([meeting], until="10:45", gaps=[(t("09:30"), t("10:30"))])
    assert [a for _, a in acts if isinstance(a, BoutEnded)] == []
    s = c.status(t("10:45"))
    assert s.bout_start is not None and s.bout_start <= t("09:00") + timedelta(seconds=5)
    assert s.sitting_for == t("10:45") - s.bout_start


def test_back_to_back_meetings_use_the_first_real_gap():
    blocks = [
        Busy(t("09:30"), t("10:30")),
        Busy(t("10:31"), t("11:00")),
        Busy(t("11:01"), t("11:30")),
        Busy(t("11:40"), t("12:30")),
    ]
    _, acts = run(blocks, until="11:35")
    assert [at for at, _ in prompts(acts)] == [t("11:30")]
    assert free_after(blocks, t("10:30"), timedelta(minutes=3)) == t("11:30")


def test_a_walking_meeting_is_a_break():
    walk = Busy(t("10:00"), t("10:30"), "meeting", "1:1 walk", sitting=False)
    _, acts = run([walk], until="11:40", gaps=[(t("10:00"), t("10:30"))])
    assert [(a.at, a.reason) for _, a in acts if isinstance(a, BoutEnded)] == [(t("10:00"), "away")]
    assert [a.at for _, a in acts if isinstance(a, BoutStarted)][-1] == t("10:30")
    assert [at for at, _ in prompts(acts)] == [t("11:30")]


def test_place_keeps_a_free_due_time():
    p = place(
        t("10:00"),
        t("09:00"),
        [Busy(t("11:00"), t("12:00"))],
        break_length=timedelta(minutes=5),
        min_gap=timedelta(minutes=3),
        early_window=timedelta(minutes=15),
    )
    assert (p.at, p.when) == (t("10:00"), "due")


def test_a_run_in_the_calendar_brings_one_warm_up_reminder_before_it():
    run_block = Busy(t("18:00"), t("19:00"), "meeting", "Evening run", sitting=False, prerun=True)
    _, acts = run([run_block], start="17:00", until="18:30")
    warm = [(at, a) for at, a in acts if isinstance(a, Notify) and a.kind == "pre-run"]
    assert [(at, a.before) for at, a in warm] == [(t("17:45"), run_block)]
    assert [a.kind for _, a in acts if isinstance(a, Record)].count("prerun-reminder") == 1


def test_each_meeting_is_recorded_once_for_the_statistics():
    meeting = Busy(t("09:30"), t("10:00"), "meeting", "Sync")
    _, acts = run([meeting], until="10:30")
    recorded = [a for _, a in acts if isinstance(a, Record) and a.kind == "busy"]
    assert [(a.at, a.data["title"], a.data["end"]) for a in recorded] == [
        (t("09:30"), "Sync", t("10:00").isoformat())
    ]
