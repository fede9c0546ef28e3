"""The break scheduler: when the break is due, where it goes around busy blocks, the prompts.

It is told when a bout starts and ends (by :mod:`loosen.core.sitting`) and what the busy blocks
are; it decides the heads-up, the prompt, the "still sitting" reminders, snooze and skip, pauses,
working hours, nudges and the pre-run reminder.

A break moved by a meeting or a call is never lost: the due time stays until the bout ends, the
prompt comes when the block ends (or at the deferral ceiling in an interruptible block), and a
deferral that ends without a prompt is recorded with the reason (``deferral-dropped``: the user
really left, paused, or the working day ended).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from loosen.core.busy import Busy, Placement, busy_at, place
from loosen.core.observations import (
    Action,
    Notify,
    Record,
    ShowBreakScreen,
    Withdraw,
    refuse,
    refuse_count,
)
from loosen.core.policy import BreakPolicy
from loosen.core.text import N_, NN_


class Scheduler:
    def __init__(self, policy: BreakPolicy) -> None:
        self.policy = policy
        self.due: datetime | None = None
        self.heads_up_sent = False
        self.prompt_open = False
        self.last_notified: datetime | None = None
        self.reminders = 0
        self.snoozes = 0
        self.skips_used = 0
        self.skips_day: date | None = None
        self.paused_until: datetime | None = None
        self.next_nudge: datetime | None = None
        self.blocks: dict[str, tuple[Busy, ...]] = {}
        self.busy: tuple[Busy, ...] = ()
        self.deferred_for: datetime | None = None  # the due time last recorded as deferred
        self.warned_runs: set[datetime] = set()  # pre-run reminders sent, by event start
        self.seen_blocks: set[tuple[datetime, str]] = set()  # busy blocks already recorded
        self.hold = False  # a detector sees a call or a presentation that has not ended
        self.deferred_block: Busy | None = None  # the block the deferred break waits for
        self.prompted_at: datetime | None = None  # when the open prompt came
        self.escalated = False  # the open prompt has gone to the break screen

    # -- blocks ----------------------------------------------------------------------------------
    def set_blocks(self, source: str, blocks: tuple[Busy, ...], at: datetime) -> None:
        self.blocks[source] = tuple(b for b in blocks if b.end > at - timedelta(hours=12))
        merged: dict[Busy, None] = {}
        for src in sorted(self.blocks):
            merged.update(dict.fromkeys(self.blocks[src]))
        self.busy = tuple(merged)

    def record_blocks(self, at: datetime, acts: list[Action]) -> None:
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

    # -- bouts -----------------------------------------------------------------------------------
    def bout_started(self, at: datetime) -> None:
        self.due = at + self.policy.interval
        self.heads_up_sent = False
        self.snoozes = 0
        self.reminders = 0
        self.next_nudge = at + self.policy.nudge if self.policy.nudge else None

    def bout_ended(self, at: datetime, reason: str, acts: list[Action]) -> None:
        self.drop_deferral(
            at, "left" if reason in ("away", "lock", "sleep", "walking") else reason, acts
        )
        self.due = None
        self.next_nudge = None
        self.close_prompt("natural" if reason not in ("break", "routine") else "taken", at, acts)

    def settle_deferral(self, at: datetime, why: str, acts: list[Action]) -> None:
        """A deferred break whose due time something else replaced (a skip, a snooze, a new
        bout, changed settings): say so, once, so no deferral is lost without a record."""
        if self.deferred_for is not None and self.deferred_for != self.due:
            acts.append(
                Record("deferral-dropped", at, {"due": self.deferred_for.isoformat(), "why": why})
            )
            self.deferred_for = None

    def drop_deferral(self, at: datetime, why: str, acts: list[Action]) -> None:
        """A deferred break that will not be offered now: say why, once."""
        if self.due is not None and self.deferred_for == self.due and not self.prompt_open:
            acts.append(Record("deferral-dropped", at, {"due": self.due.isoformat(), "why": why}))
            self.deferred_for = None

    def close_prompt(self, outcome: str, at: datetime, acts: list[Action]) -> None:
        if self.prompt_open:
            acts.append(Withdraw(outcome))
            acts.append(Record("prompt-closed", at, {"outcome": outcome}))
        self.prompt_open = False
        self.heads_up_sent = False
        self.snoozes = 0
        self.reminders = 0
        self.escalated = False

    def escalation_at(self) -> datetime | None:
        """When the open prompt goes to the break screen, if it has not yet and ever will."""
        after = self.policy.escalate_after
        if not self.prompt_open or self.escalated or after is None or self.prompted_at is None:
            return None
        return self.prompted_at + after

    def placement(self, at: datetime) -> Placement | None:
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
            ceiling=p.defer_ceiling,
        )

    def held_back(
        self, at: datetime, placed: Placement | None, pause: timedelta | None = None
    ) -> Busy | None:
        """The block that keeps a prompt back now: none at an interruptible block's ceiling, nor
        in one at a pause in typing of ``lull`` once the break is past due."""
        block = busy_at(self.busy, at)
        if self.hold:  # a call or a presentation seen and not yet seen to end: nothing moves it
            detected = [b for b in self.blocks.get("detected", ()) if b.start <= at]
            if detected:
                return max(detected, key=lambda b: b.end)
            return block or Busy(at, at + self.policy.presence_recheck, "call", "")
        if block is None:
            return None
        if placed is not None and placed.when == "ceiling" and at >= placed.at:
            return None if block.interruptible else block
        if self.lulled(at, pause):
            return None
        return block

    def lulled(self, at: datetime, pause: timedelta | None) -> bool:
        """Past due in blocks that are all interruptible, and the user pauses in typing."""
        return self.waits_for_lull(at) and pause is not None and pause >= self.policy.lull

    def waits_for_lull(self, at: datetime) -> bool:
        """Whether a break past due waits in interruptible blocks only (a focus block, do not
        disturb) for a pause in typing."""
        if self.due is None or at < self.due or self.prompt_open or self.hold:
            return False
        here = [b for b in self.busy if b.start <= at < b.end]
        return bool(here) and all(b.interruptible for b in here)

    # -- commands --------------------------------------------------------------------------------
    def snooze(self, at: datetime, sitting: bool, acts: list[Action]) -> None:
        p = self.policy
        if not (self.prompt_open or self.heads_up_sent) or not sitting:
            acts.append(refuse(N_("There is no break coming up to snooze.")))
        elif self.snoozes >= p.max_snoozes:
            acts.append(
                refuse_count(
                    NN_(
                        "You have snoozed this break %(n)s time already; take it now "
                        "(`loosen break`) or skip it (`loosen skip`).",
                        "You have snoozed this break %(n)s times already; take it now "
                        "(`loosen break`) or skip it (`loosen skip`).",
                    ),
                    p.max_snoozes,
                )
            )
        else:
            self.snoozes += 1
            if self.prompt_open:
                acts.append(Withdraw("snoozed"))
            self.prompt_open = False
            self.escalated = False
            self.heads_up_sent = True
            self.reminders = 0
            self.due = at + p.snooze
            acts.append(Record("snoozed", at, {"until": self.due.isoformat()}))

    def skip(self, at: datetime, sitting: bool, acts: list[Action]) -> None:
        p = self.policy
        if self.skips_used >= p.skips_per_day:
            acts.append(
                refuse_count(
                    NN_(
                        "You have skipped %(n)s break today, the daily limit; take "
                        "this one, even a short walk counts.",
                        "You have skipped %(n)s breaks today, the daily limit; take "
                        "this one, even a short walk counts.",
                    ),
                    p.skips_per_day,
                )
            )
        elif not sitting:
            acts.append(refuse(N_("There is no break to skip: you are not sitting now.")))
        else:
            self.skips_used += 1
            if self.prompt_open:
                acts.append(Withdraw("skipped"))
            self.prompt_open = False
            self.escalated = False
            self.heads_up_sent = False
            self.snoozes = 0
            self.reminders = 0
            self.due = at + p.interval
            acts.append(Record("skipped", at, {}))

    def pause(self, at: datetime, until: datetime | None, acts: list[Action]) -> None:
        self.drop_deferral(at, "paused", acts)
        self.paused_until = until
        self.close_prompt("paused", at, acts)
        acts.append(Record("paused", at, {"until": until.isoformat() if until else None}))

    def resume(self, at: datetime, acts: list[Action]) -> None:
        self.paused_until = None
        acts.append(Record("resumed", at, {}))
        if self.due is not None and self.due < at + self.policy.heads_up:
            self.due = at + self.policy.heads_up
            self.heads_up_sent = False

    def replan(self, policy: BreakPolicy, at: datetime, bout_start: datetime | None) -> None:
        """Move the coming break and nudge as if the bout had begun under ``policy``.

        The break due ``interval`` after the bout began (or after the last skip) moves by the
        change of interval; one that has become due already comes after a heads-up, not at
        once. A snoozed break keeps the time the snooze gave it, and an open prompt stays.
        """
        old, self.policy = self.policy, policy
        if policy.nudge != old.nudge:
            self.next_nudge = None
            if policy.nudge and bout_start is not None:
                n = bout_start + policy.nudge
                while n <= at:
                    n += policy.nudge
                self.next_nudge = n
        if bout_start is None or self.due is None:
            return
        if not self.prompt_open and self.snoozes == 0 and policy.interval != old.interval:
            due = self.due - old.interval + policy.interval
            if due < self.due:
                due = max(due, min(self.due, at + policy.heads_up))
            if due != self.due:
                self.due = due
                self.heads_up_sent = False

    def roll_day(self, today: date) -> None:
        if self.skips_day != today:
            if self.skips_day is not None:
                self.skips_used = 0
            self.skips_day = today

    # -- prompts ---------------------------------------------------------------------------------
    def prompt_waiting(self, at: datetime, in_hours: bool) -> bool:
        """Whether a break prompt would be shown now but for the user's absence from the desk."""
        if self.due is None or self.paused_until is not None or not in_hours or self.prompt_open:
            return False
        placed = self.placement(at)
        return placed is not None and at >= placed.at and self.held_back(at, placed) is None

    def prompt_imminent(self, at: datetime, in_hours: bool, pause: timedelta | None = None) -> bool:
        """Whether a heads-up, prompt or reminder would come now."""
        p = self.policy
        if self.due is None or self.paused_until is not None or not in_hours:
            return False
        placed = self.placement(at)
        if self.held_back(at, placed, pause) is not None:
            return False
        if self.prompt_open:
            screen = self.escalation_at()
            return (self.last_notified is not None and at >= self.last_notified + p.repeat) or (
                screen is not None and at >= screen
            )
        return placed is not None and at >= placed.at - p.heads_up

    def prerun(self, at: datetime, sitting_for: timedelta, acts: list[Action]) -> None:
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
                acts.append(Notify("pre-run", sitting_for, before=b))
                acts.append(
                    Record("prerun-reminder", at, {"title": b.title, "start": b.start.isoformat()})
                )

    def prompts(
        self,
        at: datetime,
        sitting: timedelta,
        in_hours: bool,
        acts: list[Action],
        *,
        pause: timedelta | None = None,
    ) -> None:
        """The prompts due at ``at`` in a bout that has lasted ``sitting`` (``pause``: how long
        the user has not typed, which lets a break past due come in a focus block)."""
        p = self.policy
        if self.due is None:
            return
        if self.paused_until is not None:
            return
        if not in_hours:
            self.drop_deferral(at, "outside working hours", acts)
            return
        can_snooze = self.snoozes < p.max_snoozes
        can_skip = self.skips_used < p.skips_per_day
        placed = self.placement(at)
        if placed is None:
            return
        lull = self.lulled(at, pause)
        held = self.held_back(at, placed, pause)
        if placed.when != "due" and self.deferred_for != self.due and not self.prompt_open:
            self.deferred_for = self.due
            block = placed.block
            self.deferred_block = block
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
            if held is not None:
                return
            target = placed.at
            heads_up_at = target - p.heads_up
            if (
                not self.heads_up_sent
                and heads_up_at <= at < target
                and placed.when in ("due", "before")
            ):
                self.heads_up_sent = True
                acts.append(Notify("heads-up", sitting, can_snooze, can_skip))
            elif at >= target or lull:
                self.prompt_open = True
                self.heads_up_sent = True
                self.last_notified = at
                self.prompted_at = at
                self.escalated = False
                self.reminders = 0
                before = placed.block if placed.when == "before" else None
                acts.append(Notify("break", sitting, can_snooze, can_skip, before=before))
                data: dict[str, object] = {
                    "sitting_seconds": int(sitting.total_seconds()),
                    "snoozes": self.snoozes,
                    "placed": "lull" if lull and at < target else placed.when,
                }
                if self.deferred_for == self.due:
                    data["deferred_due"] = self.due.isoformat()
                    self.deferred_for = None
                acts.append(Record("prompted", at, data))
        elif held is None and (screen := self.escalation_at()) is not None and at >= screen:
            self.escalated = True
            acts.append(ShowBreakScreen(sitting, can_snooze, can_skip))
            acts.append(Record("escalated", at, {"sitting_seconds": int(sitting.total_seconds())}))
        elif (
            held is None
            and self.last_notified is not None
            and self.reminders < p.max_reminders
            and at >= self.last_notified + p.repeat
        ):
            self.last_notified = at
            self.reminders += 1
            acts.append(Notify("reminder", sitting, can_snooze, can_skip))
            acts.append(Record("reminded", at, {"sitting_seconds": int(sitting.total_seconds())}))
        if (
            self.next_nudge is not None
            and p.nudge is not None
            and at >= self.next_nudge
            and not self.prompt_open
            and held is None
            and at < self.due - p.heads_up
        ):
            acts.append(Notify("nudge", sitting))
            acts.append(Record("nudged", at, {"sitting_seconds": int(sitting.total_seconds())}))
            while self.next_nudge <= at:
                self.next_nudge += p.nudge

    def wake_times(self, at: datetime, in_hours: bool) -> list[datetime]:
        """The instants this scheduler needs to be asked again (for a sitting bout)."""
        p = self.policy
        times: list[datetime] = []
        if self.due is not None and self.paused_until is None and in_hours:
            placed = self.placement(at)
            if self.prompt_open:
                if self.last_notified is not None and self.reminders < p.max_reminders:
                    times.append(self.last_notified + p.repeat)
                screen = self.escalation_at()
                if screen is not None:
                    times.append(screen)
            elif placed is not None:
                if not self.heads_up_sent and placed.when in ("due", "before"):
                    times.append(placed.at - p.heads_up)
                times.append(placed.at)
                if placed.when == "ceiling" and self.due > at:
                    times.append(self.due)  # from then on, the first pause in typing will do
        block = busy_at(self.busy, at)
        if block is not None:
            times.append(block.end)
        upcoming = [b.start for b in self.busy if b.start > at]
        if upcoming:
            times.append(min(upcoming))
        if self.next_nudge is not None:
            times.append(self.next_nudge)
        return times

    def prerun_times(self, at: datetime) -> list[datetime]:
        lead = self.policy.prerun_lead
        return [
            b.start - lead
            for b in self.busy
            if b.prerun and b.start not in self.warned_runs and b.start - lead > at
        ]
