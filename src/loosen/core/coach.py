"""The coach: the one object the runner talks to, observations in, a decision out.

:meth:`Coach.observe` takes one observation (an idle-time sample, a lock, a suspend, a command,
busy blocks, a presence detector's reading) at an instant and returns a :class:`Decision`: the
actions to carry out and the instant at which it next needs to be asked (plus whether the
presence detectors should be asked first). It never reads a clock and never raises.

Two concepts sit behind it:

* :class:`loosen.core.sitting.Sitting`, the sitting-evidence tracker: bouts, natural breaks, the
  evidence that the user is still there, "did you get up?";
* :class:`loosen.core.scheduler.Scheduler`, the break scheduler: due, placement around busy
  blocks, prompts, snooze and skip, pauses, working hours.

The coach tells the scheduler when the tracker starts or ends a bout, handles commands, and
merges the two's wake-up times (never a poll faster than ``policy.min_sleep``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from loosen.core.busy import Busy, Placement
from loosen.core.observations import (
    BLOCKING_SOURCES,
    Action,
    BoutEnded,
    BoutStarted,
    BusyChanged,
    Command,
    CommandKind,
    Decision,
    Locked,
    Mode,
    Notify,
    Observation,
    PolicyChanged,
    Presence,
    Probed,
    Record,
    Refuse,
    Restore,
    Sample,
    ShowBreakScreen,
    Slept,
    Status,
    Unlocked,
    Withdraw,
    refuse,
)
from loosen.core.policy import BreakPolicy
from loosen.core.scheduler import Scheduler
from loosen.core.sitting import Sitting
from loosen.core.text import N_
from loosen.core.wakeups import Plan, wake_plan, wants_probe

__all__ = [
    "Action",
    "BoutEnded",
    "BoutStarted",
    "BusyChanged",
    "Coach",
    "Command",
    "CommandKind",
    "Decision",
    "Locked",
    "Mode",
    "Notify",
    "Observation",
    "PolicyChanged",
    "Presence",
    "Probed",
    "Record",
    "Refuse",
    "Restore",
    "Sample",
    "ShowBreakScreen",
    "Slept",
    "Status",
    "Unlocked",
    "Withdraw",
]

SECOND = timedelta(seconds=1)


class Coach:
    def __init__(
        self,
        policy: BreakPolicy,
        localize: Callable[[datetime], datetime],
        *,
        pause_today: Callable[[datetime], datetime] | None = None,
    ) -> None:
        """``localize`` turns an aware UTC instant into local time (for working hours and days)."""
        self.localize = localize
        self.sitting = Sitting(policy)
        self.scheduler = Scheduler(policy)

    # -- what the runner and the web read ----------------------------------------------------------
    @property
    def policy(self) -> BreakPolicy:
        return self.scheduler.policy

    @property
    def mode(self) -> Mode:
        return self.sitting.mode

    @property
    def bout_start(self) -> datetime | None:
        return self.sitting.bout_start

    @property
    def last_input(self) -> datetime | None:
        """The last instant the user was known to be at the desk (what a restart continues)."""
        return self.sitting.present or self.sitting.last_input

    def present_until(self, at: datetime, idle: timedelta | None = None) -> datetime | None:
        """How far the open bout has gone at ``at``, as a checkpoint for a restart to continue:
        the last sign of the user (``idle``, if given, is a fresh reading of the idle time); as a
        plain timer (activity unseen) the user sits until something says otherwise, so ``at``.
        None when no bout is open."""
        if self.mode != "sitting":
            return None
        if self.sitting.activity_visible is False:
            return at
        known = self.last_input or self.bout_start
        if idle is not None:
            seen = at - max(idle, timedelta(0))
            known = seen if known is None else max(known, seen)
        return known

    @property
    def busy(self) -> tuple[Busy, ...]:
        return self.scheduler.busy

    @property
    def prompt_open(self) -> bool:
        return self.scheduler.prompt_open

    @property
    def paused_until(self) -> datetime | None:
        return self.scheduler.paused_until

    @property
    def due(self) -> datetime | None:
        return self.scheduler.due

    # -- the one entry point ---------------------------------------------------------------------
    def observe(self, obs: Observation) -> Decision:
        at = obs.at
        acts: list[Action] = []
        try:
            self._observe(obs, acts)
            plan = self._wake_plan(at)
        except Exception as exc:  # noqa: BLE001 (the core must never end the service)
            acts.append(Record("core-error", at, {"error": f"{type(exc).__name__}: {exc}"}))
            nxt = at + self.policy.min_sleep
            plan = Plan(nxt, nxt, None, False)
        return Decision(
            tuple(acts),
            plan.next_check,
            self._wants_probe(plan.next_check) or self._wants_probe(plan.timer),
            idle_at=plan.idle_at,
            on_input=plan.on_input,
            timer=plan.timer,
        )

    def _observe(self, obs: Observation, acts: list[Action]) -> None:
        at = obs.at
        today = self.localize(at).date()
        self.scheduler.roll_day(today)
        self.sitting.roll_day(today)
        mark = len(acts)
        if isinstance(obs, Sample):
            self.sitting.sample(at, obs.idle, self.busy, acts)
        elif isinstance(obs, Locked):
            self.sitting.locked(at)
        elif isinstance(obs, Unlocked):
            self.sitting.unlocked(at, acts, self.busy)
        elif isinstance(obs, Slept):
            if obs.start <= at:
                self.sitting.slept(obs.start, at, acts, self.busy)
        elif isinstance(obs, Command):
            self._command(obs, acts)
        elif isinstance(obs, BusyChanged):
            self.scheduler.set_blocks(obs.source, obs.blocks, at)
        elif isinstance(obs, Presence):
            self._presence(obs, acts)
        elif isinstance(obs, Probed):
            for one in obs.seen:
                self._presence(one, acts)
        elif isinstance(obs, PolicyChanged):
            self.sitting.policy = obs.policy
            self.scheduler.replan(
                obs.policy, at, self.bout_start if self.mode == "sitting" else None
            )
        else:
            self._restore(obs, acts)
        self._bout_changes(acts, mark)
        # a call or a presentation seen and not yet seen to end holds prompts back, whatever
        # the time its block was given (it is only when to look again)
        self.scheduler.hold = any(src in BLOCKING_SOURCES for src in self.sitting.seen)
        if self.mode == "sitting":
            self.scheduler.record_blocks(at, acts)
        self.scheduler.settle_deferral(at, _why(obs), acts)
        self._prompts(at, acts)
        self._question(at, acts, mark)

    def _question(self, at: datetime, acts: list[Action], mark: int) -> None:
        """A doubtful gap just ended (input after minutes of quiet): if a break prompt comes at
        this very moment, it asks about the gap itself ("unless you just did"), so the user gets
        one notification, not two; otherwise ask "did you get up?" within the budget."""
        sit = self.sitting
        gap, sit.ended_gap = sit.ended_gap, None
        if self.mode != "sitting":
            return
        carry = gap if gap is not None else sit.unasked
        for i in range(mark, len(acts)):
            a = acts[i]
            if isinstance(a, Notify) and a.kind == "break" and carry is not None:
                if carry in sit.asked:
                    return
                sit.asked.add(carry)
                sit.pending_gap = carry
                sit.unasked = None
                acts[i] = replace(a, gap=carry)
                return
        if gap is not None:
            sit.maybe_ask(at, gap, self.busy, acts)

    def _bout_changes(self, acts: list[Action], mark: int) -> None:
        """Tell the scheduler about the bouts the tracker started and ended."""
        i = mark
        while i < len(acts):
            a = acts[i]
            if isinstance(a, BoutEnded):
                self.scheduler.bout_ended(a.at, a.reason, acts)
            elif isinstance(a, BoutStarted):
                self.scheduler.bout_started(a.at)
            i += 1

    def _presence(self, p: Presence, acts: list[Action]) -> None:
        self.sitting.presence(p, acts)
        if p.source not in BLOCKING_SOURCES:
            return
        # a call or a presentation holds prompts back: a block from when it was first seen to
        # the next look at it, kept apart from the calendar's
        seen = self.sitting.seen
        blocks = tuple(
            Busy(
                s.since,
                s.last + self.policy.presence_recheck,
                "dnd" if src == "dnd" else ("presentation" if src == "fullscreen" else "call"),
                s.why,
                interruptible=src == "dnd",
            )
            for src, s in sorted(seen.items())
            if src in BLOCKING_SOURCES
        )
        old = self.scheduler.blocks.get("detected", ())
        ended = tuple(
            Busy(b.start, min(b.end, p.at), b.kind, b.title, interruptible=b.interruptible)
            for b in old
            if not any(b.start == n.start and b.kind == n.kind for n in blocks) and b.start < p.at
        )
        self.scheduler.set_blocks("detected", (*ended, *blocks), p.at)

    # -- commands --------------------------------------------------------------------------------
    def _command(self, c: Command, acts: list[Action]) -> None:
        at = c.at
        sit, sch = self.sitting, self.scheduler
        sitting = self.mode == "sitting"
        if c.kind == "snooze":
            sch.snooze(at, sitting, acts)
        elif c.kind == "skip":
            sch.skip(at, sitting, acts)
        elif c.kind == "break":
            if self.mode == "on-break":
                acts.append(refuse(N_("You are on a break already.")))
                return
            data: dict[str, object] = {"prompted": sch.prompt_open}
            if c.player:
                data["player"] = c.player
            acts.append(Record("break-started", at, data))
            sch.close_prompt("taken", at, acts)
            sit.take_break(at)
        elif c.kind == "break-done":
            since = c.since or sit.break_since or at
            locked = self.mode == "locked"  # the screen locked itself during the routine
            under = sit.mode_before_lock if locked else self.mode
            after_break = under == "on-break"
            if under in ("sitting", "on-break"):
                sit.end_bout(since, "break" if after_break else "routine", acts)
            acts.append(
                Record("break-done", at, {"start": since.isoformat(), "after_break": after_break})
            )
            if locked:  # the new bout starts when the user unlocks, not behind a locked screen
                sit.break_since = None
                sit.mode_before_lock = "away"
                sit.away_since = sit.locked_since = at
                sit.away_reason = "lock"
            else:
                sit.start_bout(at, acts)
        elif c.kind == "break-abandoned" and self.mode == "locked":
            if sit.mode_before_lock != "on-break":
                acts.append(refuse(N_("There is no break under way.")))
                return
            acts.append(
                Record("break-abandoned", at, {"start": (sit.break_since or at).isoformat()})
            )
            sit.break_since = None
            sit.mode_before_lock = "sitting" if sit.bout_start is not None else "starting"
        elif c.kind == "break-abandoned":
            if self.mode != "on-break":
                acts.append(refuse(N_("There is no break under way.")))
                return
            acts.append(
                Record("break-abandoned", at, {"start": (sit.break_since or at).isoformat()})
            )
            sit.abandon_break(at)
            if sit.bout_start is None:
                sit.start_bout(at, acts)
            elif sch.due is not None:
                sch.due = max(sch.due, at + sch.policy.snooze)
                sch.heads_up_sent = True
        elif c.kind == "moved":
            if self.mode == "sitting":
                sit.end_bout(at, "moved", acts)
            sit.natural_break(at, at, "moved", acts)
            sit.start_bout(at, acts)
        elif c.kind == "answer-moved":
            gap = sit.pending_gap
            sit.pending_gap = None
            if gap is None:
                acts.append(refuse(N_("There is no question to answer.")))
            elif c.answer and self.mode == "sitting" and sit.bout_start is not None:
                if sit.bout_start < gap[0]:
                    acts.append(BoutEnded(gap[0], "reported"))
                    sit.last_bout_end = gap[0]
                    sch.bout_ended(gap[0], "reported", acts)
                sit.natural_break(gap[0], gap[1], "reported", acts)
                sch.close_prompt("natural", at, acts)  # the prompt that asked about the gap
                sit.bout_start = None
                sit.start_bout(gap[1], acts)
            else:
                acts.append(Record("answered-moved", at, {"answer": bool(c.answer)}))
        elif c.kind == "pause":
            sch.pause(at, c.until, acts)
        elif c.kind == "resume":
            if sch.paused_until is None:
                acts.append(refuse(N_("loosen is not paused.")))
            else:
                sch.resume(at, acts)

    # -- restart ---------------------------------------------------------------------------------
    def _restore(self, r: Restore, acts: list[Action]) -> None:
        sit, sch = self.sitting, self.scheduler
        sch.skips_used = r.skips_today
        sch.paused_until = r.paused_until
        if r.bout_start is None:
            return
        p = self.policy
        last = max(r.last_active or r.bout_start, r.bout_start)
        if r.break_since is not None and r.at - r.break_since < p.break_timeout:
            sit.mode = "on-break"
            sit.bout_start = r.bout_start
            sit.break_since = r.break_since
            sit.present = sit.last_input = last
            acts.append(
                Record(
                    "restored",
                    r.at,
                    {
                        "bout_start": r.bout_start.isoformat(),
                        "break_since": r.break_since.isoformat(),
                    },
                )
            )
            return
        if r.at - last < p.away_after:
            sit.mode = "sitting"
            sit.bout_start = r.bout_start
            sit.present = sit.last_input = last
            sch.due = r.bout_start + p.interval
            sch.next_nudge = None
            if p.nudge:
                n = r.bout_start + p.nudge
                while n <= r.at:
                    n += p.nudge
                sch.next_nudge = n
            sch.heads_up_sent = r.at >= sch.due - p.heads_up
            acts.append(Record("restored", r.at, {"bout_start": r.bout_start.isoformat()}))
        else:
            acts.append(BoutEnded(last, "stopped"))
            sit.last_bout_end = last

    # -- prompts ---------------------------------------------------------------------------------
    def _sitting_for(self, at: datetime) -> timedelta:
        if self.mode != "sitting" or self.bout_start is None:
            return timedelta(0)
        return max(timedelta(0), at - self.bout_start)

    def _in_hours(self, at: datetime) -> bool:
        return self.policy.hours.contains(self.localize(at))

    def _prompts(self, at: datetime, acts: list[Action]) -> None:
        sch = self.scheduler
        if sch.paused_until is not None and at >= sch.paused_until:
            sch.resume(at, acts)
        sch.prerun(at, self._sitting_for(at), acts)
        if self.mode != "sitting" or self.bout_start is None:
            return
        if self._waiting_for_the_desk(at):
            return
        sch.prompts(at, self._sitting_for(at), self._in_hours(at), acts, pause=sit_pause(self, at))

    def _waiting_for_the_desk(self, at: datetime) -> bool:
        """No prompt to what may be an empty desk; the break comes at the first sign of the user:

        * a quiet of ``away_after`` (5 min) or more that nothing explains (a still reader, or a
          walk not yet long enough to count by itself);
        * a calendar meeting has ended and nothing has said the user is back at the desk since
          (they may still be in the room, the meeting running over).
        """
        sit, p = self.sitting, self.policy
        quiet = sit.quiet(at)
        if quiet is not None and quiet >= p.away_after and sit.bout_start is not None:
            return True
        if sit.seen or sit.bout_start is None:
            return False
        for b in self.scheduler.busy:
            if not (b.sitting and b.kind == "meeting" and b.end <= at):
                continue
            if b.end <= sit.bout_start or at - b.end >= p.away_after + p.meeting_overrun:
                continue
            if sit.last_input is None or sit.last_input < b.end:
                return True
        return False

    def prompt_imminent(self, at: datetime) -> bool:
        """Whether a heads-up, prompt or reminder would come now: the moment to ask the desktop
        whether the user is on a call (that costs nothing the rest of the time)."""
        if self.mode != "sitting":
            return False
        return self.scheduler.prompt_imminent(at, self._in_hours(at), pause=sit_pause(self, at))

    def _placement(self, at: datetime) -> Placement | None:
        return self.scheduler.placement(at)

    # -- when to look again ----------------------------------------------------------------------
    def _next_check(self, at: datetime) -> datetime:
        return wake_plan(self, at).next_check

    def _wake_plan(self, at: datetime) -> Plan:
        return wake_plan(self, at)

    def _wants_probe(self, nxt: datetime) -> bool:
        return wants_probe(self, nxt)

    # -- reading ---------------------------------------------------------------------------------
    def status(self, at: datetime) -> Status:
        p = self.policy
        sch = self.scheduler
        return Status(
            mode=self.mode,
            bout_start=self.bout_start if self.mode == "sitting" else None,
            sitting_for=self._sitting_for(at),
            next_break=sch.due if self.mode == "sitting" else None,
            prompt_open=sch.prompt_open,
            paused_until=sch.paused_until,
            snoozes_left=max(0, p.max_snoozes - sch.snoozes),
            skips_left=max(0, p.skips_per_day - sch.skips_used),
            activity_visible=self.sitting.activity_visible,
            in_hours=self._in_hours(at),
        )


def sit_pause(coach: Coach, at: datetime) -> timedelta | None:
    """The user's current pause in typing, which lets a break past due come in a focus block."""
    return coach.sitting.typing_pause(at)


def _why(obs: Observation) -> str:
    """Why a deferred break's due time changed, in the history's words."""
    if isinstance(obs, Command):
        return {"skip": "skipped", "snooze": "snoozed", "moved": "moved"}.get(obs.kind, obs.kind)
    if isinstance(obs, PolicyChanged):
        return "settings changed"
    return "a new bout"
