"""When the coach needs to be asked again, and what to watch meanwhile.

The timer (prompts, block edges, pauses, the longest sleep), the instants that only matter if the
user stays idle (a threshold, a poll for the end of a gap or for the return), which an idle
source with watches turns into alarms, and whether the presence detectors should be asked first.
Never a poll faster than ``policy.min_sleep``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from loosen.core.busy import busy_at

if TYPE_CHECKING:
    from loosen.core.coach import Coach

SECOND = timedelta(seconds=1)


@dataclass(frozen=True, slots=True)
class Plan:
    next_check: datetime
    timer: datetime
    idle_at: timedelta | None
    on_input: bool


def wake_plan(self: Coach, at: datetime) -> Plan:
    """When to look again: the timer, and what an idle source that can watch should watch.

    ``idle`` collects the instants that only matter if the user stays idle (a threshold, a
    poll for the end of a gap or for the return): an idle source with watches (XSync alarms,
    Mutter's idle watches, ext-idle-notify) turns them into ``idle_at`` / ``on_input`` and
    the service sleeps until ``timer`` alone.
    """
    p = self.policy
    sit, sch = self.sitting, self.scheduler
    times: list[datetime] = [at + p.max_sleep]
    polls: list[datetime] = []  # idle-driven, at least min_sleep away
    idle: list[datetime] = []  # idle-driven thresholds
    on_input = False
    if sch.paused_until is not None:
        times.append(sch.paused_until)
    if self.mode == "starting":
        times.append(at + SECOND)  # the first sample
    elif self.mode == "away":
        long_away = sit.away_since is not None and at - sit.away_since >= p.away_poll_after
        polls.append(at + (p.away_poll_later if long_away else p.away_poll))
        on_input = True
        times.extend(b.start for b in sch.busy if b.start > at and b.sitting)
        if sit.look_soon:
            times.append(at + SECOND)  # just resumed: look for the user at once
        if sit.resumed_at is not None and at < sit.resumed_at + p.resume_grace + SECOND:
            times.append(sit.resumed_at + p.resume_grace + SECOND)  # and once past a dark wake
        walk = busy_at(sch.busy, at)
        if walk is not None:
            times.append(walk.end)
    elif self.mode == "on-break" and sit.break_since is not None:
        times.append(sit.break_since + p.break_timeout)
    elif self.mode == "sitting":
        if not self._in_hours(at) and sch.due is not None and sch.paused_until is None:
            local = self.localize(at)
            start = p.hours.next_start(local)
            times.append(at + (start - local))
        times.extend(sch.wake_times(at, self._in_hours(at)))
        if sit.activity_visible and sit.present is not None:
            still = at - sit.present
            away = sit.away_threshold(sch.busy)
            threshold = p.ask_after if still < p.ask_after else away
            idle.append(sit.present + threshold)
            if sit.gap_start is not None:
                polls.append(at + 2 * p.min_sleep)  # to see the gap end and maybe ask
                on_input = True
            if sch.prompt_waiting(at, self._in_hours(at)) and self._waiting_for_the_desk(at):
                # a break waits for the first sign of the user (after a meeting, a quiet)
                polls.append(at + p.min_sleep)
                on_input = True
        if (
            sit.activity_visible
            and sit.last_input is not None
            and sch.paused_until is None
            and self._in_hours(at)
            and sch.waits_for_lull(at)
        ):
            # a break past due in a focus block: it comes at the first pause in typing
            lull = sit.last_input + p.lull
            idle.append(max(lull, at + SECOND))
            polls.append(lull)
    times.extend(sch.prerun_times(at))
    timer_times = [t for t in times if t > at]
    timer = max(min(timer_times) if timer_times else at + p.min_sleep, at + SECOND)
    future = timer_times + [t for t in idle if t > at and t not in polls]
    future.extend(max(t, at + p.min_sleep) for t in polls)
    nxt = max(min(future) if future else at + p.min_sleep, at + SECOND)
    idle_at = None
    wanted = [t for t in idle if t > at]
    # the idle source counts from the last input *it* saw, which may be older than the coach's
    # idea of it (a command, a routine finished, say the user is there): an alarm must be set
    # on its counter, past where the counter is now, or it would fire at once, again and again
    counted_from = sit.raw_input if sit.raw_input is not None else sit.last_input
    if wanted and counted_from is not None:
        idle_at = max(min(wanted) - counted_from, at - counted_from + SECOND, SECOND)
    return Plan(nxt, timer, idle_at, on_input)


def wants_probe(self: Coach, nxt: datetime) -> bool:
    """Whether the detectors should be asked before the sample at ``nxt``: it may decide
    "away" or a prompt, and a call, a film or music would change that."""
    sit = self.sitting
    if self.scheduler.hold:
        return True  # is the call over?
    if self.mode != "sitting" or not sit.activity_visible or sit.present is None:
        return self.mode == "sitting" and self.scheduler.prompt_imminent(nxt, self._in_hours(nxt))
    still = nxt - sit.present
    deciding = still >= self.policy.away_after or (
        sit.gap_start is not None and still >= self.policy.ask_after
    )
    return deciding or self.scheduler.prompt_imminent(nxt, self._in_hours(nxt))
