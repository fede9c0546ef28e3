"""What counts as a break: one rule for the players, the notifications, history and streaks.

A routine counts as the movement break when the user really moved: at least ``MIN_MOVING``
(3 minutes) of its holds and reps done, or at least ``MIN_SHARE`` (half) of the routine's planned
move time and at least ``MIN_FLOOR`` (a minute). Reaching the end by skipping every step is not
a break; quitting after six of eight minutes is. A break taken without a routine ("take a break
now", walking away) counts when the service sees the user away from the desk, which the sitting
tracker decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from loosen.core.text import N_, Say, as_is


class StepDone(Protocol):
    """A step of a played routine, as the history keeps it."""

    @property
    def status(self) -> str: ...
    @property
    def planned_seconds(self) -> float: ...
    @property
    def done_seconds(self) -> float: ...


MIN_MOVING = 180.0  # seconds
MIN_SHARE = 0.5
MIN_FLOOR = 60.0  # half of a very short routine is not a break


@dataclass(frozen=True, slots=True)
class Credit:
    counts: bool
    moved: float  # seconds of holds and reps done
    planned: float  # seconds of holds and reps in the routine

    def why(self, say: Say = as_is) -> str:
        """One sentence for the user (``say`` translates it: the shell passes ``_``)."""
        if self.counts:
            return say(N_("This counts as your break."))
        return say(
            N_(
                "Not counted as a break: %(moved)s of moving; a routine counts after "
                "%(needed)s of moving or half of it (%(half)s)."
            )
        ) % {
            "moved": _mmss(self.moved),
            "needed": _mmss(MIN_MOVING),
            "half": _mmss(max(MIN_FLOOR, self.planned * MIN_SHARE)),
        }


def credit(steps: Iterable[tuple[float, float]]) -> Credit:
    """``steps``: (planned seconds, seconds done) of each hold or set of reps."""
    planned = moved = 0.0
    for plan, done in steps:
        planned += max(0.0, plan)
        moved += max(0.0, min(done, plan if plan > 0 else done))
    counts = moved >= MIN_MOVING or (moved >= MIN_SHARE * planned and moved >= MIN_FLOOR)
    return Credit(counts, moved, planned)


def credit_steps(steps: Iterable[StepDone]) -> Credit:
    """The credit of a played routine's steps (a step never reached counts nothing)."""
    return credit(
        (s.planned_seconds, s.done_seconds if s.status != "not-reached" else 0.0) for s in steps
    )


def _mmss(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"
