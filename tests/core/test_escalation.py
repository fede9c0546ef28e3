"""The break screen's first phase: an unanswered break notification escalates to the screen after
``escalate_after``, once per prompt; the runner is woken for it; answered, snoozed, in a call or
with the setting off, it never comes. Driven through the real Runner and Coach by the day
simulator."""

from __future__ import annotations

from datetime import timedelta

from loosen.core.policy import BreakPolicy
from loosen.simulation import Day, Press, simulate_day, span

MIN = timedelta(minutes=1)


def at(hhmm: str):
    return span(hhmm, hhmm)[0]


def typing_all_morning(**kw) -> Day:
    return Day.of("2026-12-07 09:00", "11:00", input=[span("09:00", "11:00")], **kw)


def test_an_unanswered_prompt_opens_the_break_screen_after_two_minutes_once():
    r = simulate_day(typing_all_morning())
    prompt = r.prompts[0].at
    assert prompt == at("10:00")
    assert r.screens == [prompt + 2 * MIN]  # once, although the prompt stays unanswered
    assert [a for a, _ in r.events_of("escalated")] == [prompt + 2 * MIN]
    assert prompt + 2 * MIN in r.wake_times  # the service woke up for it, not a poll later


def test_the_wait_before_the_screen_follows_the_setting():
    r = simulate_day(typing_all_morning(), policy=BreakPolicy(escalate_after=5 * MIN))
    assert r.screens == [at("10:05")]


def test_no_break_screen_when_escalation_is_off():
    r = simulate_day(typing_all_morning(), policy=BreakPolicy(escalate_after=None))
    assert r.prompts and r.screens == [] and r.events_of("escalated") == []


def test_a_prompt_answered_in_time_never_reaches_the_screen_and_the_snoozed_one_may():
    def user(note):
        first = note.at == at("10:00")
        return Press("snooze") if note.kind == "break" and first else None

    r = simulate_day(typing_all_morning(), user)
    # snoozed 20 s after the prompt: no screen; the break comes back 5 min later and, left
    # unanswered, escalates 2 min after that
    second = r.prompts[1].at
    assert second == at("10:05") + timedelta(seconds=20)
    assert r.screens == [second + 2 * MIN]


def test_no_break_screen_over_a_call_that_began_after_the_prompt():
    day = typing_all_morning(call=[span("10:01", "10:30")])
    r = simulate_day(day)
    assert r.prompts[0].at == at("10:00")
    assert all(not (at("10:01") <= s < at("10:30")) for s in r.screens)
    assert r.screens and r.screens[0] >= at("10:30")  # the prompt still open after the call
