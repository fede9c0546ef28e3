"""The sitting-evidence tracker: is the user sitting or away, from every signal it has.

Input idle time alone cannot tell a coffee walk from a call, a meeting or a film. So the tracker
keeps the *last instant anything said the user was there* (``present``): the last keyboard or
mouse input, a calendar meeting in progress (sitting unless it is a walking one), and what the
presence detectors saw (a call, a full-screen window, media playing, an idle inhibitor held, the
user's own answers). The rule:

* a stretch with nothing saying the user is there lasting ``quiet_away`` (15 min) is a break:
  the bout ended at ``present``; the natural break is recorded once, when the user is seen again;
* a shorter stretch of ``ask_after`` (2 min) or more, ended by input and explained by nothing, is
  doubtful (a still read looks like an empty chair): it is handed to the coach (``ended_gap``),
  which asks about it ("did you get up?") within the question budget of the policy, or lets the
  break prompt due at that moment ask instead; it is never credited silently;
* a screen lock or a suspend is strong evidence of absence: it wins over any other signal. Lock
  and suspend that overlap (a laptop that locks as it suspends) are one absence and one break; the
  new bout starts at the first sign of the user after it, so no empty bout is left behind.

It only tracks; what a bout's start and end mean for the break (due, prompts) is the scheduler's
(:mod:`loosen.core.scheduler`). It never raises: an observation that makes no sense in the
current state is ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from loosen.core.busy import Busy, busy_at
from loosen.core.observations import (
    Action,
    BoutEnded,
    BoutStarted,
    Mode,
    Notify,
    Presence,
    Record,
)
from loosen.core.policy import BreakPolicy

SECOND = timedelta(seconds=1)


@dataclass(slots=True)
class Seen:
    """A detector's evidence: active since ``since``, last seen active at ``last``."""

    since: datetime
    last: datetime
    why: str


def minus_spans(
    span: tuple[datetime, datetime], holes: Sequence[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    """``span`` without the parts inside any of ``holes``, in order."""
    pieces = [span]
    for ha, hb in sorted(holes):
        out = []
        for a, b in pieces:
            if hb <= a or ha >= b:
                out.append((a, b))
                continue
            if a < ha:
                out.append((a, ha))
            if hb < b:
                out.append((hb, b))
        pieces = out
    return [q for q in pieces if q[1] > q[0]]


class Sitting:
    def __init__(self, policy: BreakPolicy) -> None:
        self.policy = policy
        self.mode: Mode = "starting"
        self.bout_start: datetime | None = None
        self.last_input: datetime | None = None
        self.present: datetime | None = None  # last instant anything said the user was there
        self.away_since: datetime | None = None
        self.away_reason = "away"
        self.mode_before_lock: Mode = "sitting"
        self.locked_since: datetime | None = None
        self.break_since: datetime | None = None
        self.gap_start: datetime | None = None
        self.explained_at: datetime | None = None  # last presence not from input
        self.pending_gap: tuple[datetime, datetime] | None = None
        self.activity_visible: bool | None = None
        self.seen: dict[str, Seen] = {}
        self.asked: set[tuple[datetime, datetime]] = set()
        self.questions = 0
        self.questions_day: date | None = None
        self.last_question: datetime | None = None
        self.look_soon = False  # just resumed: sample at once to see the user
        self.resumed_at: datetime | None = None  # the last resume from a suspend
        self.last_bout_end: datetime | None = None
        self.ended_gap: tuple[datetime, datetime] | None = None  # a doubtful gap just ended
        self.sampled_at: datetime | None = None  # the instant of the last idle sample
        self.raw_input: datetime | None = None  # the last input the idle source itself saw
        self.unasked: tuple[datetime, datetime] | None = None  # a long quiet not asked about

    # -- bouts -----------------------------------------------------------------------------------
    def start_bout(self, at: datetime, acts: list[Action]) -> None:
        if self.last_bout_end is not None and at < self.last_bout_end:
            at = self.last_bout_end  # bouts never overlap, whatever order the evidence came in
        self.mode = "sitting"
        self.bout_start = at
        self.last_input = max(self.last_input or at, at)
        self.present = max(self.present or at, at)
        self.away_since = None
        self.break_since = None
        self.gap_start = None
        self.pending_gap = None
        self.unasked = None
        acts.append(BoutStarted(at))

    def end_bout(self, at: datetime, reason: str, acts: list[Action]) -> None:
        if self.bout_start is not None:
            end = max(at, self.bout_start)
            acts.append(BoutEnded(end, reason))  # type: ignore[arg-type]
            self.last_bout_end = end
        self.bout_start = None
        self.gap_start = None

    def go_away(self, since: datetime, reason: str = "away") -> None:
        self.mode = "away"
        self.away_since = since
        self.away_reason = reason

    def natural_break(
        self, start: datetime, end: datetime, reason: str, acts: list[Action]
    ) -> None:
        acts.append(
            Record(
                "natural-break",
                end,
                {"start": start.isoformat(), "end": end.isoformat(), "reason": reason},
            )
        )

    def take_break(self, at: datetime) -> None:
        """A break from a prompt or a command begins; the bout ends only if it counts."""
        self.mode = "on-break"
        self.break_since = at
        self.gap_start = None

    def credit_break(self, at: datetime, by: str, acts: list[Action]) -> None:
        """The break under way counts: the bout ended when it began; a new one starts now."""
        since = self.break_since or at
        self.end_bout(since, "break", acts)
        acts.append(Record("break-ended", at, {"by": by, "start": since.isoformat()}))
        self.start_bout(at, acts)

    def abandon_break(self, at: datetime) -> None:
        """The break under way does not count (a routine quit after a few seconds): the bout
        goes on as if it had not been interrupted."""
        self.mode = "sitting" if self.bout_start is not None else "starting"
        self.break_since = None
        self.present = max(self.present or at, at)
        self.last_input = max(self.last_input or at, at)

    # -- evidence --------------------------------------------------------------------------------
    def presence_at(self, at: datetime, blocks: Sequence[Busy]) -> datetime | None:
        """The last instant up to ``at`` at which something said the user was there."""
        best = self.present
        for b in blocks:
            if b.sitting and b.start <= at and b.end > (best or b.start):
                cover = min(at, b.end)
                if best is None or cover > best:
                    best = cover
                    self.explained_at = cover
        for s in self.seen.values():
            if s.last <= at and (best is None or s.last > best):
                best = s.last
                self.explained_at = s.last
        return best

    def presence(self, p: Presence, acts: list[Action]) -> None:
        at = p.at
        if p.active:
            seen = self.seen.get(p.source)
            if seen is None:
                self.seen[p.source] = Seen(at, at, p.why)
            else:
                seen.last = at
                seen.why = p.why or seen.why
            if self.mode in ("sitting", "starting"):
                self.present = max(self.present or at, at)
                self.explained_at = at
            elif self.mode == "away" and self.away_reason != "walking":
                # media or a call that began while the user seemed away: they are back
                since = max(self.seen[p.source].since, self.away_since or at)
                self._back(since, acts)
        else:
            self.seen.pop(p.source, None)

    def first_sign(
        self, at: datetime, last: datetime | None, blocks: Sequence[Busy]
    ) -> datetime | None:
        """The first instant after ``away_since`` that says the user is back, if any."""
        if self.away_since is None:
            return last
        after = self.away_since + SECOND
        if self.resumed_at is not None:
            # input right at a resume may be the machine's own (a macOS dark wake resets the
            # idle time): only input after the first seconds says the user is back
            after = max(after, self.resumed_at + self.policy.resume_grace)
        signs: list[datetime] = []
        if last is not None and last > after:
            signs.append(last)
        for b in blocks:
            if b.sitting and b.start <= at and b.end > after:
                signs.append(max(b.start, self.away_since))
        for s in self.seen.values():
            if s.last > after:
                signs.append(max(s.since, self.away_since))
        signs = [s for s in signs if s > self.away_since]
        return min(signs) if signs else None

    def _back(self, at: datetime, acts: list[Action]) -> None:
        """The user is back at ``at`` after being away: one natural break, one new bout."""
        start = self.away_since or at
        if at - start >= self.policy.away_after:
            self.natural_break(start, at, self.away_reason, acts)
        self.start_bout(at, acts)

    # -- samples ---------------------------------------------------------------------------------
    def sample(
        self, at: datetime, idle: timedelta | None, blocks: Sequence[Busy], acts: list[Action]
    ) -> None:
        p = self.policy
        self.activity_visible = idle is not None
        self.look_soon = False
        self.sampled_at = at
        if idle is None:  # a plain timer: only locks, suspends and commands end a bout
            if self.mode in ("starting", "away"):
                if self.mode == "away":
                    self._back(at, acts)
                else:
                    self.start_bout(at, acts)
            if self.mode == "sitting":
                self.present = max(self.present or at, at)  # what a restart may continue
            return
        last = at - max(idle, timedelta(0))
        self.raw_input = last
        if self.mode == "starting":
            if idle >= p.away_after:
                self.go_away(last)
            else:
                self.start_bout(at, acts)
            self.last_input = last
            self.present = last
            return
        if self.mode == "locked":
            return
        walk = busy_at(blocks, at)
        if walk is not None and not walk.sitting:  # a walking meeting: that is moving
            if self.mode == "sitting":
                self.end_bout(max(walk.start, self.bout_start or walk.start), "away", acts)
                self.go_away(walk.start, "walking")
            return
        if self.mode == "away":
            if self.away_reason == "walking":
                self.away_reason = "away"
            back = self.first_sign(at, last, blocks)
            if back is not None:
                self._back(back, acts)
                self.last_input = max(self.last_input or last, last)
                self.present = max(self.presence_at(at, blocks) or back, back)
            return
        if self.mode == "on-break":
            if self.break_since is not None and at - self.break_since >= p.break_timeout:
                self.credit_break(at, "timeout", acts)
            return
        # sitting
        self.last_input = max(self.last_input or last, last)
        self.present = max(self.present or last, last)
        present = self.presence_at(at, blocks) or last
        self.present = present
        still = at - present
        if still >= self.away_threshold(blocks):
            # away since the last sign of the user, but not before this bout began (a bout
            # started on a sample whose input was minutes old)
            since = max(present, self.bout_start or present)
            self.end_bout(since, "away", acts)
            self.go_away(since)
            return
        if still >= p.ask_after:
            if self.gap_start is None:
                self.gap_start = present
            return
        if self.gap_start is not None:
            gap = (self.gap_start, last)
            self.gap_start = None
            explained = self.explained_at is not None and self.explained_at > gap[0]
            if not explained and gap[1] - gap[0] >= p.ask_after:
                self.ended_gap = gap  # the coach asks, or lets the prompt ask

    def quiet(self, at: datetime) -> timedelta | None:
        """How long nothing has said the user is there (None: activity cannot be seen)."""
        if not self.activity_visible or self.present is None or self.mode != "sitting":
            return None
        return max(timedelta(0), at - self.present)

    def typing_pause(self, at: datetime) -> timedelta | None:
        """How long since the last keyboard or mouse input, as sampled at ``at`` (None: not
        sampled just now, or activity cannot be seen)."""
        if not self.activity_visible or self.last_input is None or self.mode != "sitting":
            return None
        if self.sampled_at != at:
            return None  # another observation (a detector, a command): the input may be stale
        return max(timedelta(0), at - self.last_input)

    def after_meeting(self, blocks: Sequence[Busy]) -> Busy | None:
        """The calendar meeting whose end is the last sign of the user (nothing since)."""
        if self.present is None or (
            self.last_input is not None and self.last_input >= self.present
        ):
            return None
        for b in blocks:
            if b.sitting and b.kind == "meeting" and b.end == self.present:
                return b
        return None

    def away_threshold(self, blocks: Sequence[Busy]) -> timedelta:
        """How long a quiet must last to count as a break (longer after a meeting: overruns)."""
        p = self.policy
        quiet = max(p.quiet_away, p.away_after)
        if self.after_meeting(blocks) is not None:
            return max(quiet, p.away_after + p.meeting_overrun)
        return quiet

    def maybe_ask(
        self,
        at: datetime,
        gap: tuple[datetime, datetime],
        blocks: Sequence[Busy],
        acts: list[Action],
    ) -> None:
        """Ask "did you get up?" about ``gap``, if the question budget allows it now.

        A quiet of ``away_after`` or more is likelier a walk and matters more (it would be a
        whole break): it is asked about whatever the spacing, within the day's budget, and one
        not asked is kept (``unasked``) for the next break prompt to ask instead."""
        p = self.policy
        long = gap[1] - gap[0] >= p.away_after
        if gap in self.asked or busy_at(blocks, at) is not None:
            return
        if self.pending_gap is not None and not long:
            return
        if self.bout_start is not None and gap[0] - self.bout_start < p.question_after_return:
            return  # just back from a break: of course they got up
        if any(s for s in self.seen.values()):
            return  # a detector says the user is there (a call, media): no question
        spaced = self.last_question is None or at - self.last_question >= p.question_spacing
        if self.questions >= p.max_questions or not (spaced or long):
            if long:
                self.unasked = gap
            return
        self.asked.add(gap)
        self.questions += 1
        self.last_question = at
        self.pending_gap = gap
        sitting = at - self.bout_start if self.bout_start is not None else timedelta(0)
        acts.append(Notify("ask-moved", max(sitting, timedelta(0)), gap=gap))
        acts.append(
            Record("asked-moved", at, {"start": gap[0].isoformat(), "end": gap[1].isoformat()})
        )

    def roll_day(self, today: date) -> None:
        if self.questions_day != today:
            self.questions = 0
            self.questions_day = today
            self.asked = {g for g in self.asked if g[1].date() >= today - timedelta(days=1)}

    # -- absence ---------------------------------------------------------------------------------
    def locked(self, at: datetime) -> None:
        if self.mode == "locked":
            return
        self.mode_before_lock = self.mode
        self.mode = "locked"
        # locked while away (or just back from a suspend with no sign of the user yet): the
        # absence began when the user went away
        self.locked_since = self.away_since if self.mode_before_lock == "away" else at
        if self.locked_since is None:
            self.locked_since = at

    def unlocked(self, at: datetime, acts: list[Action], blocks: Sequence[Busy] = ()) -> None:
        if self.mode != "locked" or self.locked_since is None:
            return
        since = self.locked_since
        self.locked_since = None
        self.mode = self.mode_before_lock
        reason = self.away_reason if self.mode == "away" else "lock"
        self.returned(since, at, reason, acts, present=True, blocks=blocks)

    def slept(
        self, start: datetime, at: datetime, acts: list[Action], blocks: Sequence[Busy] = ()
    ) -> None:
        if self.mode == "locked":
            return  # a suspend while locked: the lock covers it
        since = start
        if self.mode == "away" and self.away_since is not None:
            since = min(self.away_since, start)
        self.returned(since, at, "sleep", acts, present=not self.activity_visible, blocks=blocks)
        self.look_soon = self.mode == "away"
        self.resumed_at = at

    def returned(
        self,
        start: datetime,
        at: datetime,
        reason: str,
        acts: list[Action],
        *,
        present: bool,
        blocks: Sequence[Busy] = (),
    ) -> None:
        """The user was kept from the desk (lock or suspend) from ``start`` to ``at``.

        ``present``: the return itself is a sign of the user (typing the password to unlock);
        after a suspend the bout waits for the first input instead, so a lock that follows the
        resume is the same absence, not a second one.

        Away from the desk is not always away from a chair: the parts of the absence that a
        sitting calendar meeting covers (the screen locked on the way to a meeting room) are
        sitting; only an uncovered stretch of ``away_after`` or more is a break.
        """
        p = self.policy
        if at - start < p.away_after and self.mode != "away":
            if self.mode == "sitting":
                self.present = max(self.present or at, at)
            return  # a short lock or suspend: the bout goes on
        if self.mode == "on-break":
            self.credit_break(at, reason, acts)
            return
        sitting = self.mode == "sitting"
        since = start
        if sitting:
            since = max(start, self.bout_start or start)
        elif self.mode == "away" and self.away_since is not None:
            since = min(self.away_since, start)
        meetings = [
            (max(b.start, since), min(b.end, at))
            for b in blocks
            if b.sitting and b.kind == "meeting" and b.start < at and b.end > since
        ]
        pieces = minus_spans((since, at), meetings)
        if not sitting:  # away already: the absence begins where the away did
            first = pieces[0] if pieces and pieces[0][0] == since else (since, since)
            pieces = [first, *[q for q in pieces if q[0] > since]]
        away = [
            q for q in pieces if q[1] - q[0] >= p.away_after or (not sitting and q is pieces[0])
        ]
        state_sitting = sitting
        for a, b in away:
            if state_sitting:
                self.end_bout(a, reason, acts)
                state_sitting = False
            if b < at:  # a meeting began: sitting again, in its room
                if b - a >= p.away_after:
                    self.natural_break(
                        a, b, reason if a > since or sitting else self.away_reason, acts
                    )
                self.start_bout(b, acts)
                state_sitting = True
            else:
                self.go_away(a, reason if sitting or a > since else self.away_reason)
        if state_sitting:
            self.mode = "sitting"
            self.present = max(self.present or at, at)
            if present:
                self.last_input = max(self.last_input or at, at)
            return
        if self.mode != "away":
            self.go_away(since, reason)
        if present:
            self._back(at, acts)
            self.last_input = at
            self.present = at
