"""The Coach never raises on any sequence of observations, and keeps its promises (Hypothesis).

Random sequences of samples, locks, suspends, busy changes, presence readings, commands, policy
changes and restores; after each step the invariants hold: no exception (and no ``core-error``
record, which would mean the safety net caught one); bouts never overlap and never run
backwards; no prompt inside a blocking busy block; every deferral is later offered, dropped with
a reason, or still pending; ``next_check`` is in the future and at most ``max_sleep`` away.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from loosen.core.busy import Busy
from loosen.core.coach import (
    BoutEnded,
    BoutStarted,
    BusyChanged,
    Coach,
    Command,
    Locked,
    Notify,
    PolicyChanged,
    Presence,
    Probed,
    Record,
    Restore,
    Sample,
    Slept,
    Unlocked,
)
from loosen.core.policy import BreakPolicy

T0 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
SECS = st.integers(min_value=1, max_value=3 * 3600)
policies = st.builds(
    BreakPolicy,
    interval=st.sampled_from([timedelta(minutes=m) for m in (45, 60, 90)]),
    nudge=st.sampled_from([None, timedelta(minutes=30)]),
    max_snoozes=st.integers(0, 3),
    skips_per_day=st.integers(0, 3),
    defer_ceiling=st.sampled_from([None, timedelta(minutes=30)]),
    quiet_away=st.sampled_from([timedelta(minutes=5), timedelta(minutes=15)]),
)


class CoachMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.coach = Coach(BreakPolicy(), lambda d: d)
        self.now = T0
        self.open_bout: datetime | None = None
        self.last_bout_end: datetime | None = None
        self.deferred: set[str] = set()
        self.last_next: datetime | None = None
        # what the test itself sent, so a block the coach loses is still checked against
        self.sent: dict[str, tuple[Busy, ...]] = {}
        self.active: set[str] = set()  # presence sources last seen active

    def _observe(self, obs: object) -> None:
        d = self.coach.observe(obs)  # type: ignore[arg-type]
        for a in d.actions:
            assert not (isinstance(a, Record) and a.kind == "core-error"), a.data
            if isinstance(a, BoutStarted):
                if self.last_bout_end is not None:
                    assert a.at >= self.last_bout_end, "bouts overlap"
                self.open_bout = a.at
            elif isinstance(a, BoutEnded):
                if self.open_bout is not None:
                    assert a.at >= self.open_bout, "a bout runs backwards"
                self.last_bout_end = a.at
                self.open_bout = None
            elif isinstance(a, Notify) and a.kind in ("break", "reminder", "heads-up", "nudge"):
                at = obs.at  # type: ignore[attr-defined]
                for b in self.sent.get("calendar", ()):
                    inside = b.start <= at < b.end and b.sitting
                    assert not inside or b.interruptible, f"a prompt inside {b}"
                assert not self.active & {"call", "fullscreen"}, "a prompt in a call"
            elif isinstance(a, Notify) and a.kind == "ask-moved":
                at = obs.at  # type: ignore[attr-defined]
                assert not any(b.start <= at < b.end for b in self.sent.get("calendar", ()))
                assert not self.active & {"call", "fullscreen"}, "a question in a call"
            elif isinstance(a, Record) and a.kind == "deferred":
                self.deferred.add(str(a.data["due"]))
            elif isinstance(a, Record) and a.kind == "deferral-dropped":
                assert a.data["why"]
                self.deferred.discard(str(a.data["due"]))
            elif isinstance(a, Record) and a.kind == "prompted" and "deferred_due" in a.data:
                self.deferred.discard(str(a.data["deferred_due"]))
        assert d.next_check > obs.at  # type: ignore[attr-defined]
        assert d.next_check - obs.at <= self.coach.policy.max_sleep  # type: ignore[attr-defined]
        assert (
            d.timer is not None and d.next_check <= d.timer <= obs.at + self.coach.policy.max_sleep
        )  # type: ignore[attr-defined]
        assert d.idle_at is None or d.idle_at > timedelta(0)
        if isinstance(obs, Sample) and obs.idle is not None and d.idle_at is not None:
            # a watch for an idle time already reached fires at once, and the same sample asks
            # for it again: the service would spin (seen on KWin, whose first reading is 0)
            assert d.idle_at > obs.idle, "a watch for an idle time already reached"
        self.last_next = d.next_check

    def _step(self, seconds: int) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now

    @rule(seconds=SECS, idle=st.integers(0, 4 * 3600))
    def sample(self, seconds: int, idle: int) -> None:
        at = self._step(seconds)
        self._observe(Sample(at, timedelta(seconds=idle)))

    @rule(seconds=SECS)
    def plain_timer_sample(self, seconds: int) -> None:
        self._observe(Sample(self._step(seconds), None))

    @rule(seconds=st.integers(1, 600))
    def lock(self, seconds: int) -> None:
        self._observe(Locked(self._step(seconds)))

    @rule(seconds=SECS)
    def unlock(self, seconds: int) -> None:
        self._observe(Unlocked(self._step(seconds)))

    @rule(seconds=SECS, length=SECS)
    def suspend(self, seconds: int, length: int) -> None:
        start = self._step(seconds)
        self._observe(Slept(self._step(length), start))

    @rule(
        seconds=st.integers(1, 600),
        start=st.integers(-3600, 3 * 3600),
        length=st.integers(60, 4 * 3600),
        sitting=st.booleans(),
        interruptible=st.booleans(),
        source=st.just("calendar"),  # detected blocks come from presence, as in the service
    )
    def busy(self, seconds, start, length, sitting, interruptible, source) -> None:
        at = self._step(seconds)
        s = at + timedelta(seconds=start)
        block = Busy(
            s, s + timedelta(seconds=length), "meeting", "M", sitting, False, interruptible
        )
        self.sent[source] = (block,)
        self._observe(BusyChanged(at, (block,), source))

    @rule(
        seconds=st.integers(1, 900),
        source=st.sampled_from(["call", "fullscreen", "dnd", "media", "inhibitor"]),
        active=st.booleans(),
        together=st.booleans(),
    )
    def presence(self, seconds, source, active, together) -> None:
        at = self._step(seconds)
        p = Presence(at, source, active, "x" if active else "")
        (self.active.add if active else self.active.discard)(source)
        self._observe(Probed(at, (p,)) if together else p)

    @rule(
        seconds=st.integers(0, 900),
        kind=st.sampled_from(
            [
                "snooze",
                "skip",
                "break",
                "break-done",
                "break-abandoned",
                "moved",
                "pause",
                "resume",
                "answer-moved",
            ]
        ),
        answer=st.booleans(),
        back=st.integers(0, 3600),
    )
    def command(self, seconds, kind, answer, back) -> None:
        at = self._step(seconds)
        until = at + timedelta(minutes=30) if kind == "pause" else None
        since = at - timedelta(seconds=back) if kind == "break-done" else None
        if since is not None and self.last_bout_end is not None and since < self.last_bout_end:
            since = self.last_bout_end  # the service refuses a "since" before the last bout end
        if since is not None and self.open_bout is not None and since < self.open_bout:
            since = self.open_bout
        self._observe(Command(at, kind, until=until, since=since, answer=answer))  # type: ignore[arg-type]

    @rule(seconds=st.integers(1, 3600), policy=policies)
    def change_policy(self, seconds, policy) -> None:
        self._observe(PolicyChanged(self._step(seconds), policy))

    @precondition(lambda self: self.open_bout is None and self.last_bout_end is None)
    @rule(
        seconds=st.integers(1, 600),
        bout=st.integers(0, 7200),
        active=st.integers(0, 7200),
        on_break=st.booleans(),
    )
    def restore(self, seconds, bout, active, on_break) -> None:
        at = self._step(seconds)
        start = at - timedelta(seconds=bout)
        self._observe(
            Restore(
                at,
                start,
                min(at, start + timedelta(seconds=active)),
                break_since=at - timedelta(seconds=60) if on_break else None,
            )
        )

    @invariant()
    def every_deferral_is_offered_dropped_or_pending(self) -> None:
        pending = self.coach.scheduler.deferred_for
        assert self.deferred <= ({pending.isoformat()} if pending else set()), (
            "a deferral lost without a record",
            self.deferred,
            pending,
        )

    @invariant()
    def status_reads(self) -> None:
        s = self.coach.status(self.now)
        assert s.sitting_for >= timedelta(0)
        if s.mode == "sitting":
            assert s.bout_start is not None and s.bout_start <= self.now


CoachMachine.TestCase.settings = settings(max_examples=300, stateful_step_count=60, deadline=None)
test_the_coach_never_raises_and_keeps_its_invariants = CoachMachine.TestCase
