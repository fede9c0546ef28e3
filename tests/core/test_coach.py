"""The sitting tracker and scheduler over simulated days (the nine rules of issue 3)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from loosen.core.coach import (
    BoutEnded,
    BoutStarted,
    Coach,
    Command,
    Locked,
    Notify,
    Record,
    Refuse,
    Restore,
    Sample,
    Slept,
    Unlocked,
    Withdraw,
)
from loosen.core.policy import BreakPolicy, WorkingHours
from loosen.testing import simulate

DAY = datetime(2026, 11, 24, tzinfo=UTC)  # a Tuesday


def t(hhmm: str, s: int = 0) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return DAY.replace(hour=h, minute=m, second=s)


def coach(**kw) -> Coach:
    return Coach(BreakPolicy(**kw), localize=lambda dt: dt)


def notes(actions, kind=None):
    return [(at, a.kind) for at, a in actions if isinstance(a, Notify) and (kind in (None, a.kind))]


def of(actions, cls):
    return [(at, a) for at, a in actions if isinstance(a, cls)]


def records(actions, kind):
    return [(at, a) for at, a in actions if isinstance(a, Record) and a.kind == kind]


def test_1_continuous_typing_heads_up_then_prompt_at_ten_not_before():
    acts, wakeups = simulate(coach(), t("09:00"), t("10:00", 30))
    assert notes(acts) == [(t("09:59"), "heads-up"), (t("10:00"), "break")]
    ((_, prompt),) = [(at, a) for at, a in acts if isinstance(a, Notify) and a.kind == "break"]
    assert prompt.sitting_for == timedelta(hours=1) and prompt.can_snooze and prompt.can_skip
    assert wakeups < 60  # an hour of typing costs about one wake-up a minute


def test_2_walking_away_ends_the_bout_when_the_idle_began():
    # 20 min without input, the screen unlocked: that long is a break whatever it was
    acts, _ = simulate(coach(), t("09:00"), t("11:01"), gaps=[(t("09:40"), t("10:00"))])
    assert [(at, a.at, a.reason) for at, a in of(acts, BoutEnded)] == [
        (t("09:55"), t("09:40"), "away")
    ]
    assert [a.at for _, a in of(acts, BoutStarted)] == [t("09:00"), t("10:00")]
    ((_, brk),) = records(acts, "natural-break")
    assert (brk.data["start"], brk.data["end"]) == (t("09:40").isoformat(), t("10:00").isoformat())
    assert notes(acts, "break") == [(t("11:00"), "break")]


def test_2b_eight_quiet_minutes_with_the_screen_unlocked_are_asked_about_not_credited():
    # a still read looks like an empty chair: no break is credited silently; the user is asked
    c = coach()
    acts, _ = simulate(c, t("09:00"), t("10:30"), gaps=[(t("09:40"), t("09:48"))])
    assert of(acts, BoutEnded) == [] and records(acts, "natural-break") == []
    asks = [(at, a.gap) for at, a in acts if isinstance(a, Notify) and a.kind == "ask-moved"]
    assert asks == [(t("09:48"), (t("09:40"), t("09:48")))]
    assert notes(acts, "break") == [(t("10:00"), "break")]  # on time: "no" or no answer


def test_2c_yes_to_the_question_credits_the_quiet_as_a_break():
    c = coach()
    simulate(c, t("09:00"), t("09:48", 30), gaps=[(t("09:40"), t("09:48"))])
    d = c.observe(Command(t("09:49"), "answer-moved", answer=True))
    assert [(a.at, a.reason) for a in d.actions if isinstance(a, BoutEnded)] == [
        (t("09:40"), "reported")
    ]
    assert [a.at for a in d.actions if isinstance(a, BoutStarted)] == [t("09:48")]
    assert c.due == t("10:48")


def test_2d_a_break_due_in_a_quiet_comes_at_the_first_sign_of_the_user_and_asks_itself():
    # due at 10:00 while nothing has moved since 09:52 (reading? gone?): no prompt to what may
    # be an empty desk; at the first input (10:03) one prompt, which asks about the quiet
    c = coach()
    acts, _ = simulate(c, t("09:00"), t("10:04"), gaps=[(t("09:52"), t("10:03"))])
    breaks = [(at, a.gap) for at, a in acts if isinstance(a, Notify) and a.kind == "break"]
    assert breaks == [(t("10:03"), (t("09:52"), t("10:03")))]
    assert [at for at, a in acts if isinstance(a, Notify) and a.kind == "ask-moved"] == []
    assert notes(acts, "heads-up") == []  # nothing to an empty desk
    # "yes, I was up": the prompt is withdrawn and the next break is an hour after the walk
    d = c.observe(Command(t("10:04"), "answer-moved", answer=True))
    assert any(isinstance(a, Withdraw) for a in d.actions)
    assert not c.prompt_open and c.due == t("11:03")


def test_3_reading_without_input_is_still_sitting_and_asked_about_once():
    c = coach()
    acts, _ = simulate(c, t("09:00"), t("10:00", 30), gaps=[(t("09:30"), t("09:34"))])
    assert of(acts, BoutEnded) == []
    asks = [(at, a.gap) for at, a in acts if isinstance(a, Notify) and a.kind == "ask-moved"]
    assert asks == [(t("09:34"), (t("09:30"), t("09:34")))]
    assert notes(acts, "break") == [(t("10:00"), "break")]  # never silently credited


def test_3b_answering_yes_credits_the_gap_as_a_break():
    c = coach()
    simulate(c, t("09:00"), t("09:35"), gaps=[(t("09:30"), t("09:34"))])
    d = c.observe(Command(t("09:35"), "answer-moved", answer=True))
    assert BoutEnded(t("09:30"), "reported") in d.actions
    assert BoutStarted(t("09:34")) in d.actions
    assert c.status(t("09:35")).next_break == t("10:34")
    again = c.observe(Command(t("09:36"), "answer-moved", answer=True))
    assert again.actions == (Refuse("There is no question to answer."),)


def test_4_snooze_comes_back_after_the_snooze_and_is_limited():
    c = coach()
    simulate(c, t("09:00"), t("10:00", 1))
    assert c.prompt_open
    d = c.observe(Command(t("10:00", 30), "snooze"))
    assert Withdraw("snoozed") in d.actions and d.next_check <= t("10:05", 30)
    acts, _ = simulate(c, t("10:00", 31), t("10:05", 31))
    assert notes(acts) == [(t("10:05", 30), "break")]
    c.observe(Command(t("10:06"), "snooze"))
    acts, _ = simulate(c, t("10:06", 1), t("10:11", 1))
    ((_, second),) = of(acts, Notify)
    assert second.kind == "break" and not second.can_snooze
    refused = c.observe(Command(t("10:12"), "snooze"))
    assert refused.actions[0] == Refuse(
        "You have snoozed this break 2 times already; take it now (`loosen break`) or skip it "
        "(`loosen skip`)."
    )


def test_4b_skips_come_from_a_daily_budget():
    c = coach(skips_per_day=2)
    at = t("09:00")
    simulate(c, at, t("10:00", 1))
    assert c.observe(Command(t("10:01"), "skip")).actions == (
        Withdraw("skipped"),
        Record("skipped", t("10:01")),
    )
    assert c.status(t("10:02")).next_break == t("11:01")
    simulate(c, t("10:02"), t("11:01", 1))
    assert c.observe(Command(t("11:02"), "skip")).actions[-1] == Record("skipped", t("11:02"))
    simulate(c, t("11:03"), t("12:02", 1))
    refused = c.observe(Command(t("12:03"), "skip")).actions
    assert isinstance(refused[0], Refuse) and "2 breaks today" in refused[0].message
    # a new day brings a new budget
    c.observe(Sample(t("23:59") + timedelta(minutes=2), timedelta(0)))
    assert c.status(t("23:59") + timedelta(minutes=2)).skips_left == 2


def test_4c_a_limit_of_one_is_said_in_the_singular_and_in_the_users_plural_form():
    c = coach(skips_per_day=1, max_snoozes=1)
    simulate(c, t("09:00"), t("10:00", 1))
    c.observe(Command(t("10:00", 30), "snooze"))
    snoozed = c.observe(Command(t("10:00", 40), "snooze")).actions[0]
    assert isinstance(snoozed, Refuse)
    assert snoozed.message.startswith("You have snoozed this break 1 time already;")
    c.observe(Command(t("10:01"), "skip"))
    simulate(c, t("10:02"), t("11:01", 1))
    skipped = c.observe(Command(t("11:02"), "skip")).actions[0]
    assert isinstance(skipped, Refuse)
    assert skipped.message.startswith("You have skipped 1 break today,")

    # the shell says it with its catalog's plural forms (here: a rule with three)
    def polish(one: str, many: str, n: int) -> str:
        form = 0 if n == 1 else 1 if 2 <= n % 10 <= 4 else 2
        return [f"[one] {one}", f"[few] {many}", f"[many] {many}"][form]

    assert snoozed.said(lambda m: m, polish).startswith("[one] You have snoozed this break 1 time")


@pytest.mark.parametrize("how", ["suspend", "lock"])
def test_5_lunch_away_resets_once_and_no_stale_prompts(how):
    c = coach()
    if how == "suspend":
        events = [Slept(at=t("13:00"), start=t("12:00"))]
    else:
        events = [Locked(t("12:00")), Unlocked(t("13:00"))]
    acts, _ = simulate(c, t("11:30"), t("14:30"), events=events)
    assert [(a.at, a.reason) for _, a in of(acts, BoutEnded)] == [
        (t("12:00"), "sleep" if how == "suspend" else "lock")
    ]
    started = [a.at for _, a in of(acts, BoutStarted)]
    # after a resume the bout starts at the first input seen after the first seconds (input at
    # the very resume may be a dark wake's); the coach looks again just after them
    assert started[0] == t("11:30") and t("13:00") <= started[1] <= t("13:00", 10)
    assert len(started) == 2
    assert notes(acts, "break") == [(started[1] + timedelta(hours=1), "break")]
    assert [at for at, _ in notes(acts) if t("12:00") <= at < t("13:59")] == []


def test_5b_a_short_lock_is_not_a_break():
    acts, _ = simulate(
        coach(), t("09:00"), t("10:01"), events=[Locked(t("09:30")), Unlocked(t("09:32"))]
    )
    assert of(acts, BoutEnded) == []
    assert notes(acts, "break") == [(t("10:00"), "break")]


def test_6_a_completed_routine_is_the_break():
    c = coach()
    simulate(c, t("09:00"), t("09:40"))
    d = c.observe(Command(t("09:40"), "break-done", since=t("09:32")))
    assert BoutEnded(t("09:32"), "routine") in d.actions
    assert BoutStarted(t("09:40")) in d.actions
    acts, _ = simulate(c, t("09:40", 1), t("10:41"))
    assert notes(acts, "break") == [(t("10:40"), "break")]


def test_6b_a_break_taken_from_the_prompt_ends_when_the_routine_does():
    c = coach()
    simulate(c, t("09:00"), t("10:00", 1))
    d = c.observe(Command(t("10:01"), "break"))
    assert of([(t("10:01"), a) for a in d.actions], BoutEnded) == []  # not a break yet
    assert c.status(t("10:02")).mode == "on-break"
    acts, _ = simulate(c, t("10:01"), t("10:09"))
    assert notes(acts) == []  # the keys pressed in the routine are not sitting
    d = c.observe(Command(t("10:09"), "break-done"))
    assert BoutEnded(t("10:01"), "break") in d.actions  # the bout ended when the break began
    assert c.status(t("10:09")).next_break == t("11:09")


def test_7_outside_working_hours_no_prompts_but_truthful_tracking():
    hours = WorkingHours(start=time(9), end=time(17), enabled=True)
    c = coach(hours=hours)
    acts, _ = simulate(c, t("16:30"), t("19:00"))
    assert notes(acts) == []
    s = c.status(t("19:00"))
    assert s.sitting_for == timedelta(hours=2, minutes=30) and not s.in_hours


def test_7b_paused_means_no_prompts_and_resume_warns_first():
    c = coach()
    simulate(c, t("09:00"), t("09:50"))
    c.observe(Command(t("09:50"), "pause", until=t("10:50")))
    acts, _ = simulate(c, t("09:50", 1), t("10:49"))
    assert notes(acts) == []
    assert c.status(t("10:30")).sitting_for == timedelta(hours=1, minutes=30)
    acts, _ = simulate(c, t("10:49"), t("10:52"))
    assert notes(acts) == [(t("10:50"), "heads-up"), (t("10:51"), "break")]


def test_8_restart_after_kill_continues_the_bout():
    c = coach()
    d = c.observe(Restore(t("09:50", 5), bout_start=t("09:00"), last_active=t("09:49", 50)))
    assert of([(t("09:50"), a) for a in d.actions], BoutStarted) == []
    acts, _ = simulate(c, t("09:50", 5), t("10:00", 30))
    assert notes(acts) == [(t("09:59"), "heads-up"), (t("10:00"), "break")]


def test_8b_restart_long_after_closes_the_old_bout():
    c = coach()
    d = c.observe(Restore(t("12:00"), bout_start=t("09:00"), last_active=t("09:49")))
    assert d.actions == (BoutEnded(t("09:49"), "stopped"),)


def test_9_no_idle_source_is_a_plain_timer():
    c = coach()
    acts, _ = simulate(
        c, t("09:00"), t("10:00", 30), gaps=[(t("09:10"), t("09:50"))], visible=False
    )
    assert notes(acts, "break") == [(t("10:00"), "break")]
    assert c.status(t("10:00")).activity_visible is False


def test_moved_ends_the_bout_now():
    c = coach()
    simulate(c, t("09:00"), t("09:20"))
    d = c.observe(Command(t("09:20"), "moved"))
    assert BoutEnded(t("09:20"), "moved") in d.actions and BoutStarted(t("09:20")) in d.actions


def test_optional_stand_up_nudge_every_thirty_minutes():
    acts, _ = simulate(coach(nudge=timedelta(minutes=30)), t("09:00"), t("10:00", 30))
    assert notes(acts) == [(t("09:30"), "nudge"), (t("09:59"), "heads-up"), (t("10:00"), "break")]


def test_an_unanswered_prompt_is_repeated_every_ten_minutes():
    acts, _ = simulate(coach(), t("09:00"), t("10:25"))
    assert notes(acts) == [
        (t("09:59"), "heads-up"),
        (t("10:00"), "break"),
        (t("10:10"), "reminder"),
        (t("10:20"), "reminder"),
    ]


def test_thirty_days_of_sitting_give_two_prompts_a_working_day():
    # (how fast this runs is measured in bench/service.py, not asserted here)
    c = coach(hours=WorkingHours(start=time(9), end=time(17), enabled=True))
    gaps = []
    for d in range(30):
        day = DAY + timedelta(days=d)
        gaps += [
            (day.replace(hour=12), day.replace(hour=13)),
            (day.replace(hour=17, minute=30), (day + timedelta(days=1)).replace(hour=8, minute=50)),
        ]
    acts, _ = simulate(c, DAY.replace(hour=8, minute=50), DAY + timedelta(days=30), gaps=gaps)
    # this sitter ignores every prompt: one in the morning, one after lunch, then reminders
    prompts = notes(acts, "break")
    assert len(prompts) == 60
    assert {at.time() for at, _ in prompts} == {time(9, 50), time(14, 0)}
    assert all(9 <= at.hour < 17 for at, _ in notes(acts))


def test_an_idle_source_that_can_watch_is_told_what_to_watch_instead_of_being_polled():
    c = coach()
    c.observe(Sample(t("09:00"), timedelta(0)))
    d = c.observe(Sample(t("09:10"), timedelta(seconds=30)))  # typing: input 30 s ago
    assert d.next_check == t("09:12", 30)  # polled: when the idle time could reach 3 min
    assert d.idle_at == timedelta(minutes=3) and not d.on_input  # watched: an alarm at 3 min
    assert d.timer == t("09:25")  # and otherwise only the longest sleep
    d = c.observe(Sample(t("09:30"), timedelta(minutes=6)))  # quiet since 09:24
    assert c.mode == "sitting" and d.on_input and d.idle_at == timedelta(minutes=15)
    d = c.observe(Sample(t("09:40"), timedelta(minutes=16)))  # got up at 09:24
    assert c.mode == "away" and d.on_input and d.idle_at is None
    assert d.timer == t("09:55") and d.next_check == t("09:41")  # away 15 min: every minute


def test_a_watch_is_never_for_an_idle_time_the_source_has_already_reached():
    # a Wayland source reads 0 until one of its notifications has idled; KWin then counts the
    # idle time from input before the service started. A watch for 2 min would fire at once,
    # and the same reading would ask for it again: the service spun until 09:02 (found on KWin)
    c = coach()
    c.observe(Sample(t("09:00"), timedelta(0)))  # the source cannot tell yet
    d = c.observe(Sample(t("09:01", 50), timedelta(minutes=2)))  # input was at 08:59:50
    assert c.mode == "sitting"
    assert d.idle_at == timedelta(minutes=3, seconds=10)  # 09:03, in the source's own terms


def test_a_bout_begun_on_old_input_ends_no_earlier_than_it_began():
    # found by the state machine: the first sample saw input almost four minutes old
    c = coach()
    acts = []
    for at, idle in ((t("08:00", 1), 229), (t("08:01", 12), 300), (t("08:01", 13), 73)):
        acts += c.observe(Sample(at, timedelta(seconds=idle))).actions
    ends = [a.at for a in acts if isinstance(a, BoutEnded)]
    starts = [a.at for a in acts if isinstance(a, BoutStarted)]
    assert all(s >= e for e, s in zip(ends, starts[1:], strict=False))


def test_a_dark_wake_s_idle_reset_is_not_the_user_coming_back():
    # macOS resets the HID idle time on a dark wake (the lid stays shut): the input that
    # seems to come right at a resume is the machine's, not the user's
    c = coach()
    c.observe(Sample(t("12:00"), timedelta(0)))
    c.observe(Slept(at=t("13:00"), start=t("12:01")))
    c.observe(Sample(t("13:00", 1), timedelta(seconds=1)))  # the dark wake's reset
    assert c.mode == "away"
    c.observe(Slept(at=t("14:00"), start=t("13:00", 30)))  # back to sleep, then a real resume
    d = c.observe(Sample(t("14:00", 20), timedelta(0)))  # the user types
    assert c.mode == "sitting"
    assert [a.at for a in d.actions if isinstance(a, BoutStarted)] == [t("14:00", 20)]
    breaks = [a for a in d.actions if isinstance(a, Record) and a.kind == "natural-break"]
    assert [b.data["start"] for b in breaks] == [t("12:01").isoformat()]


def test_an_idle_alarm_is_never_asked_for_below_the_idle_time_the_source_counts():
    # a routine finished by a command (no key pressed): the coach counts the user as back, but
    # the idle source still counts from the last key before the break; an alarm set below that
    # count would fire at once, again and again (found by the day simulator with a watching
    # source: 4,571 wake-ups in a day)
    c = coach()
    c.observe(Sample(t("09:00"), timedelta(0)))
    c.observe(Command(t("10:00"), "break"))
    c.observe(Command(t("10:06"), "break-done", since=t("10:00")))
    d = c.observe(Sample(t("10:06", 2), timedelta(minutes=6, seconds=2)))
    assert c.mode == "sitting"
    assert d.idle_at is not None and d.idle_at > timedelta(minutes=6, seconds=2)
