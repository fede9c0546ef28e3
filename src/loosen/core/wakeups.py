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
    times.extend(sch.prerun_times(at))
    timer_times = [t for t in times if t > at]
    timer = max(min(timer_times) if timer_times else at + p.min_sleep, at + SECOND)
    future = timer_times + [t for t in idle if t > at]
    future.extend(max(t, at + p.min_sleep) for t in polls)
    nxt = max(min(future) if future else at + p.min_sleep, at + SECOND)
    idle_at = None
    wanted = [t for t in idle if t > at]
    # the idle time the source will report at that instant if nobody types: counted from the
    # input its own reading implies when this decision follows one (the coach's last input may
    # be later: a source whose first reading is 0 because it cannot tell yet, as the Wayland
    # ones; a watch for an idle time already reached would fire at once, again and again)
    base = sit.sampled[1] if sit.sampled is not None and sit.sampled[0] == at else sit.last_input
    if wanted and base is not None:
        idle_at = max(min(wanted) - base, SECOND)
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
