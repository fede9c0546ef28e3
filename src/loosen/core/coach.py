"""The sitting tracker and break scheduler: observations in, actions and a wake-up time out.

:meth:`Coach.observe` takes one observation (an idle-time sample, a lock, a suspend, a command)
at an instant, updates what it knows about the current *sitting bout*, and returns a
:class:`Decision`: the actions to carry out (notify, record, refuse) and the instant at which it
next needs to be asked. It never reads a clock: the runner passes instants from a clock that a
wall-clock step cannot move (see ``loosen.service.clock``), so only real suspends and locks end a
bout.

How a bout ends (the rules of the issue, with the defaults of :mod:`loosen.core.policy`):

* input idle for ``away_after`` (5 min): the user got up when the idle began; the bout ended then
  and, when input comes back, a natural break from then to the return is recorded;
* idle between ``ask_after`` (2 min) and ``away_after``: ambiguous (reading, a call); the user is
  asked once "did you get up?" when input comes back, and only a yes counts;
* a screen lock or a suspend lasting ``away_after`` or more: a break; one fresh bout starts on
  return, so no stale prompts pile up;
* a routine completed, a break taken, or "I moved".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from loosen.core.busy import Busy, Placement, busy_at, place
from loosen.core.policy import BreakPolicy

Mode = Literal["starting", "sitting", "away", "on-break", "locked"]
CommandKind = Literal[
    "snooze", "skip", "break", "break-done", "moved", "pause", "resume", "answer-moved"
]

SECOND = timedelta(seconds=1)


# -- observations --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Sample:
    """Keyboard/mouse idle time read at ``at``; ``idle=None`` when activity cannot be seen."""

    at: datetime
    idle: timedelta | None


@dataclass(frozen=True, slots=True)
class Locked:
    at: datetime


@dataclass(frozen=True, slots=True)
class Unlocked:
    at: datetime


@dataclass(frozen=True, slots=True)
class Slept:
    """The machine was suspended from ``start`` and resumed at ``at``."""

    at: datetime
    start: datetime


@dataclass(frozen=True, slots=True)
class Command:
    at: datetime
    kind: CommandKind
    until: datetime | None = None  # pause
    since: datetime | None = None  # break-done: when the routine started
    answer: bool | None = None  # answer-moved


@dataclass(frozen=True, slots=True)
class BusyChanged:
    """The busy blocks known now (calendar events, calls, presentations), replacing the last."""

    at: datetime
    blocks: tuple[Busy, ...]


@dataclass(frozen=True, slots=True)
class Restore:
    """What the history says after a restart (a crash, a kill -9, a reboot)."""

    at: datetime
    bout_start: datetime | None
    last_active: datetime | None
    skips_today: int = 0
    paused_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class PolicyChanged:
    """The settings changed while running: use ``policy`` from ``at`` on."""

    at: datetime
    policy: BreakPolicy


Observation = Sample | Locked | Unlocked | Slept | Command | BusyChanged | Restore | PolicyChanged


# -- actions -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Notify:
    kind: Literal["heads-up", "break", "reminder", "nudge", "ask-moved", "pre-run"]
    sitting_for: timedelta
    can_snooze: bool = False
    can_skip: bool = False
    gap: tuple[datetime, datetime] | None = None
    before: Busy | None = None  # offered early, before this meeting


@dataclass(frozen=True, slots=True)
class Withdraw:
    """Close the prompt on screen (the user moved, paused, or answered elsewhere)."""

    reason: str


@dataclass(frozen=True, slots=True)
class BoutStarted:
    at: datetime


@dataclass(frozen=True, slots=True)
class BoutEnded:
    at: datetime
    reason: Literal["away", "lock", "sleep", "break", "routine", "moved", "reported", "stopped"]


@dataclass(frozen=True, slots=True)
class Record:
    """An event for the history (prompts and what became of them, natural breaks, pauses)."""

    kind: str
    at: datetime
    data: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Refuse:
    message: str


Action = Notify | Withdraw | BoutStarted | BoutEnded | Record | Refuse


@dataclass(frozen=True, slots=True)
class Decision:
    actions: tuple[Action, ...]
    next_check: datetime


@dataclass(frozen=True, slots=True)
class Status:
    mode: Mode
    bout_start: datetime | None
    sitting_for: timedelta
    next_break: datetime | None
    prompt_open: bool
    paused_until: datetime | None
    snoozes_left: int
    skips_left: int
    activity_visible: bool | None
    in_hours: bool


class Coach:
    def __init__(
        self,
        policy: BreakPolicy,
        localize: Callable[[datetime], datetime],
        *,
        pause_today: Callable[[datetime], datetime] | None = None,
    ) -> None:
        """``localize`` turns an aware UTC instant into local time (for working hours and days)."""
        self.policy = policy
        self.localize = localize
        self.mode: Mode = "starting"
        self.bout_start: datetime | None = None
        self.last_input: datetime | None = None
        self.away_since: datetime | None = None
        self.locked_since: datetime | None = None
        self.mode_before_lock: Mode = "sitting"
        self.break_since: datetime | None = None
        self.due: datetime | None = None
        self.heads_up_sent = False
        self.prompt_open = False
        self.last_notified: datetime | None = None
        self.snoozes = 0
        self.skips_used = 0
        self.skips_day: date | None = None
        self.paused_until: datetime | None = None
        self.gap_start: datetime | None = None
        self.pending_gap: tuple[datetime, datetime] | None = None
        self.next_nudge: datetime | None = None
        self.activity_visible: bool | None = None
        self.busy: tuple[Busy, ...] = ()
        self.deferred_for: datetime | None = None  # the due time last recorded as deferred
        self.warned_runs: set[datetime] = set()  # pre-run reminders sent, by event start
        self.seen_blocks: set[tuple[datetime, str]] = set()  # busy blocks already recorded

    # -- the one entry point ---------------------------------------------------------------------
    def observe(self, obs: Observation) -> Decision:
        at = obs.at
        acts: list[Action] = []
        self._roll_day(at)
        if isinstance(obs, Sample):
            self._sample(obs, acts)
        elif isinstance(obs, Locked):
            self._locked(at, acts)
        elif isinstance(obs, Unlocked):
            self._unlocked(at, acts)
        elif isinstance(obs, Slept):
            self._slept(obs, acts)
        elif isinstance(obs, Command):
            self._command(obs, acts)
        elif isinstance(obs, BusyChanged):
            self.busy = tuple(b for b in obs.blocks if b.end > at)
        elif isinstance(obs, PolicyChanged):
            self._replan(obs.policy, at)
        else:
            self._restore(obs, acts)
        self._prompts(at, acts)
        return Decision(tuple(acts), self._next_check(at))

    # -- bouts -----------------------------------------------------------------------------------
    def _start_bout(self, at: datetime, acts: list[Action]) -> None:
        self.mode = "sitting"
        self.bout_start = at
        self.last_input = max(self.last_input or at, at)
        self.away_since = None
        self.break_since = None
        self.gap_start = None
        self.pending_gap = None
        self.due = at + self.policy.interval
        self.heads_up_sent = False
        self.snoozes = 0
        self.next_nudge = at + self.policy.nudge if self.policy.nudge else None
        acts.append(BoutStarted(at))

    def _end_bout(self, at: datetime, reason: str, acts: list[Action]) -> None:
        if self.bout_start is not None:
            end = max(at, self.bout_start)
            acts.append(BoutEnded(end, reason))  # type: ignore[arg-type]
        self.bout_start = None
        self.due = None
        self.next_nudge = None
        self.gap_start = None
        self._close_prompt("natural" if reason not in ("break", "routine") else "taken", at, acts)

    def _close_prompt(self, outcome: str, at: datetime, acts: list[Action]) -> None:
        if self.prompt_open:
            acts.append(Withdraw(outcome))
            acts.append(Record("prompt-closed", at, {"outcome": outcome}))
        self.prompt_open = False
        self.heads_up_sent = False
        self.snoozes = 0

    def _natural_break(
        self, start: datetime, end: datetime, reason: str, acts: list[Action]
    ) -> None:
        acts.append(
            Record(
                "natural-break",
                end,
                {"start": start.isoformat(), "end": end.isoformat(), "reason": reason},
            )
        )

    # -- observations ----------------------------------------------------------------------------
    def _sample(self, s: Sample, acts: list[Action]) -> None:
        at = s.at
        p = self.policy
        self.activity_visible = s.idle is not None
        if s.idle is None:  # a plain timer: only locks, suspends and commands end a bout
            if self.mode == "starting":
                self._start_bout(at, acts)
            return
        last = at - max(s.idle, timedelta(0))
        if self.mode == "starting":
            if s.idle >= p.away_after:
                self.mode = "away"
                self.away_since = last
            else:
                self._start_bout(at, acts)
            self.last_input = last
            return
        if self.mode == "locked":
            return
        if self.mode == "away":
            assert self.away_since is not None
            if last > self.away_since + SECOND:
                self._natural_break(self.away_since, last, "away", acts)
                self.last_input = last
                self._start_bout(last, acts)
            return
        block = busy_at(self.busy, at)
        if block is not None and (block.start, block.title) not in self.seen_blocks:
            self.seen_blocks.add((block.start, block.title))
            acts.append(
                Record(
                    "busy",
                    block.start,
                    {
                        "kind": block.kind,
                        "title": block.title,
                        "end": block.end.isoformat(),
                        "sitting": block.sitting,
                    },
                )
            )
        if block is not None and self.mode in ("sitting", "away"):
            if not block.sitting:  # a walking meeting: that is moving, not sitting
                if self.mode == "sitting":
                    self._end_bout(max(block.start, self.bout_start or block.start), "away", acts)
                    self.mode = "away"
                    self.away_since = block.start
                return
            if self.mode == "sitting":
                # in a meeting you sit without typing: that is still sitting
                self.last_input = at
                self.gap_start = None
                return
        if self.mode == "on-break":
            assert self.break_since is not None
            if at - self.break_since >= p.break_timeout:
                acts.append(Record("break-ended", at, {"by": "timeout"}))
                self._start_bout(at, acts)
            return
        # sitting
        if s.idle >= p.away_after:
            self._end_bout(last, "away", acts)
            self.mode = "away"
            self.away_since = last
            self.last_input = last
            return
        if s.idle >= p.ask_after:
            if self.gap_start is None:
                self.gap_start = last
        elif self.gap_start is not None:
            gap = (self.gap_start, last)
            self.gap_start = None
            if p.ask_after <= gap[1] - gap[0] < p.away_after and self.pending_gap is None:
                self.pending_gap = gap
                acts.append(Notify("ask-moved", self._sitting_for(at), gap=gap))
                acts.append(
                    Record(
                        "asked-moved", at, {"start": gap[0].isoformat(), "end": gap[1].isoformat()}
                    )
                )
        self.last_input = last

    def _locked(self, at: datetime, acts: list[Action]) -> None:
        if self.mode == "locked":
            return
        self.mode_before_lock = self.mode
        self.mode = "locked"
        self.locked_since = at

    def _unlocked(self, at: datetime, acts: list[Action]) -> None:
        if self.mode != "locked" or self.locked_since is None:
            return
        since = self.locked_since
        self.locked_since = None
        self.mode = self.mode_before_lock
        self._returned(since, at, "lock", acts)

    def _slept(self, s: Slept, acts: list[Action]) -> None:
        if self.mode == "locked":
            # a suspend while locked: the lock already covers it
            return
        self._returned(s.start, s.at, "sleep", acts)

    def _returned(self, start: datetime, at: datetime, reason: str, acts: list[Action]) -> None:
        """The user was kept from their desk (lock or suspend) from ``start`` to ``at``."""
        if at - start < self.policy.away_after:
            return  # a short lock or suspend: the bout goes on
        if self.mode == "sitting":
            self._end_bout(start, reason, acts)
            self._natural_break(start, at, reason, acts)
        elif self.mode == "away" and self.away_since is not None:
            self._natural_break(self.away_since, at, reason, acts)
        elif self.mode == "on-break":
            acts.append(Record("break-ended", at, {"by": reason}))
        self.last_input = at
        self._start_bout(at, acts)

    def _restore(self, r: Restore, acts: list[Action]) -> None:
        self.skips_used = r.skips_today
        self.paused_until = r.paused_until
        if r.bout_start is None:
            return
        last = r.last_active or r.bout_start
        if r.at - last < self.policy.away_after:
            self.mode = "sitting"
            self.bout_start = r.bout_start
            self.last_input = last
            self.due = r.bout_start + self.policy.interval
            self.next_nudge = None
            if self.policy.nudge:
                n = r.bout_start + self.policy.nudge
                while n <= r.at:
                    n += self.policy.nudge
                self.next_nudge = n
            self.heads_up_sent = r.at >= self.due - self.policy.heads_up
            acts.append(Record("restored", r.at, {"bout_start": r.bout_start.isoformat()}))
        else:
            acts.append(BoutEnded(max(last, r.bout_start), "stopped"))

    def _replan(self, policy: BreakPolicy, at: datetime) -> None:
        """Move the coming break and nudge as if the bout had begun under ``policy``.

        The break due ``interval`` after the bout began (or after the last skip) moves by the
        change of interval; one that has become due already comes after a heads-up, not at
        once. A snoozed break keeps the time the snooze gave it, and an open prompt stays.
        """
        old, self.policy = self.policy, policy
        if self.mode != "sitting" or self.bout_start is None or self.due is None:
            return
        if not self.prompt_open and self.snoozes == 0 and policy.interval != old.interval:
            due = self.due - old.interval + policy.interval
            if due < self.due:
                due = max(due, min(self.due, at + policy.heads_up))
            if due != self.due:
                self.due = due
                self.heads_up_sent = False
        if policy.nudge != old.nudge:
            self.next_nudge = None
            if policy.nudge:
                n = self.bout_start + policy.nudge
                while n <= at:
                    n += policy.nudge
                self.next_nudge = n

    # -- commands --------------------------------------------------------------------------------
    def _command(self, c: Command, acts: list[Action]) -> None:
        at = c.at
        p = self.policy
        if c.kind == "snooze":
            if not (self.prompt_open or self.heads_up_sent) or self.mode != "sitting":
                acts.append(Refuse("There is no break coming up to snooze."))
            elif self.snoozes >= p.max_snoozes:
                acts.append(
                    Refuse(
                        f"You have snoozed this break {p.max_snoozes} times already; take it now "
                        "(`loosen break`) or skip it (`loosen skip`)."
                    )
                )
            else:
                self.snoozes += 1
                if self.prompt_open:
                    acts.append(Withdraw("snoozed"))
                self.prompt_open = False
                self.heads_up_sent = True
                self.due = at + p.snooze
                acts.append(Record("snoozed", at, {"until": self.due.isoformat()}))
        elif c.kind == "skip":
            if self.skips_used >= p.skips_per_day:
                acts.append(
                    Refuse(
                        f"You have skipped {p.skips_per_day} breaks today, the daily limit; take "
                        "this one, even a short walk counts."
                    )
                )
            elif self.mode != "sitting":
                acts.append(Refuse("There is no break to skip: you are not sitting now."))
            else:
                self.skips_used += 1
                if self.prompt_open:
                    acts.append(Withdraw("skipped"))
                self.prompt_open = False
                self.heads_up_sent = False
                self.snoozes = 0
                self.due = at + p.interval
                acts.append(Record("skipped", at, {}))
        elif c.kind == "break":
            acts.append(Record("break-started", at, {"prompted": self.prompt_open}))
            self._end_bout(at, "break", acts)
            self.mode = "on-break"
            self.break_since = at
        elif c.kind == "break-done":
            since = c.since or self.break_since or at
            after_break = self.mode == "on-break"
            if self.mode == "sitting":
                self._end_bout(since, "routine", acts)
            acts.append(
                Record("break-done", at, {"start": since.isoformat(), "after_break": after_break})
            )
            self._start_bout(at, acts)
        elif c.kind == "moved":
            if self.mode == "sitting":
                self._end_bout(at, "moved", acts)
            self._natural_break(at, at, "moved", acts)
            self._start_bout(at, acts)
        elif c.kind == "answer-moved":
            gap = self.pending_gap
            self.pending_gap = None
            if gap is None:
                acts.append(Refuse("There is no question to answer."))
            elif c.answer and self.mode == "sitting" and self.bout_start is not None:
                if self.bout_start < gap[0]:
                    acts.append(BoutEnded(gap[0], "reported"))
                self._natural_break(gap[0], gap[1], "reported", acts)
                self.bout_start = None
                self._start_bout(gap[1], acts)
            else:
                acts.append(Record("answered-moved", at, {"answer": bool(c.answer)}))
        elif c.kind == "pause":
            self.paused_until = c.until
            self._close_prompt("paused", at, acts)
            acts.append(Record("paused", at, {"until": c.until.isoformat() if c.until else None}))
        elif c.kind == "resume":
            if self.paused_until is None:
                acts.append(Refuse("loosen is not paused."))
            else:
                self._resume(at, acts)

    def _resume(self, at: datetime, acts: list[Action]) -> None:
        self.paused_until = None
        acts.append(Record("resumed", at, {}))
        if self.due is not None and self.due < at + self.policy.heads_up:
            self.due = at + self.policy.heads_up
            self.heads_up_sent = False

    # -- prompts ---------------------------------------------------------------------------------
    def _sitting_for(self, at: datetime) -> timedelta:
        if self.mode != "sitting" or self.bout_start is None:
            return timedelta(0)
        return max(timedelta(0), at - self.bout_start)

    def _in_hours(self, at: datetime) -> bool:
        return self.policy.hours.contains(self.localize(at))

    def prompt_imminent(self, at: datetime) -> bool:
        """Whether a heads-up, prompt or reminder would come now: the moment to ask the desktop
        whether the user is on a call (that costs nothing the rest of the time)."""
        p = self.policy
        if self.mode != "sitting" or self.due is None or self.paused_until is not None:
            return False
        if not self._in_hours(at) or busy_at(self.busy, at) is not None:
            return False
        if self.prompt_open:
            return self.last_notified is not None and at >= self.last_notified + p.repeat
        placed = self._placement(at)
        return placed is not None and at >= placed.at - p.heads_up

    def _placement(self, at: datetime) -> Placement | None:
        if self.due is None:
            return None
        p = self.policy
        return place(
            self.due,
            at,
            self.busy,
            break_length=p.break_length,
            min_gap=p.min_gap,
            early_window=p.early_window,
        )

    def _prerun(self, at: datetime, acts: list[Action]) -> None:
        """A run or workout coming up: suggest the dynamic warm-up, once, ``prerun_lead`` before."""
        if self.paused_until is not None:
            return
        for b in self.busy:
            if (
                b.prerun
                and b.start not in self.warned_runs
                and b.start - self.policy.prerun_lead <= at < b.start
            ):
                self.warned_runs.add(b.start)
                acts.append(Notify("pre-run", self._sitting_for(at), before=b))
                acts.append(
                    Record("prerun-reminder", at, {"title": b.title, "start": b.start.isoformat()})
                )

    def _prompts(self, at: datetime, acts: list[Action]) -> None:
        p = self.policy
        if self.paused_until is not None and at >= self.paused_until:
            self._resume(at, acts)
        self._prerun(at, acts)
        if self.mode != "sitting" or self.bout_start is None or self.due is None:
            return
        if self.paused_until is not None or not self._in_hours(at):
            return
        sitting = self._sitting_for(at)
        can_snooze = self.snoozes < p.max_snoozes
        can_skip = self.skips_used < p.skips_per_day
        in_block = busy_at(self.busy, at)
        placed = self._placement(at)
        if placed is None:
            return
        if placed.when != "due" and self.deferred_for != self.due and not self.prompt_open:
            self.deferred_for = self.due
            block = placed.block
            acts.append(
                Record(
                    "deferred",
                    at,
                    {
                        "due": self.due.isoformat(),
                        "to": placed.at.isoformat(),
                        "how": placed.when,
                        "kind": block.kind if block else None,
                        "title": block.title if block else None,
                    },
                )
            )
        if not self.prompt_open:
            if in_block is not None:
                return
            target = placed.at
            if not self.heads_up_sent and target - p.heads_up <= at < target:
                self.heads_up_sent = True
                acts.append(Notify("heads-up", sitting, can_snooze, can_skip))
            elif at >= target:
                self.prompt_open = True
                self.heads_up_sent = True
                self.last_notified = at
                before = placed.block if placed.when == "before" else None
                acts.append(Notify("break", sitting, can_snooze, can_skip, before=before))
                acts.append(
                    Record(
                        "prompted",
                        at,
                        {
                            "sitting_seconds": int(sitting.total_seconds()),
                            "snoozes": self.snoozes,
                            "placed": placed.when,
                        },
                    )
                )
        elif (
            in_block is None
            and self.last_notified is not None
            and at >= self.last_notified + p.repeat
        ):
            self.last_notified = at
            acts.append(Notify("reminder", sitting, can_snooze, can_skip))
            acts.append(Record("reminded", at, {"sitting_seconds": int(sitting.total_seconds())}))
        if (
            self.next_nudge is not None
            and at >= self.next_nudge
            and not self.prompt_open
            and at < self.due - p.heads_up
        ):
            acts.append(Notify("nudge", sitting))
            acts.append(Record("nudged", at, {"sitting_seconds": int(sitting.total_seconds())}))
            assert p.nudge is not None
            while self.next_nudge <= at:
                self.next_nudge += p.nudge

    def _roll_day(self, at: datetime) -> None:
        today = self.localize(at).date()
        if self.skips_day != today:
            if self.skips_day is not None:
                self.skips_used = 0
            self.skips_day = today

    # -- when to look again ----------------------------------------------------------------------
    def _next_check(self, at: datetime) -> datetime:
        p = self.policy
        times: list[datetime] = [at + p.max_sleep]
        if self.paused_until is not None:
            times.append(self.paused_until)
        if self.mode == "starting":
            times.append(at + p.away_poll)
        elif self.mode == "away":
            long_away = self.away_since is not None and at - self.away_since >= p.away_poll_after
            times.append(at + (p.away_poll_later if long_away else p.away_poll))
        elif self.mode == "on-break" and self.break_since is not None:
            times.append(self.break_since + p.break_timeout)
        elif self.mode == "sitting":
            if self.due is not None and self.paused_until is None:
                if not self._in_hours(at):
                    local = self.localize(at)
                    start = p.hours.next_start(local)
                    times.append(at + (start - local))
                elif self.prompt_open and self.last_notified is not None:
                    times.append(self.last_notified + p.repeat)
                else:
                    placed = self._placement(at)
                    target = placed.at if placed is not None else self.due
                    times.append(target - p.heads_up if not self.heads_up_sent else target)
            block = busy_at(self.busy, at)
            if block is not None:
                times.append(block.end)
            upcoming = [b.start for b in self.busy if b.start > at]
            if upcoming:
                times.append(min(upcoming))
            if self.next_nudge is not None:
                times.append(self.next_nudge)
            if self.activity_visible and self.last_input is not None:
                idle = at - self.last_input
                threshold = p.ask_after if idle < p.ask_after else p.away_after
                times.append(self.last_input + threshold)
            if self.gap_start is not None:
                # an idle gap is under way: look often enough to see when it ends
                times.append(at + p.away_poll)
        warn = [
            b.start - p.prerun_lead
            for b in self.busy
            if b.prerun and b.start not in self.warned_runs and b.start - p.prerun_lead > at
        ]
        if warn:
            times.append(min(warn))
        nxt = min(times)
        return max(nxt, at + SECOND)

    # -- reading ---------------------------------------------------------------------------------
    def status(self, at: datetime) -> Status:
        p = self.policy
        return Status(
            mode=self.mode,
            bout_start=self.bout_start if self.mode == "sitting" else None,
            sitting_for=self._sitting_for(at),
            next_break=self.due if self.mode == "sitting" else None,
            prompt_open=self.prompt_open,
            paused_until=self.paused_until,
            snoozes_left=max(0, p.max_snoozes - self.snoozes),
            skips_left=max(0, p.skips_per_day - self.skips_used),
            activity_visible=self.activity_visible,
            in_hours=self._in_hours(at),
        )
