"""Routines, moves and the routine timeline.

A :class:`Routine` is an ordered list of :class:`RoutineItem`\\ s, each a :class:`Move` with
its dose
(hold seconds, repetitions, or a timed activity) and whether it is done on both sides. The routine
is played as a flat *timeline* of :class:`Step`\\ s:

* ``"move"`` steps: one per move and side (right first, then left);
* ``"switch"`` steps: the side-switch gap between the right and the left side of a move;
* ``"transition"`` steps: the gap between two moves ("get ready: next move ...").

The timeline is pure arithmetic: :func:`frame_at` maps an elapsed time to exactly one step. Nothing
here reads a clock; the player feeds it elapsed seconds.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

from loosen.core.pose import Animation
from loosen.core.text import N_, Say, as_is

Position = Literal["floor", "chair", "standing"]
Kind = Literal["hold", "reps", "timed"]
Side = Literal["right", "left"]
StepKind = Literal["move", "switch", "transition"]

POSITIONS: tuple[Position, ...] = ("floor", "chair", "standing")
KINDS: tuple[Kind, ...] = ("hold", "reps", "timed")

#: Screening flags (domain.md §4.2) that change which moves are offered.
Flag = Literal[
    "hip-replacement",
    "knee-pain",
    "pregnancy",
    "back-leg-symptoms",
    "balance",
    "no-floor",
    "seated-only",
]
FLAGS: tuple[str, ...] = get_args(Flag)


@dataclass(frozen=True, slots=True)
class Move:
    """One stretch or exercise, as on a stretch card (domain.md §3.1)."""

    id: str
    name: str
    cue: str
    position: Position
    targets: tuple[str, ...]
    steps: tuple[str, ...]
    feel: str
    mistakes: tuple[str, ...]
    easier: str
    harder: str
    skip_if: tuple[str, ...]
    caution: str
    alternative: str | None
    kind: Kind
    seconds: float
    reps: int | None
    sides: bool
    props: tuple[str, ...]
    animation: Animation

    def excluded_by(self, flags: Iterable[str]) -> tuple[str, ...]:
        """The flags among ``flags`` for which this move should not be offered."""
        out = []
        for flag in flags:
            if (
                flag in self.skip_if
                or (flag == "seated-only" and self.position != "chair")
                or (flag == "no-floor" and self.position == "floor")
            ):
                out.append(flag)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class RoutineItem:
    """A move as dosed in one routine."""

    move: Move
    seconds: float  # hold per side, seconds per repetition, or total for a timed move
    reps: int | None
    sides: bool
    swapped_from: Move | None = None  # set when screening replaced the routine's own move

    @property
    def side_duration(self) -> float:
        """Seconds spent on one side (or on the whole move when it has no sides)."""
        if self.move.kind == "reps" and self.reps is not None:
            return self.seconds * self.reps
        return self.seconds


@dataclass(frozen=True, slots=True)
class Routine:
    id: str
    name: str
    summary: str
    items: tuple[RoutineItem, ...]
    transition: float = 10.0
    side_switch: float = 5.0
    warm_up: bool = False
    source: str = "built-in"
    notes: tuple[str, ...] = field(default=())  # e.g. what screening changed

    @property
    def positions(self) -> tuple[Position, ...]:
        """Where the routine is done, in the order of the built-in position list."""
        used = {item.move.position for item in self.items}
        return tuple(p for p in POSITIONS if p in used)


@dataclass(frozen=True, slots=True)
class Step:
    """One entry of the timeline."""

    index: int
    kind: StepKind
    item_index: int  # the routine item this step belongs to (the upcoming one for transitions)
    move: Move  # for "switch" and "transition": the move that comes next
    side: Side | None
    start: float
    duration: float
    reps: int | None = None

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass(frozen=True, slots=True)
class Timeline:
    routine: Routine
    steps: tuple[Step, ...]
    _starts: tuple[float, ...] = field(repr=False, compare=False, default=())

    @property
    def total(self) -> float:
        return self.steps[-1].end if self.steps else 0.0

    def move_steps(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.kind == "move")


@dataclass(frozen=True, slots=True)
class Frame:
    """Where the routine is at one instant."""

    step: Step
    step_elapsed: float
    step_remaining: float
    elapsed: float
    total: float
    finished: bool

    @property
    def progress(self) -> float:
        return 1.0 if self.total <= 0 else min(1.0, self.elapsed / self.total)


def build_timeline(routine: Routine) -> Timeline:
    """Lay the routine out as consecutive steps starting at 0 s."""
    steps: list[Step] = []
    t = 0.0

    def add(
        kind: StepKind, item_index: int, move: Move, side: Side | None, d: float, reps: int | None
    ) -> None:
        nonlocal t
        if d <= 0:
            return
        steps.append(Step(len(steps), kind, item_index, move, side, t, d, reps))
        t += d

    for i, item in enumerate(routine.items):
        if i > 0:
            add(
                "transition",
                i,
                item.move,
                "right" if item.sides else None,
                routine.transition,
                None,
            )
        reps = item.reps if item.move.kind == "reps" else None
        if item.sides:
            add("move", i, item.move, "right", item.side_duration, reps)
            add("switch", i, item.move, "left", routine.side_switch, None)
            add("move", i, item.move, "left", item.side_duration, reps)
        else:
            add("move", i, item.move, None, item.side_duration, reps)
    starts = tuple(s.start for s in steps)
    return Timeline(routine, tuple(steps), starts)


def frame_at(timeline: Timeline, elapsed: float) -> Frame:
    """The step on screen ``elapsed`` seconds into the routine.

    Every instant in ``[0, total)`` maps to exactly one step (a step owns ``[start, end)``);
    instants before 0 map to the first step, instants at or after the end to the last step with
    ``finished`` set.
    """
    if not timeline.steps:
        raise ValueError("the routine has no steps")
    total = timeline.total
    e = max(0.0, elapsed)
    if e >= total:
        last = timeline.steps[-1]
        return Frame(last, last.duration, 0.0, total, total, True)
    starts = timeline._starts or tuple(s.start for s in timeline.steps)
    i = bisect_right(starts, e) - 1
    step = timeline.steps[i]
    into = e - step.start
    return Frame(step, into, step.duration - into, e, total, False)


def next_move_step(timeline: Timeline, index: int) -> Step | None:
    """The first ``"move"`` step after step ``index``, if any."""
    for s in timeline.steps[index + 1 :]:
        if s.kind == "move":
            return s
    return None


def adapt_for(
    routine: Routine, flags: Iterable[str], library: Mapping[str, Move], say: Say = as_is
) -> Routine:
    """Swap or drop the moves the user's screening answers rule out (domain.md §3.2).

    Each excluded move is replaced by following its ``alternative`` chain to the first move the
    flags allow; when none is allowed the move is left out. Both are listed in ``notes``.
    """
    active = tuple(flags)
    if not active:
        return routine
    items: list[RoutineItem] = []
    notes: list[str] = []
    for item in routine.items:
        original = item.move
        move: Move | None = original
        seen: set[str] = set()
        while move is not None and move.excluded_by(active):
            seen.add(move.id)
            nxt = move.alternative
            move = library.get(nxt) if nxt and nxt not in seen else None
        if move is original:
            items.append(item)
        elif move is None:
            notes.append(say(N_("%(move)s is left out for you.")) % {"move": original.name})
        else:
            notes.append(
                say(N_("%(move)s is replaced by %(other)s for you."))
                % {"move": original.name, "other": move.name}
            )
            reps = item.reps if move.kind == "reps" else None
            if move.kind == "reps" and reps is None:
                reps = move.reps
            seconds = item.seconds if move.kind == original.kind else move.seconds
            items.append(
                replace(
                    item,
                    move=move,
                    seconds=seconds,
                    reps=reps,
                    sides=move.sides,
                    swapped_from=original,
                )
            )
    return replace(routine, items=tuple(items), notes=routine.notes + tuple(notes))


def routine_duration(routine: Routine) -> float:
    """Total seconds of the routine as played (same as ``build_timeline(routine).total``)."""
    return build_timeline(routine).total


def apply_profile(routine: Routine, profile: str) -> Routine:
    """Adjust doses for a profile (domain.md §2.3).

    ``"older-adult"``: static holds of 30 s or more become 1.5 times longer (at most 60 s), side
    switches take 3 s more and transitions 4 s more, for slower repositioning. A warm-up keeps its
    holds (no static hold over 30 s before running). ``"adult"`` changes nothing.
    """
    if profile != "older-adult":
        return routine
    items = []
    for item in routine.items:
        if item.move.kind == "hold" and not routine.warm_up and item.seconds >= 30:
            item = replace(item, seconds=min(60.0, item.seconds * 1.5))
        items.append(item)
    return replace(
        routine,
        items=tuple(items),
        side_switch=routine.side_switch + 3,
        transition=routine.transition + 4,
    )
