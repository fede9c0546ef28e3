"""The day simulator with an idle source that watches: the same day, far fewer wake-ups."""

from __future__ import annotations

import itertools

from loosen.simulation import Day, TakeBreak, meeting, simulate_day, span


def test_a_watching_idle_source_gives_the_same_prompts_with_a_fraction_of_the_wake_ups():
    day = Day.of(
        "2026-12-07 09:00",
        "17:00",
        input=[span("09:00", "10:20"), span("10:22", "12:00"), span("13:00", "17:00")],
        locked=[span("12:00", "13:00")],
        calendar=[meeting("14:30", "15:30", "Planning")],
    )

    def user(note):
        return TakeBreak(minutes=5) if note.kind == "break" else None

    polled = simulate_day(day, user)
    watched = simulate_day(day, user, watching=True)
    assert [(n.at, n.kind) for n in watched.notes] == [(n.at, n.kind) for n in polled.notes]
    assert watched.bouts == polled.bouts
    assert watched.wakeups * 2 < polled.wakeups
    # never a burst: no two wake-ups within a second of each other
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(watched.wake_times)]
    assert min(gaps) >= 1
