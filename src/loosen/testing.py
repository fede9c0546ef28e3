"""Fakes and builders for tests (shipped, like httpx's MockTransport, for users' tests too).

The day simulator's names (``Day``, ``simulate_day``, ``span``, ``meeting``, the user's answers
and ``Result``) are importable from here too; they live in :mod:`loosen.simulation` and are
loaded only when asked for (they bring the service's runner with them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from loosen.core.coach import Action, Coach, Observation, Sample, Slept
from loosen.core.pose import Animation
from loosen.core.routine import Kind, Move, Position, Routine, RoutineItem


class FakeClock:
    """A clock that moves only when told to; ``sleep`` advances it."""

    def __init__(self, start: datetime | None = None, monotonic: float = 1000.0) -> None:
        self._now = start or datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
        self._mono = monotonic

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._now += timedelta(seconds=seconds)


def make_move(
    move_id: str = "test-move",
    *,
    kind: Kind = "hold",
    seconds: float = 30.0,
    reps: int | None = None,
    sides: bool = True,
    position: Position = "chair",
    skip_if: tuple[str, ...] = (),
    alternative: str | None = None,
) -> Move:
    return Move(
        id=move_id,
        name=move_id.replace("-", " ").capitalize(),
        cue="Breathe and hold.",
        position=position,
        targets=("glutes",),
        steps=("Sit tall.", "Lean in."),
        feel="A gentle stretch.",
        mistakes=("Bouncing.",),
        easier="Smaller range.",
        harder="Lean further.",
        skip_if=skip_if,
        caution="",
        alternative=alternative,
        kind=kind,
        seconds=seconds,
        reps=reps,
        sides=sides,
        props=(),
        animation=Animation(("REF_sit",), "hold"),
    )


def make_routine(*moves: Move, transition: float = 10.0, side_switch: float = 5.0) -> Routine:
    items = tuple(RoutineItem(m, m.seconds, m.reps, m.sides) for m in moves)
    return Routine(
        id="test",
        name="Test routine",
        summary="",
        items=items,
        transition=transition,
        side_switch=side_switch,
    )


# -- a day of sitting, simulated -----------------------------------------------------------------
def idle_at(at: datetime, gaps: Sequence[tuple[datetime, datetime]]) -> timedelta:
    """Idle time at ``at`` for someone who types continuously except during ``gaps``."""
    for start, end in gaps:
        if start <= at < end:
            return at - start
    return timedelta(0)


def simulate(
    coach: Coach,
    start: datetime,
    until: datetime,
    *,
    gaps: Sequence[tuple[datetime, datetime]] = (),
    events: Sequence[Observation] = (),
    visible: bool = True,
) -> tuple[list[tuple[datetime, Action]], int]:
    """Drive ``coach`` as the service would: sample idle time when it asks, deliver ``events``.

    Returns every action with its instant, and how many times the coach was woken up.
    """
    pending = sorted(events, key=lambda e: e.at)
    asleep = [(e.start, e.at) for e in events if isinstance(e, Slept)]
    out: list[tuple[datetime, Action]] = []
    at = start
    wakeups = 0
    while at < until:
        for s, e in asleep:  # a suspended machine runs nothing: the resume comes as Slept
            if s <= at < e:
                at = e
        if pending and pending[0].at <= at:
            obs: Observation = pending.pop(0)
        else:
            obs = Sample(at, idle_at(at, gaps) if visible else None)
        decision = coach.observe(obs)
        wakeups += 1
        out.extend((obs.at, a) for a in decision.actions)
        nxt = decision.next_check
        if pending and pending[0].at < nxt:
            nxt = pending[0].at
        at = max(nxt, obs.at)
    return out, wakeups


_SIMULATION = (
    "Day",
    "Moved",
    "Note",
    "Press",
    "Result",
    "TakeBreak",
    "WalkAway",
    "meeting",
    "simulate_day",
    "span",
)


def __getattr__(name: str) -> object:
    if name in _SIMULATION:
        from loosen import simulation

        return getattr(simulation, name)
    raise AttributeError(f"module 'loosen.testing' has no attribute {name!r}")
